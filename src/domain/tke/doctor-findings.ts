// What `kubectl sg doctor` concludes on TKE VPC-CNI, as pure functions from facts to findings. Each
// finding is one check: ok / warn / fail, one line of why, and the exact fix (a command to paste or a
// console path). Facts are plain data gathered by operations/tke/doctor.ts; nothing here does I/O.
// The provider, credentials, region and RBAC checks every provider shares are at domain's root
// (provider-finding.ts, cloud-findings.ts, rbac-finding.ts).
// Every fix is grounded in the product documents (seeds 000/001) or domain.md; where a console
// path is not in them it is named as the product's menu and kept generic.
import { capabilitiesOf, formatVersion, parseIpamdVersion } from './ipamd-version.ts';
import type { NearMiss, RefusedFlag } from './ipamd-args.ts';
import { ENABLE_FLAG, GROUPS_FLAG } from './ipamd-args.ts';
import { IPAMD_ROLE_NAME, IPAMD_SG_ACTIONS, IPAMD_SG_POLICY_DOCUMENT, IPAMD_SG_POLICY_NAME, type PolicyEvaluation } from './cam-policy.ts';
import { RESYNC_RUN_ANNOTATION } from './resync-marker.ts';
import { isIpamdBindEvent, type WarningEventFacts } from './ipamd-events.ts';
import { plural } from '../plural.ts';
import { ago, agree, finding, notChecked, RECENT_EVENT_MS, someNames, type Finding } from '../doctor-finding.ts';
import type { RbacNeed } from '../rbac-finding.ts';

/** The TKE VPC-CNI checks in the order doctor reports them (after the provider check). */
export const TKE_CHECKS = [
  'ipamd',
  'ipamd-start',
  'ipamd-version',
  'shared-eni',
  'feature',
  'ipamd-flags',
  'setting-places',
  'nec-crd',
  'nec-per-node',
  'bind-events',
  'interrupted-resync',
  'cloud-credentials',
  'region',
  'cluster-id',
  'cam-role',
  'rbac-show',
  'rbac-set-node',
  'rbac-resync',
  'rbac-set-cluster',
] as const;
export type CheckName = (typeof TKE_CHECKS)[number];

const NS = 'kube-system';
const IPAMD = 'tke-eni-ipamd';
const NEC_RESOURCE = 'nodeeniconfigs.networking.tke.cloud.tencent.com';
const DISABLE_ANNOTATION = 'tke.cloud.tencent.com/disable-node-eni-security-groups';
const NEED_SYNC_ANNOTATION = 'tke.cloud.tencent.com/need-sync-security-groups';
const ADDON_CONSOLE = (clusterId: string | undefined) =>
  `TKE console > Clusters > ${clusterId ?? '<cluster>'} > Add-on management > eniipamd > Update configuration`;

// ---------------------------------------------------------------------------------------------
// ipamd: present, running, version

export interface IpamdFacts {
  image: string | undefined;
  imageTag: string | undefined;
  replicas: number;
  readyReplicas: number;
}

export function ipamdFinding(d: IpamdFacts | undefined): Finding {
  if (!d) {
    return finding(
      'ipamd',
      'fail',
      `no Deployment ${NS}/${IPAMD}: this cluster does not run TKE VPC-CNI, whose ipamd binds the security groups`,
      `enable VPC-CNI for the cluster (TKE console > Clusters > <cluster> > Basic information > VPC-CNI), then: kubectl -n ${NS} get deploy ${IPAMD}`,
    );
  }
  const where = `${NS}/${IPAMD} (${d.image ?? 'no image'})`;
  const look = `kubectl -n ${NS} describe deploy ${IPAMD} && kubectl -n ${NS} logs deploy/${IPAMD} --tail=50`;
  if (d.replicas === 0) return finding('ipamd', 'fail', `${where} is scaled to 0: nothing binds security groups`, `kubectl -n ${NS} scale deploy ${IPAMD} --replicas=2`);
  if (d.readyReplicas === 0) return finding('ipamd', 'fail', `${where} has 0 of ${d.replicas} replicas ready: nothing binds security groups`, look);
  if (d.readyReplicas < d.replicas) return finding('ipamd', 'warn', `${where} has ${d.readyReplicas} of ${d.replicas} replicas ready`, look);
  return finding('ipamd', 'ok', `${where}, ${d.readyReplicas}/${d.replicas} replicas ready`);
}

const UPGRADE = `upgrade tke-eni-ipamd to v3.5.8 or later: TKE console > Clusters > <cluster> > Add-on management > eniipamd > Upgrade`;

/** The feature rows of domain.md's version table, for this tag. */
export function versionRows(tag: string): string[] | undefined {
  const v = parseIpamdVersion(tag);
  if (!v) return undefined;
  const c = capabilitiesOf(v);
  if (!c.securityGroups) return ['security groups: no (needs v3.2.0)'];
  return [
    'security groups: yes (v3.2.0+)',
    `global setting: ${c.globalSetting === 'addon-values' ? 'ConfigMap/addon values (v3.5.0+)' : 'Deployment args (before v3.5.0)'}`,
    `strong sync of ENIs that have groups: ${c.strongSync ? 'yes (v3.3.2+)' : 'no (needs v3.3.2)'}`,
    `need-sync resync: ${c.resyncMethods.includes('need-sync') ? 'yes (v3.5.8+)' : 'no (needs v3.5.8; resync toggles disable-node-eni-security-groups, unbinding groups meanwhile)'}`,
  ];
}

/** Where the version was read; undefined with `problem` when it could not be. */
export interface VersionFacts {
  version: string | undefined;
  from: 'image-tag' | 'addon' | 'flag' | undefined;
  problem: string | undefined;
}

export function versionFinding(d: IpamdFacts, known: VersionFacts): Finding {
  const tag = known.version;
  const v = tag ? parseIpamdVersion(tag) : undefined;
  if (!tag || !v) {
    return finding(
      'ipamd-version',
      'warn',
      `${known.problem ?? `cannot tell the ipamd version from image ${d.image ?? '(none)'}`}, so the feature rows below assume nothing`,
      `read the version in TKE console > Clusters > <cluster> > Add-on management > eniipamd (or give doctor cloud access and --cluster-id, so it reads the addon's AddonVersion); set cluster and resync take --ipamd-version vX.Y.Z`,
    );
  }
  // The image names no version (latest, digest only): say where it came from instead.
  const from = known.from === 'addon' ? ` (the addon eniipamd's AddonVersion: image ${d.image ?? '(none)'} names no version)` : '';
  const rows = versionRows(tag)!;
  const c = capabilitiesOf(v);
  const version = formatVersion(v);
  if (!c.securityGroups) return finding('ipamd-version', 'fail', `${version} has no security-group feature (it came in v3.2.0)`, UPGRADE, rows);
  const summary = `${version}${from}: ${rows.map((r) => r.replace(/ \(.*\)$/, '')).join('; ')}`;
  if (!c.strongSync) {
    return finding('ipamd-version', 'warn', `${summary}: ENIs that already have groups keep them when a NEC changes`, UPGRADE, rows);
  }
  return finding('ipamd-version', 'ok', summary, undefined, rows);
}

// ---------------------------------------------------------------------------------------------
// shared-ENI mode (seeds: "only multiple Pods with shared ENI mode is supported")

export interface NodeEniFacts {
  name: string;
  /** Capacity of `tke.cloud.tencent.com/eni-ip`: IPs on shared (route) ENIs. */
  sharedIps: number;
  /** Capacity of `tke.cloud.tencent.com/direct-eni`: exclusive ENIs, one pod each. */
  directEnis: number;
}

export const SHARED_ENI_RESOURCE = 'tke.cloud.tencent.com/eni-ip';
export const DIRECT_ENI_RESOURCE = 'tke.cloud.tencent.com/direct-eni';

export function sharedEniFinding(nodes: readonly NodeEniFacts[], vpcCniType: string | undefined): Finding {
  const shared = nodes.filter((n) => n.sharedIps > 0);
  const directOnly = nodes.filter((n) => n.sharedIps <= 0 && n.directEnis > 0);
  const cloudSays = vpcCniType ? `; the cluster's VpcCniType is ${vpcCniType}` : '';
  const fix = `security groups apply to shared ENIs (multiple pods per ENI) only: run these pods on nodes in shared-ENI mode (TKE console > Clusters > <cluster> > Basic information > VPC-CNI mode)`;
  const details = [...shared.map((n) => `${n.name}: ${n.sharedIps} shared-ENI IPs`), ...directOnly.map((n) => `${n.name}: exclusive ENIs only (${n.directEnis})`)];
  if (shared.length > 0) {
    const extra = directOnly.length > 0 ? `; ${plural(directOnly.length, 'node')} ${agree(directOnly.length, 'offers', 'offer')} exclusive ENIs only (${someNames(directOnly.map((n) => n.name))}), whose pods get no groups` : '';
    return finding('shared-eni', directOnly.length > 0 ? 'warn' : 'ok', `${shared.length} of ${plural(nodes.length, 'node')} ${agree(shared.length, 'offers', 'offer')} shared-ENI IPs (${SHARED_ENI_RESOURCE})${extra}${cloudSays}`, directOnly.length > 0 ? fix : undefined, details);
  }
  if (directOnly.length > 0 || vpcCniType === 'tke-direct-eni') {
    return finding('shared-eni', 'fail', `no node offers shared-ENI IPs (${SHARED_ENI_RESOURCE})${directOnly.length > 0 ? `; ${plural(directOnly.length, 'node')} ${agree(directOnly.length, 'uses', 'use')} exclusive ENIs (${DIRECT_ENI_RESOURCE})` : ''}${cloudSays}`, fix, details);
  }
  if (vpcCniType === 'tke-route-eni') return finding('shared-eni', 'ok', `no node advertises ENI resources yet${cloudSays} (shared ENI)`);
  return finding(
    'shared-eni',
    'warn',
    nodes.length === 0 ? 'cannot tell: the cluster has no nodes' : `cannot tell: no node advertises ${SHARED_ENI_RESOURCE} or ${DIRECT_ENI_RESOURCE}`,
    `kubectl get nodes -o custom-columns='NAME:.metadata.name,SHARED:.status.capacity.tke\\.cloud\\.tencent\\.com/eni-ip,DIRECT:.status.capacity.tke\\.cloud\\.tencent\\.com/direct-eni'`,
  );
}

// ---------------------------------------------------------------------------------------------
// the feature flag, its spelling, and the places it lives

export type Place = 'deployment-args' | 'configmap' | 'addon-values';

export interface SettingFacts {
  imageTag: string;
  enabled: boolean;
  globalList: string[];
  /** Where the setting that counts was read; undefined when nothing could be read. */
  place: Place | undefined;
  sources: { place: Place; enabled: boolean; globalList: string[] }[];
  disagreements: { place: Place; enabled: boolean; globalList: string[] }[];
  nearMisses: NearMiss[];
  /** Security-group flags after the point where Go stops reading flags. */
  unread: string[];
  /** Errors reading a place (invalid ConfigMap YAML). */
  problems: string[];
  /** Why the addon values were not read, when they were not (no cloud, no cluster ID, an API error). */
  addonNote: string | undefined;
  clusterId: string | undefined;
}

const PLACE_NAMES: Record<Place, string> = {
  'deployment-args': 'Deployment args',
  configmap: `ConfigMap ${NS}/${IPAMD}`,
  'addon-values': 'addon eniipamd values',
};

const describeSetting = (s: { enabled: boolean; globalList: string[] }) =>
  !s.enabled ? 'off' : s.globalList.length > 0 ? `on, global list ${s.globalList.join(',')}` : 'on, no global list';

/** The documented command to turn the feature on for the version's place. */
export function enableFix(s: Pick<SettingFacts, 'imageTag' | 'clusterId'>): string {
  const v = parseIpamdVersion(s.imageTag);
  if (v && capabilitiesOf(v).globalSetting === 'addon-values') {
    return `${ADDON_CONSOLE(s.clusterId)}: set vpcCni.securityGroups.enableSecurityGroups to true (TKE writes it to ConfigMap ${NS}/${IPAMD}; ipamd reloads it without a restart)`;
  }
  return `kubectl -n ${NS} patch deploy ${IPAMD} --type=json -p '[{"op":"add","path":"/spec/template/spec/containers/0/args/-","value":"${ENABLE_FLAG}"}]'   # ipamd restarts (or: kubectl -n ${NS} edit deploy ${IPAMD})`;
}

const sedEscape = (t: string) => t.replace(/[\\/&.*[\]^$]/g, '\\$&');

/** The edit to make, and the same as one pipeline (exact: a JSON string ends at its quote or `=`). */
export function nearMissFix(misses: readonly NearMiss[]): string {
  const pairs = misses.map((m) => `${m.written} with ${m.meant}`).join(', and ');
  const edit = `kubectl -n ${NS} edit deploy ${IPAMD}, replacing ${pairs} in spec.template.spec.containers[0].args`;
  if (!misses.every((m) => /^[-\w.]+$/.test(m.written))) return edit;
  const script = misses.flatMap((m) => [`s/"${sedEscape(m.written)}"/"${m.meant}"/`, `s/"${sedEscape(m.written)}=/"${m.meant}=/`]).join('; ');
  return `kubectl -n ${NS} get deploy ${IPAMD} -o json | sed '${script}' | kubectl replace -f -\n# or: ${edit}`;
}

/**
 * ipamd is a Go program: a security-group flag value Go's flag package refuses makes it exit
 * with status 2 before doing anything (go-flags.ts). Other flags' values are not judged: the
 * plugin does not know ipamd's whole flag set.
 */
export function startFinding(refused: RefusedFlag | undefined): Finding {
  if (!refused) return finding('ipamd-start', 'ok', `ipamd's security-group flags parse as Go's flag package reads them`);
  const where = 'spec.template.spec.containers[0].args';
  const edit = `kubectl -n ${NS} edit deploy ${IPAMD}, replacing ${refused.written} in ${where} (Go accepts ${refused.accepts})`;
  const fix = refused.instead
    ? `kubectl -n ${NS} get deploy ${IPAMD} -o json | sed 's/"${sedEscape(refused.written)}"/"${refused.instead}"/' | kubectl replace -f -\n# or: ${edit}`
    : edit;
  return finding('ipamd-start', 'fail', `ipamd will not start: its arg ${refused.written} is refused by Go's flag package (${refused.error}), so it exits with status 2`, fix);
}

export function featureFinding(s: SettingFacts): Finding {
  const from = s.place ? PLACE_NAMES[s.place] : 'nowhere (nothing set)';
  if (s.enabled) {
    const list = s.globalList.length > 0 ? `global list ${s.globalList.join(',')}` : `no global list: each node defaults to its primary ENI's groups`;
    return finding('feature', 'ok', `on (${from}), ${list}`);
  }
  const enableMisses = s.nearMisses.filter((m) => m.meant === ENABLE_FLAG);
  if (enableMisses.length > 0 && s.place === 'deployment-args') {
    return finding(
      'feature',
      'fail',
      `off: ipamd's args have ${enableMisses.map((m) => m.written).join(', ')}, a misspelling of ${ENABLE_FLAG} that ipamd silently ignores`,
      nearMissFix(enableMisses),
    );
  }
  return finding('feature', 'fail', `off (${from}): ipamd binds no security groups to ENIs`, enableFix(s));
}

export function flagsFinding(s: SettingFacts): Finding {
  if (s.unread.length > 0) {
    return finding(
      'ipamd-flags',
      'fail',
      `ipamd never reads ${s.unread.join(', ')}: Go's flag package stops at the first arg that is not a flag (or at --), and these come after it`,
      `kubectl -n ${NS} edit deploy ${IPAMD}: move them before the first non-flag arg in spec.template.spec.containers[0].args (a boolean takes no separate value: write --flag=false)`,
    );
  }
  if (s.nearMisses.length === 0) return finding('ipamd-flags', 'ok', `no misspelt security-group flags in ipamd's args`);
  const written = s.nearMisses.map((m) => `${m.written} (meant ${m.meant})`).join(', ');
  // A miss whose correct spelling is also set does no harm; one that stands alone hides a setting.
  const harmful = s.nearMisses.filter((m) => !s.sources.some((src) => src.place === 'deployment-args' && (m.meant === ENABLE_FLAG ? src.enabled : m.meant === GROUPS_FLAG ? src.globalList.length > 0 : false)));
  const v = parseIpamdVersion(s.imageTag);
  const argsCount = !v || capabilitiesOf(v).globalSetting === 'deployment-args';
  if (harmful.length > 0 && argsCount) {
    return finding('ipamd-flags', 'fail', `ipamd silently ignores ${written}: the setting it was meant to make is not in effect`, nearMissFix(s.nearMisses));
  }
  const why = argsCount ? `ipamd ignores ${written}; the correct flag is set too` : `ipamd ignores ${written} (and from v3.5.0 reads the setting from the ConfigMap/addon, not args)`;
  return finding('ipamd-flags', 'warn', why, nearMissFix(s.nearMisses));
}

export function placesFinding(s: SettingFacts): Finding {
  if (s.problems.length > 0) return finding('setting-places', 'fail', s.problems.join('; '), `kubectl -n ${NS} edit configmap ${IPAMD}   # or rewrite it from the addon: ${ADDON_CONSOLE(s.clusterId)}`);
  const read = s.sources.map((x) => `${PLACE_NAMES[x.place]}: ${describeSetting(x)}`);
  const note = s.addonNote ? ` (addon values not compared: ${s.addonNote})` : '';
  if (s.disagreements.length === 0) {
    const what = s.sources.length <= 1 ? `read from ${s.sources.length === 0 ? 'nowhere: the feature is at its default (off)' : PLACE_NAMES[s.sources[0]!.place]}` : `${s.sources.map((x) => PLACE_NAMES[x.place]).join(' and ')} agree`;
    return finding('setting-places', 'ok', `${what}${note}`, undefined, read);
  }
  const v = parseIpamdVersion(s.imageTag);
  const addonEra = v !== undefined && capabilitiesOf(v).globalSetting === 'addon-values';
  const argsOnly = s.disagreements.every((d) => d.place === 'deployment-args');
  // The place that counts first, then the others.
  const ordered = [...s.sources].sort((x, y) => Number(y.place === s.place) - Number(x.place === s.place));
  const said = ordered.map((x) => `${PLACE_NAMES[x.place]}: ${describeSetting(x)}`).join('; ');
  if (addonEra && argsOnly) {
    return finding(
      'setting-places',
      'warn',
      `places disagree: ${said}; from v3.5.0 ipamd ignores the args' setting, which misleads the next reader`,
      `kubectl -n ${NS} edit deploy ${IPAMD}: remove ${ENABLE_FLAG} and ${GROUPS_FLAG} from spec.template.spec.containers[0].args`,
      read,
    );
  }
  if (addonEra) {
    return finding(
      'setting-places',
      'warn',
      `places disagree: ${said}; ipamd acts on the ConfigMap, and TKE rewrites it from the addon values at the next addon update`,
      `${ADDON_CONSOLE(s.clusterId)}: save the values you want (TKE then rewrites ConfigMap ${NS}/${IPAMD} from them)`,
      read,
    );
  }
  return finding('setting-places', 'warn', `places disagree: ${said}`, `kubectl -n ${NS} edit deploy ${IPAMD}`, read);
}

// ---------------------------------------------------------------------------------------------
// NodeENIConfigs

export function necCrdFinding(served: boolean): Finding {
  if (served) return finding('nec-crd', 'ok', `${NEC_RESOURCE} is served (NodeENIConfig, short name nec)`);
  return finding(
    'nec-crd',
    'fail',
    `the API server does not serve ${NEC_RESOURCE}: ipamd has not installed the NodeENIConfig CRD, so nodes have no security-group list`,
    `${UPGRADE}; then: kubectl get crd ${NEC_RESOURCE}`,
  );
}

export interface NecNodeFacts {
  name: string;
  /** The CVM instance (label or providerID); nodes without one are not ones ipamd manages. */
  instanceId: string | undefined;
}

export function necPerNodeFinding(nodes: readonly NecNodeFacts[], necNames: readonly string[]): Finding {
  const necs = new Set(necNames);
  const nodeNames = new Set(nodes.map((n) => n.name));
  const missing = nodes.filter((n) => !necs.has(n.name));
  const missingCvm = missing.filter((n) => n.instanceId !== undefined).map((n) => n.name);
  const missingOther = missing.filter((n) => n.instanceId === undefined).map((n) => n.name);
  const orphans = necNames.filter((n) => !nodeNames.has(n));
  const details = [...missingCvm.map((n) => `node ${n}: no NodeENIConfig`), ...missingOther.map((n) => `node ${n}: no NodeENIConfig, no CVM instance ID`), ...orphans.map((n) => `NodeENIConfig ${n}: no node`)];
  if (missingCvm.length > 0) {
    const grep = missingCvm.slice(0, 5).map((n) => n.replace(/[.]/g, '\\.')).join('|');
    return finding(
      'nec-per-node',
      'fail',
      `${missingCvm.length} of ${plural(nodes.length, 'node')} ${agree(missingCvm.length, 'has', 'have')} no NodeENIConfig, so ipamd binds no groups there: ${someNames(missingCvm)}`,
      `kubectl -n ${NS} logs deploy/${IPAMD} | grep -E '${grep}'   # ipamd writes a node's NEC when it syncs the node: its log says why it skipped these`,
      details,
    );
  }
  if (missingOther.length > 0 || orphans.length > 0) {
    const parts: string[] = [];
    const fixes: string[] = [];
    if (missingOther.length > 0) {
      parts.push(`${plural(missingOther.length, 'node')} without a NEC ${agree(missingOther.length, 'is not a CVM node', 'are not CVM nodes')} ipamd manages (no cloud.tencent.com/node-instance-id label or qcloud:// providerID): ${someNames(missingOther)}`);
      fixes.push(`nothing, if they are not VPC-CNI nodes (e.g. virtual nodes); else add them as TKE nodes (TKE console > Clusters > <cluster> > Node management)`);
    }
    if (orphans.length > 0) {
      parts.push(`${plural(orphans.length, 'NodeENIConfig')} without a node: ${someNames(orphans)}`);
      fixes.push(`kubectl delete nec ${orphans.join(' ')}`);
    }
    return finding('nec-per-node', 'warn', parts.join('; '), fixes.join('\n'), details);
  }
  return finding('nec-per-node', 'ok', `${plural(nodes.length, 'node')}, each with its NodeENIConfig`);
}

// ---------------------------------------------------------------------------------------------
// Warning Events on nodes and NECs from ipamd or about security groups (which count:
// domain/tke/ipamd-events.ts)

/** One event as ipamd (or whoever) wrote it: object, reason, source, message. */
function quoteEvent(e: WarningEventFacts): string {
  return `${e.kind} ${e.name} ${e.reason}${e.component ? ` from ${e.component}` : ''}: ${e.message}`;
}

/** `events`: every Warning event on Nodes and NECs; those that are not ipamd's are left out here. */
export function bindEventsFinding(events: readonly WarningEventFacts[], now: Date, needSync: boolean): Finding {
  const ours = events.filter(isIpamdBindEvent);
  if (ours.length === 0) return finding('bind-events', 'ok', 'no Warning events on nodes or NodeENIConfigs from ipamd or naming security groups');
  const sorted = [...ours].sort((a, b) => (b.last?.getTime() ?? 0) - (a.last?.getTime() ?? 0));
  const latest = sorted[0]!;
  // A NEC is named after its node: both kinds point at the same node.
  const nodes = [...new Set(sorted.map((e) => e.name))];
  const total = sorted.reduce((n, e) => n + Math.max(1, e.count), 0);
  const age = latest.last ? now.getTime() - latest.last.getTime() : Number.POSITIVE_INFINITY;
  const recent = age <= RECENT_EVENT_MS;
  const cam = /UnauthorizedOperation|IPAMDofTKE_QCSRole|AuthFailure/.test(latest.message);
  const resync = needSync
    ? `kubectl annotate node ${nodes[0]} --overwrite ${NEED_SYNC_ANNOTATION}=true`
    : `kubectl annotate node ${nodes[0]} --overwrite ${DISABLE_ANNOTATION}=yes; sleep 3; kubectl annotate node ${nodes[0]} --overwrite ${DISABLE_ANNOTATION}=no`;
  const fix = [
    cam ? `ipamd's role lacks a permission: see the cam-role check` : `kubectl get events -A --field-selector type=Warning,involvedObject.name=${latest.name}`,
    `after fixing the cause, resync each node, e.g. ${resync}`,
  ].join('\n');
  const why = `${plural(total, 'Warning event')} from ipamd or about security groups on ${plural(nodes.length, 'node')} (last ${latest.last ? ago(age) : 'at an unknown time'}${recent ? '' : ', none recent'}): ${quoteEvent(latest)}`;
  const details = sorted.map((e) => `${e.count}x, last ${e.last?.toISOString() ?? 'unknown'}: ${quoteEvent(e)}`);
  return finding('bind-events', recent ? 'fail' : 'warn', why, fix, details);
}

// ---------------------------------------------------------------------------------------------
// resync runs that did not finish (their marker is still on nodes: domain/tke/resync-marker.ts)

export interface MarkedNodeFacts {
  node: string;
  runId: string;
  /** disable-node-eni-security-groups is "yes": the node's pods have no groups. */
  disabled: boolean;
}

export function interruptedResyncFinding(marked: readonly MarkedNodeFacts[]): Finding {
  if (marked.length === 0) return finding('interrupted-resync', 'ok', `no node carries a resync marker (${RESYNC_RUN_ANNOTATION}): no run was left unfinished`);
  const runs = [...new Set(marked.map((m) => m.runId))];
  const disabled = marked.filter((m) => m.disabled).map((m) => m.node);
  const still = disabled.length > 0 ? `; ${disabled.length} ${agree(disabled.length, 'is', 'are')} still disabled, with no security groups on ${agree(disabled.length, 'its', 'their')} pods (${someNames(disabled)})` : '';
  return finding(
    'interrupted-resync',
    'fail',
    `${plural(marked.length, 'node')} still ${agree(marked.length, 'carries', 'carry')} the marker of ${runs.length === 1 ? `resync run ${runs[0]}` : `${runs.length} resync runs`}, which stopped before finishing ${agree(marked.length, 'it', 'them')}: ${someNames(marked.map((m) => m.node))}${still}`,
    runs.map((r) => `kubectl sg resync --resume ${r}`).join('\n'),
    marked.map((m) => `${m.node}: run ${m.runId}${m.disabled ? ', disabled' : ''}`),
  );
}

// ---------------------------------------------------------------------------------------------
// the cluster ID

export interface ClusterIdFacts {
  id: string | undefined;
  /** Where the ID was read, in words: `--cluster-id`, ipamd's args, the API server host. */
  from: string | undefined;
  /** undefined: not asked (no cloud). */
  cloud?: { found: true; name: string; cni: boolean } | { found: false; region: string } | { error: string };
}

export function clusterIdFinding(c: ClusterIdFacts): Finding {
  const fix = `pass --cluster-id cls-xxxxxxxx (TKE console > Clusters lists the IDs)`;
  if (!c.id) return finding('cluster-id', 'warn', `no TKE cluster ID: not in ipamd's --clusterid arg nor the API server host, and --cluster-id not given`, fix);
  const from = c.from ?? 'unknown';
  if (!c.cloud) return finding('cluster-id', 'ok', `${c.id} (from ${from}; not looked up in the cloud)`);
  if ('error' in c.cloud) return finding('cluster-id', 'warn', `${c.id} (from ${from}) could not be looked up: ${c.cloud.error}`, `allow tke:DescribeClusters for your CAM user`);
  if (!c.cloud.found) return finding('cluster-id', 'fail', `${c.id} (from ${from}) does not exist in region ${c.cloud.region}: wrong region or wrong cluster`, `check the region: pass --region with the cluster's region, or ${fix}`);
  return finding('cluster-id', c.cloud.cni ? 'ok' : 'fail', `${c.id} "${c.cloud.name}" (from ${from})${c.cloud.cni ? ', VPC-CNI' : ': the cluster does not use VPC-CNI'}`, c.cloud.cni ? undefined : `enable VPC-CNI for the cluster: TKE console > Clusters > ${c.id} > Basic information`);
}

// ---------------------------------------------------------------------------------------------
// ipamd's CAM role

/** The documents' console steps and the same with tccli, with the policy JSON to paste. */
export function camPolicyFix(): string {
  const json = JSON.stringify(IPAMD_SG_POLICY_DOCUMENT, null, 2);
  return [
    `CAM console > Policies > Create Custom Policy > Create by Policy Syntax > blank template; name ${IPAMD_SG_POLICY_NAME}, policy:`,
    json,
    `then CAM console > Roles > ${IPAMD_ROLE_NAME} > Associate Policies > ${IPAMD_SG_POLICY_NAME} > OK`,
    `or: tccli cam CreatePolicy --PolicyName ${IPAMD_SG_POLICY_NAME} --PolicyDocument '${JSON.stringify(IPAMD_SG_POLICY_DOCUMENT)}' && tccli cam AttachRolePolicy --AttachRoleName ${IPAMD_ROLE_NAME} --PolicyName ${IPAMD_SG_POLICY_NAME}`,
  ].join('\n');
}

const CAM_READ_FIX = `allow cam:GetRole, cam:ListAttachedRolePolicies and cam:GetPolicy for your CAM user (CAM console > Users > <you> > Associate Policies), or run doctor with a key that has them`;

export type CamFacts =
  | { kind: 'no-cloud'; why: string }
  | { kind: 'error'; what: string; message: string; unauthorized: boolean; auth: boolean }
  | { kind: 'no-role' }
  | { kind: 'evaluated'; policies: string[]; evaluation: PolicyEvaluation };

export function camRoleFinding(c: CamFacts): Finding {
  if (c.kind === 'no-cloud') return notChecked('cam-role', c.why, 'see the cloud-credentials and region checks');
  if (c.kind === 'error') {
    const fix = c.unauthorized ? CAM_READ_FIX : c.auth ? 'check the key: see the cloud-credentials check' : undefined;
    return finding('cam-role', 'warn', `could not ${c.what}: ${c.message}`, fix);
  }
  if (c.kind === 'no-role') {
    return finding(
      'cam-role',
      'fail',
      `CAM has no role ${IPAMD_ROLE_NAME}: ipamd has no identity to bind security groups with`,
      `authorise TKE's ipamd service role (TKE console prompts for it when VPC-CNI is enabled; CAM console > Roles lists it), then:\n${camPolicyFix()}`,
    );
  }
  const e = c.evaluation;
  const details = [
    ...e.actions.map((a) => `${a.action}: ${a.verdict}${a.allowedBy.length ? ` (allow in ${a.allowedBy.join(', ')})` : ''}${a.deniedBy.length ? ` (deny in ${a.deniedBy.join(', ')})` : ''}`),
    ...e.actions.flatMap((a) => a.limits),
    ...e.unreadable.map((u) => `policy ${u.name}: ${u.why}`),
    `attached policies: ${c.policies.join(', ') || 'none'}`,
  ];
  if (e.granted) {
    const by = [...new Set(e.actions.flatMap((a) => a.allowedBy))];
    return finding('cam-role', 'ok', `${IPAMD_ROLE_NAME} may ${IPAMD_SG_ACTIONS.map((a) => a.replace(/^cvm:/, '')).join(' and ')} (granted by ${by.join(', ')})`, undefined, details);
  }
  const denied = e.actions.filter((a) => a.verdict === 'denied');
  const missing = e.actions.filter((a) => a.verdict === 'missing');
  const limited = e.actions.filter((a) => a.verdict === 'limited');
  if (denied.length > 0) {
    const by = [...new Set(denied.flatMap((a) => a.deniedBy))];
    return finding(
      'cam-role',
      'fail',
      `${IPAMD_ROLE_NAME} is denied ${denied.map((a) => a.action).join(' and ')} by ${by.join(', ')} (a deny wins over any allow)`,
      `remove the deny statement for these actions: CAM console > Policies > ${by[0]} > Policy syntax > Edit, or detach it: CAM console > Roles > ${IPAMD_ROLE_NAME} > Policies`,
      details,
    );
  }
  if (missing.length > 0) {
    return finding(
      'cam-role',
      'fail',
      `${IPAMD_ROLE_NAME} lacks ${missing.map((a) => a.action).join(' and ')} (${plural(c.policies.length, 'policy', 'policies')} attached${e.unreadable.length ? `, ${e.unreadable.length} unreadable` : ''}): ipamd cannot bind security groups`,
      camPolicyFix(),
      details,
    );
  }
  return finding(
    'cam-role',
    'warn',
    `${IPAMD_ROLE_NAME} may ${limited.map((a) => a.action).join(' and ')} only in part: ${limited.flatMap((a) => a.limits).join('; ')}`,
    `attach a policy with resource "*" and no condition:\n${camPolicyFix()}`,
    details,
  );
}

// ---------------------------------------------------------------------------------------------
// the RBAC each part of TKE's verbs needs (checked by the shared rbac-finding.ts)

const necGroup = 'networking.tke.cloud.tencent.com';

/** What each part of the plugin asks the API server for. */
export const RBAC_NEEDS: readonly RbacNeed[] = [
  {
    check: 'rbac-show',
    purpose: 'run doctor and show',
    level: 'fail',
    permissions: [
      { verb: 'get', group: '', resource: 'nodes' },
      { verb: 'list', group: '', resource: 'nodes' },
      { verb: 'get', group: necGroup, resource: 'nodeeniconfigs' },
      { verb: 'list', group: necGroup, resource: 'nodeeniconfigs' },
      { verb: 'get', group: 'apps', resource: 'deployments', namespace: NS },
      { verb: 'get', group: '', resource: 'configmaps', namespace: NS },
      { verb: 'list', group: '', resource: 'events' },
    ],
  },
  {
    check: 'rbac-set-node',
    purpose: 'set node (edit NodeENIConfigs)',
    level: 'warn',
    permissions: [
      { verb: 'update', group: necGroup, resource: 'nodeeniconfigs' },
      { verb: 'patch', group: necGroup, resource: 'nodeeniconfigs' },
    ],
  },
  {
    check: 'rbac-resync',
    purpose: 'resync (annotate nodes)',
    level: 'warn',
    permissions: [{ verb: 'patch', group: '', resource: 'nodes' }],
  },
  {
    check: 'rbac-set-cluster',
    purpose: 'set cluster (ipamd Deployment args / ConfigMap)',
    level: 'warn',
    permissions: [
      { verb: 'update', group: 'apps', resource: 'deployments', namespace: NS },
      { verb: 'update', group: '', resource: 'configmaps', namespace: NS },
    ],
  },
];
