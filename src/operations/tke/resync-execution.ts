// Runs the nodes of a resync (a new run or a resume), N at a time, and stops cleanly: on
// Ctrl-C / SIGTERM (the caller's signal) or when the API server or the cloud stays unreachable
// after retries, no further node is started, nodes in their toggle pause get "no" at once, and
// every node in flight is carried to the end of its steps within the restore window. Nodes
// that cannot be finished in it keep their marker, and the result says which, for --resume.
import type { ResyncMethod } from '../../domain/tke/ipamd-version.ts';
import { sameGroups } from '../../domain/cluster-policy.ts';
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import { listNecs } from '../../adapters/kube/tke/objects.ts';
import type { VpcApi } from '../../adapters/tencent/vpc.ts';
import { EniVerifier } from './eni-verifier.ts';
import type { RunJournal } from './resync-journal.ts';
import { runNode, type NodeJob, type NodeResultKind } from './resync-node.ts';
import { recordResyncChanges } from '../change-recording.ts';

/**
 * After a stop, how long nodes in flight may take to be restored and verified. need-sync nodes
 * are waited for too (a node left with need-sync is safe, ipamd finishes it, but its marker
 * would make doctor fail until a --resume): ipamd answers in seconds, and a person who pressed
 * Ctrl-C should not wait minutes; what is not done by then is left to --resume.
 */
export const RESTORE_WINDOW_MS = 30_000;

export interface NodeResult {
  name: string;
  result: NodeResultKind;
  /** The NEC's groups before the run. */
  before: string[];
  after: string[];
  method: ResyncMethod | null;
  detail: string;
  /** The node still carries the run's marker. */
  marked: boolean;
  /** Left with disable "yes" by this run: it must be named loudly. */
  stillDisabled: boolean;
}

export interface ExecutionJob extends NodeJob {
  before: string[];
}

export interface ExecutionProgress {
  done: number;
  failed: number;
  total: number;
  inFlight: number;
  /** Nodes whose groups are unbound right now (between "yes" and "no"). */
  unbound: number;
}

export interface ExecutionOptions {
  kube: KubeClient;
  vpc: VpcApi;
  jobs: ExecutionJob[];
  concurrency: number;
  toggleWaitMs: number;
  timeoutMs: number;
  /** Ctrl-C / SIGTERM. */
  signal: AbortSignal;
  /** The local journals of the runs the jobs belong to, by run ID (a resume may finish several). */
  journals: ReadonlyMap<string, RunJournal>;
  onProgress: (p: ExecutionProgress) => void;
}

export interface ExecutionResult {
  items: NodeResult[];
  /** The caller's signal stopped the run. */
  interrupted: boolean;
  /** Why the run stopped before its end, when it did (a lost connection). */
  stoppedBecause: string | undefined;
}

export async function executeResync(o: ExecutionOptions): Promise<ExecutionResult> {
  const verifier = new EniVerifier(o.vpc);
  const stop = new AbortController();
  let restoreBy = Number.POSITIVE_INFINITY;
  let stoppedBecause: string | undefined;
  const stopRun = (why: string) => {
    if (stop.signal.aborted) return;
    stoppedBecause = why;
    restoreBy = performance.now() + RESTORE_WINDOW_MS;
    verifier.limitDeadlines(restoreBy);
    stop.abort(new Error(why));
  };
  const onSignal = () => stopRun('interrupted');
  if (o.signal.aborted) onSignal();
  o.signal.addEventListener('abort', onSignal, { once: true });

  const results: NodeResult[] = new Array(o.jobs.length);
  const counts = { done: 0, failed: 0, inFlight: 0, unbound: 0 };
  const progress = () => o.onProgress({ done: counts.done, failed: counts.failed, total: o.jobs.length, inFlight: counts.inFlight, unbound: counts.unbound });
  const unbound = new Set<string>();

  const runOne = async (job: ExecutionJob): Promise<NodeResult> => {
    counts.inFlight++;
    o.journals.get(job.runId)?.update(job.name, { state: 'in-progress' });
    const outcome = await runNode(
      job,
      {
        kube: o.kube,
        verifier,
        toggleWaitMs: o.toggleWaitMs,
        stop: stop.signal,
        restoreDeadline: () => restoreBy,
        onStep: (name, step) => {
          if (step === 'disable') unbound.add(name);
          if (step === 'enable') unbound.delete(name);
          counts.unbound = unbound.size;
          o.journals.get(job.runId)?.update(name, { step });
          progress();
        },
      },
      performance.now() + o.timeoutMs,
    );
    unbound.delete(job.name);
    counts.unbound = unbound.size;
    counts.inFlight--;
    counts.done++;
    if (outcome.result === 'failed') counts.failed++;
    if (outcome.connectionLost) stopRun(outcome.detail);
    o.journals.get(job.runId)?.update(job.name, { state: outcome.result, detail: outcome.detail });
    progress();
    return { name: job.name, result: outcome.result, before: job.before, after: outcome.verifiedGroups ?? job.after, method: job.method, detail: outcome.detail, marked: outcome.marked, stillDisabled: outcome.stillDisabled };
  };

  let next = 0;
  const worker = async () => {
    while (next < o.jobs.length) {
      const i = next++;
      const job = o.jobs[i]!;
      if (!stop.signal.aborted) {
        results[i] = await runOne(job);
        continue;
      }
      const detail = 'not started: the run was stopped';
      // A resumed node carries its marker from before: it stays for the next --resume.
      results[i] = { name: job.name, result: 'skipped', before: job.before, after: job.after, method: job.method, detail, marked: job.marker === undefined, stillDisabled: false };
      counts.done++;
      o.journals.get(job.runId)?.update(job.name, { state: 'skipped', detail });
    }
  };
  progress();
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, o.jobs.length)) }, worker));
  } finally {
    o.signal.removeEventListener('abort', onSignal);
  }
  await noteStaleNecs(o.kube, results);
  // The audit trail, once every node is verified or given up on; it never fails the run.
  const runOf = new Map(o.jobs.map((j) => [j.name, j.runId]));
  await recordResyncChanges(o.kube, results.filter((r) => r.result !== 'skipped').map((r) => ({ ...r, runId: runOf.get(r.name)! })));
  const interrupted = stoppedBecause === 'interrupted';
  return { items: results, interrupted, stoppedBecause: interrupted ? undefined : stoppedBecause };
}

/**
 * Whether ipamd rewrites a node's NEC when it resyncs is not documented (domain.md): the ENIs
 * were verified, but a NEC that still lists other groups is what ipamd's next sync of the node
 * binds again. One list of NECs after the run says where; the result stays ok.
 */
async function noteStaleNecs(kube: KubeClient, results: NodeResult[]): Promise<void> {
  const ok = results.filter((r) => r.result === 'ok');
  if (ok.length === 0) return;
  const necs = await listNecs(kube).catch(() => undefined);
  if (!necs) return;
  const groups = new Map(necs.map((n) => [n.metadata.name, n.spec?.securityGroups ?? []]));
  for (const r of ok) {
    const nec = groups.get(r.name);
    if (nec && !sameGroups(nec, r.after)) {
      r.detail += `; but its NodeENIConfig still lists ${nec.join(',') || 'no groups'}, which ipamd's next sync of the node binds again (kubectl sg set node ${r.name} --groups ${r.after.join(',')})`;
    }
  }
}
