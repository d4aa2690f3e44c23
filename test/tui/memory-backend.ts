// A backend held in memory, for the TUI's component tests and the bench (`npm run bench`): nodes
// made up by the thousand, plans that run in steps the caller releases. Under test/, so nothing
// that is bundled can reach it. It records what it was asked, for the tests to check.
import type { NodeReport } from '../../src/operations/tke/node-report.ts';
import type { GroupCatalog } from '../../src/operations/group-catalog.ts';
import type { GroupReport } from '../../src/operations/group-report.ts';
import type { PodReport } from '../../src/operations/tke/pod-report.ts';
import type { VirtualNodeReport } from '../../src/operations/eci/node-report.ts';
import type { EciPodView } from '../../src/operations/eci/pods.ts';
import type { EciGroupCatalog } from '../../src/operations/eci/group-catalog.ts';
import type { EciGroupReport } from '../../src/operations/eci/group-report.ts';
import type { ProviderName } from '../../src/domain/provider-choice.ts';
import type { SuperNodeReport } from '../../src/operations/supernode/node-report.ts';
import type { SuperNodePodView } from '../../src/operations/supernode/pods.ts';
import type { ClusterFacts, NodeChange, NodeProgress, PlanPreview, RunOutcome, UiBackend, UiPod } from '../../src/presentation/tui/backend.ts';

export const GLOBAL = ['sg-aaaa1111', 'sg-bbbb2222'];

/** Node `i` of a made-up cluster: named like TKE names nodes (private IPs); every `driftEvery`-th drifted. */
export function madeUpNode(i: number, o: { driftEvery?: number } = {}): NodeReport {
  const name = `10.${Math.floor(i / 65536) % 256}.${Math.floor(i / 256) % 256}.${i % 256}`;
  const drifted = o.driftEvery !== undefined && i % o.driftEvery === 0;
  const instanceId = `ins-${i.toString(36).padStart(8, '0')}`;
  const eni = `eni-${i.toString(36).padStart(8, '0')}`;
  const actual = drifted ? [...GLOBAL].reverse() : [...GLOBAL];
  return {
    name,
    instanceId,
    desiredGroups: [...GLOBAL],
    source: 'global-list',
    hasNec: true,
    nec: undefined,
    disabled: false,
    syncPending: false,
    state: drifted ? 'drifted' : 'in-sync',
    inSync: !drifted,
    driftedEnis: drifted ? [eni] : [],
    orderUnread: [],
    primaryGroups: ['sg-pppp0000'],
    enis: [
      { id: `eni-p${i.toString(36).padStart(7, '0')}`, primary: true, groups: ['sg-pppp0000'], kind: 'primary', certain: true, why: 'the primary ENI' },
      { id: eni, primary: false, groups: actual, kind: 'shared', certain: true, why: '"tke-route-eni": ipamd\'s shared ENI' },
    ],
  };
}

export function madeUpNodes(count: number, o: { driftEvery?: number } = {}): NodeReport[] {
  return Array.from({ length: count }, (_, i) => madeUpNode(i, o));
}

export const CATALOG: GroupCatalog = {
  groupsPerEni: 3,
  // By name, as readGroupCatalog orders them.
  groups: [
    { id: 'sg-dddd4444', name: 'db-clients', description: 'db', ruleCount: 4, findings: [] },
    { id: 'sg-cccc3333', name: 'legacy-open', description: 'everything', ruleCount: 1, findings: [{ level: 'fail', code: 'open-to-internet', message: 'everything from anywhere' }] },
    { id: 'sg-aaaa1111', name: 'pods-base', description: 'baseline', ruleCount: 3, findings: [] },
    { id: 'sg-bbbb2222', name: 'pods-web', description: 'web', ruleCount: 2, findings: [{ level: 'warn', code: 'wide-port-range', message: 'opens 1000 ports' }] },
  ],
};

/** Alibaba groups: the eci-profile default, a selector's, and one a workload names. */
export const ECI_DEFAULT = 'sg-bp1x684v88t3asl0t19u';
export const ECI_PAYMENTS = 'sg-bp13px0tliaa74wawvz9';
export const ECI_WEB = 'sg-bp1gagad59cgor0nm2z2';

export const ECI_CATALOG: EciGroupCatalog = {
  groupsPerEni: 5,
  groups: [
    { id: ECI_DEFAULT, name: 'eci-default', description: 'the default', type: 'basic', ruleCount: 2, findings: [] },
    { id: ECI_PAYMENTS, name: 'eci-payments', description: 'payments', type: 'basic', ruleCount: 3, findings: [] },
    { id: ECI_WEB, name: 'eci-web', description: 'web', type: 'basic', ruleCount: 1, findings: [{ level: 'fail', code: 'open-to-internet', message: 'everything from anywhere' }] },
  ],
};

function eciPod(namespace: string, name: string, o: { requested: EciPodView['requested']; actual: string[] | undefined; owner?: string }): EciPodView {
  const instanceId = `eci-${name.replace(/[^a-z0-9]/g, '').slice(0, 12).padEnd(12, '0')}`;
  const status = o.actual === undefined ? 'no-instance' : o.actual.join(',') === o.requested?.groups.join(',') ? 'ok' : 'mismatch';
  return {
    namespace,
    name,
    node: 'virtual-kubelet-cn-hangzhou-k',
    phase: 'Running',
    ip: '10.1.0.5',
    instanceId: o.actual ? instanceId : undefined,
    requested: o.requested,
    actual: o.actual,
    instance: o.actual ? { id: instanceId, name, securityGroupIds: o.actual, vpcId: 'vpc-bp1', vSwitchId: 'vsw-bp1', status: 'Running', eniId: `eni-${instanceId.slice(4)}` } : undefined,
    status,
    owner: o.owner ? { kind: 'Deployment', name: o.owner } : undefined,
  };
}

/** One virtual node with three pods: one from the profile default, one from a selector, one whose request changed after it was created. */
export function madeUpVirtualNodes(): VirtualNodeReport[] {
  const pods = [
    eciPod('pay', 'ledger-0', { requested: { source: 'profile', groups: [ECI_DEFAULT] }, actual: [ECI_DEFAULT] }),
    eciPod('pay', 'payments-7d9c-x2x4q', { requested: { source: 'selector', selector: 'payments', groups: [ECI_PAYMENTS] }, actual: [ECI_PAYMENTS], owner: 'payments' }),
    eciPod('shop', 'web-5f6d-abcde', { requested: { source: 'annotation', groups: [ECI_WEB, ECI_DEFAULT] }, actual: [ECI_DEFAULT], owner: 'web' }),
  ];
  return [{ name: 'virtual-kubelet-cn-hangzhou-k', defaultGroups: [ECI_DEFAULT], pods, inSync: false }];
}

/** Tencent groups of the super node pool, eks-config's default and the region's `default` group. */
export const POOL_GROUPS = ['sg-pool0001'];
export const EKS_DEFAULT = ['sg-eksc0001', 'sg-eksc0002'];
export const REGION_DEFAULT = ['sg-dflt0001'];
export const SUPER_NODE = 'eklet-subnet-abc123-0';

function superPod(namespace: string, name: string, o: Pick<SuperNodePodView, 'candidates' | 'status'> & { actual: string[] | undefined }): SuperNodePodView {
  const ip = `10.1.0.${namespace.length + name.length}`;
  const matched = o.status === 'ok' ? o.candidates.find((c) => c.groups?.join() === o.actual?.join()) : undefined;
  const instance = o.actual ? { id: `eksci-${name.slice(0, 8)}`, name, status: 'Running', privateIp: ip, securityGroupIds: o.actual, subnetId: 'subnet-abc123', vpcId: 'vpc-1' } : undefined;
  return { namespace, name, node: SUPER_NODE, phase: 'Running', ip, candidates: o.candidates, matched, instance, actual: o.actual, status: o.status };
}

/** One super node with three pods: one naming its groups, one naming none (the two readings: pool or region default), one whose request changed after it was created. */
export function madeUpSuperNodes(): SuperNodeReport[] {
  const pods = [
    superPod('serverless', 'api-6b8f-k2v9z', { candidates: [{ reading: null, source: 'annotation', groups: ['sg-aaaa1111', 'sg-bbbb2222'] }], actual: ['sg-aaaa1111', 'sg-bbbb2222'], status: 'ok' }),
    superPod('serverless', 'batch-0', {
      candidates: [
        { reading: 'pool-default', source: 'pool', groups: POOL_GROUPS },
        { reading: 'region-default', source: 'region-default', groups: REGION_DEFAULT },
      ],
      actual: POOL_GROUPS,
      status: 'ok',
    }),
    superPod('serverless', 'web-5f6d-abcde', { candidates: [{ reading: null, source: 'eks-config', groups: EKS_DEFAULT }], actual: ['sg-dddd4444'], status: 'mismatch' }),
  ];
  return [{ name: SUPER_NODE, pool: { id: 'np-super01', name: 'super-pool', groups: POOL_GROUPS }, pods, inSync: false }];
}

export interface Call {
  what: 'plan-resync' | 'plan-set-groups' | 'plan-set-workload' | 'plan-eci-default' | 'apply' | 'pod' | 'group' | 'nodes';
  nodes?: readonly string[];
  groups?: readonly string[];
  args?: unknown[];
}

export class MemoryBackend implements UiBackend {
  rows: NodeReport[];
  readonly calls: Call[] = [];
  /** The last run's signal, to see that a stop reached it. */
  lastSignal: AbortSignal | undefined;
  private listeners = new Set<(c: NodeChange) => void>();
  /** Each started node waits for this before it finishes (tests release it). */
  private releases: (() => void)[] = [];
  hold = false;
  /** Which providers the cluster runs: TKE's nodes are `rows`, ECI's virtual nodes `vnodes`. */
  readonly providers: readonly ProviderName[];
  vnodes: VirtualNodeReport[];
  snodes: SuperNodeReport[];
  /** eci-profile's securityGroupId: an applied eci-default plan changes it, as the write does. */
  eciDefault = ECI_DEFAULT;

  constructor(rows: NodeReport[], o: { providers?: readonly ProviderName[] } = {}) {
    this.rows = rows;
    this.providers = o.providers ?? ['tke'];
    this.vnodes = this.providers.includes('eci') ? madeUpVirtualNodes() : [];
    this.snodes = this.providers.includes('supernode') ? madeUpSuperNodes() : [];
  }

  /** What the watch would report. */
  change(c: NodeChange): void {
    for (const l of this.listeners) l(c);
  }

  /** Lets every node held in a run finish. */
  release(): void {
    for (const r of this.releases.splice(0)) r();
  }

  async cluster(): Promise<ClusterFacts> {
    return {
      context: 'test',
      tke: this.providers.includes('tke') ? { ipamdVersion: 'v3.5.8', feature: { enabled: true, globalList: GLOBAL }, resyncMethods: ['need-sync', 'toggle'], cloudMissing: undefined } : undefined,
      supernode: this.providers.includes('supernode') ? { eksConfigGroups: EKS_DEFAULT, cloudMissing: undefined } : undefined,
      eci: this.providers.includes('eci') ? { defaultGroup: this.eciDefault, cloudMissing: undefined } : undefined,
    };
  }

  async superNodes(): Promise<SuperNodeReport[]> {
    return this.snodes;
  }

  async virtualNodes(): Promise<VirtualNodeReport[]> {
    return this.vnodes;
  }

  async nodes(selector: string | undefined): Promise<NodeReport[]> {
    this.calls.push({ what: 'nodes', args: [selector] });
    return selector ? this.rows.filter((r) => r.name.endsWith(selector)) : this.rows;
  }

  async readNodes(names: readonly string[]): Promise<NodeReport[]> {
    return this.rows.filter((r) => names.includes(r.name));
  }

  watchNodes(_selector: string | undefined, onChange: (c: NodeChange) => void): () => void {
    this.listeners.add(onChange);
    return () => this.listeners.delete(onChange);
  }

  async groups(provider: ProviderName): Promise<GroupCatalog> {
    return provider === 'eci' ? ECI_CATALOG : CATALOG;
  }

  async group(provider: ProviderName, id: string): Promise<GroupReport> {
    this.calls.push({ what: 'group', args: [provider, id] });
    if (provider === 'eci') {
      const g = ECI_CATALOG.groups.find((x) => x.id === id)!;
      const report: EciGroupReport = {
        id,
        name: g.name,
        description: g.description,
        isDefault: id === ECI_DEFAULT,
        rules: [{ direction: 'ingress', protocol: 'TCP', ports: '443', peer: '0.0.0.0/0', action: 'accept' }],
        ruleLimit: 200,
        findings: g.findings,
        usedBy: [{ node: 'virtual-kubelet-cn-hangzhou-k', instanceId: 'eci-1', eniId: 'eni-1', primary: true, priority: 1, pod: 'pay/ledger-0' }],
        desiredBy: ['pay/ledger-0'],
        usageNote: undefined,
        type: g.type,
        vpcId: 'vpc-bp1',
        namedBy: id === ECI_DEFAULT ? ['default'] : [],
      };
      return report;
    }
    const g = CATALOG.groups.find((x) => x.id === id)!;
    return {
      id,
      name: g.name,
      description: g.description,
      isDefault: false,
      rules: [{ direction: 'ingress', protocol: 'TCP', ports: '80,443', peer: '10.0.0.0/16', action: 'accept' }],
      ruleLimit: 100,
      findings: g.findings,
      usedBy: [{ node: '10.0.0.1', instanceId: 'ins-1', eniId: 'eni-1', primary: false, priority: 1 }],
      desiredBy: ['10.0.0.1'],
      usageNote: undefined,
    };
  }

  async pod(namespace: string | undefined, name: string): Promise<UiPod> {
    this.calls.push({ what: 'pod', args: [namespace, name] });
    const onVirtualNode = this.vnodes.flatMap((n) => n.pods).find((p) => p.namespace === namespace && p.name === name);
    if (onVirtualNode) {
      return {
        provider: 'eci',
        report: {
          pod: onVirtualNode,
          groups: (onVirtualNode.actual ?? []).map((id) => ({ id, name: ECI_CATALOG.groups.find((g) => g.id === id)?.name, description: '', rules: { ingress: { count: 1, rules: ['TCP 443 from 0.0.0.0/0'] }, egress: { count: 0, rules: [] } } })),
          region: undefined,
          missing: undefined,
        },
      };
    }
    const onSuperNode = this.snodes.flatMap((n) => n.pods).find((p) => p.namespace === namespace && p.name === name);
    if (onSuperNode) {
      const ids = onSuperNode.actual ?? [];
      return {
        provider: 'supernode',
        report: { pod: onSuperNode, groups: ids.map((id) => ({ id, name: CATALOG.groups.find((g) => g.id === id)?.name, description: '', rules: { ingress: { count: 1, rules: ['TCP 80 from 10.0.0.0/16'] }, egress: { count: 0, rules: [] } } })), missing: undefined },
      };
    }
    return { provider: 'tke', report: this.tkePod(namespace, name) };
  }

  private tkePod(namespace: string | undefined, name: string): PodReport {
    return {
      namespace: namespace ?? 'default',
      name,
      phase: 'Running',
      node: '10.0.0.1',
      instanceId: 'ins-1',
      ip: '10.0.128.11',
      hostNetwork: false,
      status: 'ok',
      note: undefined,
      vpcId: 'vpc-1',
      eni: { id: 'eni-xyz', primary: false, instanceId: 'ins-1', subnetId: 'subnet-1', onPodNode: true },
      groups: [{ id: 'sg-aaaa1111', name: 'pods-base', description: '', rules: { ingress: { count: 1, rules: ['TCP 80 from 10.0.0.0/16'] }, egress: { count: 0, rules: [] } } }],
      nec: { exists: true, desiredGroups: GLOBAL, disabled: false, syncPending: false },
      matchesNec: true,
    };
  }

  private preview(kind: string, nodes: readonly string[], lines: string[]): PlanPreview {
    return {
      kind,
      lines,
      changes: nodes.length > 0,
      apply: async (signal, progress): Promise<RunOutcome> => {
        this.calls.push({ what: 'apply', nodes });
        this.lastSignal = signal;
        const done: NodeProgress[] = [];
        for (const node of nodes) {
          if (signal.aborted) break;
          progress({ node, state: 'running', detail: 'step need-sync' });
          if (this.hold) await new Promise<void>((r) => this.releases.push(r));
          const p: NodeProgress = { node, state: 'ok', detail: 'verified' };
          progress(p);
          done.push(p);
        }
        return { interrupted: signal.aborted, lines: [`${done.length} ok, ${nodes.length - done.length} not started`], nodes: done.map((p) => p.node) };
      },
    };
  }

  async planResync(nodes: readonly string[]): Promise<PlanPreview> {
    this.calls.push({ what: 'plan-resync', nodes });
    return this.preview('ResyncPlan', nodes, [`Resync plan: ${nodes.length} nodes, method need-sync`, ...nodes.map((n) => `${n}  need-sync`)]);
  }

  async planSetGroups(nodes: readonly string[], groups: readonly string[]): Promise<PlanPreview> {
    this.calls.push({ what: 'plan-set-groups', nodes, groups });
    return this.preview('SetNodePlan', nodes, nodes.map((n) => `${n}  ${groups.join(',')}`));
  }

  async planSetWorkload(namespace: string, workload: string, groups: readonly string[]): Promise<PlanPreview> {
    this.calls.push({ what: 'plan-set-workload', args: [namespace, workload], groups });
    return this.preview('SetWorkloadPlan', [workload], [`${workload} in namespace ${namespace}, pod template annotations:`, `+ k8s.aliyun.com/eci-security-group: ${groups.join(',')}`, 'rollout: the Deployment rolls out new pods']);
  }

  async planEciDefault(group: string): Promise<PlanPreview> {
    this.calls.push({ what: 'plan-eci-default', groups: [group] });
    const plan = this.preview('SetClusterPlan', ['eci-profile'], [`Before: ${this.eciDefault}`, `After: ${group}`]);
    return {
      ...plan,
      apply: async (signal, progress) => {
        const outcome = await plan.apply(signal, progress);
        if (!outcome.interrupted) this.eciDefault = group;
        return outcome;
      },
    };
  }
}
