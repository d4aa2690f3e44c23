// The TUI's backend on a real cluster (CLI side: this file is in the CLI bundle, not the TUI's):
// the read operations `show` uses, the watch of nodes and NECs, and the very plan / apply /
// verify of `set node` and `resync`, with the plans rendered as their --dry-run prints them.
// On a cluster running ECI, the ECI calls go to live-eci.ts; virtual nodes are ECI's, never
// listed as TKE nodes.
import { DEFAULT_TIMEOUT_MS, DEFAULT_TOGGLE_WAIT_MS } from '../../domain/tke/resync-plan.ts';
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import type { Factory } from '../../operations/factory.ts';
import { readClusterSetting, type ClusterSetting } from '../../operations/tke/cluster-setting.ts';
import { NotVpcCniError } from '../../operations/tke/cluster-report.ts';
import { readGroupCatalog } from '../../operations/tke/group-catalog.ts';
import { readGroupReports } from '../../operations/tke/group-report.ts';
import { readNodeReports, type NodeReport } from '../../operations/tke/node-report.ts';
import { followNodes, reportKeys, type ReportKeys } from '../../operations/tke/node-watch.ts';
import { readPodReport } from '../../operations/tke/pod-report.ts';
import type { VirtualNodeReport } from '../../operations/eci/node-report.ts';
import type { UiProvider } from './backend.ts';
import { LiveEci } from './live-eci.ts';
import { LiveSuperNodes } from './live-supernode.ts';
import { nodeOfOther, podProvider } from '../../operations/providers.ts';
import type { SuperNodeReport } from '../../operations/supernode/node-report.ts';
import { applySetNode, prepareSetNode, type NodeOutcome } from '../../operations/tke/set-node.ts';
import type { JournalNode } from '../../operations/tke/resync-journal.ts';
import { prepareResync, runNewResync } from '../../operations/tke/resync.ts';
import { TkeAddonReader } from '../../operations/tke/addon.ts';
import { requireAccess } from '../../operations/write-access.ts';
import { paletteFor } from '../render/color.ts';
import { leftOverLines, renderPlan, renderResult, type ResultView } from '../render/resync.ts';
import { planTable, resultTable, summary } from '../render/set-node.ts';
import type { ClusterFacts, NodeChange, NodeProgress, PlanPreview, RunOutcome, TkeFacts, UiBackend, UiPod } from './backend.ts';
import { errorMessage } from '../../domain/error-message.ts';
import { type CloudOpener, lazyCloud, regionHintsOf } from '../../operations/cloud-access.ts';
import { existingNodes, selectNodes } from '../../operations/node-selection.ts';
import { findPod } from '../../operations/pod-lookup.ts';
import type { KubeNode } from '../../adapters/kube/nodes.ts';

/** The TUI paints its own colours: the CLI's renderers are asked for plain text. */
const plain = paletteFor({ isTTY: false }, {});
const linesOf = (text: string) => text.replace(/\n+$/, '').split('\n');

/** After a change is seen, the node is read again this much later: ipamd binds the groups in the cloud seconds after the annotation or NEC changed, which no watch reports. */
const SETTLE_MS = 5000;
/** Changes seen within this window are read together (one ENI call per 100 nodes). */
const BATCH_MS = 300;

/** A journal that also tells the TUI each node's step and state as the run records them. */
function progressOf(n: JournalNode): NodeProgress | undefined {
  if (n.state === 'pending') return undefined;
  if (n.state === 'in-progress') return { node: n.name, state: 'running', detail: n.step ? `step ${n.step}` : 'starting' };
  return { node: n.name, state: n.state, detail: n.detail ?? '' };
}

/** VPC-CNI's nodes of those read: the ones no other provider marks (the providers' own marks, operations/providers.ts). */
async function vpcCniNodes(nodes: Promise<KubeNode[]> | KubeNode[]): Promise<KubeNode[]> {
  const [all, other] = await Promise.all([nodes, nodeOfOther('tke')]);
  return all.filter((n) => !other(n));
}

const SET_RESULT: Record<NodeOutcome['result'], NodeProgress['state']> = { ok: 'ok', failed: 'failed', unchanged: 'skipped', 'not-verified': 'skipped' };

export class LiveBackend implements UiBackend {
  private readonly f: Factory;
  private readonly clusterIdFlag: string | undefined;
  private readonly openCloud: CloudOpener;
  private readonly keys = new Map<string, ReportKeys>();
  private setting: Promise<ClusterSetting>;
  private readonly tke: boolean;
  /** undefined: the cluster runs no ECI (or --provider tke). */
  private readonly eci: LiveEci | undefined;
  /** undefined: the cluster runs no super nodes (or --provider names another). */
  private readonly supernode: LiveSuperNodes | undefined;
  private firstNodes: Promise<KubeNode[]> | undefined;
  private readonly stops = new Set<() => void>();
  /** Warnings of a run (a journal that cannot be written), shown with its outcome. */
  private runWarnings: string[] = [];

  /** providers: those the UI shows (the verbs' pickers: TKE only). */
  constructor(f: Factory, o: { clusterIdFlag?: string; setting: ClusterSetting; providers?: readonly UiProvider[] }) {
    this.f = f;
    this.clusterIdFlag = o.clusterIdFlag;
    this.openCloud = lazyCloud((hints) => f.tencent(hints));
    this.setting = Promise.resolve(o.setting);
    const providers = o.providers ?? ['tke'];
    this.tke = providers.includes('tke');
    this.eci = providers.includes('eci') ? new LiveEci(f) : undefined;
    this.supernode = providers.includes('supernode') ? new LiveSuperNodes(() => f.kube(), o.clusterIdFlag, this.openCloud) : undefined;
  }

  private get liveEci(): LiveEci {
    if (!this.eci) throw new Error('this cluster runs no Alibaba ECI (no eci-profile, no virtual node)');
    return this.eci;
  }

  private get kube(): KubeClient {
    return this.f.kube();
  }

  /** The region hint for the cloud: the nodes' region label (read once, if nothing else read them yet). */
  private async hints(): Promise<string[]> {
    this.firstNodes ??= selectNodes(this.kube, {});
    return regionHintsOf(await this.firstNodes);
  }

  private remember(reports: NodeReport[]): NodeReport[] {
    for (const r of reports) this.keys.set(r.name, reportKeys(r));
    return reports;
  }

  async cluster(): Promise<ClusterFacts> {
    const [tke, supernode, eci] = await Promise.all([this.tke ? this.tkeFacts() : undefined, this.supernode?.facts(), this.eci?.facts()]);
    return { context: this.kube.target.contextName, tke, supernode, eci };
  }

  private async tkeFacts(): Promise<TkeFacts> {
    const kube = this.kube;
    const addon = new TkeAddonReader({ clusterIdFlag: this.clusterIdFlag, server: kube.target.server, cloud: async () => this.openCloud(await this.hints()) });
    this.setting = readClusterSetting(kube, addon);
    const setting = await this.setting;
    if (!setting.ipamd) throw new NotVpcCniError(kube.target.contextName);
    const session = await this.openCloud(await this.hints());
    return {
      ipamdVersion: setting.version,
      feature: setting.policy,
      resyncMethods: setting.capabilities?.resyncMethods ?? [],
      cloudMissing: session.missing,
    };
  }

  private async reports(nodes: KubeNode[]): Promise<NodeReport[]> {
    const session = await this.openCloud(regionHintsOf(nodes.length ? nodes : await this.firstNodes ?? []));
    return this.remember(await readNodeReports(this.kube, nodes, this.setting.then((s) => s.policy), session.cloud?.vpc));
  }

  /** VPC-CNI's nodes: super nodes and virtual nodes are their providers' (no NEC, no ENI of their own). */
  async nodes(selector: string | undefined): Promise<NodeReport[]> {
    if (!this.tke) return [];
    const nodes = vpcCniNodes(selectNodes(this.kube, { selector: selector || undefined }));
    this.firstNodes ??= nodes;
    return this.reports(await nodes);
  }

  async readNodes(names: readonly string[]): Promise<NodeReport[]> {
    const nodes = await vpcCniNodes(existingNodes(this.kube, names));
    return nodes.length ? this.reports(nodes) : [];
  }

  async virtualNodes(): Promise<VirtualNodeReport[]> {
    return this.eci ? this.eci.virtualNodes() : [];
  }

  async superNodes(): Promise<SuperNodeReport[]> {
    return this.supernode ? this.supernode.superNodes() : [];
  }

  watchNodes(selector: string | undefined, onChange: (change: NodeChange) => void, onError: (message: string) => void): () => void {
    if (!this.tke) return () => {};
    const pending = new Set<string>();
    const timers = new Set<ReturnType<typeof setTimeout>>();
    let stopped = false;
    const later = (ms: number, work: () => void) => {
      const t = setTimeout(() => (timers.delete(t), work()), ms);
      timers.add(t);
    };
    const read = (names: string[]) => {
      if (stopped) return;
      this.readNodes(names).then((reports) => {
        if (stopped) return;
        const found = new Set(reports.map((r) => r.name));
        if (reports.length) onChange({ kind: 'updated', reports });
        const gone = names.filter((n) => !found.has(n));
        if (gone.length) onChange({ kind: 'removed', names: gone });
      }, (err: unknown) => onError(errorMessage(err)));
    };
    const flush = () => {
      const names = [...pending];
      pending.clear();
      read(names);
      later(SETTLE_MS, () => read(names));
    };
    const stopWatch = followNodes(this.kube, selector, {
      known: (name) => this.keys.get(name),
      changed: (names) => {
        if (pending.size === 0) later(BATCH_MS, flush);
        for (const n of names) pending.add(n);
      },
      removed: (names) => {
        for (const n of names) this.keys.delete(n);
        onChange({ kind: 'removed', names });
      },
      stale: () => onChange({ kind: 'stale' }),
      error: onError,
    });
    const stop = () => {
      stopped = true;
      stopWatch();
      for (const t of timers) clearTimeout(t);
      this.stops.delete(stop);
    };
    this.stops.add(stop);
    return stop;
  }

  /** Super nodes' pods take Tencent groups of the region: the same catalog as VPC-CNI's. */
  async groups(provider: UiProvider) {
    if (provider === 'eci') return this.liveEci.groups();
    const session = await this.openCloud(await this.hints());
    if (!session.cloud) throw new Error(`the region's groups are read from Tencent Cloud: ${session.missing ?? 'no cloud access'}`);
    return readGroupCatalog(session.cloud.vpc);
  }

  async group(provider: UiProvider, id: string) {
    if (provider === 'eci') return this.liveEci.group(id);
    if (provider === 'supernode' && this.supernode) return this.supernode.group(id);
    const [report] = await readGroupReports(this.kube, [id], this.openCloud);
    return report!;
  }

  /** As show pod decides: a pod on a super node is the super nodes'; on a virtual node (or with an ECI instance), ECI's. */
  async pod(namespace: string | undefined, name: string): Promise<UiPod> {
    const found = await findPod(this.kube, namespace ?? this.kube.target.namespace, name);
    const provider = await podProvider(found, undefined);
    if (provider === 'supernode' && this.supernode) return { provider, report: await this.supernode.pod(found) };
    if (provider === 'eci' && this.eci) return { provider, report: await this.eci.pod(found) };
    return { provider: 'tke', report: await readPodReport(this.kube, found, { clusterIdFlag: this.clusterIdFlag, cloud: this.openCloud }) };
  }

  planSetWorkload(namespace: string, workload: string, groups: readonly string[]): Promise<PlanPreview> {
    return this.liveEci.planSetWorkload(namespace, workload, groups);
  }

  planEciDefault(group: string): Promise<PlanPreview> {
    return this.liveEci.planEciDefault(group);
  }

  async planSetGroups(nodes: readonly string[], groups: readonly string[]): Promise<PlanPreview> {
    const prepared = await prepareSetNode(this.kube, this.openCloud, { names: [...nodes], edit: { kind: 'replace', groups: [...groups] }, clusterIdFlag: this.clusterIdFlag, forWrite: true });
    const plan = prepared.plan;
    return {
      kind: 'SetNodePlan',
      lines: [...linesOf(planTable(plan, plain)), ...plan.warnings.map((w) => `warning: ${w}`)],
      changes: plan.items.some((i) => i.changed),
      apply: async (signal, progress) => {
        const writing = plan.items.filter((i) => i.changed);
        for (const i of writing) progress({ node: i.name, state: 'running', detail: 'writing its NodeENIConfig' });
        let verifying = false;
        const run = await applySetNode(prepared, {
          signal,
          wait: true,
          // The CLI's default --timeout.
          timeoutMs: DEFAULT_TIMEOUT_MS,
          onProgress: (phase) => {
            if (phase !== 'verifying' || verifying) return;
            verifying = true;
            for (const i of writing) progress({ node: i.name, state: 'running', detail: 'waiting for its ENIs to carry the list' });
          },
        });
        for (const o of run.outcomes) progress({ node: o.name, state: SET_RESULT[o.result], detail: o.detail });
        return { interrupted: run.interrupted, lines: [...linesOf(resultTable(run, plain)), summary(run)], nodes: plan.items.map((i) => i.name) };
      },
    };
  }

  async planResync(nodes: readonly string[]): Promise<PlanPreview> {
    const kube = this.kube;
    const prepared = await prepareResync(kube, this.openCloud, {
      names: [...nodes],
      selector: undefined,
      all: false,
      drifted: false,
      // The TUI has no --force: picked nodes that are in sync show as skipped in its plan.
      force: false,
      method: 'auto',
      concurrency: undefined,
      toggleWaitMs: DEFAULT_TOGGLE_WAIT_MS,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      clusterIdFlag: this.clusterIdFlag,
    });
    const plan = prepared.plan;
    const todo = plan.nodes.filter((n) => n.action !== 'skip');
    // As the CLI does: every permission before the first write (and before asking).
    if (todo.length > 0) await requireAccess(kube, [{ verb: 'patch', group: '', resource: 'nodes' }]);
    return {
      kind: 'ResyncPlan',
      lines: linesOf(renderPlan(plan, plain)),
      changes: todo.length > 0,
      apply: async (signal, progress): Promise<RunOutcome> => {
        this.runWarnings = [];
        const outcome = await runNewResync(kube, prepared, {
          signal,
          warn: (m) => this.runWarnings.push(`warning: ${m}`),
          onProgress: () => {},
          onNodeChange: (n) => {
            const p = progressOf(n);
            if (p) progress(p);
          },
        });
        const view: ResultView = { runIds: [outcome.runId], items: outcome.items, interrupted: outcome.interrupted, stoppedBecause: outcome.stoppedBecause };
        const ran = plan.nodes.filter((n) => n.action !== 'skip').map((n) => n.name);
        return { interrupted: outcome.interrupted, lines: [...linesOf(renderResult(view, plain)), ...leftOverLines(view, plain), ...this.runWarnings], nodes: ran };
      },
    };
  }

  /** Stops every watch (the app does on exit; this is for a close on an error). */
  close(): void {
    for (const stop of [...this.stops]) stop();
  }
}
