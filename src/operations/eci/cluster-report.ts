// `show cluster` on ECI: the eci-profile as virtual kubelet reads it — the default group, the
// VPC and vSwitches, each selector with the groups its effect sets, in the order they are tried
// — each group looked up in the cloud (name, type, VPC), the profile's problems and the Warning
// Events written on it, the virtual nodes with how many pods they run, and whether a profile
// change reaches new pods at once or after virtual kubelet restarts (its version).
import type { V1ConfigMap } from '@kubernetes/client-node';
import { ECI_PROFILE_NAME, ECI_PROFILE_NAMESPACE, parseEciProfile, type EciProfile } from '../../domain/eci/profile.ts';
import { hasNoSelectors, selectorGroups } from '../../domain/eci/selectors.ts';
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import { listEvents, type ObjectEvent } from '../../adapters/kube/doctor-reads.ts';
import { getEciProfile, listVirtualNodes } from '../../adapters/kube/eci/objects.ts';
import type { AlibabaSecurityGroup } from '../../adapters/alibaba/index.ts';
import type { ProfileReloadView } from '../../domain/eci/profile-reload.ts';
import { readProfileReload } from './profile-reload.ts';
import { type AlibabaAccess, regionHintsOf } from '../cloud-access.ts';
import { listPodsOnNode } from '../../adapters/kube/pods.ts';

export interface GroupLookup {
  id: string;
  /** undefined when the cloud was not asked; null when it does not exist. */
  group: AlibabaSecurityGroup | null | undefined;
}

export interface EciClusterReport {
  profile: { exists: boolean; parsed: EciProfile; events: ObjectEvent[]; resourceVersion: string | undefined };
  defaultGroup: GroupLookup | undefined;
  /** `noSelectors`: it names no namespaceSelector or objectSelector, whose meaning (every pod, or none) is undocumented. */
  selectors: { name: string; namespaceLabels: Record<string, string>; podLabels: Record<string, string>; noSelectors: boolean; groups: GroupLookup[] | undefined }[];
  virtualNodes: { name: string; ready: boolean; pods: number }[];
  /** When a profile change reaches new pods (virtual kubelet's version). */
  profileReload: ProfileReloadView;
  cloud: { region: AlibabaAccess['region']; missing: string | undefined };
  warnings: string[];
}

/** The ConfigMap's data and parse, also what set cluster starts from. */
export async function readEciProfile(kube: KubeClient): Promise<{ object: V1ConfigMap | undefined; parsed: EciProfile }> {
  const object = await getEciProfile(kube);
  return { object, parsed: parseEciProfile(object?.data) };
}

/** Looks every ID up in one batched call; without a cloud each lookup says "not asked". */
export async function lookUpGroups(ids: readonly string[], cloud: AlibabaAccess['cloud']): Promise<Map<string, AlibabaSecurityGroup | null | undefined>> {
  const out = new Map<string, AlibabaSecurityGroup | null | undefined>(ids.map((id) => [id, undefined]));
  if (!cloud || ids.length === 0) return out;
  const { found, missing } = await cloud.describeSecurityGroups([...new Set(ids)]);
  for (const g of found) out.set(g.id, g);
  for (const id of missing) out.set(id, null);
  return out;
}

export async function readEciClusterReport(kube: KubeClient, openCloud: (hints: readonly string[]) => Promise<AlibabaAccess>): Promise<EciClusterReport> {
  const [{ object, parsed }, nodes, events] = await Promise.all([
    readEciProfile(kube),
    listVirtualNodes(kube),
    listEvents(kube, { kind: 'ConfigMap', name: ECI_PROFILE_NAME, namespace: ECI_PROFILE_NAMESPACE }),
  ]);
  const hints = regionHintsOf(nodes);
  const [access, profileReload] = await Promise.all([openCloud(hints), readProfileReload(kube, nodes)]);
  const ids = [...(parsed.securityGroupId ? [parsed.securityGroupId] : []), ...parsed.selectors.flatMap((s) => selectorGroups(s) ?? [])];
  const groups = await lookUpGroups(ids, access.cloud);
  const lookup = (id: string): GroupLookup => ({ id, group: groups.get(id) });
  const virtualNodes = await Promise.all(
    nodes.map(async (n) => ({
      name: n.metadata?.name ?? '',
      ready: n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true,
      pods: (await listPodsOnNode(kube, n.metadata?.name ?? '')).length,
    })),
  );
  const warnings: string[] = [];
  if (!object) warnings.push(`no ConfigMap ${ECI_PROFILE_NAMESPACE}/${ECI_PROFILE_NAME}: ECI pods have no default group (kubectl sg doctor --provider eci says what to do)`);
  for (const p of parsed.problems) warnings.push(`eci-profile: ${p} — virtual kubelet ignores a malformed profile and keeps the last good one`);
  for (const [id, g] of groups) if (g === null) warnings.push(`security group ${id} named in eci-profile does not exist in ${access.region?.region ?? 'the region'}`);
  return {
    profile: { exists: object !== undefined, parsed, events, resourceVersion: object?.metadata?.resourceVersion },
    defaultGroup: parsed.securityGroupId ? lookup(parsed.securityGroupId) : undefined,
    selectors: parsed.selectors.map((s) => ({
      name: s.name,
      namespaceLabels: s.namespaceSelector?.matchLabels ?? {},
      podLabels: s.objectSelector?.matchLabels ?? {},
      noSelectors: hasNoSelectors(s),
      groups: selectorGroups(s)?.map(lookup),
    })),
    virtualNodes,
    profileReload,
    cloud: { region: access.region, missing: access.missing },
    warnings,
  };
}
