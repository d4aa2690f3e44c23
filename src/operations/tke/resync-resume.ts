// `kubectl sg resync --resume [RUN-ID]`: the nodes that carry a resync marker (of that run, or
// of any run), and what is left on each, read from the node itself — still disabled: "no" and
// verify; need-sync still set: wait for ipamd, verify; neither: verify — so that it works from
// any machine, after a crash at any point, and any number of times. The groups to verify are the
// marker's; a marker whose found value was lost (edited by hand) falls back to the policy's.
import { BadInputError } from '../../domain/bad-input.ts';
import { emptyListDisputed, policyGroupsForNode, sameGroups } from '../../domain/cluster-policy.ts';
import { markerOf, type ResyncFound } from '../../domain/tke/resync-marker.ts';
import { resumeSteps, type Step } from '../../domain/tke/resync-steps.ts';
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import { DISABLE_ANNOTATION, NEED_SYNC_ANNOTATION } from '../../adapters/kube/tke/objects.ts';
import type { VpcApi } from '../../adapters/tencent/vpc.ts';
import { readClusterSetting } from './cluster-setting.ts';
import { readNodeReports } from './node-report.ts';
import type { ExecutionJob } from './resync-execution.ts';
import { journalDir, RunJournal } from './resync-journal.ts';
import { openRequiredCloud } from './resync.ts';
import { TkeAddonReader } from './addon.ts';
import { type CloudOpener, lazyCloud, regionHintsOf } from '../cloud-access.ts';
import { listNodes, type KubeNode } from '../../adapters/kube/nodes.ts';

export interface ResumeItem {
  name: string;
  runId: string;
  instanceId: string | undefined;
  /** The annotations now. */
  now: { disable: string | null; needSync: string | null };
  /** undefined when the marker's found value is unreadable. */
  found: ResyncFound | undefined;
  /** The NEC's groups now. */
  before: string[];
  after: string[];
  /** ipamd may bind no groups instead (the disputed empty list): verification accepts that too. */
  orNoGroups: boolean;
  steps: Step[];
}

export interface PreparedResume {
  items: ResumeItem[];
  nodes: ReadonlyMap<string, KubeNode>;
  /** This machine's journals of the runs found, by run ID. */
  journals: Map<string, RunJournal>;
  /** undefined when there is nothing to resume. */
  vpc: VpcApi | undefined;
}

export class UnknownRunError extends BadInputError {}

export async function prepareResume(kube: KubeClient, openCloud: CloudOpener, o: { runId: string | undefined; clusterIdFlag: string | undefined; onJournalError: (m: string) => void }): Promise<PreparedResume> {
  const all = await listNodes(kube);
  const marked = all.filter((n) => {
    const m = markerOf(n.metadata?.annotations);
    return m !== undefined && (o.runId === undefined || m.runId === o.runId);
  });
  const journals = new Map<string, RunJournal>();
  if (marked.length === 0) {
    if (o.runId === undefined) return { items: [], nodes: new Map(), journals, vpc: undefined };
    const journal = RunJournal.read(o.runId, o.onJournalError);
    if (!journal) {
      throw new UnknownRunError(`no resync run "${o.runId}": no node carries kubectl-sg.io/resync-run=${o.runId} and there is no journal of it in ${journalDir()}; kubectl sg resync --resume (no ID) finishes every run`);
    }
    // Every node of the run was finished: the file may say otherwise if the run was killed after its last write.
    if (!journal.data.finished) journal.setFinished(true);
    journals.set(o.runId, journal);
    return { items: [], nodes: new Map(), journals, vpc: undefined };
  }

  const cloud = lazyCloud(openCloud);
  const hints = regionHintsOf(all);
  const { vpc } = await openRequiredCloud(cloud, hints);
  const setting = await readClusterSetting(kube, new TkeAddonReader({ clusterIdFlag: o.clusterIdFlag, server: kube.target.server, cloud: () => cloud(hints) }));
  const reports = await readNodeReports(kube, marked, setting.policy, vpc);
  const items = reports.map((r, i): ResumeItem => {
    const annotations = marked[i]!.metadata?.annotations ?? {};
    const marker = markerOf(annotations)!;
    const now = { disable: annotations[DISABLE_ANNOTATION] ?? null, needSync: annotations[NEED_SYNC_ANNOTATION] ?? null };
    const after = marker.found?.after ?? (setting.policy.enabled ? policyGroupsForNode(setting.policy, r.primaryGroups ?? []) : []);
    // Nothing to verify against (a hand-made marker on a cluster without a policy): restore and unmark only.
    const steps = resumeSteps({ disable: now.disable ?? undefined, needSync: now.needSync ?? undefined }).filter((s) => s !== 'verify' || (after.length > 0 && r.instanceId !== undefined));
    // The run's `after` was the primary ENI's groups under a policy whose empty list is in doubt.
    const orNoGroups = emptyListDisputed(setting.policy, setting.version) && after.length > 0 && sameGroups(after, r.primaryGroups ?? []);
    return { name: r.name, runId: marker.runId, instanceId: r.instanceId, now, found: marker.found, before: r.desiredGroups, after, orNoGroups, steps };
  });
  for (const runId of new Set(items.map((i) => i.runId))) {
    const j = RunJournal.read(runId, o.onJournalError);
    if (j) journals.set(runId, j);
  }
  return { items, nodes: new Map(marked.map((n) => [n.metadata?.name ?? '', n])), journals, vpc };
}

export function resumeJobsOf(p: PreparedResume): ExecutionJob[] {
  return p.items.map((i) => ({
    name: i.name,
    runId: i.runId,
    instanceId: i.instanceId ?? '',
    method: i.found?.method ?? (i.now.needSync === 'true' ? 'need-sync' : 'toggle'),
    before: i.before,
    after: i.after,
    orNoGroups: i.orNoGroups,
    steps: i.steps,
    marker: undefined,
    node: p.nodes.get(i.name)!,
    expect: i.now,
  }));
}
