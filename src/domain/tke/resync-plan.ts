// The plan of a resync, decided from facts before anything is written: the method this ipamd
// offers, and per node the groups now (its NodeENIConfig) and after (the cluster policy), what
// will be done or why the node is skipped, and the warnings a person must read first.
//
// What a resync does (domain.md, seeds 001): ipamd derives the node's groups again from the
// cluster policy — the global list, or the primary ENI's groups without one — so groups set on
// a node's NEC by hand are replaced. The toggle (`disable-node-eni-security-groups` "yes", a
// pause, "no") unbinds every group from the node's secondary ENIs meanwhile; need-sync
// (ipamd v3.5.8+) rebinds without that gap.
import { BadInputError } from '../bad-input.ts';
import { emptyListDisputed, EMPTY_LIST_READINGS_TEXT, policyGroupsForNode, sameGroups, type ClusterPolicy } from '../cluster-policy.ts';
import { formatDuration } from '../duration.ts';
import { seeSource } from '../finding-sources.ts';
import { capabilitiesOf, formatVersion, parseIpamdVersion, type ResyncMethod } from './ipamd-version.ts';
import { plural } from '../plural.ts';

export const METHOD_CHOICES = ['auto', 'need-sync', 'toggle'] as const;
export type MethodChoice = (typeof METHOD_CHOICES)[number];

/**
 * The documents give 2-5 s between "yes" and "no" (domain.md). The pause only has to let ipamd
 * see "yes" (it reacts to the annotation's change), while every second of it is a second the
 * node's pods have no groups. So the shortest documented pause, which also keeps each node's
 * unbound window under the runbook's `annotate yes; sleep 3; annotate no`.
 */
export const DOCUMENTED_PAUSE_MS = { min: 2000, max: 5000 } as const;
export const DEFAULT_TOGGLE_WAIT_MS = DOCUMENTED_PAUSE_MS.min;
/** Per node, from its first write to its verified groups: ipamd reacts in seconds, so minutes mean it is stuck. */
export const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Nodes in flight by default. The writes of a resync are ipamd's, not ours: Associate and
 * Disassociate are limited to 20 requests/s per account, and ipamd budgets about 50 calls/s
 * for the cluster. A toggle costs ipamd at most one Disassociate and one Associate per node
 * per cycle of at least the 2 s pause, so 40 toggling nodes stay within 20/s per action even if
 * ipamd sent one call per node (it batches, so it sends fewer), and it bounds how many nodes are
 * without groups at once. need-sync unbinds nothing and writes only where groups differ, so
 * more nodes may be in flight: 100, one verification batch (our own reads are
 * DescribeNetworkInterfaces of all nodes in flight together, 100 instances per call, limit 100/s).
 */
export function defaultConcurrency(method: ResyncMethod): number {
  return method === 'toggle' ? 40 : 100;
}

/** The cluster cannot be resynced at all (no feature, unknown version): an environment failure, exit 1. */
export class NotResyncableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotResyncableError';
  }
}

/** The method asked for does not exist on this ipamd: the command line is wrong, exit 2. */
export class MethodUnavailableError extends BadInputError {}

/** A node named on the command line that no resync can reach: exit 2, naming it. */
export class NodeNotResyncableError extends BadInputError {}

/** The method to use on this ipamd; throws when there is none, or when the one asked for is missing. */
export function resyncMethodFor(ipamdTag: string | undefined, asked: MethodChoice): ResyncMethod {
  const v = ipamdTag ? parseIpamdVersion(ipamdTag) : undefined;
  if (!v) throw new NotResyncableError(`cannot tell the ipamd version from its image tag "${ipamdTag ?? ''}" (expected e.g. v3.5.8), so not how to resync: kubectl sg doctor shows what was found`);
  const caps = capabilitiesOf(v);
  if (!caps.securityGroups) {
    throw new NotResyncableError(`ipamd ${formatVersion(v)} has no security-group feature (it came in v3.2.0): there is nothing to resync; upgrade tke-eni-ipamd first (kubectl sg doctor says how)${seeSource('refuse-no-security-group-feature')}`);
  }
  if (asked === 'auto') return caps.resyncMethods[0]!;
  if (!caps.resyncMethods.includes(asked)) {
    throw new MethodUnavailableError(`--method ${asked} needs ipamd v3.5.8 or later and this cluster runs ${formatVersion(v)}: use --method toggle (or auto), which unbinds each node's groups for the toggle wait${seeSource('refuse-need-sync-version')}`);
  }
  return asked;
}

/** Feature off: ipamd binds nothing, so a resync would change nothing and verify nothing. */
export function checkFeatureOn(policy: ClusterPolicy, place: string | undefined): void {
  if (!policy.enabled) {
    throw new NotResyncableError(`the security-group feature is off (${place ? `read from ${place}` : 'set nowhere'}): ipamd binds no groups, so there is nothing to resync; turn it on first (kubectl sg doctor prints how)`);
  }
}

/** What is known of one node before the plan. */
export interface ResyncNodeFacts {
  name: string;
  instanceId: string | undefined;
  hasNec: boolean;
  /** NEC spec.securityGroups, in priority order. */
  necGroups: string[];
  /** The primary ENI's groups; undefined when the cloud has no ENI of the instance. */
  primaryGroups: string[] | undefined;
  /** Secondary ENIs whose groups differ from the NEC. */
  driftedEnis: string[];
  /** Some ENI carries the NEC's groups in an order that cannot be read back (group-order.ts). */
  orderUnread: boolean;
  /** The node annotations as found; undefined when absent. */
  disable: string | undefined;
  needSync: string | undefined;
  /** The run ID of a resync marker the node already carries. */
  markedBy: string | undefined;
  /** Named on the command line, rather than found by -l, --all or --drifted. */
  named: boolean;
}

/** toggle: "yes", pause, "no"; need-sync: the annotation; enable: "no" only (the node was disabled before the run). */
export type NodeAction = 'toggle' | 'need-sync' | 'enable' | 'skip';

export interface PlannedNode {
  name: string;
  instanceId: string | undefined;
  /** The NEC's groups now. */
  now: string[];
  /** The cluster policy's groups for this node: what every secondary ENI must carry afterwards. */
  after: string[];
  /**
   * `after` are the primary ENI's groups under a disputed empty list (cluster-policy.ts
   * emptyListDisputed): ipamd may bind no groups instead, and verification accepts that too.
   */
  orNoGroups: boolean;
  action: NodeAction;
  /** How ipamd is asked to resync it (recorded in the marker); undefined when skipped. */
  method: ResyncMethod | undefined;
  /** The annotations as found, for the marker. */
  found: { disable: string | null; needSync: string | null };
  /** Why the node is left alone. */
  skip: string | undefined;
  /** A few words each, for the table. */
  notes: string[];
  /** Loud, one line each: what the resync takes away from this node. */
  warnings: string[];
}

export interface ResyncPlan {
  method: ResyncMethod;
  ipamdVersion: string;
  policy: ClusterPolicy;
  concurrency: number;
  toggleWaitMs: number;
  timeoutMs: number;
  nodes: PlannedNode[];
  /** Every warning of the run: the nodes' and the method's. */
  warnings: string[];
}

const list = (groups: readonly string[]) => (groups.length > 0 ? groups.join(',') : '(none)');

function skipReason(f: ResyncNodeFacts, after: string[] | undefined, orNoGroups: boolean, force: boolean): string | undefined {
  if (f.markedBy) return `part of resync run ${f.markedBy}, not finished: kubectl sg resync --resume ${f.markedBy}`;
  if (!f.instanceId) {
    const why = `node "${f.name}" has no CVM instance ID (label cloud.tencent.com/node-instance-id or a qcloud:// providerID), so ipamd does not manage it and it has no NodeENIConfig to resync`;
    if (f.named) throw new NodeNotResyncableError(why);
    return 'no CVM instance: ipamd does not manage it';
  }
  if (!f.hasNec) {
    const why = `node "${f.name}" has no NodeENIConfig: ipamd has not configured it, so there is nothing to resync (kubectl sg doctor, check nec-per-node, says why)`;
    if (f.named) throw new NodeNotResyncableError(why);
    return 'no NodeENIConfig: ipamd has not configured it';
  }
  if (!after) return `instance ${f.instanceId} has no ENI in this region (wrong --region?)`;
  if (after.length === 0) return 'the cluster policy gives it no groups (no global list, and its primary ENI has none): a resync would leave its pods without any';
  if (f.disable === 'yes' && !f.named) return 'disabled (disable-node-eni-security-groups=yes) before this run: name it to resync and enable it';
  // Groups whose order cannot be read back count as in sync (show node says so), unless the node is named.
  if (!force && (isInSync(f, after) || (orNoGroups && isInSync(f, []))) && !(f.orderUnread && f.named)) return IN_SYNC;
  return undefined;
}

/** The skip reason of a node a resync would not change; a contract of the plan's JSON (docs/changing-groups.md). */
export const IN_SYNC = 'in sync';

/**
 * Nothing a resync would change: the NEC already lists the policy's groups and every secondary
 * ENI carries exactly them, in order. Resyncing it anyway costs the toggle's seconds without
 * groups (need-sync costs only ipamd's calls), so it is skipped unless --force.
 */
function isInSync(f: ResyncNodeFacts, after: readonly string[]): boolean {
  return f.disable !== 'yes' && f.driftedEnis.length === 0 && sameGroups(f.necGroups, after);
}

/**
 * `force`: resync nodes that are in sync too. `disputed`: the policy's empty list may mean no
 * groups (emptyListDisputed); a node with none on its NEC and ENIs is then in sync too.
 */
export function planNode(f: ResyncNodeFacts, method: ResyncMethod, policy: ClusterPolicy, force: boolean, disputed = false): PlannedNode {
  // Without the instance's ENIs there is nothing to verify, whatever the policy says.
  const after = f.primaryGroups === undefined ? undefined : policyGroupsForNode(policy, f.primaryGroups);
  const orNoGroups = disputed && after !== undefined && after.length > 0;
  const base = {
    name: f.name,
    instanceId: f.instanceId,
    now: [...f.necGroups],
    after: after ?? [],
    orNoGroups,
    found: { disable: f.disable ?? null, needSync: f.needSync ?? null },
  };
  const skip = skipReason(f, after, orNoGroups, force);
  if (skip) return { ...base, action: 'skip', method: undefined, skip, notes: [], warnings: [] };

  const disabled = f.disable === 'yes';
  const notes: string[] = [];
  const warnings: string[] = [];
  if (disabled) {
    notes.push('disabled now: gets groups');
    warnings.push(`${f.name} was disabled before this run (disable-node-eni-security-groups=yes): its pods have NO security groups now; the resync sets "no" and ipamd binds ${list(base.after)}`);
  }
  if (f.necGroups.length > 0 && !sameGroups(f.necGroups, base.after)) {
    notes.push('custom groups replaced');
    warnings.push(`${f.name}: its NodeENIConfig lists ${list(f.necGroups)}, not the cluster policy's ${list(base.after)} (set by hand, or under an older global list): the resync REPLACES them${orNoGroups ? ' (with those, or with no groups at all: see below)' : ''} and those groups are lost`);
  }
  if (f.driftedEnis.length > 0) notes.push(`drifted (${plural(f.driftedEnis.length, 'ENI')})`);
  if (f.needSync === 'true') notes.push('sync pending');
  if (f.orderUnread) notes.push('order unreadable');
  // A disabled node is the second half of a toggle away from its groups, whatever the method.
  const action: NodeAction = disabled ? 'enable' : method;
  return { ...base, action, method: disabled ? 'toggle' : method, skip: undefined, notes, warnings };
}

export interface PlanInput {
  method: ResyncMethod;
  ipamdVersion: string;
  policy: ClusterPolicy;
  nodes: readonly ResyncNodeFacts[];
  concurrency: number;
  toggleWaitMs: number;
  timeoutMs: number;
  /** Resync nodes that are in sync too (--force). */
  force: boolean;
}

export function planResync(i: PlanInput): ResyncPlan {
  const disputed = emptyListDisputed(i.policy, i.ipamdVersion);
  const nodes = i.nodes.map((f) => planNode(f, i.method, i.policy, i.force, disputed));
  const toggled = nodes.filter((n) => n.action === 'toggle').length;
  const warnings = nodes.flatMap((n) => n.warnings);
  if (nodes.some((n) => n.action !== 'skip' && n.orNoGroups)) {
    warnings.push(
      `with the feature on and no global list, ipamd gives each resynced node its primary ENI's groups or NO groups at all: ${EMPTY_LIST_READINGS_TEXT} ` +
        'until it has resynced a node, and accepts either; a global list (kubectl sg set cluster --enable --groups ...) removes the doubt',
    );
  }
  if (toggled > 0) {
    const v = parseIpamdVersion(i.ipamdVersion);
    const better = v && capabilitiesOf(v).resyncMethods.includes('need-sync') ? '--method need-sync resyncs without that gap on this ipamd' : 'ipamd v3.5.8+ resyncs without that gap (need-sync)';
    warnings.push(
      `the toggle unbinds EVERY group from each node's secondary ENIs for about ${formatDuration(i.toggleWaitMs)}: pod traffic on ${toggled === 1 ? 'the node' : `${toggled} nodes`} is interrupted meanwhile, ${Math.min(i.concurrency, toggled)} at a time; ${better}`,
    );
  }
  return { method: i.method, ipamdVersion: i.ipamdVersion, policy: i.policy, concurrency: i.concurrency, toggleWaitMs: i.toggleWaitMs, timeoutMs: i.timeoutMs, nodes, warnings };
}
