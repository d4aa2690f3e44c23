// TKE 2022-05-01 DescribeNodePools: the one API that reads a super node pool's groups back
// (NodePool.Type "Super", NodePool.Super = SuperNodePoolInfo {SubnetIds, SecurityGroupIds});
// 2018-05-25's VirtualNodePool has no SecurityGroupIds (tke_models.d.ts of both versions,
// tencentcloud-sdk-nodejs 4.1.313). Filters NodePoolsName, NodePoolsId, tags, tag:<key>;
// Offset; Limit default 20, at most 100.
// Choices (inferred): only the super node pools are listed (the sandbox's ordinary nodes belong
// to no modelled node pool); a tag filter matches nothing (the pools carry no tags); an unknown
// filter name answers InvalidParameter.Param.
import { page, parseFilters, type Params } from '../params.ts';
import type { SuperNodePool } from '../supernodes.ts';
import { requireCluster } from './tke.ts';
import type { ActionContext, ServiceDef } from './types.ts';

function nodePoolShape(clusterId: string, p: SuperNodePool) {
  return {
    ClusterId: clusterId,
    NodePoolId: p.id,
    Tags: [],
    Taints: p.taints.map((t) => ({ ...t })),
    DeletionProtection: p.deletionProtection,
    Unschedulable: false,
    Type: 'Super',
    Labels: p.labels.map((l) => ({ ...l })),
    LifeState: p.lifeState,
    CreatedAt: p.createdAt,
    Name: p.name,
    Native: null,
    Annotations: [],
    Super: { SubnetIds: [...p.subnetIds], SecurityGroupIds: [...p.securityGroupIds] },
    Regular: null,
    External: null,
  };
}

function describeNodePools(p: Params, ctx: ActionContext) {
  requireCluster(ctx, p.ClusterId as string);
  const filters = parseFilters(p.Filters, (n) => ['NodePoolsName', 'NodePoolsId', 'tags'].includes(n) || n.startsWith('tag:'), {
    notDict: 'InvalidParameter.Param',
    valuesNotList: 'InvalidParameter.Param',
    invalidKey: 'InvalidParameter.Param',
  });
  let pools = [...ctx.state.superNodes.pools.values()];
  for (const f of filters) {
    pools = pools.filter((pool) => (f.Name === 'NodePoolsName' ? f.Values.includes(pool.name) : f.Name === 'NodePoolsId' ? f.Values.includes(pool.id) : false));
  }
  const items = page(pools, p.Offset as number | undefined, p.Limit as number | undefined, { range: 'InvalidParameter.Param' });
  return { TotalCount: pools.length, NodePools: items.map((pool) => nodePoolShape(ctx.state.scenario.clusterId, pool)) };
}

export const tkeNodePoolService: ServiceDef = {
  service: 'tke',
  versions: ['2022-05-01'],
  actions: {
    DescribeNodePools: {
      params: { ClusterId: { type: 'string', required: true }, Filters: { type: 'filters' }, Offset: { type: 'int' }, Limit: { type: 'int' } },
      read: true,
      cam: 'tke:DescribeNodePools',
      camResource: 'cluster',
      ratePerSecond: 20,
      regional: true,
      handler: describeNodePools,
    },
  },
};
