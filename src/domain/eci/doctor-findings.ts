// What `kubectl sg doctor` concludes on Alibaba ECI (virtual nodes), as pure functions from facts
// to findings, in the shape and spirit of the TKE ones (tke/doctor-findings.ts): ok / warn / fail,
// one line of why, the exact fix. The rules come from the third seed and domain.md's ECI
// section: virtual kubelet reads kube-system/eci-profile for every new pod, ignores the whole
// profile when it cannot parse it (the last good one stays in force) and writes an Event on it;
// every group of an instance must exist, be in the profile's VPC and share one type.
import { ECI_PROFILE_NAME, ECI_PROFILE_NAMESPACE, type EciProfile } from './profile.ts';
import { ECI_GROUP_ANNOTATION, hasNoSelectors, parseSelectors, selectorGroups } from './selectors.ts';
import { checkEciGroupSet, type GroupFacts } from './group-set.ts';
import { isAlibabaGroupId } from './alibaba-group-id.ts';
import type { ProfileReloadView } from './profile-reload.ts';
import { HOT_UPDATE_VERSION } from './virtual-kubelet-version.ts';
import { plural } from '../plural.ts';
import { ago, agree, finding, notChecked, RECENT_EVENT_MS, someNames, type Finding } from '../doctor-finding.ts';
import type { RbacNeed } from '../rbac-finding.ts';

/** The ECI checks in the order doctor reports them (after the provider check, and TKE's when both run). */
export const ECI_CHECKS = [
  'eci-profile',
  'eci-vpc',
  'eci-vswitches',
  'eci-default-group',
  'eci-selectors',
  'virtual-nodes',
  'eci-profile-reload',
  'eci-credentials',
  'eci-region',
  'rbac-eci-show',
  'rbac-eci-set-cluster',
  'rbac-eci-set-workload',
] as const;
export type EciCheckName = (typeof ECI_CHECKS)[number];

const NS = ECI_PROFILE_NAMESPACE;
const PROFILE = `${NS}/${ECI_PROFILE_NAME}`;
const EDIT = `kubectl -n ${NS} edit configmap ${ECI_PROFILE_NAME}`;
const ADDON = 'ACK console > Clusters > <cluster> > Operations > Add-ons > ack-virtual-node';
const GROUPS_CONSOLE = 'ECS console > Network & Security > Security Groups';
const NO_PROFILE = ['no eci-profile', 'see the eci-profile check'] as const;

// ---------------------------------------------------------------------------------------------
// eci-profile: present, parseable, and what virtual kubelet said about it

export interface ProfileEventFacts {
  reason: string;
  message: string;
  count: number;
  last: Date | undefined;
}

export interface ProfileFacts {
  /** undefined: no ConfigMap kube-system/eci-profile. */
  profile: EciProfile | undefined;
  /** Warning Events on the ConfigMap. */
  events: readonly ProfileEventFacts[];
  /** When the ConfigMap was last written (its newest managedFields time), to tell which version an Event is about. */
  changedAt: Date | undefined;
}

export function eciProfileFinding(f: ProfileFacts, now: Date): Finding {
  if (!f.profile) {
    return finding(
      'eci-profile',
      'fail',
      `no ConfigMap ${PROFILE}: virtual kubelet has no default group, VPC or vSwitches for new ECI pods`,
      `install or update the ack-virtual-node add-on, which creates it: ${ADDON}\nthen: kubectl -n ${NS} get configmap ${ECI_PROFILE_NAME} -o yaml`,
    );
  }
  const events = [...f.events].sort((a, b) => (b.last?.getTime() ?? 0) - (a.last?.getTime() ?? 0));
  const details = events.map((e) => `Event ${e.reason}, ${e.count}x, last ${e.last?.toISOString() ?? 'unknown'}: ${e.message}`);
  const latest = events[0];
  const said = latest ? `; virtual kubelet said (${plural(events.reduce((n, e) => n + Math.max(1, e.count), 0), 'Warning Event')}, last ${latest.last ? ago(now.getTime() - latest.last.getTime()) : 'at an unknown time'}): ${latest.message}` : '';
  if (f.profile.problems.length > 0) {
    return finding(
      'eci-profile',
      'fail',
      `${PROFILE} is malformed, so virtual kubelet ignores all of it and keeps the last good profile in force: ${f.profile.problems.join('; ')}${said}`,
      `${EDIT}   # correct: ${f.profile.problems[0]}\nkubectl -n ${NS} get events --field-selector involvedObject.name=${ECI_PROFILE_NAME},type=Warning`,
      [...f.profile.problems, ...details],
    );
  }
  // An Event newer than the last write is about the data as it is now: virtual kubelet rejects
  // something this plugin does not know to check. Older ones are about a version since corrected.
  const current = latest?.last !== undefined && (f.changedAt ? latest.last.getTime() >= f.changedAt.getTime() : now.getTime() - latest.last.getTime() <= RECENT_EVENT_MS);
  const keys = `securityGroupId, vSwitchIds, vpcId, ${plural(f.profile.selectors.length, 'selector')}`;
  if (current) {
    return finding(
      'eci-profile',
      'warn',
      `${PROFILE} parses here, but virtual kubelet complained after its last change, so it may still ignore it${said}`,
      `${EDIT}   # correct what the Event names; then: kubectl -n ${NS} get events --field-selector involvedObject.name=${ECI_PROFILE_NAME},type=Warning`,
      details,
    );
  }
  const history = latest ? ` (${plural(events.length, 'older Warning Event')} about an earlier version: -o wide lists them)` : '';
  return finding('eci-profile', 'ok', `${PROFILE} parses (${keys})${history}`, undefined, details);
}

// ---------------------------------------------------------------------------------------------
// the VPC and vSwitches new instances are created in

const VPC_ID = /^vpc-[0-9a-z]{8,30}$/;
const VSWITCH_ID = /^vsw-[0-9a-z]{8,30}$/;
const VPC_CONSOLE = 'VPC console > VPCs (and vSwitches)';

export function eciVpcFinding(profile: EciProfile | undefined): Finding {
  if (!profile) return notChecked('eci-vpc', ...NO_PROFILE);
  if (!profile.vpcId) {
    return finding('eci-vpc', 'fail', `${PROFILE} has no vpcId: virtual kubelet cannot tell which VPC new ECI pods (and their groups) belong to`, `${EDIT}   # set data.vpcId to the cluster's VPC (vpc-...): ${VPC_CONSOLE}`);
  }
  if (!VPC_ID.test(profile.vpcId)) {
    return finding('eci-vpc', 'fail', `vpcId "${profile.vpcId}" is not a VPC ID (vpc- followed by lowercase letters and digits)`, `${EDIT}   # set data.vpcId to the cluster's VPC: ${VPC_CONSOLE}`);
  }
  return finding('eci-vpc', 'ok', `${profile.vpcId}`);
}

export function eciVSwitchesFinding(profile: EciProfile | undefined): Finding {
  if (!profile) return notChecked('eci-vswitches', ...NO_PROFILE);
  const fix = `${EDIT}   # set data.vSwitchIds to comma-separated vSwitch IDs of ${profile.vpcId ?? 'the VPC'}, one per zone: ${VPC_CONSOLE}`;
  if (profile.vSwitchIds.length === 0) return finding('eci-vswitches', 'fail', `${PROFILE} has no vSwitchIds: virtual kubelet has no subnet to create ECI pods in`, fix);
  const bad = profile.vSwitchIds.filter((v) => !VSWITCH_ID.test(v));
  if (bad.length > 0) return finding('eci-vswitches', 'fail', `${someNames(bad.map((b) => `"${b}"`))} ${agree(bad.length, 'is not a vSwitch ID', 'are not vSwitch IDs')} (vsw- followed by lowercase letters and digits)`, fix, profile.vSwitchIds);
  const twice = profile.vSwitchIds.filter((v, i) => profile.vSwitchIds.indexOf(v) !== i);
  if (twice.length > 0) return finding('eci-vswitches', 'warn', `${someNames([...new Set(twice)])} listed more than once in vSwitchIds`, fix, profile.vSwitchIds);
  const spelling = profile.vSwitchKey === 'vswitchIds' ? ' (read from the older key vswitchIds)' : '';
  return finding('eci-vswitches', 'ok', `${plural(profile.vSwitchIds.length, 'vSwitch', 'vSwitches')}: ${profile.vSwitchIds.join(', ')}${spelling}`);
}

// ---------------------------------------------------------------------------------------------
// the groups the profile names, looked up in the cloud

export interface KnownGroup extends GroupFacts {
  name: string;
}

/** What the cloud said about the profile's groups (the default and every selector's), asked once. */
export type GroupLookupFacts =
  | { kind: 'not-asked'; why: string }
  | { kind: 'error'; message: string }
  | { kind: 'looked-up'; found: readonly KnownGroup[]; missing: readonly string[] };

/** The default group's own rules, for what an advanced group means in practice. */
export interface GroupDetailFacts {
  /** Traffic between instances of the group: ECS's InnerAccessPolicy. */
  innerAccessPolicy: 'accept' | 'drop';
  /** Egress rules that accept something. */
  egressAccepts: number;
}

const describeGroup = (g: KnownGroup) => `${g.id} "${g.name}" (${g.type}, ${g.vpcId})`;

const ADVANCED_MEANS = 'instances in an advanced group are isolated from each other unless a rule allows it, and outbound traffic is denied unless an egress rule allows it';

function notLookedUp(check: string, lookup: Exclude<GroupLookupFacts, { kind: 'looked-up' }>, what: string): Finding {
  if (lookup.kind === 'error') return finding(check, 'warn', `${what}, but could not be looked up: ${lookup.message}`, 'allow ecs:DescribeSecurityGroups for your RAM user (RAM console > Users > <you> > Add Permissions), or see the eci-credentials check');
  return notChecked(check, `${what}; not looked up in the cloud: ${lookup.why}`, 'see the eci-credentials and eci-region checks');
}

export function eciDefaultGroupFinding(profile: EciProfile | undefined, lookup: GroupLookupFacts, detail?: GroupDetailFacts): Finding {
  if (!profile) return notChecked('eci-default-group', ...NO_PROFILE);
  const setIt = (what: string) => `kubectl sg set cluster --provider eci --groups <${what}>   # or: ${EDIT}, data.securityGroupId`;
  const id = profile.securityGroupId;
  if (!id) return finding('eci-default-group', 'fail', `${PROFILE} has no securityGroupId: ECI pods without their own group cannot be created`, setIt(`a group of ${profile.vpcId ?? 'the VPC'}`));
  if (!isAlibabaGroupId(id)) return finding('eci-default-group', 'fail', `securityGroupId "${id}" is not a security group ID (sg- followed by lowercase letters and digits)`, setIt(`a group of ${profile.vpcId ?? 'the VPC'}`));
  if (lookup.kind !== 'looked-up') return notLookedUp('eci-default-group', lookup, `default group ${id}`);
  const g = lookup.found.find((x) => x.id === id);
  if (!g) {
    return finding(
      'eci-default-group',
      'fail',
      `default group ${id} does not exist in this region: virtual kubelet cannot create ECI pods that use it`,
      `${setIt(`an existing group of ${profile.vpcId ?? 'the VPC'}`)}\nor create it: ${GROUPS_CONSOLE} > Create Security Group (VPC ${profile.vpcId ?? '<the cluster VPC>'})`,
    );
  }
  if (profile.vpcId && g.vpcId !== profile.vpcId) {
    return finding(
      'eci-default-group',
      'fail',
      `default group ${describeGroup(g)} is not in the profile's VPC ${profile.vpcId}: ECI refuses to create pods with it`,
      setIt(`a group of ${profile.vpcId}`),
    );
  }
  if (g.type === 'advanced') {
    const egress = detail ? (detail.egressAccepts === 0 ? '; it has no egress rule that accepts anything, so these pods can reach nothing' : `; it has ${plural(detail.egressAccepts, 'egress rule')} accepting traffic`) : '';
    return finding(
      'eci-default-group',
      'warn',
      `default group ${describeGroup(g)} is advanced: ${ADVANCED_MEANS}${egress}`,
      `allow what the pods need: ${GROUPS_CONSOLE} > ${g.id} > Manage Rules (Outbound, and Inbound from the pods' vSwitch CIDRs)\nor make a basic group the default: ${setIt(`a basic group of ${g.vpcId}`)}`,
    );
  }
  const inner = detail?.innerAccessPolicy === 'drop' ? 'its internal access policy is Drop: its pods do not reach each other unless a rule allows it' : 'its pods reach each other by default';
  return finding('eci-default-group', 'ok', `${describeGroup(g)}: ${inner}`);
}

// ---------------------------------------------------------------------------------------------
// selectors: parse, and each group an effect sets

/** `selectorsText` is the profile's raw `selectors` value, so its own problems are told apart from other keys'. */
export function eciSelectorsFinding(profile: EciProfile | undefined, selectorsText: string | undefined, lookup: GroupLookupFacts): Finding {
  if (!profile) return notChecked('eci-selectors', ...NO_PROFILE);
  const parsed = parseSelectors(selectorsText);
  const edit = (what: string) => `${EDIT}   # data.selectors: ${what}`;
  if (parsed.problems.length > 0) {
    return finding('eci-selectors', 'fail', `selectors do not parse, so virtual kubelet ignores the whole profile: ${parsed.problems.join('; ')}`, edit(parsed.problems[0]!), parsed.problems);
  }
  if (parsed.selectors.length === 0) return finding('eci-selectors', 'ok', 'no selectors: a pod without its own group annotation gets the default group');
  const withGroups = parsed.selectors.flatMap((s) => {
    const groups = selectorGroups(s);
    return groups === undefined ? [] : [{ name: s.name, groups }];
  });
  const order = parsed.selectors.map((s) => {
    const groups = selectorGroups(s);
    return `${s.name}${groups ? ` -> ${groups.join(',') || '(none)'}` : ' (sets no group)'}`;
  });
  const problems = withGroups.flatMap(({ name, groups }) => {
    const malformed = groups.filter((id) => !isAlibabaGroupId(id)).map((id) => `selector "${name}": "${id}" is not a security group ID`);
    const wellFormed = groups.filter(isAlibabaGroupId);
    // Without the cloud, only what needs no lookup: how many, and duplicates.
    const set = wellFormed.length === 0 && malformed.length > 0 ? [] : lookup.kind === 'looked-up' ? checkEciGroupSet(wellFormed, lookup.found, profile.vpcId) : checkEciGroupSet(wellFormed, [], undefined).filter((p) => p.rule === 'count' || p.rule === 'duplicate');
    return [...malformed, ...set.map((p) => `selector "${name}": ${p.message}`)];
  });
  if (problems.length > 0) {
    return finding(
      'eci-selectors',
      'fail',
      `${plural(problems.length, 'problem')} with the groups selectors set, so ECI refuses the pods they match: ${problems.join('; ')}`,
      edit(`in each selector's effect.annotations["${ECI_GROUP_ANNOTATION}"], name 1 to 5 existing groups of ${profile.vpcId ?? 'the VPC'}, all basic or all advanced`),
      [...problems, ...order],
    );
  }
  const summary = `${plural(parsed.selectors.length, 'selector')} parse, tried in order: ${order.join('; ')}`;
  // Undocumented: every pod or none (docs/assumptions.md). Said plainly rather than guessed.
  const empty = withGroups.filter(({ name }) => hasNoSelectors(parsed.selectors.find((s) => s.name === name)!)).map(({ name }) => `"${name}"`);
  if (empty.length > 0) {
    return finding(
      'eci-selectors',
      'warn',
      `selector ${empty.join(', ')} names no namespaceSelector or objectSelector, and whether ECI applies such a selector to every pod or to none is not documented (kubectl sg show pod tells, pod by pod, from its instance); ${summary}`,
      edit(`give ${empty.join(', ')} a namespaceSelector or objectSelector that says which pods it is for`),
      order,
    );
  }
  if (withGroups.length > 0 && lookup.kind !== 'looked-up') return notLookedUp('eci-selectors', lookup, summary);
  return finding('eci-selectors', 'ok', summary, undefined, order);
}

// ---------------------------------------------------------------------------------------------
// virtual nodes

export interface VirtualNodeFacts {
  name: string;
  ready: boolean;
  /** The Ready condition's reason or message, when not ready. */
  why?: string;
}

export function virtualNodesFinding(nodes: readonly VirtualNodeFacts[]): Finding {
  if (nodes.length === 0) {
    return finding('virtual-nodes', 'fail', 'no virtual-kubelet node (label type=virtual-kubelet): nothing schedules pods onto ECI', `install the ack-virtual-node add-on: ${ADDON}\nthen: kubectl get nodes -l type=virtual-kubelet`);
  }
  const notReady = nodes.filter((n) => !n.ready);
  const details = nodes.map((n) => `${n.name}: ${n.ready ? 'Ready' : `not Ready${n.why ? ` (${n.why})` : ''}`}`);
  const fix = `kubectl describe node ${notReady[0]?.name ?? ''}   # then update or reinstall the add-on: ${ADDON}`;
  if (notReady.length === nodes.length) return finding('virtual-nodes', 'fail', `${plural(nodes.length, 'virtual node')}, none Ready: ${details.join('; ')}`, fix, details);
  if (notReady.length > 0) return finding('virtual-nodes', 'warn', `${notReady.length} of ${plural(nodes.length, 'virtual node')} not Ready: ${someNames(notReady.map((n) => n.name))}`, fix, details);
  return finding('virtual-nodes', 'ok', `${plural(nodes.length, 'virtual node')}, all Ready: ${someNames(nodes.map((n) => n.name))}`, undefined, details);
}

// ---------------------------------------------------------------------------------------------
// when an eci-profile change reaches new pods: at once, or after virtual kubelet restarts

/** ok when virtual kubelet hot-updates the profile; warn when a change waits for its restart, or when that cannot be told. */
export function eciProfileReloadFinding(v: ProfileReloadView): Finding {
  const details = [`versions: ${v.versions.join(', ') || 'none read'}${v.from ? ` (from the ${v.from === 'image' ? 'Deployment image' : "virtual nodes' kubeletVersion"})` : ''}`, ...(v.deployment ? [`Deployment: ${ECI_PROFILE_NAMESPACE}/${v.deployment}`] : [])];
  if (v.reload === 'now') return finding('eci-profile-reload', 'ok', v.why, undefined, details);
  const upgrade = `or upgrade it to ${HOT_UPDATE_VERSION} or later, after which changes apply at once: ${ADDON}`;
  const fix = v.reload === 'restart' ? `after each change of ${PROFILE}: ${v.restart}
${upgrade}` : `to be sure a change is in force, restart virtual kubelet after it: ${v.restart}
${upgrade}`;
  return finding('eci-profile-reload', 'warn', v.why, fix, details);
}

// ---------------------------------------------------------------------------------------------
// the caller's own RBAC for the ECI verbs

const WORKLOADS = [
  { group: 'apps', resource: 'deployments' },
  { group: 'apps', resource: 'statefulsets' },
  { group: 'apps', resource: 'daemonsets' },
  { group: 'batch', resource: 'jobs' },
  { group: 'batch', resource: 'cronjobs' },
];

export const ECI_RBAC_NEEDS: readonly RbacNeed[] = [
  {
    check: 'rbac-eci-show',
    purpose: 'run doctor and show on ECI',
    level: 'fail',
    permissions: [
      { verb: 'get', group: '', resource: 'configmaps', namespace: NS },
      { verb: 'get', group: '', resource: 'nodes' },
      { verb: 'list', group: '', resource: 'nodes' },
      { verb: 'get', group: '', resource: 'pods' },
      { verb: 'list', group: '', resource: 'pods' },
      { verb: 'get', group: '', resource: 'namespaces' },
      { verb: 'list', group: '', resource: 'namespaces' },
      { verb: 'list', group: '', resource: 'events' },
      { verb: 'list', group: 'apps', resource: 'deployments', namespace: NS },
    ],
  },
  {
    check: 'rbac-eci-set-cluster',
    purpose: 'set cluster on ECI (edit eci-profile)',
    level: 'warn',
    permissions: [{ verb: 'update', group: '', resource: 'configmaps', namespace: NS, name: ECI_PROFILE_NAME }],
  },
  {
    check: 'rbac-eci-set-workload',
    purpose: 'set workload (edit pod templates)',
    level: 'warn',
    permissions: WORKLOADS.flatMap((w) => ['get', 'update'].map((verb) => ({ verb, ...w }))),
  },
];
