// TKE's super nodes as the cloud states them (docs/tke-pod-groups.md, §1 "The TKE API"): a super
// node pool's groups, read with 2022-05-01 DescribeNodePools (the one action whose answer carries
// them: NodePool.Super.SecurityGroupIds) and written with 2018-05-25 ModifyClusterVirtualNodePool;
// and the container instances super-node pods run as, found by their private IPs with 2018-05-25
// DescribeEKSContainerInstances (EksCi.SecurityGroupIds). Whether that action lists a standard
// cluster's super-node pods at all is not documented: an IP it does not answer for is returned
// as not found, and the caller says what that means.
import type { DescribeClusterVirtualNodeResponse, DescribeEKSContainerInstancesResponse } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tke/v20180525/tke_models.js';
import type { DescribeNodePoolsResponse } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tke/v20220501/tke_models.js';
import type { CloudCaller } from './clients.ts';
import { allPages, chunks, PAGE_SIZE, unique } from './paging.ts';

export interface SuperNodePool {
  id: string;
  name: string;
  lifeState: string;
  subnetIds: string[];
  /** The groups a pod gets when nothing else names them (under the newer pages' reading). */
  securityGroupIds: string[];
}

export interface ContainerInstance {
  id: string;
  name: string;
  status: string;
  privateIp: string;
  securityGroupIds: string[];
  subnetId: string;
  vpcId: string;
}

export interface SuperNodeApi {
  /** The cluster's super node pools (NodePool.Type "Super"), with their groups. */
  describeSuperNodePools(clusterId: string): Promise<SuperNodePool[]>;
  /** The names of a pool's super nodes (DescribeClusterVirtualNode; a node's answer does not name its pool). */
  describePoolNodeNames(clusterId: string, poolId: string): Promise<string[]>;
  /** The instances behind these pod IPs; an IP missing from the map was not answered for. */
  describeInstancesByIp(ips: readonly string[]): Promise<Map<string, ContainerInstance>>;
  /** Sets a pool's groups (in priority order). */
  modifyPoolGroups(clusterId: string, poolId: string, groupIds: readonly string[]): Promise<void>;
}

/** Filter values per request: the API states none, so the page size (inferred) keeps requests small. */
const IPS_PER_REQUEST = 100;

export function superNodeApi(api: CloudCaller): SuperNodeApi {
  return {
    async describeSuperNodePools(clusterId) {
      const { items } = await allPages(async (offset, limit) => {
        const r = await api.call<DescribeNodePoolsResponse>('tke2022', 'DescribeNodePools', { ClusterId: clusterId, Offset: offset, Limit: limit });
        return { items: r.NodePools ?? [], total: r.TotalCount };
      }, PAGE_SIZE);
      return items
        .filter((p) => p.Type === 'Super')
        .map((p) => ({
          id: p.NodePoolId ?? '',
          name: p.Name ?? '',
          lifeState: p.LifeState ?? '',
          subnetIds: [...(p.Super?.SubnetIds ?? [])],
          securityGroupIds: [...(p.Super?.SecurityGroupIds ?? [])],
        }));
    },

    async describePoolNodeNames(clusterId, poolId) {
      const r = await api.call<DescribeClusterVirtualNodeResponse>('tke', 'DescribeClusterVirtualNode', { ClusterId: clusterId, NodePoolId: poolId });
      return (r.Nodes ?? []).map((n) => n.Name ?? '').filter((n) => n !== '');
    },

    async describeInstancesByIp(ips) {
      const found = new Map<string, ContainerInstance>();
      for (const batch of chunks(unique(ips), IPS_PER_REQUEST)) {
        const { items } = await allPages(async (offset, limit) => {
          const r = await api.call<DescribeEKSContainerInstancesResponse>('tke', 'DescribeEKSContainerInstances', { Filters: [{ Name: 'private-ip', Values: batch }], Offset: offset, Limit: limit });
          return { items: r.EksCis ?? [], total: r.TotalCount };
        }, PAGE_SIZE);
        for (const i of items) {
          if (!i.PrivateIp) continue;
          found.set(i.PrivateIp, {
            id: i.EksCiId ?? '',
            name: i.EksCiName ?? '',
            status: i.Status ?? '',
            privateIp: i.PrivateIp,
            securityGroupIds: [...(i.SecurityGroupIds ?? [])],
            subnetId: i.SubnetId ?? '',
            vpcId: i.VpcId ?? '',
          });
        }
      }
      return found;
    },

    async modifyPoolGroups(clusterId, poolId, groupIds) {
      await api.call('tke', 'ModifyClusterVirtualNodePool', { ClusterId: clusterId, NodePoolId: poolId, SecurityGroupIds: [...groupIds] });
    },
  };
}
