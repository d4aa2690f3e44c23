// Confirms in the cloud that a node got its groups: every secondary ENI of its instance carries
// exactly the expected groups, in order (order is priority). Every node waiting is polled in the
// same round — one describeEnisByInstances of all waiting instances, which the adapter cuts into
// calls of 100 instances — rather than a call per node: 100 nodes in flight cost one or two
// DescribeNetworkInterfaces a round, of the action's 100/s, which ipamd shares. Rounds over
// many nodes are spaced further apart (see pause), so that even 5,000 nodes waiting at once
// (set node -l) cost about a quarter of that budget.
//
// Only ipamd's shared ENIs count (eni-kind.ts): a direct, trunk or hand-attached ENI keeps its
// own groups, so waiting for it to carry the node's would never end.
import { assessNode } from '../../domain/tke/node-state.ts';
import { BATCH, type VpcApi } from '../../adapters/tencent/vpc.ts';
import { kindedEnisByInstance, type KindedEni } from './node-report.ts';
import { orderShown } from '../../domain/tke/group-order.ts';
import { errorMessage } from '../../domain/error-message.ts';

export type VerifyOutcome =
  /**
   * `groups`: what every secondary ENI carries, the expected list or, where accepted, none.
   * `orderUnread`: they carry the expected groups in an order that cannot be read back (group-order.ts).
   */
  | { ok: true; enis: KindedEni[]; groups: string[]; orderUnread: boolean }
  /** The deadline passed with the ENIs still differing (or absent); `enis` as last seen. */
  | { ok: false; cloudError: false; detail: string; enis: KindedEni[] | undefined }
  /** The cloud could not be asked (after the adapter's retries): the run should stop. */
  | { ok: false; cloudError: true; detail: string; error: unknown };

interface Waiter {
  instanceId: string;
  after: string[];
  /** No groups at all is an answer too (the disputed empty list). */
  orNoGroups: boolean;
  /**
   * From this performance.now() time on, the answers that cannot be told from ipamd not having
   * acted yet are accepted: no groups (orNoGroups), the groups in an order the cloud may have
   * sorted. undefined: never.
   */
  settledFrom: number | undefined;
  deadline: number;
  last: KindedEni[] | undefined;
  resolve: (o: VerifyOutcome) => void;
}

/**
 * After a write whose end nothing signals (the toggle's "no", a NEC edit), ENIs without groups
 * may be what ipamd left at "yes", and groups in an order the cloud may have sorted
 * (group-order.ts) may be the old ones: where such an answer is acceptable, it is taken only
 * once it has held this long. need-sync needs no wait: ipamd removes its annotation when done.
 */
export const SETTLE_MS = 10_000;

/** Between rounds: ipamd reacts in a fraction of a second to a few seconds. */
export const VERIFY_INTERVAL_MS = 500;

/** Why the ENIs do not match, in one line. */
function mismatch(enis: readonly KindedEni[] | undefined, after: readonly string[]): string {
  if (!enis || enis.length === 0) return 'the cloud shows no ENI of its instance';
  const drifted = assessNode({ desired: after, disabled: false, syncPending: false, enis }).driftedEnis;
  const first = enis.find((e) => e.id === drifted[0]);
  if (!first) return 'its ENIs match';
  const more = drifted.length > 1 ? ` (and ${drifted.length - 1} more ENI${drifted.length > 2 ? 's' : ''})` : '';
  const unsure = first.certain ? '' : ` (${first.why})`;
  return `ENI ${first.id} has ${first.groups.join(',') || 'no groups'}, not ${after.join(',')}${more}${unsure}`;
}

export class EniVerifier {
  private readonly vpc: VpcApi;
  private readonly intervalMs: number;
  private readonly waiters = new Set<Waiter>();
  private running = false;

  constructor(vpc: VpcApi, intervalMs = VERIFY_INTERVAL_MS) {
    this.vpc = vpc;
    this.intervalMs = intervalMs;
  }

  /**
   * Resolves (never rejects) once the ENIs match, the deadline (a performance.now() time)
   * passes, or the cloud fails. `orNoGroups`: ipamd may read the policy as no groups
   * (cluster-policy.ts emptyListDisputed); `settledFrom`: see Waiter; `signal`: ends the wait
   * at once, as not verified.
   */
  verify(instanceId: string, after: readonly string[], deadline: number, o: { orNoGroups?: boolean; settledFrom?: number; signal?: AbortSignal } = {}): Promise<VerifyOutcome> {
    return new Promise((resolve) => {
      const w: Waiter = { instanceId, after: [...after], orNoGroups: o.orNoGroups ?? false, settledFrom: o.settledFrom, deadline, last: undefined, resolve };
      if (o.signal?.aborted) return resolve({ ok: false, cloudError: false, detail: 'not waited for: the run was stopped', enis: undefined });
      o.signal?.addEventListener('abort', () => this.waiters.has(w) && this.settle(w, { ok: false, cloudError: false, detail: 'the run was stopped', enis: w.last }), { once: true });
      this.waiters.add(w);
      if (!this.running) void this.loop();
    });
  }

  /** No wait ends later than `latest` (the run is stopping). */
  limitDeadlines(latest: number): void {
    for (const w of this.waiters) w.deadline = Math.min(w.deadline, latest);
  }

  private settle(w: Waiter, o: VerifyOutcome): void {
    this.waiters.delete(w);
    w.resolve(o);
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (this.waiters.size > 0) {
        const round = [...this.waiters];
        let enis: Awaited<ReturnType<VpcApi['describeEnisByInstances']>>;
        try {
          enis = await this.vpc.describeEnisByInstances([...new Set(round.map((w) => w.instanceId))]);
        } catch (error) {
          const detail = `cannot read the ENIs from the cloud: ${errorMessage(error)}`;
          for (const w of round) this.settle(w, { ok: false, cloudError: true, detail, error });
          continue;
        }
        const byInstance = kindedEnisByInstance(enis);
        const now = performance.now();
        // A list out of ascending order in this round shows the cloud keeps the order bound.
        const shown = orderShown(enis.map((e) => e.groups));
        for (const w of round) {
          w.last = byInstance.get(w.instanceId);
          const settled = w.settledFrom !== undefined && now >= w.settledFrom;
          const assess = (groups: string[]) => (w.last !== undefined && w.last.length > 0 ? assessNode({ desired: groups, disabled: false, syncPending: false, enis: w.last, orderShown: shown || !settled }) : undefined);
          const exact = assess(w.after);
          const none = w.orNoGroups && settled ? assess([]) : undefined;
          if (exact && exact.driftedEnis.length === 0) this.settle(w, { ok: true, enis: w.last!, groups: w.after, orderUnread: exact.orderUnread.length > 0 });
          else if (none && none.driftedEnis.length === 0) this.settle(w, { ok: true, enis: w.last!, groups: [], orderUnread: false });
          else if (now >= w.deadline) this.settle(w, { ok: false, cloudError: false, detail: mismatch(w.last, w.after), enis: w.last });
        }
        if (this.waiters.size > 0) await this.pause();
      }
    } finally {
      this.running = false;
    }
  }

  /**
   * Sleeps until the next round, or less when a deadline falls sooner. A round costs a call per
   * 100 instances: at least 40 ms per call between rounds keeps them near 25 calls/s.
   */
  private pause(): Promise<void> {
    const waiting = [...this.waiters];
    const soonest = Math.min(...waiting.map((w) => w.deadline)) - performance.now();
    const calls = Math.ceil(new Set(waiting.map((w) => w.instanceId)).size / BATCH);
    return new Promise((r) => setTimeout(r, Math.max(0, Math.min(Math.max(this.intervalMs, calls * 40), soonest))));
  }
}
