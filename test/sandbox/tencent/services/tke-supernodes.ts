// TKE 2018-05-25, super nodes: the pools (DescribeClusterVirtualNodePools,
// ModifyClusterVirtualNodePool), their virtual nodes (DescribeClusterVirtualNode) and the
// container instances pods run as (DescribeEKSContainerInstances). Shapes from tke_models.d.ts
// (tencentcloud-sdk-nodejs 4.1.313); documented behaviour (docs/tke-pod-groups.md):
// - VirtualNodePool has NodePoolId, SubnetIds, Name, LifeState (creating|normal|updating),
//   Labels, Taints, SubnetAllocationPolicy, and NO SecurityGroupIds: this API version cannot
//   read a pool's groups back (tke 2022-05-01 DescribeNodePools can: tke-nodepools.ts).
// - ModifyClusterVirtualNodePool: ClusterId and NodePoolId required, "at least one parameter
//   must be modified" (Name, SecurityGroupIds, Labels, Taints, DeletionProtection,
//   SubnetAllocationPolicy); 20 requests/s (https://cloud.tencent.com/document/product/457/85348).
// - DescribeEKSContainerInstances: no ClusterId; Limit default 20, at most 100; Offset; Filters
//   eks-ci-name, status (Pending|Running|Succeeded|Failed), private-ip, eip-address, vpc-id;
//   EksCiIds. EksCi.SecurityGroupIds, PrivateIp, Status, SubnetId, VpcId.
// Choices (inferred): an unknown pool answers ResourceNotFound, a Modify changing nothing or
// naming an unknown group InvalidParameter.Param; 20 requests/s for the read actions too; an
// unknown filter name InvalidParameter.Param; at most 100 EksCiIds. Whether the instances of a
// standard cluster's super-node pods are listed at all is undocumented (SuperNodeStore.instancesListed).
import { err } from '../errors.ts';
import { page, parseFilters, type Params } from '../params.ts';
import { SuperNodeRefusal, type ContainerInstance, type Label, type SuperNodePool, type Taint } from '../supernodes.ts';
import { requireCluster } from './tke.ts';
import type { ActionContext, ActionDef, ServiceDef } from './types.ts';

const TKE_FILTER_CODES = { notDict: 'InvalidParameter.Param', valuesNotList: 'InvalidParameter.Param', invalidKey: 'InvalidParameter.Param' };

export function virtualNodePoolShape(p: SuperNodePool) {
  return {
    NodePoolId: p.id,
    SubnetIds: [...p.subnetIds],
    Name: p.name,
    LifeState: p.lifeState,
    Labels: p.labels.map((l) => ({ ...l })),
    Taints: p.taints.map((t) => ({ ...t })),
    SubnetAllocationPolicy: { Allocations: [] },
  };
}

export function eksCiShape(i: ContainerInstance) {
  return {
    EksCiId: i.id,
    EksCiName: i.name,
    Status: i.status,
    PrivateIp: i.privateIp,
    SecurityGroupIds: [...i.securityGroupIds],
    SubnetId: i.subnetId,
    VpcId: i.vpcId,
    CreationTime: i.creationTime,
    SucceededTime: '',
    Cpu: 1,
    Memory: 2,
    CpuType: 'intel',
    GpuType: '',
    GpuCount: 0,
    RestartPolicy: 'Always',
    CamRoleName: '',
    AutoCreatedEipId: '',
    EipAddress: null,
    PersistStatus: false,
    Containers: [],
    InitContainers: [],
    EksCiVolume: {},
    SecurityContext: null,
  };
}

function labelsOf(raw: unknown, name: string): Label[] | undefined {
  if (raw === undefined) return undefined;
  return (raw as Record<string, unknown>[]).map((l, i) => {
    if (typeof l.Name !== 'string' || typeof l.Value !== 'string') throw err('InvalidParameter.Param', `${name}.${i} must be {Name, Value} strings.`);
    return { Name: l.Name, Value: l.Value };
  });
}

function taintsOf(raw: unknown): Taint[] | undefined {
  if (raw === undefined) return undefined;
  return (raw as Record<string, unknown>[]).map((t, i) => {
    if (typeof t.Key !== 'string' || !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(String(t.Effect))) {
      throw err('InvalidParameter.Param', `Taints.${i} must have a Key and an Effect of NoSchedule, PreferNoSchedule or NoExecute.`);
    }
    return { Key: t.Key, Value: typeof t.Value === 'string' ? t.Value : '', Effect: String(t.Effect) };
  });
}

function describeClusterVirtualNodePools(p: Params, ctx: ActionContext) {
  requireCluster(ctx, p.ClusterId as string);
  const pools = [...ctx.state.superNodes.pools.values()];
  return { TotalCount: pools.length, NodePoolSet: pools.map(virtualNodePoolShape) };
}

function modifyClusterVirtualNodePool(p: Params, ctx: ActionContext) {
  requireCluster(ctx, p.ClusterId as string);
  const id = p.NodePoolId as string;
  const store = ctx.state.superNodes;
  if (!store.pools.has(id)) throw err('ResourceNotFound', `The super node pool \`${id}\` does not exist in cluster ${String(p.ClusterId)}.`);
  const changes = {
    name: p.Name as string | undefined,
    securityGroupIds: p.SecurityGroupIds as string[] | undefined,
    labels: labelsOf(p.Labels, 'Labels'),
    taints: taintsOf(p.Taints),
    deletionProtection: p.DeletionProtection as boolean | undefined,
  };
  if (Object.values(changes).every((v) => v === undefined) && p.SubnetAllocationPolicy === undefined) {
    throw err('InvalidParameter.Param', 'At least one of Name, SecurityGroupIds, Labels, Taints, DeletionProtection, SubnetAllocationPolicy must be given.');
  }
  if (changes.securityGroupIds !== undefined && changes.securityGroupIds.length === 0) throw err('InvalidParameter.Param', 'SecurityGroupIds must not be empty.');
  try {
    store.modifyPool(id, changes);
  } catch (e) {
    if (e instanceof SuperNodeRefusal) throw err('InvalidParameter.Param', e.message);
    throw e;
  }
  return {};
}

function describeClusterVirtualNode(p: Params, ctx: ActionContext) {
  requireCluster(ctx, p.ClusterId as string);
  const poolId = p.NodePoolId as string | undefined;
  const names = p.NodeNames as string[] | undefined;
  const nodes = [...ctx.state.superNodes.virtualNodes.values()].filter((n) => (!poolId || n.poolId === poolId) && (!names || names.includes(n.name)));
  return { TotalCount: nodes.length, Nodes: nodes.map((n) => ({ Name: n.name, SubnetId: n.subnetId, Phase: n.phase, CreatedTime: n.createdTime })) };
}

const CI_FILTERS = ['eks-ci-name', 'status', 'private-ip', 'eip-address', 'vpc-id'];

function describeEksContainerInstances(p: Params, ctx: ActionContext) {
  const ids = p.EksCiIds as string[] | undefined;
  if (ids && ids.length > 100) throw err('InvalidParameter.Param', 'At most 100 EksCiIds per request.');
  const filters = parseFilters(p.Filters, (n) => CI_FILTERS.includes(n), TKE_FILTER_CODES);
  const store = ctx.state.superNodes;
  let list = ctx.home && store.instancesListed ? [...store.instances.values()].sort((a, b) => a.seq - b.seq) : [];
  if (ids) list = list.filter((i) => ids.includes(i.id));
  for (const f of filters) {
    const value = (i: ContainerInstance): string | undefined =>
      f.Name === 'eks-ci-name' ? i.name : f.Name === 'status' ? i.status : f.Name === 'private-ip' ? i.privateIp : f.Name === 'vpc-id' ? i.vpcId : undefined;
    list = list.filter((i) => f.Values.includes(value(i) ?? '\u0000'));
  }
  const items = page(list, p.Offset as number | undefined, p.Limit as number | undefined, { range: 'InvalidParameter.Param' });
  return { TotalCount: list.length, EksCis: items.map(eksCiShape) };
}

const read = (cam: string, params: ActionDef['params'], handler: ActionDef['handler']): ActionDef => ({
  params,
  read: true,
  cam: `tke:${cam}`,
  camResource: 'cluster',
  ratePerSecond: 20,
  regional: true,
  handler,
});

export const tkeSuperNodeService: ServiceDef = {
  service: 'tke',
  versions: ['2018-05-25'],
  actions: {
    DescribeClusterVirtualNodePools: read('DescribeClusterVirtualNodePools', { ClusterId: { type: 'string', required: true } }, describeClusterVirtualNodePools),
    DescribeClusterVirtualNode: read(
      'DescribeClusterVirtualNode',
      { ClusterId: { type: 'string', required: true }, NodePoolId: { type: 'string' }, NodeNames: { type: 'string[]' } },
      describeClusterVirtualNode,
    ),
    DescribeEKSContainerInstances: read(
      'DescribeEKSContainerInstances',
      { Limit: { type: 'int' }, Offset: { type: 'int' }, Filters: { type: 'filters' }, EksCiIds: { type: 'string[]' } },
      describeEksContainerInstances,
    ),
    ModifyClusterVirtualNodePool: {
      params: {
        ClusterId: { type: 'string', required: true },
        NodePoolId: { type: 'string', required: true },
        Name: { type: 'string' },
        SecurityGroupIds: { type: 'string[]' },
        Labels: { type: 'objects' },
        Taints: { type: 'objects' },
        DeletionProtection: { type: 'bool' },
        SubnetAllocationPolicy: { type: 'object' },
      },
      read: false,
      cam: 'tke:ModifyClusterVirtualNodePool',
      camResource: 'cluster',
      ratePerSecond: 20,
      regional: true,
      handler: modifyClusterVirtualNodePool,
    },
  },
};
