// `show cluster` for TKE super nodes: the pod-level mechanisms the cluster has — the super node
// pools with their default groups (DescribeNodePools 2022-05-01), eks-config's default group,
// the SecurityGroupPolicies as served (with the groups each names and the pods each selects now)
// — each group looked up in the cloud, the region's `default` group (what a pod naming nothing
// gets under the older pages' reading), and the super nodes with how many pods they run.
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import { listSuperNodes } from '../../adapters/kube/supernode/objects.ts';
import { listPods, listPodsOnNode } from '../../adapters/kube/pods.ts';
import { policiesSelecting, type SecurityGroupPolicy } from '../../domain/supernode/security-group-policy.ts';
import { EKS_CONFIG_KEY, EKS_CONFIG_NAME, EKS_CONFIG_NAMESPACE } from '../../domain/supernode/eks-config.ts';
import type { CloudOpener } from '../cloud-access.ts';
import { readGroupSources, type SuperNodePoolView } from './group-sources.ts';

export interface GroupLookup {
  id: string;
  /** undefined when the cloud was not asked; null when the group does not exist. */
  name: string | null | undefined;
}

export interface SuperNodeClusterReport {
  clusterId: string | undefined;
  pools: (Omit<SuperNodePoolView, 'securityGroupIds'> & { groups: GroupLookup[] })[] | undefined;
  poolsMissing: string | undefined;
  eksConfig: { exists: boolean; groups: GroupLookup[] | undefined; problem: string | undefined };
  /** undefined when the cluster does not serve SecurityGroupPolicy. */
  policies: (Omit<SecurityGroupPolicy, 'groupIds'> & { groups: GroupLookup[]; selects: string[] })[] | undefined;
  regionDefault: { id: string; name: string } | undefined;
  superNodes: { name: string; ready: boolean; pods: number }[];
  cloud: { region: string | undefined; missing: string | undefined };
  warnings: string[];
}

/** The pods each policy selects now, by pod labels (a ServiceAccount selector's pods are shown in show pod). */
async function selectedPods(kube: KubeClient, policies: readonly SecurityGroupPolicy[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const ns of [...new Set(policies.map((p) => p.namespace))]) {
    for (const pod of await listPods(kube, ns)) {
      for (const p of policiesSelecting(policies, { namespace: ns, labels: pod.metadata?.labels ?? {}, serviceAccountLabels: undefined })) {
        out.set(`${ns}/${p.name}`, [...(out.get(`${ns}/${p.name}`) ?? []), pod.metadata?.name ?? '']);
      }
    }
  }
  return out;
}

export async function readSuperNodeClusterReport(kube: KubeClient, clusterIdFlag: string | undefined, openCloud: CloudOpener): Promise<SuperNodeClusterReport> {
  const [sources, nodes] = await Promise.all([readGroupSources(kube, clusterIdFlag, openCloud), listSuperNodes(kube)]);
  const ids = [...(sources.pools ?? []).flatMap((p) => p.securityGroupIds), ...(sources.eksConfig.groups ?? []), ...(sources.policies ?? []).flatMap((p) => p.groupIds)];
  const cloud = sources.access.cloud;
  const found = cloud && ids.length > 0 ? await cloud.vpc.describeSecurityGroups(ids) : undefined;
  const names = new Map(found?.groups.map((g) => [g.id, g.name]));
  const lookup = (id: string): GroupLookup => ({ id, name: found ? (names.get(id) ?? null) : undefined });
  const [selected, superNodes] = await Promise.all([
    selectedPods(kube, sources.policies ?? []),
    Promise.all(
      nodes.map(async (n) => ({
        name: n.metadata?.name ?? '',
        ready: n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true,
        pods: (await listPodsOnNode(kube, n.metadata?.name ?? '')).length,
      })),
    ),
  ]);
  const warnings: string[] = [];
  if (sources.eksConfig.problem) warnings.push(`ConfigMap ${EKS_CONFIG_NAMESPACE}/${EKS_CONFIG_NAME}: ${sources.eksConfig.problem}; what super nodes do with a malformed ${EKS_CONFIG_KEY} is not documented`);
  for (const id of found?.missing ?? []) warnings.push(`security group ${id} does not exist in ${cloud?.clients.region ?? 'the region'}`);
  for (const p of sources.policies ?? []) for (const problem of p.problems) warnings.push(`SecurityGroupPolicy ${p.namespace}/${p.name}: ${problem}`);
  return {
    clusterId: sources.clusterId?.id,
    pools: sources.pools?.map(({ securityGroupIds, ...p }) => ({ ...p, groups: securityGroupIds.map(lookup) })),
    poolsMissing: sources.poolsMissing,
    eksConfig: { exists: sources.eksConfig.exists, groups: sources.eksConfig.groups?.map(lookup), problem: sources.eksConfig.problem },
    policies: sources.policies?.map(({ groupIds, ...p }) => ({ ...p, groups: groupIds.map(lookup), selects: selected.get(`${p.namespace}/${p.name}`) ?? [] })),
    regionDefault: sources.regionDefault ? { id: sources.regionDefault.id, name: sources.regionDefault.name } : undefined,
    superNodes,
    cloud: { region: sources.access.region?.region, missing: sources.access.missing },
    warnings,
  };
}
