// `kubectl sg resync` before its first write: which ipamd and method, which nodes, what each has
// now and will have after, all read in batches (one list of nodes or a GET per named node, one
// of NECs, the instances' ENIs 100 instances per call). Then the jobs and the journal of a run
// made from that plan. Nothing here writes to the cluster.
import { BadInputError } from '../../domain/bad-input.ts';
import { markerAnnotations, markerOf, newRunId } from '../../domain/tke/resync-marker.ts';
import { checkFeatureOn, defaultConcurrency, NotResyncableError, planResync, resyncMethodFor, type MethodChoice, type ResyncPlan } from '../../domain/tke/resync-plan.ts';
import { stepsFor } from '../../domain/tke/resync-steps.ts';
import { checkIpamdVersionFlag } from '../../domain/tke/ipamd-version.ts';
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import { DISABLE_ANNOTATION, NEED_SYNC_ANNOTATION } from '../../adapters/kube/tke/objects.ts';
import type { TencentCloud } from '../../adapters/tencent/index.ts';
import type { VpcApi } from '../../adapters/tencent/vpc.ts';
import { NotVpcCniError, PLACE_NAMES } from './cluster-report.ts';
import { readClusterSetting } from './cluster-setting.ts';
import { checkGroupsInCloud } from './group-check.ts';
import { readNodeReports } from './node-report.ts';
import { executeResync, type ExecutionJob, type ExecutionProgress, type NodeResult } from './resync-execution.ts';
import { RunJournal, type JournalData, type JournalNode } from './resync-journal.ts';
import { TkeAddonReader } from './addon.ts';
import { type CloudOpener, lazyCloud, regionHintsOf } from '../cloud-access.ts';
import { selectNodes } from '../node-selection.ts';
import type { KubeNode } from '../../adapters/kube/nodes.ts';

export interface ResyncRequest {
  /** Nodes named on the command line. */
  names: string[];
  selector: string | undefined;
  all: boolean;
  /** Only nodes whose ENIs differ from their NEC (as `show node --drifted`). */
  drifted: boolean;
  /** Nodes in sync too (they are skipped otherwise). */
  force: boolean;
  method: MethodChoice;
  /** undefined: the method's default. */
  concurrency: number | undefined;
  toggleWaitMs: number;
  timeoutMs: number;
  clusterIdFlag: string | undefined;
  /** --ipamd-version: used only where neither the image tag nor the addon names the version. */
  ipamdVersionFlag?: string;
}

export interface PreparedResync {
  plan: ResyncPlan;
  /** The nodes as read for the plan: their resourceVersions guard the first writes. */
  nodes: ReadonlyMap<string, KubeNode>;
  vpc: VpcApi;
}

/** The cloud is not optional here: every node is verified in it, and the policy may need its primary ENI. */
export async function openRequiredCloud(open: CloudOpener, hints: readonly string[]): Promise<TencentCloud> {
  const session = await open(hints);
  if (!session.cloud) throw new NotResyncableError(`resync verifies every node's ENIs in the cloud and has no Tencent Cloud access: ${session.missing ?? 'unknown reason'}`);
  return session.cloud;
}

export async function prepareResync(kube: KubeClient, openCloud: CloudOpener, r: ResyncRequest): Promise<PreparedResync> {
  // Nodes and the setting are read side by side; the cloud (region from the nodes' labels) opens once.
  if (r.ipamdVersionFlag !== undefined) checkIpamdVersionFlag(r.ipamdVersionFlag);
  const selection = selectNodes(kube, { names: r.names, selector: r.selector });
  selection.catch(() => {}); // awaited below, after the version checks
  const cloud = lazyCloud(openCloud);
  const cloudForNodes = async () => cloud(regionHintsOf(await selection));
  const setting = await readClusterSetting(kube, new TkeAddonReader({ clusterIdFlag: r.clusterIdFlag, server: kube.target.server, cloud: cloudForNodes }), r.ipamdVersionFlag);
  if (!setting.ipamd) throw new NotVpcCniError(kube.target.contextName);
  // The method depends on the version: without one (tag, addon or --ipamd-version) nothing is planned.
  if (!setting.version) throw new NotResyncableError(`${setting.problems[0] ?? 'cannot tell the ipamd version'}: nothing was changed`);
  const method = resyncMethodFor(setting.version, r.method);
  checkFeatureOn(setting.policy, setting.place ? PLACE_NAMES[setting.place] : undefined);

  const nodes = await selection;
  if (r.selector !== undefined && nodes.length === 0) throw new BadInputError(`no nodes match -l "${r.selector}": kubectl get nodes -l '${r.selector}' shows the same`);
  const { vpc, clients } = await openRequiredCloud(cloud, regionHintsOf(nodes));
  if (setting.policy.globalList.length > 0) {
    // A global list naming a deleted group would leave every node without it: refuse before any write.
    await checkGroupsInCloud(vpc, setting.policy.globalList, clients.region, 'the global list').catch((err: unknown) => {
      throw err instanceof BadInputError ? new NotResyncableError(`the cluster policy cannot be applied: ${err.message}`) : err;
    });
  }
  let reports = await readNodeReports(kube, nodes, setting.policy, vpc);
  if (r.drifted) reports = reports.filter((n) => n.state === 'drifted');
  const byName = new Map(nodes.map((n) => [n.metadata?.name ?? '', n]));
  const named = new Set(r.names);
  const plan = planResync({
    method,
    ipamdVersion: setting.version,
    policy: setting.policy,
    concurrency: r.concurrency ?? defaultConcurrency(method),
    toggleWaitMs: r.toggleWaitMs,
    timeoutMs: r.timeoutMs,
    force: r.force,
    nodes: reports.map((n) => {
      const annotations = byName.get(n.name)?.metadata?.annotations ?? {};
      return {
        name: n.name,
        instanceId: n.instanceId,
        hasNec: n.hasNec,
        necGroups: n.desiredGroups,
        primaryGroups: n.enis === undefined || n.enis.length === 0 ? undefined : (n.primaryGroups ?? []),
        driftedEnis: n.driftedEnis,
        orderUnread: n.orderUnread.length > 0,
        disable: annotations[DISABLE_ANNOTATION],
        needSync: annotations[NEED_SYNC_ANNOTATION],
        markedBy: markerOf(annotations)?.runId,
        named: named.has(n.name),
      };
    }),
  });
  return { plan, nodes: byName, vpc };
}

/** The jobs of a new run: each node's steps, and the marker its first write carries. */
export function jobsOf(p: PreparedResync, runId: string, at: Date): ExecutionJob[] {
  return p.plan.nodes.flatMap((n): ExecutionJob[] => {
    if (n.action === 'skip' || !n.method || !n.instanceId) return [];
    return [
      {
        name: n.name,
        runId,
        instanceId: n.instanceId,
        method: n.method,
        before: n.now,
        after: n.after,
        orNoGroups: n.orNoGroups,
        steps: stepsFor(n.action),
        marker: markerAnnotations(runId, { disable: n.found.disable, needSync: n.found.needSync, method: n.method, after: n.after, at: at.toISOString() }),
        node: p.nodes.get(n.name)!,
        expect: n.found,
      },
    ];
  });
}

export function journalOf(p: PreparedResync, runId: string, kube: KubeClient, at: Date): JournalData {
  const { plan } = p;
  return {
    apiVersion: 'kubectl-sg/v1',
    kind: 'ResyncJournal',
    runId,
    context: kube.target.contextName,
    server: kube.target.server,
    startedAt: at.toISOString(),
    updatedAt: at.toISOString(),
    finished: false,
    method: plan.method,
    toggleWaitMs: plan.toggleWaitMs,
    timeoutMs: plan.timeoutMs,
    concurrency: plan.concurrency,
    nodes: plan.nodes.map((n) => ({
      name: n.name,
      before: n.now,
      after: n.after,
      method: n.method ?? null,
      state: n.action === 'skip' ? 'skipped' : 'pending',
      step: null,
      detail: n.skip ?? null,
    })),
  };
}

/** The nodes a plan skips, as results, so that a summary lists them beside those that ran. */
export function skippedResults(plan: ResyncPlan): NodeResult[] {
  return plan.nodes
    .filter((n) => n.action === 'skip')
    .map((n) => ({ name: n.name, result: 'skipped', before: n.now, after: n.after, method: null, detail: n.skip ?? '', marked: false, stillDisabled: false }));
}

export interface NewRunOptions {
  signal: AbortSignal;
  /** A problem that does not stop the run (the local journal cannot be written). */
  warn: (message: string) => void;
  onProgress: (p: ExecutionProgress) => void;
  /** Each node's step as it happens (the TUI's live rows). */
  onNodeChange?: (node: JournalNode) => void;
  /** Before the first write: the run's ID and where its local journal is. */
  onStart?: (runId: string, journalPath: string) => void;
}

export interface RunOutcome {
  runId: string;
  /** Every node of the plan, in its order, the skipped ones included. */
  items: NodeResult[];
  interrupted: boolean;
  stoppedBecause: string | undefined;
}

/** A confirmed plan, run: a new run ID, its journal, the nodes N at a time (CLI and TUI alike). */
export async function runNewResync(kube: KubeClient, prepared: PreparedResync, o: NewRunOptions): Promise<RunOutcome> {
  const { plan } = prepared;
  const at = new Date();
  const runId = newRunId(at);
  const journal = RunJournal.create(journalOf(prepared, runId, kube, at), o.warn);
  journal.onNodeChange = o.onNodeChange;
  o.onStart?.(runId, journal.path);
  const result = await executeResync({
    kube,
    vpc: prepared.vpc,
    jobs: jobsOf(prepared, runId, at),
    concurrency: plan.concurrency,
    toggleWaitMs: plan.toggleWaitMs,
    timeoutMs: plan.timeoutMs,
    signal: o.signal,
    journals: new Map([[runId, journal]]),
    onProgress: o.onProgress,
  });
  journal.setFinished(!result.items.some((r) => r.marked));
  const byName = new Map([...skippedResults(plan), ...result.items].map((r) => [r.name, r]));
  return {
    runId,
    items: plan.nodes.map((n) => byName.get(n.name)).filter((r): r is NodeResult => r !== undefined),
    interrupted: result.interrupted,
    stoppedBecause: result.stoppedBecause,
  };
}
