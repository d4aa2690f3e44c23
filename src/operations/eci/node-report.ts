// `show node` for ECI virtual nodes: a virtual node has no ENIs of its own, so its security
// groups are its pods' — each pod's ECI instance with the groups it asked for and the groups it
// has (pods.ts). A virtual node is in sync when every pod that can be compared has what it
// asked for.
import type { KubeClient } from '../../adapters/kube/kube-client.ts';

import { readEciProfile } from './cluster-report.ts';
import { readEciPods, type EciPodView } from './pods.ts';
import { type AlibabaAccess, regionHintsOf } from '../cloud-access.ts';
import { listPodsOnNode } from '../../adapters/kube/pods.ts';
import type { KubeNode } from '../../adapters/kube/nodes.ts';

export interface VirtualNodeReport {
  name: string;
  /** The eci-profile default: what a pod gets when nothing else names its groups. */
  defaultGroups: string[];
  pods: EciPodView[];
  /** undefined when no pod could be compared (no cloud, no instances yet), or one pod's groups cannot be told and none differs. */
  inSync: boolean | undefined;
}

export async function readVirtualNodeReports(kube: KubeClient, nodes: readonly KubeNode[], openCloud: (hints: readonly string[]) => Promise<AlibabaAccess>): Promise<{ reports: VirtualNodeReport[]; access: AlibabaAccess }> {
  const hints = regionHintsOf(nodes);
  const [{ parsed }, access, podsByNode] = await Promise.all([readEciProfile(kube), openCloud(hints), Promise.all(nodes.map((n) => listPodsOnNode(kube, n.metadata?.name ?? '')))]);
  // One batched cloud read for every pod of every node.
  const views = await readEciPods(kube, podsByNode.flat(), parsed, access.cloud);
  let at = 0;
  const reports = nodes.map((n, i) => {
    const pods = views.slice(at, (at += podsByNode[i]!.length));
    const compared = pods.filter((p) => p.status === 'ok' || p.status === 'mismatch' || p.status === 'cannot-tell');
    const has = (s: string) => compared.some((p) => p.status === s);
    return {
      name: n.metadata?.name ?? '',
      defaultGroups: parsed.securityGroupId ? [parsed.securityGroupId] : [],
      pods,
      // One pod whose groups cannot be told leaves the node unknown, unless another one differs.
      inSync: compared.length === 0 ? undefined : has('mismatch') ? false : has('cannot-tell') ? undefined : true,
    };
  });
  return { reports, access };
}
