// ECS 2014-05-26 DescribeNetworkInterfaces, for the ENIs this account has: here the ECI
// container groups' (each instance has one). Filters RegionId, VpcId, PrivateIpAddress.N and
// NetworkInterfaceId.N (repeat lists, N from 1, at most 100 each), MaxResults (1..500, default
// 10 — the reference's range) + NextToken. `Type` Secondary and an empty InstanceId for an ECI
// instance's ENI (it is attached to no ECS instance) are this emulator's reading; the fields are
// the SDK's DescribeNetworkInterfacesResponseBody's.
import { acsError, invalidParameter } from '../errors.ts';
import { integer, nextToken, optional, required, tokenOffset, type Params } from '../params.ts';
import type { ContainerGroup } from '../state.ts';
import type { ActionContext, ActionDef } from './types.ts';

/** `Name.1`, `Name.2`, … in order; at most `max`. */
function repeatList(p: Params, name: string, max: number): string[] | undefined {
  const values: string[] = [];
  for (let n = 1; p.has(`${name}.${n}`); n++) values.push(p.get(`${name}.${n}`)!);
  if (values.length > max) throw invalidParameter(name, `at most ${max} values are allowed, got ${values.length}`);
  return values.length > 0 ? values : undefined;
}

const eniShape = (cg: ContainerGroup) => ({
  NetworkInterfaceId: cg.eniInstanceId,
  NetworkInterfaceName: '',
  Type: 'Secondary',
  Status: 'InUse',
  VpcId: cg.vpcId,
  VSwitchId: cg.vSwitchId,
  ZoneId: cg.zoneId,
  InstanceId: '',
  PrivateIpAddress: cg.intranetIp,
  PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: cg.intranetIp, Primary: true }] },
  SecurityGroupIds: { SecurityGroupId: [...cg.securityGroupIds] },
  ServiceManaged: true,
  Description: `ECI ${cg.id}`,
  CreationTime: cg.creationTime,
});

function describeNetworkInterfaces(p: Params, ctx: ActionContext): Record<string, unknown> {
  const vpcId = optional(p, 'VpcId');
  const ips = repeatList(p, 'PrivateIpAddress', 100);
  const ids = repeatList(p, 'NetworkInterfaceId', 100);
  const max = integer(p, 'MaxResults', { min: 1, max: 500, default: 10 });
  const home = ctx.region === ctx.state.scenario.region;
  const matching = (home ? [...ctx.state.containerGroups.values()] : []).filter(
    (cg) => (vpcId === undefined || cg.vpcId === vpcId) && (ips === undefined || ips.includes(cg.intranetIp)) && (ids === undefined || ids.includes(cg.eniInstanceId)),
  );
  const query = ['DescribeNetworkInterfaces', ctx.region, vpcId, ips?.join(','), ids?.join(',')].join('|');
  const from = tokenOffset(p, query);
  const end = Math.min(from + max, matching.length);
  return { NetworkInterfaceSets: { NetworkInterfaceSet: matching.slice(from, end).map(eniShape) }, NextToken: nextToken(query, end, matching.length), TotalCount: matching.length };
}

/**
 * ModifyNetworkInterfaceAttribute with SecurityGroupId.N: replaces the ENI's groups (the API
 * reference: "the security groups to which the ENI is added", up to the instance's limit of 5).
 * Here the ENI is an ECI instance's, so its container group's groups change: what another tool
 * (or the console) does behind kubectl-sg's back. Unknown ENI: InvalidEniId.NotFound; unknown
 * group: InvalidSecurityGroupId.NotFound; more than 5: InvalidParameter (this emulator's reading).
 */
function modifyNetworkInterfaceAttribute(p: Params, ctx: ActionContext): Record<string, unknown> {
  const id = required(p, 'NetworkInterfaceId');
  const cg = ctx.region === ctx.state.scenario.region ? [...ctx.state.containerGroups.values()].find((c) => c.eniInstanceId === id) : undefined;
  if (!cg) throw acsError('InvalidEniId.NotFound', `The specified NetworkInterfaceId ${id} does not exist.`);
  const groups = repeatList(p, 'SecurityGroupId', 5);
  if (groups) {
    for (const g of groups) if (!ctx.state.groups.has(g)) throw acsError('InvalidSecurityGroupId.NotFound', `The specified SecurityGroupId ${g} does not exist.`);
    cg.securityGroupIds = [...groups];
  }
  return {};
}

/** The flow-control figures are assumed (the API reference gives none here). */
export const eniActions: Record<string, ActionDef> = {
  DescribeNetworkInterfaces: { ratePerSecond: 100, handler: describeNetworkInterfaces },
  ModifyNetworkInterfaceAttribute: { ratePerSecond: 20, write: true, handler: modifyNetworkInterfaceAttribute },
};
