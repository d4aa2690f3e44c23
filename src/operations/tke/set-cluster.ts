// `set cluster`: change ipamd's global security-group setting where the detected version keeps
// it, and only there:
//   < v3.2.0         refused: the version has no such feature;
//   v3.2.0 – v3.4.x  the Deployment's container args (ipamd restarts to read them);
//   >= v3.5.0        the addon eniipamd's values through TKE UpdateAddon when the cluster ID and
//                    credentials are known (TKE renders the ConfigMap from them), else the
//                    ConfigMap itself, which the next addon update overwrites (said so).
// plan (pure data, shown, confirmed) → apply (one write, guarded against a concurrent edit) →
// verify (read back; wait, bounded, for the place ipamd reads to take it) → the existing nodes
// whose NEC now differs from the policy, and the resync command that brings them in line.
import { isDeepStrictEqual } from 'node:util';
import type { V1ConfigMap, V1Deployment } from '@kubernetes/client-node';
import { changeEffects, describePolicy, samePolicy, targetPolicy, type SettingIntent } from '../../domain/tke/cluster-setting-change.ts';
import { policyGroupsForNode, sameGroups, type ClusterPolicy } from '../../domain/cluster-policy.ts';
import { readIpamdSecurityGroupArgs, withIpamdSecurityGroupArgs } from '../../domain/tke/ipamd-args.ts';
import { checkIpamdVersionFlag } from '../../domain/tke/ipamd-version.ts';
import { seeSource } from '../../domain/finding-sources.ts';
import { lineChanges, type LineChanges } from '../../domain/line-changes.ts';
import { rolloutState, type RolloutState } from '../../domain/deployment-rollout.ts';
import type { CloudRights } from '../../domain/tke/cloud-rights.ts';
import { editNetworkConf, withAddonSecurityGroups } from '../../domain/tke/vpc-cni-edit.ts';
import { KubeApiError, type KubeClient } from '../../adapters/kube/kube-client.ts';
import { deploymentFacts, ipamdContainer, NETWORK_CONF_KEY, readNetworkConf } from '../../adapters/kube/tke/ipamd-config.ts';
import { getIpamdConfigMap, getIpamdDeployment, IPAMD_NAME, IPAMD_NAMESPACE, replaceIpamdConfigMap, replaceIpamdDeployment } from '../../adapters/kube/tke/objects.ts';
import { NotVpcCniError, PLACE_NAMES } from './cluster-report.ts';
import { readClusterSetting, type ClusterSetting, type SettingPlace } from './cluster-setting.ts';
import { checkCloudRights } from '../tencent-cloud-rights.ts';
import { checkGroupsInCloud } from './group-check.ts';
import { readNodeReports } from './node-report.ts';
import { pollUntil } from '../poll-until.ts';
import { IPAMD_ADDON, resolveClusterId, TkeAddonReader, type ResolvedClusterId } from './addon.ts';
import { errorMessage } from '../../domain/error-message.ts';
import { type CloudOpener, regionHintsOf, type TencentAccess } from '../cloud-access.ts';
import { listNodes, type KubeNode } from '../../adapters/kube/nodes.ts';
import type { AccessAttributes } from '../../adapters/kube/access-review.ts';
import { recordClusterChange } from '../change-recording.ts';

/** How long the place ipamd reads (the ConfigMap TKE renders, the restarted pods) may take to follow a write. */
export const TAKE_TIMEOUT_MS = 60_000;
const POLL_MS = 1_000;

/** The version cannot do this at all: an environment failure (exit 1), not a typo. */
export class FeatureUnavailableError extends Error {
  constructor(version: string) {
    super(`ipamd ${version} has no security-group feature: it needs ipamd v3.2.0 or later (upgrade tke-eni-ipamd / the eniipamd addon first); nothing was changed${seeSource('refuse-no-security-group-feature')}`);
    this.name = 'FeatureUnavailableError';
  }
}

/** The change needs something from the environment (the cloud, a readable place) that is missing. */
export class SettingUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingUnavailableError';
  }
}

/** Someone else changed the place between the plan and the write: nothing was written. */
export class SettingConflictError extends Error {
  constructor(what: string) {
    super(`${what} changed since it was read (someone else edited it): nothing was changed; run the command again to plan against the new state`);
    this.name = 'SettingConflictError';
  }
}

/** Written, but reading back or waiting for ipamd's side says otherwise. */
export class SettingNotTakenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingNotTakenError';
  }
}

export type SettingWrite =
  | { place: 'deployment-args'; deployment: V1Deployment }
  | { place: 'configmap'; configMap: V1ConfigMap; layout: 'kept' | 'rewritten' }
  | { place: 'addon-values'; clusterId: string; read: Record<string, unknown>; values: Record<string, unknown> };

export interface SetClusterPlan {
  context: string;
  version: string;
  place: SettingPlace;
  /** Why this place, in one line. */
  placeReason: string;
  clusterId: ResolvedClusterId | undefined;
  before: ClusterPolicy;
  after: ClusterPolicy;
  /** Args, document lines or values taken out and put in. */
  changes: LineChanges;
  /** Already so: nothing will be written. */
  noop: boolean;
  warnings: string[];
  write: SettingWrite;
}

export interface SetClusterOptions {
  intent: SettingIntent;
  clusterIdFlag?: string;
  /** --ipamd-version: used only where neither the image tag nor the addon names the version. */
  ipamdVersionFlag?: string;
  /** Opens the cloud once (lazyCloud), on first need; apply reuses it. */
  cloud: CloudOpener;
}

const notFound = (err: unknown) => err instanceof KubeApiError && err.status === 404;
const conflict = (err: unknown) => err instanceof KubeApiError && err.status === 409;
const policyOf = (s: { enableSecurityGroups: boolean; securityGroups: string[] }): ClusterPolicy => ({ enabled: s.enableSecurityGroups, globalList: s.securityGroups });

/** Region hints from the nodes' labels; without the right to list nodes there are none (the region then comes from --region or the environment). */
const hintsFrom = async (nodes: Promise<KubeNode[]>) => regionHintsOf(await nodes.catch(() => []));

function planArgs(deployment: V1Deployment, intent: SettingIntent) {
  const before = deploymentFacts(deployment).args;
  const current = readIpamdSecurityGroupArgs(before);
  const beforePolicy: ClusterPolicy = { enabled: current.enabled, globalList: current.groups ?? [] };
  const after = targetPolicy(intent, beforePolicy);
  const next = structuredClone(deployment);
  const container = ipamdContainer(next);
  if (!container) throw new SettingUnavailableError(`Deployment ${IPAMD_NAMESPACE}/${IPAMD_NAME} has no container: nothing was changed`);
  container.args = withIpamdSecurityGroupArgs(container.args ?? [], { enabled: after.enabled, groups: after.globalList.length > 0 ? after.globalList : undefined });
  // Flags given through `command` count too (deploymentFacts reads them): they are taken out there.
  const [binary, ...commandFlags] = container.command ?? [];
  if (binary !== undefined) container.command = [binary, ...withIpamdSecurityGroupArgs(commandFlags, { enabled: false, groups: undefined })];
  const changes = lineChanges(before, deploymentFacts(next).args);
  const write: SettingWrite = { place: 'deployment-args', deployment: next };
  return { before: beforePolicy, after, changes, noop: changes.removed.length === 0 && changes.added.length === 0, write, layout: undefined };
}

function planConfigMap(cm: V1ConfigMap, intent: SettingIntent, version: string) {
  const where = `ConfigMap ${IPAMD_NAMESPACE}/${IPAMD_NAME}`;
  const text = cm.data?.[NETWORK_CONF_KEY];
  if (text === undefined) {
    throw new SettingUnavailableError(`${where} has no ${NETWORK_CONF_KEY}, where ipamd ${version} reads its setting: nothing was changed (the document is not guessed at; reinstall or update the eniipamd addon)`);
  }
  const read = readNetworkConf(cm);
  if ('error' in read) throw new SettingUnavailableError(`${where}: ${read.error}: nothing was changed`);
  const before = read.found && read.values ? policyOf(read.values) : { enabled: false, globalList: [] };
  const after = targetPolicy(intent, before);
  let edit: ReturnType<typeof editNetworkConf>;
  try {
    edit = editNetworkConf(text, after);
  } catch (err) {
    throw new SettingUnavailableError(`${where}: ${(err as Error).message}: nothing was changed`);
  }
  const write: SettingWrite = { place: 'configmap', configMap: { ...cm, data: { ...cm.data, [NETWORK_CONF_KEY]: edit.text } }, layout: edit.layout };
  const noop = samePolicy(before, after);
  const changes = noop ? { removed: [], added: [] } : lineChanges(text.split('\n'), edit.text.split('\n'));
  return { before, after, changes, noop, write, layout: edit.layout };
}

function planAddon(values: Record<string, unknown>, before: ClusterPolicy, intent: SettingIntent, clusterId: string) {
  const after = targetPolicy(intent, before);
  const next = withAddonSecurityGroups(values, after);
  const noop = samePolicy(before, after);
  const shown = (v: Record<string, unknown>) => `vpcCni.securityGroups: ${JSON.stringify((v.vpcCni as Record<string, unknown> | undefined)?.securityGroups ?? null)}`;
  const write: SettingWrite = { place: 'addon-values', clusterId, read: values, values: next };
  return { before, after, changes: noop ? { removed: [], added: [] } : { removed: [shown(values)], added: [shown(next)] }, noop, write, layout: undefined };
}

/** Where the addon cannot be used, why, and whether the ConfigMap may stand in for it. */
async function configMapReason(reader: TkeAddonReader, cloud: () => Promise<TencentAccess>): Promise<{ reason: string; overwritten: boolean }> {
  const out = reader.outcome;
  if (out.installed === false) return { reason: `${out.notRead}: ipamd reads ConfigMap ${IPAMD_NAMESPACE}/${IPAMD_NAME} directly`, overwritten: false };
  const notRead = `addon ${IPAMD_ADDON}'s values not read`;
  if (!out.clusterId) return { reason: `${notRead}: no cluster ID found (ipamd's args carry no --clusterid; pass --cluster-id cls-xxxxxxxx)`, overwritten: true };
  const session = await cloud();
  if (!session.cloud) return { reason: `${notRead}: ${session.missing ?? 'no Tencent Cloud access'}`, overwritten: true };
  // ID and credentials known, yet the values could not be read: writing the ConfigMap instead would be undone by TKE.
  throw new SettingUnavailableError(
    `cannot use addon ${IPAMD_ADDON} of ${out.clusterId.id}: ${out.notRead}; nothing was changed (writing ConfigMap ${IPAMD_NAMESPACE}/${IPAMD_NAME} instead would be undone by TKE at the next addon update)`,
  );
}

async function checkListInCloud(after: ClusterPolicy, cloud: () => Promise<TencentAccess>): Promise<void> {
  if (!after.enabled || after.globalList.length === 0) return;
  const session = await cloud();
  if (!session.cloud || !session.region) {
    throw new SettingUnavailableError(
      `${session.missing ?? 'no Tencent Cloud access'}: the global list ${after.globalList.join(',')} cannot be checked (each group must exist in the region and the list fit on one ENI), so nothing was changed; ` +
        'give credentials (TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, ~/.tencentcloud/credentials, a tccli profile or the CVM role) and a region (--region), or use --inherit-primary or --disable, which name no groups',
    );
  }
  await checkGroupsInCloud(session.cloud.vpc, after.globalList, session.region.region, 'the global list');
}

/** What writing this place means beyond the policy: a restart, typos, stale flags, a document rewritten, a write TKE undoes. */
function placeWarnings(setting: ClusterSetting, planned: { write: SettingWrite; noop: boolean; layout: 'kept' | 'rewritten' | undefined }, overwritten: boolean): string[] {
  const out: string[] = [];
  if (planned.write.place === 'deployment-args') {
    if (!planned.noop) out.push(`Deployment ${IPAMD_NAMESPACE}/${IPAMD_NAME} is restarted (its pods are replaced) to read the new args; resync nodes only once the rollout is done`);
    for (const m of setting.nearMisses) out.push(`removes ${m.written}, a misspelling of ${m.meant} that ipamd ignores`);
    return out;
  }
  for (const m of setting.nearMisses) out.push(`ipamd's args have ${m.written}, which ipamd ignores (did you mean ${m.meant}?): left as it is, ipamd ${setting.version} does not read its args for this`);
  if (setting.sources.some((s) => s.place === 'deployment-args')) {
    out.push(`ipamd's args also carry security-group flags, which ipamd ${setting.version} ignores: left as they are (remove them so that nobody edits the wrong place)`);
  }
  if (planned.layout === 'rewritten') out.push(`${NETWORK_CONF_KEY} is written in a layout this tool can only rewrite whole: its values are kept, its comments and formatting are not`);
  if (overwritten && !planned.noop) {
    out.push(
      `TKE renders ConfigMap ${IPAMD_NAMESPACE}/${IPAMD_NAME} from the addon ${IPAMD_ADDON}'s values: the next addon update (console or UpdateAddon) overwrites this change; ` +
        'to change the addon\'s values instead, give Tencent Cloud credentials and the cluster ID (--cluster-id)',
    );
  }
  return out;
}

export async function planSetCluster(kube: KubeClient, o: SetClusterOptions): Promise<SetClusterPlan> {
  // A malformed --cluster-id is named before anything is read.
  if (o.clusterIdFlag) resolveClusterId({ flag: o.clusterIdFlag });
  if (o.ipamdVersionFlag !== undefined) checkIpamdVersionFlag(o.ipamdVersionFlag);
  const nodes = listNodes(kube);
  nodes.catch(() => {}); // only region hints; awaited when the cloud is opened
  const cloud = async () => o.cloud(await hintsFrom(nodes));
  const reader = new TkeAddonReader({ clusterIdFlag: o.clusterIdFlag, server: kube.target.server, cloud });
  const setting = await readClusterSetting(kube, reader, o.ipamdVersionFlag);
  if (!setting.ipamd) throw new NotVpcCniError(kube.target.contextName);
  if (!setting.version || !setting.capabilities) throw new SettingUnavailableError(`${setting.problems[0] ?? 'cannot tell the ipamd version'}: nothing was changed`);
  const version = setting.version;
  if (!setting.capabilities.securityGroups) throw new FeatureUnavailableError(version);

  let placeReason: string;
  let overwritten = false;
  let planned: ReturnType<typeof planArgs> | ReturnType<typeof planConfigMap> | ReturnType<typeof planAddon>;
  if (setting.capabilities.globalSetting === 'deployment-args') {
    placeReason = `ipamd ${version} reads its setting from its container args (v3.2.0 – v3.4.x)`;
    planned = planArgs(await getIpamdDeployment(kube), o.intent);
  } else if (reader.values !== undefined && reader.outcome.clusterId) {
    const clusterId = reader.outcome.clusterId;
    placeReason = `ipamd ${version} reads ConfigMap ${IPAMD_NAMESPACE}/${IPAMD_NAME}, which TKE renders from the addon's values (cluster ${clusterId.id}, from ${clusterId.from})`;
    const read = setting.sources.find((s) => s.place === 'addon-values')!;
    planned = planAddon(reader.values, read, o.intent, clusterId.id);
  } else {
    const why = await configMapReason(reader, cloud);
    placeReason = why.reason;
    overwritten = why.overwritten;
    const cm = await getIpamdConfigMap(kube).catch((err: unknown) => {
      if (notFound(err)) throw new SettingUnavailableError(`ConfigMap ${IPAMD_NAMESPACE}/${IPAMD_NAME} not found, where ipamd ${version} reads its setting: nothing was changed`);
      throw err;
    });
    planned = planConfigMap(cm, o.intent, version);
  }
  await checkListInCloud(planned.after, cloud);

  const warnings = [
    ...changeEffects(planned.before, planned.after, { emptyListDisputed: planned.write.place !== 'deployment-args' }),
    ...placeWarnings(setting, planned, overwritten),
  ];
  return {
    context: kube.target.contextName,
    version,
    place: planned.write.place,
    placeReason,
    clusterId: reader.outcome.clusterId,
    before: planned.before,
    after: planned.after,
    changes: planned.changes,
    noop: planned.noop,
    warnings,
    write: planned.write,
  };
}

/** The RBAC the write needs (the addon is written through the cloud: CAM decides there). */
export function accessFor(plan: SetClusterPlan): AccessAttributes[] {
  if (plan.noop || plan.place === 'addon-values') return [];
  const resource = plan.place === 'deployment-args' ? { group: 'apps', resource: 'deployments' } : { group: '', resource: 'configmaps' };
  return [{ verb: 'update', ...resource, namespace: IPAMD_NAMESPACE, name: IPAMD_NAME }];
}

/**
 * The Tencent Cloud actions the apply step calls, for the caller's rights check before the
 * question: the addon is read again and written through TKE; a policy that inherits the primary
 * ENI's groups has each node's ENIs read to compare. The Kubernetes places write no cloud object
 * (the comparison after such a write reports its own failure and undoes nothing), so they need none.
 */
export function cloudActionsFor(plan: SetClusterPlan): string[] {
  if (plan.noop || plan.place !== 'addon-values') return [];
  const inherits = plan.after.enabled && plan.after.globalList.length === 0;
  return ['tke:DescribeAddon', 'tke:UpdateAddon', ...(inherits ? ['vpc:DescribeNetworkInterfaces'] : [])];
}

/** The caller's rights for cloudActionsFor(plan); undefined when the plan calls no cloud action or there is no cloud. */
export async function cloudRightsFor(plan: SetClusterPlan, cloud: CloudOpener): Promise<CloudRights | undefined> {
  const actions = cloudActionsFor(plan);
  if (actions.length === 0) return undefined;
  // Opened while planning (the addon was read through it): the hints are not used again.
  const session = await cloud([]);
  return session.cloud ? checkCloudRights(session.cloud, actions) : undefined;
}

export interface NodeDifference {
  name: string;
  /** The NEC's groups now. */
  necGroups: string[];
  /** What the new policy gives this node. */
  policyGroups: string[];
}

export interface SetClusterResult {
  place: SettingPlace;
  before: ClusterPolicy;
  after: ClusterPolicy;
  changed: boolean;
  /** What was checked after the write, in words. */
  verified: string[];
  warnings: string[];
  /** Ctrl-C / SIGTERM while waiting for ipamd's side: the write (if any) stands. */
  interrupted: boolean;
  /** undefined when it cannot be told (the policy inherits primary-ENI groups, which were not read). */
  nodesDiffering: NodeDifference[] | undefined;
  /** Nodes whose NEC lists no groups yet: ipamd gives them the policy's itself. */
  nodesPending: string[];
  nodesNote: string | undefined;
  resyncCommand: string | undefined;
}

export interface ApplyOptions {
  clusterIdFlag?: string;
  cloud: CloudOpener;
  signal?: AbortSignal;
  /** One line for the person waiting (stderr). */
  progress?: (line: string) => void;
}

/** How many times a write is tried again on a Deployment whose status alone moved meanwhile. */
const STATUS_ONLY_RETRIES = 4;

/**
 * Writes the planned Deployment. A 409 is not always someone's edit: while pods roll or restart,
 * the deployment controller writes the status, which moves the resourceVersion. The apiserver
 * raises metadata.generation on every change of a Deployment's spec or annotations and on nothing
 * else (PrepareForUpdate, pkg/registry/apps/deployment/strategy.go), so a fresh copy of the same
 * generation has the spec the plan was made on: the planned spec goes again on that copy (its
 * labels kept). A new generation is an edit, never overwritten.
 */
async function writeDeployment(kube: KubeClient, planned: V1Deployment): Promise<V1Deployment> {
  let attempt = planned;
  for (let retries = 0; ; retries++) {
    try {
      return await replaceIpamdDeployment(kube, attempt);
    } catch (err) {
      if (!conflict(err)) throw err;
      const fresh = await getIpamdDeployment(kube);
      if (retries >= STATUS_ONLY_RETRIES || fresh.metadata?.generation !== planned.metadata?.generation) {
        throw new SettingConflictError(`Deployment ${IPAMD_NAMESPACE}/${IPAMD_NAME}`);
      }
      attempt = { ...fresh, spec: planned.spec };
    }
  }
}

async function write(kube: KubeClient, plan: SetClusterPlan, cloud: () => Promise<TencentAccess>): Promise<V1Deployment | undefined> {
  const w = plan.write;
  if (w.place === 'deployment-args') return writeDeployment(kube, w.deployment);
  if (w.place === 'configmap') {
    // A ConfigMap has no status: any change meanwhile is an edit.
    await replaceIpamdConfigMap(kube, w.configMap).catch((err: unknown) => {
      throw conflict(err) ? new SettingConflictError(`ConfigMap ${IPAMD_NAMESPACE}/${IPAMD_NAME}`) : err;
    });
    return undefined;
  }
  const session = await cloud();
  if (!session.cloud) throw new SettingUnavailableError(`${session.missing ?? 'no Tencent Cloud access'}: nothing was changed`);
  // UpdateAddon has no resourceVersion: the values are read again just before, and must be the ones planned on.
  const now = await session.cloud.tke.describeAddon(w.clusterId, IPAMD_ADDON);
  if (!isDeepStrictEqual(now?.values ?? {}, w.read)) throw new SettingConflictError(`addon ${IPAMD_ADDON}'s values`);
  await session.cloud.tke.updateAddonValues(w.clusterId, IPAMD_ADDON, w.values, { strategy: 'replace' });
  return undefined;
}

const rolloutOf = (d: V1Deployment, generation: number): RolloutState => {
  const s = d.status ?? {};
  return rolloutState({
    generation,
    observedGeneration: s.observedGeneration ?? 0,
    desiredReplicas: d.spec?.replicas,
    replicas: s.replicas ?? 0,
    updatedReplicas: s.updatedReplicas ?? 0,
    availableReplicas: s.availableReplicas ?? 0,
    progressingReason: s.conditions?.find((c) => c.type === 'Progressing')?.reason,
  });
};

async function compareNodes(kube: KubeClient, nodes: KubeNode[], after: ClusterPolicy, cloud: () => Promise<TencentAccess>) {
  if (!after.enabled) {
    return { nodesDiffering: [], nodesPending: [], nodesNote: 'the feature is off: ipamd acts on no NEC and no resync, so no node needs one', resyncCommand: undefined };
  }
  const inherits = after.globalList.length === 0;
  const session = inherits ? await cloud() : undefined;
  if (inherits && !session?.cloud) {
    return {
      nodesDiffering: undefined,
      nodesPending: [],
      nodesNote: 'which nodes differ depends on each node\'s primary ENI groups, which were not read without Tencent Cloud access: kubectl sg show node with credentials shows them',
      resyncCommand: undefined,
    };
  }
  const reports = await readNodeReports(kube, nodes, after, session?.cloud?.vpc);
  const withGroups = reports.filter((r) => r.hasNec && r.desiredGroups.length > 0 && (!inherits || r.primaryGroups !== undefined));
  const differing = withGroups
    .map((r) => ({ name: r.name, necGroups: r.desiredGroups, policyGroups: policyGroupsForNode(after, r.primaryGroups ?? []) }))
    .filter((d) => !sameGroups(d.necGroups, d.policyGroups));
  const pending = reports.filter((r) => r.hasNec && r.desiredGroups.length === 0).map((r) => r.name);
  const resyncCommand =
    differing.length === 0 ? undefined : differing.length === reports.length ? 'kubectl sg resync --all' : `kubectl sg resync ${differing.map((d) => d.name).join(' ')}`;
  return { nodesDiffering: differing, nodesPending: pending, nodesNote: undefined, resyncCommand };
}

async function applyAndVerify(kube: KubeClient, plan: SetClusterPlan, o: ApplyOptions): Promise<SetClusterResult> {
  const nodes = listNodes(kube);
  nodes.catch(() => {});
  const cloud = async () => o.cloud(await hintsFrom(nodes));
  const result: SetClusterResult = {
    place: plan.place,
    before: plan.before,
    after: plan.after,
    changed: false,
    verified: [],
    warnings: [],
    interrupted: false,
    nodesDiffering: undefined,
    nodesPending: [],
    nodesNote: undefined,
    resyncCommand: undefined,
  };
  if (o.signal?.aborted) return { ...result, interrupted: true };
  if (!plan.noop) {
    const written = await write(kube, plan, cloud);
    result.changed = true;

    const reader = new TkeAddonReader({ clusterIdFlag: o.clusterIdFlag, server: kube.target.server, cloud });
    const readBack = (await readClusterSetting(kube, reader, plan.version)).sources.find((s) => s.place === plan.place);
    if (!readBack || !samePolicy(readBack, plan.after)) {
      throw new SettingNotTakenError(
        `wrote ${PLACE_NAMES[plan.place]} (${describePolicy(plan.after)}), but reading it back says ${readBack ? describePolicy(readBack) : 'nothing'}: check with kubectl sg show cluster`,
      );
    }
    result.verified.push(`${PLACE_NAMES[plan.place]} read back: ${describePolicy(plan.after)}`);

    const started = Date.now();
    const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;
    if (plan.place === 'addon-values') {
      o.progress?.(`waiting up to ${TAKE_TIMEOUT_MS / 1000} s for TKE to render ConfigMap ${IPAMD_NAMESPACE}/${IPAMD_NAME} from the addon's values`);
      const rendered = async () => {
        const cm = await getIpamdConfigMap(kube).catch((err: unknown) => (notFound(err) ? undefined : Promise.reject(err)));
        const read = cm ? readNetworkConf(cm) : undefined;
        return read !== undefined && 'values' in read && read.values !== undefined && samePolicy(policyOf(read.values), plan.after);
      };
      const outcome = await pollUntil(rendered, { timeoutMs: TAKE_TIMEOUT_MS, intervalMs: POLL_MS, signal: o.signal });
      if (outcome === 'aborted') return { ...result, interrupted: true };
      if (outcome === 'timeout') {
        throw new SettingNotTakenError(
          `addon ${IPAMD_ADDON}'s values now say ${describePolicy(plan.after)}, but ConfigMap ${IPAMD_NAMESPACE}/${IPAMD_NAME}, which ipamd reads, still does not after ${TAKE_TIMEOUT_MS / 1000} s: ` +
            'TKE has not rendered it (the addon\'s phase: kubectl sg show cluster); resync no node until it does',
        );
      }
      result.verified.push(`ConfigMap ${IPAMD_NAMESPACE}/${IPAMD_NAME} rendered from it after ${seconds()}`);
    } else if (plan.place === 'deployment-args' && written?.metadata?.generation !== undefined) {
      const generation = written.metadata.generation;
      o.progress?.(`waiting up to ${TAKE_TIMEOUT_MS / 1000} s for Deployment ${IPAMD_NAMESPACE}/${IPAMD_NAME} to roll out (ipamd restarts with the new args)`);
      // The last poll's reading, for the verdict below. Cast, not annotated: TypeScript would narrow an
      // annotated variable to this first value, not seeing the poll assign it.
      let rollout = { kind: 'waiting', why: 'not read yet' } as RolloutState;
      const settled = async () => (rollout = rolloutOf(await getIpamdDeployment(kube), generation)).kind !== 'waiting';
      const outcome = await pollUntil(settled, { timeoutMs: TAKE_TIMEOUT_MS, intervalMs: POLL_MS, signal: o.signal });
      if (outcome === 'aborted') return { ...result, interrupted: true };
      const check = `kubectl -n ${IPAMD_NAMESPACE} rollout status deployment/${IPAMD_NAME}`;
      if (rollout.kind === 'done') result.verified.push(`Deployment ${IPAMD_NAMESPACE}/${IPAMD_NAME} rolled out after ${seconds()}`);
      else if (rollout.kind === 'failed') {
        result.warnings.push(`the rollout of Deployment ${IPAMD_NAMESPACE}/${IPAMD_NAME} failed: ${rollout.why} (${check}; kubectl -n ${IPAMD_NAMESPACE} describe deployment/${IPAMD_NAME}): resync no node until ipamd runs with the new args`);
      } else {
        result.warnings.push(
          `the rollout of Deployment ${IPAMD_NAMESPACE}/${IPAMD_NAME} has not finished after ${TAKE_TIMEOUT_MS / 1000} s (${rollout.why}): ` +
            `wait for ${check} before resyncing nodes`,
        );
      }
    }
  }
  try {
    return { ...result, ...(await compareNodes(kube, await nodes, plan.after, cloud)) };
  } catch (err) {
    // The setting is written and verified: a failed comparison must not read as a failed change.
    return { ...result, nodesNote: `the nodes could not be compared with the new policy: ${errorMessage(err)}` };
  }
}

export async function applySetCluster(kube: KubeClient, plan: SetClusterPlan, o: ApplyOptions): Promise<SetClusterResult> {
  const result = await applyAndVerify(kube, plan, o);
  // The audit trail, once the setting is read back and taken; it never fails the change.
  if (result.changed) await recordClusterChange(kube, 'tke', { before: plan.before.globalList, after: plan.after.globalList, result: `${result.interrupted ? 'not-verified' : 'ok'}; feature ${plan.before.enabled ? 'on' : 'off'} -> ${plan.after.enabled ? 'on' : 'off'}` });
  return result;
}
