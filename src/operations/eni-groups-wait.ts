// Verification through the cloud after a change ipamd carries out: poll the nodes' ENIs
// (DescribeNetworkInterfaces, batched across nodes, 100 instances per call) until every
// secondary ENI of each node carries exactly its target groups, in order (order is priority),
// or the time is up. Only nodes still pending are asked again. The pause between polls keeps
// our reads to a fraction of the account's DescribeNetworkInterfaces budget, which ipamd's own
// node syncs share.
import { assessNode } from '../domain/node-state.ts';
import { BATCH, type VpcApi } from '../adapters/tencent/vpc.ts';

export interface GroupTarget {
  node: string;
  instanceId: string;
  groups: readonly string[];
}

export interface EniSeen {
  id: string;
  groups: string[];
  inSync: boolean;
}

export interface TargetOutcome {
  /** Every secondary ENI carries the target (vacuously true for a node without one). */
  converged: boolean;
  /** Secondary ENIs as last seen. */
  enis: EniSeen[];
}

export interface WaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  pollMs?: number;
  /** After every poll: how many targets have converged so far. */
  onPoll?: (converged: number, total: number) => void;
}

/**
 * Between polls: a second, or 40 ms per call a poll costs (a call covers 100 instances), so that
 * even 5,000 nodes are polled at about 25 calls/s, a quarter of DescribeNetworkInterfaces' 100/s.
 */
const pollPause = (instances: number) => Math.max(1000, Math.ceil(instances / BATCH) * 40);

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Per node, the last state seen; stops early when every node converged or the signal aborts. */
export async function waitForEniGroups(vpc: VpcApi, targets: readonly GroupTarget[], o: WaitOptions): Promise<Map<string, TargetOutcome>> {
  const outcomes = new Map<string, TargetOutcome>(targets.map((t) => [t.node, { converged: false, enis: [] }]));
  let pending = [...targets];
  const deadline = Date.now() + o.timeoutMs;
  while (pending.length > 0) {
    const enis = await vpc.describeEnisByInstances(pending.map((t) => t.instanceId));
    const byInstance = new Map<string, typeof enis>();
    for (const e of enis) if (e.instanceId) byInstance.set(e.instanceId, [...(byInstance.get(e.instanceId) ?? []), e]);
    pending = pending.filter((t) => {
      const own = (byInstance.get(t.instanceId) ?? []).map((e) => ({ id: e.id, primary: e.primary, groups: e.groups }));
      const { driftedEnis } = assessNode({ desired: t.groups, disabled: false, syncPending: false, enis: own });
      const seen = own.filter((e) => !e.primary).map((e) => ({ id: e.id, groups: e.groups, inSync: !driftedEnis.includes(e.id) }));
      const converged = driftedEnis.length === 0;
      outcomes.set(t.node, { converged, enis: seen });
      return !converged;
    });
    o.onPoll?.(targets.length - pending.length, targets.length);
    const left = deadline - Date.now();
    if (pending.length === 0 || left <= 0 || o.signal?.aborted) break;
    await pause(Math.min(o.pollMs ?? pollPause(pending.length), left), o.signal);
    if (o.signal?.aborted) break;
  }
  return outcomes;
}
