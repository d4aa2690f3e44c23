// `set node`: edit the NodeENIConfig `spec.securityGroups` of the chosen nodes, then check in
// the cloud that ipamd carried the new lists out.
//
// prepare: every check before any write — the nodes exist and have a NEC, ipamd has the
//   feature and it is on (otherwise a NEC edit does nothing), the cloud is reachable (the IDs
//   must be checked and the ENIs verified), each new list is valid (group-edit), every ID
//   exists in the region and each list fits on an ENI, and the user may update NECs. The
//   result is the plan, which the presentation shows and confirms.
// apply: each NEC is written with the resourceVersion it was read with, so a concurrent edit is
//   a 409, never a lost update. Then the NEC is read again: --add/--remove are re-applied to the
//   list as it is now; a whole new list (--groups) fails that node if its list changed since the
//   plan, rather than overwrite someone else's change.
// verify: every secondary ENI of each written node carries exactly the new list, in order,
//   polled until the timeout (eni-verifier.ts).
import { applyGroupEdit, describeEdit, type GroupEdit } from '../../domain/tke/group-edit.ts';
import { planSetNode, type PlannedNode, type SetNodePlan } from '../../domain/tke/set-node-plan.ts';
import { checkGroupCount } from '../../domain/tke/group-limit.ts';
import { sameGroups } from '../../domain/cluster-policy.ts';
import { assessNode, type EniGroups } from '../../domain/tke/node-state.ts';
import { countsAsShared } from '../../domain/tke/eni-kind.ts';
import { formatDuration } from '../../domain/duration.ts';
import { BadInputError } from '../../domain/bad-input.ts';
import { seeSource } from '../../domain/finding-sources.ts';
import { KubeApiError, type KubeClient } from '../../adapters/kube/kube-client.ts';
import { getNec, NEC_GROUP, replaceNec, type NodeEniConfig } from '../../adapters/kube/tke/objects.ts';
import { CloudError, type ResolvedRegion, type VpcApi } from '../../adapters/tencent/index.ts';
import type { AccessAttributes } from '../../adapters/kube/access-review.ts';
import { readClusterSetting, type ClusterSetting } from './cluster-setting.ts';
import { NotVpcCniError, PLACE_NAMES } from './cluster-report.ts';
import { checkGroupListsInCloud } from './group-check.ts';
import { readNodeReports } from './node-report.ts';
import { TkeAddonReader } from './addon.ts';
import { requireAccess } from '../write-access.ts';
import { EniVerifier, SETTLE_MS } from './eni-verifier.ts';
import { errorMessage } from '../../domain/error-message.ts';
import { type CloudOpener, regionHintsOf } from '../cloud-access.ts';
import { selectNodes } from '../node-selection.ts';
import { recordNecChanges } from '../change-recording.ts';

/** The cluster cannot take the edit (no feature, feature off, no cloud): exit 1. */
export class SetNodeUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetNodeUnavailableError';
  }
}

export class NoNodeSelectedError extends BadInputError {}
export class NecMissingError extends BadInputError {}
export class UnknownRegionError extends BadInputError {}
export class CloudDisabledError extends BadInputError {}

export interface SetNodeRequest {
  names?: string[];
  selector?: string;
  edit: GroupEdit;
  clusterIdFlag?: string;
  /** True: write access is asked for here (the TUI); the command line asks it on its plan path (setNodeAccess). */
  forWrite: boolean;
}

/** The RBAC a plan's writes need: the NEC of every node that changes. */
export const setNodeAccess = (plan: SetNodePlan): AccessAttributes[] =>
  plan.items.some((i) => i.changed) ? [{ verb: 'update', group: NEC_GROUP, resource: 'nodeeniconfigs' }] : [];

interface NodeTarget {
  nec: NodeEniConfig;
  instanceId: string | undefined;
}

export interface PreparedSetNode {
  plan: SetNodePlan;
  region: ResolvedRegion | undefined;
  readonly kube: KubeClient;
  readonly vpc: VpcApi;
  readonly targets: ReadonlyMap<string, NodeTarget>;
}

/** A region the API does not serve is the user's to fix (--region or TENCENTCLOUD_REGION), not a cloud failure. */
async function inRegion<T>(work: Promise<T>, region: ResolvedRegion | undefined): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof CloudError && err.code === 'UnsupportedRegion') {
      throw new UnknownRegionError(`region ${region?.region ?? '(none)'} (from ${region?.from ?? 'nowhere'}) is not a Tencent Cloud region the API serves: pass --region with the cluster's region, e.g. ap-guangzhou`);
    }
    throw err;
  }
}

/** A NEC edit does something only when ipamd has the feature and it is on. */
function requireFeature(setting: ClusterSetting, context: string): { version: string; strongSync: boolean } {
  if (!setting.ipamd) throw new NotVpcCniError(context);
  const caps = setting.capabilities;
  if (!setting.version || !caps) {
    throw new SetNodeUnavailableError(`${setting.problems[0] ?? 'cannot tell the ipamd version'}: set node needs it to know what ipamd does with a NEC edit`);
  }
  if (!caps.securityGroups) {
    throw new SetNodeUnavailableError(`ipamd ${setting.version} has no security-group feature (it came with v3.2.0), so a NEC edit would do nothing: upgrade the eniipamd addon first${seeSource('refuse-no-security-group-feature')}`);
  }
  if (!setting.policy.enabled) {
    const where = setting.place ? PLACE_NAMES[setting.place] : 'no setting found';
    const typo = setting.nearMisses[0];
    throw new SetNodeUnavailableError(
      `the security-group feature is off (${where}), so ipamd ignores the NEC's groups and this edit would do nothing: ` +
        (typo ? `ipamd's args have ${typo.written}, which ipamd ignores (did you mean ${typo.meant}?); ` : '') +
        'turn it on first (kubectl sg set cluster --enable)',
    );
  }
  return { version: setting.version, strongSync: caps.strongSync };
}

/** Names or a selector, never both and never neither: an empty choice must not mean "every node". */
function nodeQuery(req: SetNodeRequest): { names?: string[]; selector?: string } {
  const names = [...new Set(req.names ?? [])];
  if (req.selector !== undefined && names.length > 0) {
    throw new NoNodeSelectedError(`name nodes or give a selector, not both (names ${names.join(' ')} and -l ${req.selector})`);
  }
  if (req.selector !== undefined) {
    if (req.selector.trim() === '') throw new NoNodeSelectedError('-l is empty: give a label selector such as pool=web (an empty one would select every node)');
    return { selector: req.selector };
  }
  if (names.length === 0) throw new NoNodeSelectedError('name the nodes to change: kubectl sg set node NAME... or -l SELECTOR');
  return { names };
}

export async function prepareSetNode(kube: KubeClient, openCloud: CloudOpener, req: SetNodeRequest): Promise<PreparedSetNode> {
  const query = nodeQuery(req);
  const nodes = await selectNodes(kube, query);
  if (nodes.length === 0) {
    throw new NoNodeSelectedError(`selector "${query.selector}" matches no node: kubectl get nodes -l '${query.selector}' shows what it selects`);
  }

  const session = await openCloud(regionHintsOf(nodes));
  if (!session.cloud) {
    if (session.missing === '--no-cloud') {
      throw new CloudDisabledError('set node cannot run with --no-cloud: it checks the groups in Tencent Cloud before writing and verifies the ENIs there after');
    }
    throw new SetNodeUnavailableError(
      `${session.missing ?? 'no Tencent Cloud access'}: set node checks the groups in Tencent Cloud before writing and verifies the ENIs there after; ` +
        'provide credentials (TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, a profile, or a CVM role) and a region (--region); kubectl sg doctor shows what is found',
    );
  }
  const cloud = session.cloud;
  const addon = new TkeAddonReader({ clusterIdFlag: req.clusterIdFlag, server: kube.target.server, cloud: async () => session });
  const setting = await readClusterSetting(kube, addon);
  const ipamd = requireFeature(setting, kube.target.contextName);

  const reports = await inRegion(readNodeReports(kube, nodes, setting.policy, cloud.vpc), session.region);
  const withoutNec = reports.filter((r) => !r.nec);
  if (withoutNec.length > 0) {
    const list = withoutNec.map((r) => `"${r.name}"`).join(', ');
    throw new NecMissingError(
      `${withoutNec.length === 1 ? `node ${list} has` : `nodes ${list} have`} no NodeENIConfig (nec), so there is no list to edit: ipamd has not set ${withoutNec.length === 1 ? 'it' : 'them'} up (not a VPC-CNI node?); kubectl get nec lists the nodes that have one`,
    );
  }

  const plan = planSetNode(
    req.edit,
    reports.map((r) => ({ name: r.name, before: r.desiredGroups, disabled: r.disabled, syncPending: r.syncPending, enis: r.enis })),
    ipamd,
  );
  const changed = plan.items.filter((i) => i.changed);
  const lists = changed.map((i) => ({ groups: i.after, what: `the new list of node ${i.name}` }));
  // The IDs typed are checked even where they change nothing: a typo is named, not ignored.
  if (req.edit.kind !== 'remove') lists.push({ groups: req.edit.groups, what: req.edit.kind === 'add' ? '--add' : '--groups' });
  await inRegion(checkGroupListsInCloud(cloud.vpc, lists, cloud.clients.region), session.region);

  if (req.forWrite) await requireAccess(kube, setNodeAccess(plan));
  return {
    plan,
    region: session.region,
    kube,
    vpc: cloud.vpc,
    targets: new Map(reports.map((r) => [r.name, { nec: r.nec!, instanceId: r.instanceId }])),
  };
}

export type NodeResult = 'ok' | 'failed' | 'unchanged' | 'not-verified';

export interface EniSeen {
  id: string;
  groups: string[];
  inSync: boolean;
}

/** ipamd's shared ENIs (eni-kind.ts), each marked with whether it carries `after` exactly. */
function enisSeen(enis: readonly EniGroups[], after: readonly string[]): EniSeen[] {
  const { driftedEnis } = assessNode({ desired: after, disabled: false, syncPending: false, enis });
  return enis.filter(countsAsShared).map((e) => ({ id: e.id, groups: e.groups, inSync: !driftedEnis.includes(e.id) }));
}

export interface NodeOutcome {
  name: string;
  before: string[];
  /** What the NEC holds now: the plan's list, or the edit re-applied after a concurrent change. */
  after: string[];
  result: NodeResult;
  /** Secondary ENIs as last seen; undefined when not verified. */
  enis: EniSeen[] | undefined;
  /** One line: what happened, or why not. */
  detail: string;
}

export interface SetNodeRun {
  outcomes: NodeOutcome[];
  interrupted: boolean;
}

export interface ApplyOptions {
  signal: AbortSignal;
  /** false: --no-wait, the ENIs are not verified. */
  wait: boolean;
  timeoutMs: number;
  onProgress?: (phase: 'writing' | 'verifying', done: number, total: number) => void;
}

/** NEC writes in flight at once: the Kubernetes client keeps at most 32 connections. */
const WRITE_CONCURRENCY = 16;
/** Conflicts in a row on one NEC before giving up on it (each one means someone else wrote it meanwhile). */
const MAX_CONFLICTS = 5;

type Written = { kind: 'written'; after: string[]; note?: string } | { kind: 'unchanged'; after: string[]; note: string } | { kind: 'failed'; detail: string };

const list = (groups: readonly string[]) => groups.join(',') || 'no group';

/** One node's NEC, written under its resourceVersion; conflicts resolved as the module header says. */
async function writeNode(p: PreparedSetNode, item: PlannedNode): Promise<Written> {
  const { kube, plan } = p;
  const edit = plan.edit;
  let nec = p.targets.get(item.name)!.nec;
  let base = item.before;
  let after = item.after;
  let note: string | undefined;
  for (let conflicts = 0; ; ) {
    try {
      await replaceNec(kube, { ...nec, spec: { ...nec.spec, securityGroups: after } });
      return { kind: 'written', after, note };
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) return { kind: 'failed', detail: 'not written: its NodeENIConfig was deleted since the plan' };
      if (!(err instanceof KubeApiError && err.status === 409)) return { kind: 'failed', detail: `not written: ${errorMessage(err)}` };
      if (++conflicts >= MAX_CONFLICTS) return { kind: 'failed', detail: `not written: its NodeENIConfig changed ${conflicts} times while writing; run the command again` };
    }
    try {
      nec = await getNec(kube, item.name);
    } catch (err) {
      return { kind: 'failed', detail: `not written: cannot read its NodeENIConfig again after a conflict: ${errorMessage(err)}` };
    }
    const now = nec.spec?.securityGroups ?? [];
    if (sameGroups(now, after)) return { kind: 'written', after, note: 'someone else wrote the same list meanwhile' };
    if (sameGroups(now, base)) continue; // another field changed: the same list, under the new resourceVersion
    if (edit.kind === 'replace') {
      return {
        kind: 'failed',
        detail: `not written: someone else changed its list since the plan (plan: ${list(item.before)}; now: ${list(now)}); nothing was overwritten: run the command again to see the new plan`,
      };
    }
    try {
      const edited = applyGroupEdit(edit, now, item.name, { missing: 'skip' });
      if (!edited.changed) return { kind: 'unchanged', after: now, note: `its list changed since the plan, to ${list(now)}, which already has what ${describeEdit(edit)} asks` };
      checkGroupCount(edited.after, (await p.vpc.securityGroupLimits()).instanceSecurityGroupLimit, `its list changed since the plan, to ${list(now)}, and with ${describeEdit(edit)} it`);
      after = edited.after;
    } catch (err) {
      return { kind: 'failed', detail: `not written: ${errorMessage(err)}` };
    }
    base = now;
    note = `its list changed since the plan (to ${list(now)}): ${describeEdit(edit)} re-applied to it`;
  }
}

/** Runs `work` over the items, `width` at a time, starting no new one once the signal aborted. */
async function eachLimited<T>(items: readonly T[], width: number, signal: AbortSignal, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal.aborted) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

export async function applySetNode(p: PreparedSetNode, o: ApplyOptions): Promise<SetNodeRun> {
  const items = p.plan.items;
  const version = p.plan.ipamd.version;
  const outcomes = new Map<string, NodeOutcome>();
  const settle = (item: PlannedNode, result: NodeResult, detail: string, after = item.after, enis?: EniSeen[]) =>
    outcomes.set(item.name, { name: item.name, before: item.before, after, result, enis, detail });

  for (const item of items) if (!item.changed) settle(item, 'unchanged', `nothing to write: ${item.notes.join('; ') || 'already this list'}`);

  const toWrite = items.filter((i) => i.changed);
  const written: { item: PlannedNode; after: string[]; note?: string }[] = [];
  const attempted = new Set<string>();
  let done = 0;
  await eachLimited(toWrite, WRITE_CONCURRENCY, o.signal, async (item) => {
    attempted.add(item.name);
    const w = await writeNode(p, item);
    if (w.kind === 'failed') settle(item, 'failed', w.detail);
    else if (w.kind === 'unchanged') settle(item, 'unchanged', w.note, w.after);
    else written.push({ item, after: w.after, note: w.note });
    o.onProgress?.('writing', ++done, toWrite.length);
  });
  for (const item of toWrite) if (!attempted.has(item.name)) settle(item, 'failed', 'not written: interrupted');

  const prefix = (note: string | undefined) => (note ? `${note}; ` : '');
  const verifiable = written.filter(({ item, after, note }) => {
    const instanceId = p.targets.get(item.name)?.instanceId;
    if (item.disabled) settle(item, 'not-verified', `${prefix(note)}disabled: ipamd binds the groups only after the node is re-enabled`, after);
    else if (!instanceId) settle(item, 'not-verified', `${prefix(note)}no instance ID on the node (label or providerID), so its ENIs cannot be found`, after);
    else if (!o.wait) settle(item, 'not-verified', `${prefix(note)}written, not verified (--no-wait): kubectl sg show node ${item.name} shows when its ENIs follow`, after);
    else return true;
    return false;
  });

  if (verifiable.length > 0 && !o.signal.aborted) {
    const verifier = new EniVerifier(p.vpc);
    const deadline = performance.now() + o.timeoutMs;
    // Ctrl-C ends every wait at the next round.
    const stop = () => verifier.limitDeadlines(performance.now());
    o.signal.addEventListener('abort', stop, { once: true });
    let converged = 0;
    const verdicts = await Promise.all(
      verifiable.map(async ({ item, after }) => {
        const v = await verifier.verify(p.targets.get(item.name)!.instanceId!, after, deadline, { settledFrom: performance.now() + SETTLE_MS });
        if (v.ok) o.onProgress?.('verifying', ++converged, verifiable.length);
        return v;
      }),
    );
    o.signal.removeEventListener('abort', stop);
    verifiable.forEach(({ item, after, note }, i) => {
      const v = verdicts[i]!;
      const enis = v.ok ? enisSeen(v.enis, after) : v.cloudError ? undefined : v.enis && enisSeen(v.enis, after);
      if (v.ok) {
        const n = enis!.length;
        const unread = v.orderUnread ? ', listed in ascending ID order: the cloud may list groups sorted, so their priority cannot be read back' : '';
        settle(item, 'ok', `${prefix(note)}${n === 0 ? 'no secondary ENI yet: new ones get this list' : `${n === 1 ? 'its ENI carries' : `all ${n} ENIs carry`} it${unread}`}`, after, enis);
      } else if (o.signal.aborted) {
        settle(item, 'not-verified', `${prefix(note)}interrupted before its ENIs followed`, after, enis);
      } else if (v.cloudError) {
        settle(item, 'failed', `${prefix(note)}written, but ${v.detail}`, after);
      } else {
        const cause =
          item.keptEnis.length > 0
            ? `ipamd ${version} keeps the groups an ENI already has: kubectl sg resync --method toggle rebinds them`
            : 'kubectl sg doctor checks ipamd and its permissions';
        settle(item, 'failed', `${prefix(note)}after ${formatDuration(o.timeoutMs)}, ${v.detail} (${cause})`, after, enis);
      }
    });
  } else {
    for (const { item, after, note } of verifiable) settle(item, 'not-verified', `${prefix(note)}interrupted before its ENIs were verified`, after);
  }
  const run = { outcomes: items.map((i) => outcomes.get(i.name)!), interrupted: o.signal.aborted };
  // The audit trail, once every write is verified (or given up on); it never fails the run.
  await recordNecChanges(p.kube, written.map((w) => outcomes.get(w.item.name)!));
  return run;
}
