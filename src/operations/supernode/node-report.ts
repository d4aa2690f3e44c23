// `show node` for TKE super nodes: a super node has no ENIs of its own; its groups are its pods'
// container instances' (pods.ts), and what a pod gets when it names none is its pool's groups
// (or the region's default group under the older pages' reading). A super node is in sync when
// every pod that could be compared has one reading's groups.
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import { listPodsOnNode } from '../../adapters/kube/pods.ts';
import type { CloudOpener } from '../cloud-access.ts';
import { poolOfNode, readGroupSources, type GroupSources } from './group-sources.ts';
import { readSuperNodePods, type SuperNodePodView } from './pods.ts';
import type { KubeNode } from '../../adapters/kube/nodes.ts';

export interface SuperNodeReport {
  name: string;
  pool: { id: string; name: string; groups: string[] } | undefined;
  pods: SuperNodePodView[];
  /** undefined when no pod could be compared, or one cannot be told and none differs. */
  inSync: boolean | undefined;
}

export function superNodeInSync(pods: readonly SuperNodePodView[]): boolean | undefined {
  if (pods.some((p) => p.status === 'mismatch')) return false;
  if (pods.length === 0 || pods.some((p) => p.status !== 'ok')) return undefined;
  return true;
}

export async function readSuperNodeReports(kube: KubeClient, nodes: readonly KubeNode[], clusterIdFlag: string | undefined, openCloud: CloudOpener): Promise<{ reports: SuperNodeReport[]; sources: GroupSources }> {
  const [sources, podsByNode] = await Promise.all([readGroupSources(kube, clusterIdFlag, openCloud), Promise.all(nodes.map((n) => listPodsOnNode(kube, n.metadata?.name ?? '')))]);
  // One batched cloud read for every pod of every node.
  const views = await readSuperNodePods(kube, podsByNode.flat(), sources);
  let at = 0;
  const reports = nodes.map((n, i) => {
    const pods = views.slice(at, (at += podsByNode[i]!.length));
    const pool = poolOfNode(sources, n.metadata?.name);
    return { name: n.metadata?.name ?? '', pool: pool ? { id: pool.id, name: pool.name, groups: pool.securityGroupIds } : undefined, pods, inSync: superNodeInSync(pods) };
  });
  return { reports, sources };
}
