// `show pod` for a pod on a TKE super node: the groups it asks for and where from, against the
// groups its container instance has, each group with its rules summarised.
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import type { FoundPod } from '../pod-lookup.ts';
import type { GroupView } from '../group-view.ts';
import type { CloudOpener } from '../cloud-access.ts';
import { groupViews } from '../tencent-group-views.ts';
import { readGroupSources } from './group-sources.ts';
import { readSuperNodePods, type SuperNodePodView } from './pods.ts';

export interface SuperNodePodReport {
  pod: SuperNodePodView;
  /** The instance's groups (else the one candidate's, when the instance is not known), in order, with rules. */
  groups: GroupView[];
  /** Why the cloud, or the pool, was not read, when it was not. */
  missing: string | undefined;
}

export async function readSuperNodePodReport(kube: KubeClient, { pod }: FoundPod, clusterIdFlag: string | undefined, openCloud: CloudOpener): Promise<SuperNodePodReport> {
  const sources = await readGroupSources(kube, clusterIdFlag, openCloud);
  const [view] = await readSuperNodePods(kube, [pod], sources);
  const ids = view!.actual ?? (view!.candidates.length === 1 ? (view!.candidates[0]!.groups ?? []) : []);
  const cloud = sources.access.cloud;
  const groups = cloud ? await groupViews(cloud, ids) : ids.map((id) => ({ id, name: undefined, description: undefined, rules: undefined }));
  return { pod: view!, groups, missing: sources.access.missing ?? sources.poolsMissing };
}
