// Everything a super-node pod's groups may come from, read once per verb: eks-config's default,
// the SecurityGroupPolicies as served, and from the cloud the super node pools' groups (and which
// pool each super node is in) and the region's `default` group. Each part says why it is missing
// when it is, so that a report shows what it could not read instead of guessing.
import type { V1ConfigMap } from '@kubernetes/client-node';
import { load } from 'js-yaml';
import { parseEksConfig, type EksConfig } from '../../domain/supernode/eks-config.ts';
import { parseSecurityGroupPolicy, type SecurityGroupPolicy } from '../../domain/supernode/security-group-policy.ts';
import { errorMessage } from '../../domain/error-message.ts';
import { orUndefinedOn, type KubeClient } from '../../adapters/kube/kube-client.ts';
import { getEksConfig, listSecurityGroupPolicies } from '../../adapters/kube/supernode/objects.ts';
import type { SecurityGroup, SuperNodePool } from '../../adapters/tencent/index.ts';
import { readClusterId, type ResolvedClusterId } from '../cluster-id.ts';
import { regionHintsOf, type CloudOpener, type TencentAccess } from '../cloud-access.ts';
import { firstNode } from '../../adapters/kube/nodes.ts';

export interface SuperNodePoolView extends SuperNodePool {
  nodeNames: string[];
}

export interface GroupSources {
  eksConfig: EksConfig & { object: V1ConfigMap | undefined };
  /** undefined when the cluster does not serve SecurityGroupPolicy (the add-on is not installed). */
  policies: SecurityGroupPolicy[] | undefined;
  clusterId: ResolvedClusterId | undefined;
  /** undefined when not read (`poolsMissing` says why). */
  pools: SuperNodePoolView[] | undefined;
  poolsMissing: string | undefined;
  /** The region's group named `default` (how the API marks it is not known: docs/tke-pod-groups.md, question 10); undefined when not read or not found. */
  regionDefault: SecurityGroup | undefined;
  access: TencentAccess;
}

/** The pool a super node is in; with one pool, that one. */
export function poolOfNode(s: GroupSources, node: string | undefined): SuperNodePoolView | undefined {
  if (!s.pools) return undefined;
  return s.pools.find((p) => node !== undefined && p.nodeNames.includes(node)) ?? (s.pools.length === 1 ? s.pools[0] : undefined);
}

/** The region's `default` group: flagged IsDefault, else named `default`. */
const isRegionDefault = (g: SecurityGroup) => g.isDefault || g.name === 'default';

export async function readGroupSources(kube: KubeClient, clusterIdFlag: string | undefined, openCloud: CloudOpener): Promise<GroupSources> {
  // Any node's region label is the last resort for the region, as on TKE's side.
  const node = await orUndefinedOn(firstNode(kube), 403);
  const [object, policyObjects, clusterId, access] = await Promise.all([getEksConfig(kube), orUndefinedOn(listSecurityGroupPolicies(kube), 403), readClusterId(kube, clusterIdFlag), openCloud(regionHintsOf(node ? [node] : []))]);
  const eksConfig = { ...parseEksConfig(object?.data, object !== undefined, load), object };
  const policies = policyObjects?.map(parseSecurityGroupPolicy);
  let pools: SuperNodePoolView[] | undefined;
  let poolsMissing: string | undefined;
  let regionDefault: SecurityGroup | undefined;
  if (!access.cloud) poolsMissing = access.missing;
  else if (!clusterId) poolsMissing = 'no cluster ID: pass --cluster-id cls-xxxxxxxx';
  if (access.cloud) {
    const cloud = access.cloud;
    const [poolRead, groups] = await Promise.all([
      clusterId
        ? cloud.superNodes.describeSuperNodePools(clusterId.id).then(
            async (ps) => Promise.all(ps.map(async (p) => ({ ...p, nodeNames: await cloud.superNodes.describePoolNodeNames(clusterId.id, p.id) }))),
            (e: unknown) => errorMessage(e),
          )
        : undefined,
      cloud.vpc.listSecurityGroups(),
    ]);
    if (typeof poolRead === 'string') poolsMissing = `the super node pools were not read: ${poolRead}`;
    else pools = poolRead;
    regionDefault = groups.find(isRegionDefault);
  }
  return { eksConfig, policies, clusterId, pools, poolsMissing, regionDefault, access };
}
