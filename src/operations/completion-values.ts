// The values Tab offers that live in the cluster or the cloud: node and NodeENIConfig names,
// pods, workloads (set workload's KIND/NAME), namespaces, node labels, kubeconfig contexts, and
// security groups of the cloud the verb will use (Tencent's, Alibaba's, or both where the
// cluster runs both and the verb takes either) when credentials are found. Completion runs on every Tab, so each answer is bounded (a short timeout; nothing
// is offered rather than a hung shell) and kept for a short while in the user's cache directory
// (pressing Tab twice, or completing the second name of a list, asks nothing again). Errors
// offer nothing: a shell prompt is no place to report them, the verb will.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { PROVIDERS, detectedProviders, onePerCloud, type ProviderName } from '../domain/provider-choice.ts';
import { WORKLOAD_KINDS, type WorkloadKind } from '../domain/workload-ref.ts';
import { kubeconfigContexts } from '../adapters/kube/kubeconfig.ts';
import { KubeApiError, type KubeClient } from '../adapters/kube/kube-client.ts';
import { listNecs, type NodeEniConfig } from '../adapters/kube/tke/objects.ts';
import { listNamespaces } from '../adapters/kube/namespaces.ts';
import { NON_VIRTUAL_NODE_SELECTOR, VIRTUAL_NODE_SELECTOR } from '../adapters/kube/eci/objects.ts';
import { listWorkloads, templateAnnotation, type WorkloadObject } from '../adapters/kube/workloads.ts';
import { ECI_GROUP_ANNOTATION } from '../domain/eci/selectors.ts';
import { SUPERNODE_GROUP_ANNOTATION } from '../domain/supernode/eks-config.ts';
import type { AlibabaSecurityGroup } from '../adapters/alibaba/index.ts';
import { Factory } from './factory.ts';
import { detectProviders } from './providers.ts';
import { plural } from '../domain/plural.ts';
import { readFresh, writeFresh } from '../adapters/local/short-lived-cache.ts';
import { regionHintsOf } from './cloud-access.ts';
import { firstNode, listNodes, type KubeNode } from '../adapters/kube/nodes.ts';
import { listPods } from '../adapters/kube/pods.ts';
import { SUPER_NODE_SELECTOR } from '../adapters/kube/supernode/objects.ts';
import { readClusterId } from './cluster-id.ts';

export type ValueKind = 'node' | 'pod' | 'workload' | 'namespace' | 'context' | 'security-group' | 'node-label' | 'supernode-pool';

export interface NamedValue {
  value: string;
  description?: string;
}

/** The flags typed on the command line that say which cluster, namespace and region. */
export interface ValueScope {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  region?: string;
  /** --cluster-id as typed: whose super node pools (else read as the verbs read it). */
  clusterId?: string;
  /** Whose security groups the verb takes (set workload: eci; set node: tke; show group: either). */
  providers?: readonly ProviderName[];
}

/** Per API call: an unreachable cluster costs the user this much once per Tab. */
const REQUEST_TIMEOUT_MS = 2_000;
/** The whole answer, paged lists and the cloud's credential chain included. */
const DEADLINE_MS = 5_000;

export async function completionValues(kind: ValueKind, scope: ValueScope, cacheDir: string): Promise<NamedValue[]> {
  if (kind === 'context') return kubeconfigContexts({ kubeconfig: scope.kubeconfig }).map((value) => ({ value }));
  const f = new Factory({ kubeconfig: scope.kubeconfig, context: scope.context, namespace: scope.namespace, timeoutMs: REQUEST_TIMEOUT_MS, region: scope.region });
  let timer: NodeJS.Timeout | undefined;
  try {
    const t = f.kube().target;
    const key = JSON.stringify({
      kind,
      server: t.server,
      user: t.userName,
      ...(kind === 'pod' || kind === 'workload' ? { namespace: t.namespace } : {}),
      // Another account or region sees other security groups; another verb may take another cloud's.
      ...(kind === 'security-group'
        ? {
            providers: scope.providers ?? PROVIDERS,
            region: scope.region,
            tencent: [process.env.TENCENTCLOUD_REGION, process.env.TENCENTCLOUD_SECRET_ID],
            alibaba: [process.env.ALIBABA_CLOUD_REGION_ID, process.env.ALIBABA_CLOUD_ACCESS_KEY_ID],
          }
        : {}),
      // Another cluster ID or account sees other pools.
      ...(kind === 'supernode-pool' ? { clusterId: scope.clusterId, region: scope.region, tencent: [process.env.TENCENTCLOUD_REGION, process.env.TENCENTCLOUD_SECRET_ID] } : {}),
    });
    const file = join(cacheDir, 'completion', `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
    const cached = readFresh<NamedValue[]>(file);
    if (cached) return cached;
    const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('completion deadline')), DEADLINE_MS)));
    const values = await Promise.race([read(kind, f, scope), deadline]);
    writeFresh(file, values);
    return values;
  } catch {
    return [];
  } finally {
    clearTimeout(timer);
    f.close();
  }
}

async function read(kind: Exclude<ValueKind, 'context'>, f: Factory, scope: ValueScope): Promise<NamedValue[]> {
  const kube = f.kube();
  switch (kind) {
    case 'node': {
      const [nodes, necs] = await Promise.all([listNodes(kube), listNecs(kube).catch(noNecs)]);
      return nodeValues(nodes, necs);
    }
    case 'node-label':
      return labelValues(await listNodes(kube));
    case 'namespace':
      return (await listNamespaces(kube)).map((n) => ({ value: n.metadata.name }));
    case 'pod':
      return (await listPods(kube, kube.target.namespace)).map((p) => ({
        value: p.metadata?.name ?? '',
        description: [p.status?.phase, p.spec?.nodeName && `on ${p.spec.nodeName}`, p.status?.podIP].filter(Boolean).join(' '),
      }));
    case 'workload': {
      const namespace = kube.target.namespace;
      return workloadValues(await Promise.all(WORKLOAD_KINDS.map(async (kind) => ({ kind, items: await listWorkloads(kube, kind, namespace).catch(notListable) }))));
    }
    case 'supernode-pool':
      return superNodePools(f, scope);
    case 'security-group': {
      // One list per cloud: VPC-CNI and super nodes take the same Tencent groups.
      const clouds = onePerCloud(await groupProviders(kube, scope.providers ?? PROVIDERS));
      return (await Promise.all(clouds.map((p) => GROUP_VALUES[p](f, scope)))).flat();
    }
  }
}

/**
 * The clouds whose groups to offer: the verb's one; for a verb of either (show group, set
 * cluster) what the cluster runs, both when it runs both (show group tells them apart by
 * shape; set cluster then wants --provider, and the list shows which is which), the first when
 * it runs neither, as the verb would choose.
 */
async function groupProviders(kube: KubeClient, serves: readonly ProviderName[]): Promise<ProviderName[]> {
  if (serves.length < 2) return [...serves];
  const detected = detectedProviders(await detectProviders(kube)).filter((p) => serves.includes(p));
  return detected.length > 0 ? detected : [serves[0]!];
}

/** One node's region label, of the provider's own nodes (a virtual node is in Alibaba's region, not Tencent's). */
async function regionHints(kube: KubeClient, labelSelector: string): Promise<string[]> {
  const node = await firstNode(kube, labelSelector);
  return regionHintsOf(node ? [node] : []);
}

async function tencentGroups(f: Factory, scope: ValueScope): Promise<NamedValue[]> {
  // The region: --region, then the environment, then a node's region label.
  const hints = scope.region || process.env.TENCENTCLOUD_REGION ? [] : await regionHints(f.kube(), NON_VIRTUAL_NODE_SELECTOR);
  const access = await f.tencent(hints);
  if (!access.cloud) return [];
  return (await access.cloud.vpc.listSecurityGroups()).map((g) => ({ value: g.id, description: g.name }));
}

/** The cluster's super node pools, each with the default groups --groups would replace. */
async function superNodePools(f: Factory, scope: ValueScope): Promise<NamedValue[]> {
  const kube = f.kube();
  const clusterId = await readClusterId(kube, scope.clusterId);
  if (!clusterId) return [];
  const hints = scope.region || process.env.TENCENTCLOUD_REGION ? [] : await regionHints(kube, SUPER_NODE_SELECTOR);
  const access = await f.tencent(hints);
  if (!access.cloud) return [];
  return (await access.cloud.superNodes.describeSuperNodePools(clusterId.id)).map((p) => ({ value: p.id, description: `${p.name}: ${p.securityGroupIds.join(',') || 'no groups'}` }));
}

async function alibabaGroups(f: Factory, scope: ValueScope): Promise<NamedValue[]> {
  const hints = scope.region || process.env.ALIBABA_CLOUD_REGION_ID ? [] : await regionHints(f.kube(), VIRTUAL_NODE_SELECTOR);
  const access = await f.alibaba(hints);
  if (!access.cloud) return [];
  return alibabaGroupValues(await access.cloud.listSecurityGroups());
}

/** Each provider's cloud's groups. */
const GROUP_VALUES: Record<ProviderName, (f: Factory, scope: ValueScope) => Promise<NamedValue[]>> = { tke: tencentGroups, supernode: tencentGroups, eci: alibabaGroups };

/** Alibaba groups with what set workload and set cluster care about: a set is all basic or all advanced, and in one VPC. */
export function alibabaGroupValues(groups: readonly AlibabaSecurityGroup[]): NamedValue[] {
  return groups.map((g) => ({ value: g.id, description: [g.name, `(${g.type}, ${g.vpcId})`].filter(Boolean).join(' ') }));
}

/** A kind the user may not list (RBAC), or that the API does not serve, is simply not offered. */
function notListable(err: unknown): WorkloadObject[] {
  if (err instanceof KubeApiError && (err.status === 403 || err.status === 404)) return [];
  throw err;
}

/** The template annotations that name a workload's groups: ECI's, super nodes'. */
const TEMPLATE_GROUP_ANNOTATIONS = [ECI_GROUP_ANNOTATION, SUPERNODE_GROUP_ANNOTATION];

/**
 * KIND/NAME of each workload, kubectl's singular kind names, with the groups its pod template
 * names (for ECI or super nodes). A Job a CronJob started is left out: its template is the CronJob's to change.
 */
export function workloadValues(lists: readonly { kind: WorkloadKind; items: readonly WorkloadObject[] }[]): NamedValue[] {
  return lists.flatMap(({ kind, items }) =>
    items
      .filter((w) => !(w.metadata.ownerReferences ?? []).some((o) => o.kind === 'CronJob'))
      .map((w) => {
        const groups = TEMPLATE_GROUP_ANNOTATIONS.map((key) => templateAnnotation(w, kind, key)).find((v) => v !== undefined)?.split(',').map((g) => g.trim()).filter((g) => g !== '') ?? [];
        return { value: `${kind.kind.toLowerCase()}/${w.metadata.name}`, description: groups.length > 0 ? `groups ${groups.join(',')}` : 'no group annotation' };
      }),
  );
}

/** A cluster without the NEC CRD (no VPC-CNI, or ipamd < v3.2.0) simply has no NECs. */
function noNecs(err: unknown): NodeEniConfig[] {
  if (err instanceof KubeApiError && err.status === 404) return [];
  throw err;
}

/** Node names and NEC names (one per node, named like it), each saying what it has. */
export function nodeValues(nodes: readonly KubeNode[], necs: readonly NodeEniConfig[]): NamedValue[] {
  const necByName = new Map(necs.map((n) => [n.metadata.name, n]));
  const values: NamedValue[] = nodes.map((n) => {
    const name = n.metadata?.name ?? '';
    const nec = necByName.get(name);
    return { value: name, description: nec ? `NEC: ${(nec.spec?.securityGroups ?? []).join(',') || 'no groups'}` : 'no NodeENIConfig' };
  });
  const nodeNames = new Set(values.map((v) => v.value));
  for (const nec of necs) if (!nodeNames.has(nec.metadata.name)) values.push({ value: nec.metadata.name, description: 'NodeENIConfig without a node' });
  return values;
}

/** Every key=value of the nodes' labels, with how many nodes carry it. */
export function labelValues(nodes: readonly KubeNode[]): NamedValue[] {
  const counts = new Map<string, number>();
  for (const n of nodes) for (const [k, v] of Object.entries(n.metadata?.labels ?? {})) counts.set(`${k}=${v}`, (counts.get(`${k}=${v}`) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([value, n]) => ({ value, description: plural(n, 'node') }));
}
