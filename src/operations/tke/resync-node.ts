// One node's resync: the steps of domain/tke/resync-steps.ts carried out against the API server
// and the cloud. Every write is a merge patch of annotations under the node's resourceVersion;
// on a conflict the node is read again and the write is made again only if the node is still
// as this run left it (the plan's values before the first write, the run's marker after it),
// so someone else's concurrent edit is never overwritten. A write whose values are already
// there is not sent, which makes every step safe to repeat after a crash.
//
// When the run stops (Ctrl-C, SIGTERM, a lost connection) a node in its pause goes straight on
// to "no", and every wait is bounded by the stop's restore window: a node is never left
// disabled by this run while the API server answers.
import { formatDuration } from '../../domain/duration.ts';
import { countsAsShared } from '../../domain/tke/eni-kind.ts';
import type { ResyncMethod } from '../../domain/tke/ipamd-version.ts';
import { markerOf, RESYNC_RUN_ANNOTATION, UNMARK } from '../../domain/tke/resync-marker.ts';
import type { Step } from '../../domain/tke/resync-steps.ts';
import { KubeApiError, type KubeClient } from '../../adapters/kube/kube-client.ts';
import { isTransientKubeError, withKubeRetry } from '../../adapters/kube/retry.ts';
import { DISABLE_ANNOTATION, NEED_SYNC_ANNOTATION, patchNodeAnnotations } from '../../adapters/kube/tke/objects.ts';
import { SETTLE_MS, type EniVerifier } from './eni-verifier.ts';
import { pause } from '../poll-until.ts';
import { errorMessage } from '../../domain/error-message.ts';
import { getNode, type KubeNode } from '../../adapters/kube/nodes.ts';

/** How often a node is read while ipamd works on need-sync: one GET per node in flight. */
export const NEED_SYNC_POLL_MS = 1000;
/** A hold for the unbind shorter than this past the toggle wait is the verifier's polling, not worth a word. */
const NO_WAIT_SLACK_MS = 1000;
/** Conflicts in a row before a write gives up: a node that changes that often is being fought over. */
const MAX_CONFLICTS = 5;

export interface NodeJob {
  name: string;
  /** The run whose marker the node carries (or will carry). */
  runId: string;
  instanceId: string;
  method: ResyncMethod;
  after: string[];
  /** ipamd may bind no groups instead of `after` (the disputed empty list, resync-plan.ts): verification accepts that too. */
  orNoGroups: boolean;
  steps: Step[];
  /** A new run's marker, written with the first write; undefined on a resume (the node carries it). */
  marker: Record<string, string> | undefined;
  /** The node as read for the plan: its resourceVersion guards the first write. */
  node: KubeNode;
  /** The annotations the plan was made on; the first write is refused if they changed. */
  expect: { disable: string | null; needSync: string | null };
}

export type NodeResultKind = 'ok' | 'failed' | 'skipped';

export interface NodeOutcome {
  result: NodeResultKind;
  detail: string;
  /** The node still carries the run's marker (--resume will finish it). */
  marked: boolean;
  /** This run set "yes" and could not set "no" again. */
  stillDisabled: boolean;
  /** The API server or the cloud could not be reached after retries: the run must stop. */
  connectionLost: boolean;
  /** What the ENIs were verified to carry, when that is not the job's `after` (no groups). */
  verifiedGroups?: string[];
}


export interface NodeContext {
  kube: KubeClient;
  verifier: EniVerifier;
  toggleWaitMs: number;
  /** Aborted when the run stops. */
  stop: AbortSignal;
  /** performance.now() time after which no wait goes on, once the run has stopped. */
  restoreDeadline: () => number;
  /** After each step, for progress and the journal. */
  onStep: (name: string, step: Step) => void;
}

/** The node is not as the plan or the run left it: someone else is changing it. */
class NodeChangedError extends Error {}

const ann = (node: KubeNode) => node.metadata?.annotations ?? {};
const orNull = (v: string | undefined) => v ?? null;

export async function runNode(job: NodeJob, ctx: NodeContext, deadline: number): Promise<NodeOutcome> {
  const { kube } = ctx;
  const { name } = job;
  let node = job.node;
  let marked = job.marker === undefined;
  // A resume that starts with "enable" finds the node as a run left it: disabled.
  let disabledByRun = marked && job.steps[0] === 'enable';
  const startedAt = performance.now();
  let disabledAt = startedAt;
  /** How long the pause lasted when a stop cut it short. */
  let cutAfter: number | undefined;
  const waitUntil = () => Math.min(deadline, ctx.stop.aborted ? ctx.restoreDeadline() : Number.POSITIVE_INFINITY);
  const outcome = (result: NodeResultKind, detail: string, connectionLost = false): NodeOutcome => ({ result, detail, marked, stillDisabled: disabledByRun, connectionLost, verifiedGroups });

  /** Whether the node may take this write; a reason when it may not. */
  const refusal = (n: KubeNode): string | undefined => {
    const m = markerOf(ann(n));
    if (marked) return m?.runId === job.runId ? undefined : `its resync marker was ${m ? `replaced by run ${m.runId}` : 'removed'} by someone else`;
    if (m) return `it was taken by resync run ${m.runId} since the plan`;
    const a = ann(n);
    for (const [key, was] of [[DISABLE_ANNOTATION, job.expect.disable], [NEED_SYNC_ANNOTATION, job.expect.needSync]] as const) {
      if (orNull(a[key]) !== was) return `${key} changed since the plan (${was ?? 'absent'} → ${a[key] ?? 'absent'})`;
    }
    return undefined;
  };

  /** `owed`: the "no" after this run's "yes", written even if someone took the marker meanwhile. */
  const write = async (changes: Record<string, string | null>, owed = false): Promise<void> => {
    const body = !marked && job.marker ? { ...changes, ...job.marker } : changes;
    for (let conflicts = 0; ; ) {
      const a = ann(node);
      if (Object.entries(body).every(([k, v]) => orNull(a[k]) === v)) break; // already so (a repeat that landed)
      const why = owed ? undefined : refusal(node);
      if (why) throw new NodeChangedError(why);
      try {
        node = await withKubeRetry(() => patchNodeAnnotations(kube, name, body, node.metadata?.resourceVersion));
        break;
      } catch (err) {
        if (!(err instanceof KubeApiError && err.status === 409) || ++conflicts >= MAX_CONFLICTS) throw err;
        node = await withKubeRetry(() => getNode(kube, name));
      }
    }
    if (body[RESYNC_RUN_ANNOTATION] === null) marked = false;
    else if (job.marker) marked = true;
  };

  let verified = '';
  let verifiedGroups: string[] | undefined;
  /** How long "no" was held for ipamd to act on "yes", when longer than the toggle wait. */
  let heldFor: number | undefined;
  /** ipamd never showed the unbind before "no" was written. */
  let notUnbound: string | undefined;
  try {
    for (const step of job.steps) {
      // Nothing is started once the run stops; a node already changed is carried to the end.
      if (!marked && ctx.stop.aborted) return outcome('skipped', 'not started: the run was stopped');
      switch (step) {
        case 'disable':
          await write({ [DISABLE_ANNOTATION]: 'yes' });
          disabledByRun = true;
          disabledAt = performance.now();
          break;
        case 'pause': {
          await pause(ctx.toggleWaitMs - (performance.now() - disabledAt), ctx.stop);
          // Cut short only by a stop: a timer may fire a fraction of a millisecond before performance.now() says the pause is over.
          if (ctx.stop.aborted && performance.now() - disabledAt < ctx.toggleWaitMs) cutAfter = Math.round(performance.now() - disabledAt);
          if (ctx.stop.aborted) break;
          // ipamd may read a node only when it gets to it (docs/assumptions.md): a "no" that lands
          // before it has acted on "yes" would then be lost and nothing resynced. So "no" waits
          // until the ENIs show the unbind; the pods' groups are still bound until then.
          const unbound = await ctx.verifier.verify(job.instanceId, [], waitUntil(), { signal: ctx.stop });
          const took = Math.round(performance.now() - disabledAt);
          if (unbound.ok) heldFor = took > ctx.toggleWaitMs + NO_WAIT_SLACK_MS ? took : undefined;
          else if (!unbound.cloudError && !ctx.stop.aborted) notUnbound = `ipamd had not unbound the groups ${formatDuration(took)} after "yes" (it may never have seen it), so "no" was written anyway`;
          break;
        }
        case 'enable':
          await write({ [DISABLE_ANNOTATION]: 'no' }, disabledByRun);
          disabledByRun = false;
          break;
        case 'need-sync':
          await write({ [NEED_SYNC_ANNOTATION]: 'true' });
          break;
        case 'await-sync':
          for (;;) {
            node = await withKubeRetry(() => getNode(kube, name));
            if (ann(node)[NEED_SYNC_ANNOTATION] !== 'true') break;
            if (performance.now() >= waitUntil()) {
              return outcome('failed', `ipamd did not finish need-sync within ${formatDuration(Math.round(performance.now() - startedAt))} (the annotation is still "true"); the marker stays for --resume`);
            }
            await pause(Math.min(NEED_SYNC_POLL_MS, waitUntil() - performance.now()));
          }
          break;
        case 'verify': {
          const afterSync = job.steps.includes('await-sync');
          const settledFrom = performance.now() + (afterSync ? 0 : SETTLE_MS);
          const v = await ctx.verifier.verify(job.instanceId, job.after, waitUntil(), { orNoGroups: job.orNoGroups, settledFrom });
          if (!v.ok) {
            const why = `${notUnbound ? `${notUnbound}; ` : ''}${v.cloudError ? v.detail : `not verified within ${formatDuration(Math.round(performance.now() - startedAt))}: ${v.detail}`}`;
            return outcome('failed', `${why}; the marker stays for --resume`, v.cloudError);
          }
          const secondaries = v.enis.filter(countsAsShared).length;
          const carry = `${secondaries} ENI${secondaries === 1 ? ' carries' : 's carry'}`;
          if (v.groups.length > 0 || job.after.length === 0) {
            verified = `${carry} ${job.after.join(',')}`;
            if (v.orderUnread) verified += ', but listed in ascending ID order: the cloud may list groups sorted, so their priority cannot be read back (docs/assumptions.md)';
          } else {
            verifiedGroups = [];
            const reading = 'this ipamd reads "feature on, no global list" as no extra groups (the 2026 runbook), not as the primary ENI\'s';
            verified = afterSync
              ? `${carry} NO groups, not the primary ENI's ${job.after.join(',')}: ${reading}`
              : `${carry} NO groups ${formatDuration(SETTLE_MS)} after "no", not the primary ENI's ${job.after.join(',')}: either ${reading}, or it has not acted on "no" yet — this tool cannot tell which (kubectl sg show node ${name} later)`;
          }
          break;
        }
        case 'unmark':
          try {
            await write(UNMARK);
          } catch (err) {
            return outcome('ok', `verified (${verified}), but the marker could not be removed: ${errorMessage(err)}`, isTransientKubeError(err));
          }
          break;
      }
      ctx.onStep(name, step);
    }
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 404) {
      marked = false;
      disabledByRun = false;
      return outcome('failed', 'the node was deleted during the run');
    }
    if (err instanceof NodeChangedError) return outcome(marked ? 'failed' : 'skipped', `${marked ? 'stopped' : 'not started'}: ${err.message}`);
    return outcome('failed', errorMessage(err), isTransientKubeError(err));
  }
  const held = heldFor === undefined ? '' : ` ("no" was held until ipamd had unbound the groups, ${formatDuration(heldFor)} after "yes")`;
  return outcome('ok', `verified: ${verified}${held}${cutAfter === undefined ? '' : ` (set back to "no" after ${formatDuration(cutAfter)}: the run was stopped)`}`);
}
