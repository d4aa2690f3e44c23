// ECS 2014-05-26: the two security group reads the plugin makes (and DescribeNetworkInterfaces,
// ecs-enis.ts; DescribePrefixListAttributes, ecs-prefix-lists.ts).
//
// DescribeSecurityGroups — filters RegionId (required), VpcId, SecurityGroupId, SecurityGroupIds
// (JSON array, at most 100; unknown IDs are simply absent), SecurityGroupType, SecurityGroupName,
// NetworkType (only vpc exists here). Groups come in descending order of ID, as documented.
// Two paging styles, as the API has them:
//   - MaxResults (1..100, default 10) + NextToken: no TotalCount in the answer, NextToken ""
//     on the last page;
//   - the older PageNumber (from 1) + PageSize (1..50, default 10): TotalCount, PageNumber,
//     PageSize. Used when neither MaxResults nor NextToken is given.
// DescribeSecurityGroupAttribute — RegionId, SecurityGroupId (required; unknown in that region:
// InvalidSecurityGroupId.NotFound, HTTP 404), Direction all|ingress|egress, NicType,
// MaxResults (10..1000, default 500) + NextToken over the rules. Priority is answered as a
// string ("1"), as the SDK's model types it; absent addresses and group IDs as "".
import { acsError } from '../errors.ts';
import { integer, jsonIds, nextToken, oneOf, optional, required, tokenOffset, type Params } from '../params.ts';
import type { SecurityGroup, StoredRule } from '../state.ts';
import type { ActionContext, ServiceDef } from './types.ts';
import { eniActions } from './ecs-enis.ts';
import { prefixListActions } from './ecs-prefix-lists.ts';

export const ECS_VERSION = '2014-05-26';

function groupsOfRegion(ctx: ActionContext): SecurityGroup[] {
  return ctx.region === ctx.state.scenario.region ? [...ctx.state.groups.values()] : [];
}

function securityGroupShape(g: SecurityGroup) {
  return {
    SecurityGroupId: g.id,
    SecurityGroupName: g.name,
    Description: g.description,
    VpcId: g.vpcId,
    SecurityGroupType: g.type,
    CreationTime: g.creationTime,
    RuleCount: g.rules.length,
    GroupToGroupRuleCount: g.rules.filter((r) => r.sourceGroupId || r.destGroupId).length,
    ResourceGroupId: '',
    ServiceManaged: false,
    Tags: { Tag: [] },
  };
}

function permissionShape(r: StoredRule) {
  return {
    SecurityGroupRuleId: r.id,
    Direction: r.direction,
    IpProtocol: r.ipProtocol,
    PortRange: r.portRange,
    SourcePortRange: '',
    SourceCidrIp: r.sourceCidrIp ?? '',
    DestCidrIp: r.destCidrIp ?? '',
    SourceGroupId: r.sourceGroupId ?? '',
    DestGroupId: r.destGroupId ?? '',
    SourcePrefixListId: r.sourcePrefixListId ?? '',
    DestPrefixListId: r.destPrefixListId ?? '',
    Ipv6SourceCidrIp: '',
    Ipv6DestCidrIp: '',
    Policy: r.policy,
    Priority: String(r.priority),
    NicType: 'intranet',
    Description: r.description ?? '',
    CreateTime: r.createTime,
  };
}

function describeSecurityGroups(p: Params, ctx: ActionContext): Record<string, unknown> {
  const vpcId = optional(p, 'VpcId');
  const id = optional(p, 'SecurityGroupId');
  const ids = jsonIds(p, 'SecurityGroupIds', 100);
  const type = optional(p, 'SecurityGroupType') === undefined ? undefined : oneOf(p, 'SecurityGroupType', ['normal', 'enterprise'] as const, 'normal');
  const name = optional(p, 'SecurityGroupName');
  const networkType = oneOf(p, 'NetworkType', ['vpc', 'classic'] as const, 'vpc');
  const matching = groupsOfRegion(ctx)
    .filter(
      (g) =>
        networkType === 'vpc' &&
        (vpcId === undefined || g.vpcId === vpcId) &&
        (id === undefined || g.id === id) &&
        (ids === undefined || ids.includes(g.id)) &&
        (type === undefined || g.type === type) &&
        (name === undefined || g.name === name),
    )
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));

  if (p.has('MaxResults') || p.has('NextToken')) {
    const max = integer(p, 'MaxResults', { min: 1, max: 100, default: 10 });
    const query = ['DescribeSecurityGroups', ctx.region, vpcId, id, ids?.join(','), type, name].join('|');
    const from = tokenOffset(p, query);
    const end = Math.min(from + max, matching.length);
    return {
      RegionId: ctx.region,
      SecurityGroups: { SecurityGroup: matching.slice(from, end).map(securityGroupShape) },
      NextToken: nextToken(query, end, matching.length),
    };
  }
  const pageNumber = integer(p, 'PageNumber', { min: 1, max: 1_000_000, default: 1 });
  const pageSize = integer(p, 'PageSize', { min: 1, max: 50, default: 10 });
  const from = (pageNumber - 1) * pageSize;
  return {
    RegionId: ctx.region,
    SecurityGroups: { SecurityGroup: matching.slice(from, from + pageSize).map(securityGroupShape) },
    TotalCount: matching.length,
    PageNumber: pageNumber,
    PageSize: pageSize,
  };
}

function describeSecurityGroupAttribute(p: Params, ctx: ActionContext): Record<string, unknown> {
  const id = required(p, 'SecurityGroupId');
  const direction = oneOf(p, 'Direction', ['all', 'ingress', 'egress'] as const, 'all');
  oneOf(p, 'NicType', ['intranet', 'internet'] as const, 'intranet');
  const max = integer(p, 'MaxResults', { min: 10, max: 1000, default: 500 });
  const g = groupsOfRegion(ctx).find((x) => x.id === id);
  if (!g) throw acsError('InvalidSecurityGroupId.NotFound', 'The specified SecurityGroupId does not exist.', 404);
  const rules = g.rules.filter((r) => direction === 'all' || r.direction === direction);
  const query = ['DescribeSecurityGroupAttribute', ctx.region, id, direction].join('|');
  const from = tokenOffset(p, query);
  const end = Math.min(from + max, rules.length);
  return {
    RegionId: ctx.region,
    SecurityGroupId: g.id,
    SecurityGroupName: g.name,
    Description: g.description,
    VpcId: g.vpcId,
    InnerAccessPolicy: g.type === 'normal' ? 'Accept' : 'Drop',
    Permissions: { Permission: rules.slice(from, end).map(permissionShape) },
    NextToken: nextToken(query, end, rules.length),
  };
}

export const ecsService: ServiceDef = {
  service: 'ecs',
  product: 'Ecs',
  version: ECS_VERSION,
  actions: {
    DescribeSecurityGroups: { ratePerSecond: 100, handler: describeSecurityGroups },
    DescribeSecurityGroupAttribute: { ratePerSecond: 100, handler: describeSecurityGroupAttribute },
    ...eniActions,
    ...prefixListActions,
  },
};
