// `set cluster --groups sg-x` on ECI: the eci-profile's `securityGroupId`, the group every new
// ECI pod gets when neither its annotation nor a selector names one. Checked before any write
// (one well-formed ID, existing, in the profile's VPC), written with the ConfigMap's
// resourceVersion changing that one key only, and read back. From v2.0.0.90-15deb126e-aliyun
// virtual kubelet hot-reloads the profile: new pods get the group at once; an older one reads it
// when it restarts, so the plan says which (profile-reload.ts) and how to restart it. Running
// pods keep their group until their workload rolls out, so the result lists those workloads.
import { podsOnNodes } from '../../adapters/kube/pods.ts';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { BadInputError } from '../../domain/bad-input.ts';
import { parseAlibabaGroupList } from '../../domain/eci/alibaba-group-id.ts';
import { ECI_PROFILE_NAME, ECI_PROFILE_NAMESPACE, withDefaultGroup } from '../../domain/eci/profile.ts';
import { lineChanges, type LineChanges } from '../../domain/line-changes.ts';
import { KubeApiError, type KubeClient } from '../../adapters/kube/kube-client.ts';
import { listVirtualNodes, replaceEciProfile } from '../../adapters/kube/eci/objects.ts';
import type { AlibabaSecurityGroup } from '../../adapters/alibaba/index.ts';
import { readEciProfile } from './cluster-report.ts';
import { readEciPods, type WorkloadOwner } from './pods.ts';
import { checkEciGroupsInCloud } from './group-check.ts';
import type { ProfileReloadView } from '../../domain/eci/profile-reload.ts';
import { readProfileReload } from './profile-reload.ts';
import { type AlibabaAccess, regionHintsOf } from '../cloud-access.ts';
import type { AccessAttributes } from '../../adapters/kube/access-review.ts';
import { recordClusterChange } from '../change-recording.ts';
import type { KubeNode } from '../../adapters/kube/nodes.ts';

export const ECI_PROFILE_PLACE = `ConfigMap ${ECI_PROFILE_NAMESPACE}/${ECI_PROFILE_NAME} (securityGroupId)`;

export interface StaleWorkload extends WorkloadOwner {
  namespace: string;
  /** Its running pods whose instances still have the old default group. */
  pods: string[];
}

export interface EciSetClusterPlan {
  context: string;
  before: string | undefined;
  after: string;
  group: AlibabaSecurityGroup;
  vpcId: string | undefined;
  /** The profile's data lines before → after: one line changes. */
  changes: LineChanges;
  noop: boolean;
  /** The profile as read; the write starts from it (its resourceVersion guards the write). */
  profile: V1ConfigMap;
  /** Workloads whose running pods have the default group now and keep it until they roll out. */
  staleWorkloads: StaleWorkload[];
  /** Whether new pods get the new default at once or after virtual kubelet restarts. */
  profileReload: ProfileReloadView;
  warnings: string[];
}

export interface EciSetClusterResult {
  before: string | undefined;
  after: string;
  changed: boolean;
  /** How the write was checked: read back, only securityGroupId changed. */
  verified: string;
  staleWorkloads: StaleWorkload[];
  profileReload: ProfileReloadView;
  warnings: string[];
}

export class EciProfileMissingError extends Error {
  constructor() {
    super(`no ConfigMap ${ECI_PROFILE_NAMESPACE}/${ECI_PROFILE_NAME}: this cluster has no ECI virtual kubelet to configure (kubectl sg doctor --provider eci)`);
  }
}

const dataLines = (data: Readonly<Record<string, string>>) => Object.entries(data).map(([k, v]) => `${k}: ${v}`);

/** The one group the profile takes, refused in one line otherwise. */
export function eciDefaultGroupIntent(o: { groups?: string; enable?: boolean; disable?: boolean; inheritPrimary?: boolean }): string {
  const tkeOnly = o.enable ? '--enable' : o.disable ? '--disable' : o.inheritPrimary ? '--inherit-primary' : undefined;
  if (tkeOnly) {
    throw new BadInputError(`${tkeOnly} is TKE's: on ECI every pod has a group, so there is nothing to turn on or off; set the default with kubectl sg set cluster --provider eci --groups sg-...`);
  }
  if (o.groups === undefined) throw new BadInputError('name the default group of new ECI pods: kubectl sg set cluster --provider eci --groups sg-bp1dktddjsg5nktv1234');
  const ids = parseAlibabaGroupList(o.groups);
  if (ids.length > 1) {
    throw new BadInputError(
      `--groups "${o.groups}" names ${ids.length} groups, but eci-profile's securityGroupId holds one: give one default group, and name several on a workload (kubectl sg set workload KIND/NAME --groups ${o.groups})`,
    );
  }
  return ids[0]!;
}

async function staleWorkloads(kube: KubeClient, nodes: readonly KubeNode[], defaultGroup: string | undefined, profile: Parameters<typeof readEciPods>[2], cloud: AlibabaAccess['cloud']): Promise<StaleWorkload[]> {
  if (!defaultGroup) return [];
  const pods = await readEciPods(kube, await podsOnNodes(kube, nodes), profile, cloud, { owners: true });
  const byOwner = new Map<string, StaleWorkload>();
  for (const p of pods) {
    // A pod that names its groups itself (annotation, selector) is not moved by the default.
    if (p.requested?.source !== 'profile') continue;
    if (!(p.actual ?? p.requested.groups).includes(defaultGroup)) continue;
    const owner = p.owner ?? { kind: 'Pod', name: p.name };
    const key = `${p.namespace}/${owner.kind}/${owner.name}`;
    const w = byOwner.get(key) ?? { ...owner, namespace: p.namespace, pods: [] };
    w.pods.push(p.name);
    byOwner.set(key, w);
  }
  return [...byOwner.values()];
}

export async function planEciSetCluster(kube: KubeClient, o: { group: string; openCloud: (hints: readonly string[]) => Promise<AlibabaAccess> }): Promise<EciSetClusterPlan> {
  const { object, parsed } = await readEciProfile(kube);
  if (!object) throw new EciProfileMissingError();
  if (parsed.problems.length > 0) {
    throw new Error(`${ECI_PROFILE_NAMESPACE}/${ECI_PROFILE_NAME} is malformed (${parsed.problems.join('; ')}): virtual kubelet ignores it as a whole, so fix it first (kubectl edit configmap ${ECI_PROFILE_NAME} -n ${ECI_PROFILE_NAMESPACE}); nothing was changed`);
  }
  const nodes = await listVirtualNodes(kube);
  const [access, profileReload] = await Promise.all([o.openCloud(regionHintsOf(nodes)), readProfileReload(kube, nodes)]);
  if (!access.cloud) throw new Error(`set cluster on ECI checks the group in Alibaba Cloud first: ${access.missing ?? 'no cloud access'}; nothing was changed`);
  const group = (await checkEciGroupsInCloud(access.cloud, [o.group], parsed.vpcId, access.region?.from, 'ECI would refuse every new pod that takes the default'))[0]!;
  const data = (object.data ?? {}) as Record<string, string>;
  const after = withDefaultGroup(data, group.id);
  const warnings: string[] = [];
  const before = parsed.securityGroupId;
  if (before && before !== group.id) {
    const old = (await access.cloud.describeSecurityGroups([before])).found[0];
    if (old && old.type !== group.type) warnings.push(`the default changes from a ${old.type} group to a ${group.type} one${group.type === 'advanced' ? ': pods in an advanced group cannot reach each other, nor anything outbound, unless a rule allows it' : ''}`);
  }
  return {
    context: kube.target.contextName,
    before,
    after: group.id,
    group,
    vpcId: parsed.vpcId,
    changes: lineChanges(dataLines(data), dataLines(after)),
    noop: before === group.id,
    profile: object,
    staleWorkloads: before === group.id ? [] : await staleWorkloads(kube, nodes, before, parsed, access.cloud),
    profileReload,
    warnings,
  };
}

export function eciSetClusterAccess(plan: EciSetClusterPlan): AccessAttributes[] {
  return plan.noop ? [] : [{ verb: 'update', group: '', resource: 'configmaps', namespace: ECI_PROFILE_NAMESPACE, name: ECI_PROFILE_NAME }];
}

/**
 * Writes the new default. A 409 (someone edited the profile since it was read) is retried on the
 * fresh profile when its securityGroupId is still the one the plan started from — their other
 * edits are kept — and refused when they changed the default too.
 */
async function writeAndReadBack(kube: KubeClient, plan: EciSetClusterPlan): Promise<EciSetClusterResult> {
  const result = { before: plan.before, after: plan.after, staleWorkloads: plan.staleWorkloads, profileReload: plan.profileReload, warnings: [...plan.warnings] };
  if (plan.noop) return { ...result, changed: false, verified: 'nothing written' };
  let current = plan.profile;
  for (let attempt = 0; ; attempt++) {
    const data = (current.data ?? {}) as Record<string, string>;
    try {
      await replaceEciProfile(kube, { ...current, data: withDefaultGroup(data, plan.after) });
      break;
    } catch (err) {
      if (!(err instanceof KubeApiError && err.status === 409) || attempt >= 3) throw err;
      const { object } = await readEciProfile(kube);
      if (!object) throw new EciProfileMissingError();
      const now = (object.data ?? {}).securityGroupId;
      if (now !== plan.before) throw new Error(`eci-profile's securityGroupId was changed meanwhile to ${now ?? '(none)'} by someone else: nothing was overwritten; look (kubectl sg show cluster) and run again`);
      result.warnings.push('eci-profile was edited meanwhile: the new default was written on top of that edit, which is kept');
      current = object;
    }
  }
  const { object } = await readEciProfile(kube);
  const written = (object?.data ?? {}) as Record<string, string>;
  const expected = withDefaultGroup((current.data ?? {}) as Record<string, string>, plan.after);
  const same = Object.keys(expected).length === Object.keys(written).length && Object.entries(expected).every(([k, v]) => written[k] === v);
  if (!same) throw new Error('eci-profile read back differs from what was written (another writer?): kubectl sg show cluster shows it as it is');
  return { ...result, changed: true, verified: 'read back: securityGroupId is the new group, every other key byte-identical' };
}

export async function applyEciSetCluster(kube: KubeClient, plan: EciSetClusterPlan): Promise<EciSetClusterResult> {
  const result = await writeAndReadBack(kube, plan);
  // The audit trail, once the profile is read back; it never fails the change.
  if (result.changed) await recordClusterChange(kube, 'eci', { before: plan.before ? [plan.before] : [], after: [plan.after], result: 'ok' });
  return result;
}
