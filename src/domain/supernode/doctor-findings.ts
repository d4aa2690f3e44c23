// doctor's checks for TKE super nodes, pure: the pools' default groups exist, eks-config's
// pod.annotations reads as a map, every super-node pod's instance has what it asks for (under
// one reading at least), and the cloud lists the pods' instances at all. Each finding says what
// to run; the documents each rests on are in finding-sources.ts.
import { finding, someNames, type Finding } from '../doctor-finding.ts';
import { EKS_CONFIG_KEY, EKS_CONFIG_NAME, EKS_CONFIG_NAMESPACE } from './eks-config.ts';

/** In doctor's order; the credentials and region checks are cloud-findings.ts's, under these names. */
export const SUPERNODE_CHECKS = ['supernode-credentials', 'supernode-region', 'supernode-pool-groups', 'supernode-eks-config', 'supernode-pod-groups', 'supernode-instances'] as const;
export type SuperNodeCheckName = (typeof SUPERNODE_CHECKS)[number];

export function poolGroupsFinding(pools: { id: string; groups: string[] }[] | undefined, missingGroups: readonly string[], notRead: string | undefined): Finding {
  if (!pools) return finding('supernode-pool-groups', 'warn', `the super node pools were not read: ${notRead ?? 'no cloud'}`, 'pass --cluster-id cls-xxxxxxxx and --region, or set TENCENTCLOUD_REGION');
  if (pools.length === 0) return finding('supernode-pool-groups', 'warn', 'the cluster has no super node pool', 'create one: TKE console > Clusters > <cluster> > Node management > Super nodes');
  const bad = pools.filter((p) => p.groups.some((g) => missingGroups.includes(g)));
  if (bad.length > 0) {
    return finding('supernode-pool-groups', 'fail', `pool ${someNames(bad.map((p) => p.id))} names groups that do not exist: ${missingGroups.join(', ')}; pods that name no groups cannot start`, `tccli tke ModifyClusterVirtualNodePool --ClusterId <cluster> --NodePoolId ${bad[0]!.id} --SecurityGroupIds '["sg-..."]'`);
  }
  return finding('supernode-pool-groups', 'ok', pools.map((p) => `${p.id}: ${p.groups.join(', ')}`).join('; '));
}

export function eksConfigFinding(c: { exists: boolean; groups: string[] | undefined; problem: string | undefined }): Finding {
  const where = `ConfigMap ${EKS_CONFIG_NAMESPACE}/${EKS_CONFIG_NAME}`;
  if (c.problem) return finding('supernode-eks-config', 'fail', `${where}: ${c.problem}; what super nodes do with it is not documented`, `kubectl -n ${EKS_CONFIG_NAMESPACE} edit configmap ${EKS_CONFIG_NAME}   # ${EKS_CONFIG_KEY} must be a YAML map of annotation: "value"`);
  if (!c.exists) return finding('supernode-eks-config', 'ok', `no ${where}: pods that name no groups get the default`);
  return finding('supernode-eks-config', 'ok', c.groups ? `${where} gives pods that name none ${c.groups.join(', ')}` : `${where} names no default group`);
}

export interface PodFacts {
  pod: string;
  status: string;
  owner?: string;
}

export function podGroupsFinding(pods: readonly PodFacts[]): Finding {
  const differ = pods.filter((p) => p.status === 'mismatch');
  if (differ.length > 0) {
    return finding('supernode-pod-groups', 'warn', `${someNames(differ.map((p) => p.pod))}: the instance's groups differ from what the pod asks for now (its groups are read when it is created)`, `kubectl sg show pod ${differ[0]!.pod.split('/')[1]} -n ${differ[0]!.pod.split('/')[0]}   # then recreate it: kubectl rollout restart <its workload>`);
  }
  const ok = pods.filter((p) => p.status === 'ok').length;
  return finding('supernode-pod-groups', 'ok', `${ok} of ${pods.length} super-node pods have what they ask for; none differs`);
}

export function instancesFinding(pods: readonly PodFacts[]): Finding {
  const unlisted = pods.filter((p) => p.status === 'not-listed');
  if (unlisted.length > 0) {
    return finding(
      'supernode-instances',
      'warn',
      `cannot tell: DescribeEKSContainerInstances lists no instance for ${someNames(unlisted.map((p) => p.pod))}; whether it lists a standard cluster's super-node pods is not documented`,
      `tccli tke DescribeEKSContainerInstances --Filters '[{"Name":"private-ip","Values":["<pod IP>"]}]'   # compare in the console: Super nodes > the pod's instance > Security groups`,
    );
  }
  return finding('supernode-instances', 'ok', `the cloud lists the instances of ${pods.filter((p) => p.status !== 'no-ip' && p.status !== 'no-cloud').length} running super-node pods`);
}
