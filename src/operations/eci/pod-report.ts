// `show pod` for a pod on an ECI virtual node: the groups it asked for and where from (its
// annotation, a selector, the profile default) against the groups its instance actually has,
// each actual group with its rules summarised. A pod keeps the groups it was created with, so a
// mismatch means the request changed after creation (or the instance was made elsewhere).
import { summariseRules } from '../../domain/rule-summary.ts';
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import type { AlibabaCloud } from '../../adapters/alibaba/index.ts';
import { readEciProfile } from './cluster-report.ts';
import { readEciPods, type EciPodView } from './pods.ts';
import { type AlibabaAccess, regionHintsOf } from '../cloud-access.ts';
import type { FoundPod } from '../pod-lookup.ts';
import type { GroupView } from '../group-view.ts';

export interface EciPodReport {
  pod: EciPodView;
  /** The actual groups (else the requested ones, when the instance is not known), in order, with rules. */
  groups: GroupView[];
  region: AlibabaAccess['region'];
  /** Why the cloud was not asked, when it was not. */
  missing: string | undefined;
}

export async function eciGroupViews(cloud: AlibabaCloud, ids: readonly string[]): Promise<GroupView[]> {
  const details = await Promise.all(ids.map((id) => cloud.describeSecurityGroupAttribute(id)));
  return ids.map((id, i) => {
    const d = details[i];
    return { id, name: d?.name, description: d?.description, rules: d ? summariseRules(d.rules) : undefined };
  });
}

export async function readEciPodReport(kube: KubeClient, { pod, node }: FoundPod, openCloud: (hints: readonly string[]) => Promise<AlibabaAccess>): Promise<EciPodReport> {
  // The profile's read waits on the API server while opening the cloud loads the SDK: side by side.
  const [{ parsed }, access] = await Promise.all([readEciProfile(kube), openCloud(node ? regionHintsOf([node]) : [])]);
  const [view] = await readEciPods(kube, [pod], parsed, access.cloud, { owners: true });
  const ids = view!.actual ?? view!.requested?.groups ?? [];
  const groups = access.cloud ? await eciGroupViews(access.cloud, ids) : ids.map((id) => ({ id, name: undefined, description: undefined, rules: undefined }));
  return { pod: view!, groups, region: access.region, missing: access.missing };
}
