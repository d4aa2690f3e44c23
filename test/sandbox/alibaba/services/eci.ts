// ECI 2018-08-08: DescribeContainerGroups, how the plugin reads the groups a running pod's
// instance actually has. RegionId (required), ContainerGroupIds (JSON array, at most 20;
// unknown IDs are simply absent), ContainerGroupName, Status, VSwitchId, ZoneId; Limit (1..20,
// default 20) + NextToken paging with TotalCount, NextToken "" on the last page.
// SecurityGroupId is one string (state.ts reportedSecurityGroupId for several groups).
import { integer, jsonIds, nextToken, optional, tokenOffset, type Params } from '../params.ts';
import { reportedSecurityGroupId, type ContainerGroup } from '../state.ts';
import type { ActionContext, ServiceDef } from './types.ts';

export const ECI_VERSION = '2018-08-08';

function containerGroupShape(cg: ContainerGroup, ctx: ActionContext) {
  const region = ctx.region;
  return {
    ContainerGroupId: cg.id,
    ContainerGroupName: cg.name,
    RegionId: region,
    ZoneId: cg.zoneId,
    VpcId: cg.vpcId,
    VSwitchId: cg.vSwitchId,
    SecurityGroupId: reportedSecurityGroupId(cg.securityGroupIds, ctx.state.scenario.securityGroupIdFormat),
    EniInstanceId: cg.eniInstanceId,
    IntranetIp: cg.intranetIp,
    InternetIp: '',
    Status: cg.status,
    CreationTime: cg.creationTime,
    SucceededTime: '',
    ExpiredTime: '',
    FailedTime: '',
    Cpu: 2,
    Memory: 4,
    InstanceType: '',
    RestartPolicy: 'Always',
    ResourceGroupId: '',
    Tags: [],
    Containers: [],
    InitContainers: [],
    Volumes: [],
    Events: [],
  };
}

function describeContainerGroups(p: Params, ctx: ActionContext): Record<string, unknown> {
  const ids = jsonIds(p, 'ContainerGroupIds', 20);
  const name = optional(p, 'ContainerGroupName');
  const status = optional(p, 'Status');
  const vSwitchId = optional(p, 'VSwitchId');
  const zoneId = optional(p, 'ZoneId');
  const limit = integer(p, 'Limit', { min: 1, max: 20, default: 20 });
  const all = ctx.region === ctx.state.scenario.region ? [...ctx.state.containerGroups.values()] : [];
  const matching = all.filter(
    (cg) =>
      (ids === undefined || ids.includes(cg.id)) &&
      (name === undefined || cg.name === name) &&
      (status === undefined || cg.status === status) &&
      (vSwitchId === undefined || cg.vSwitchId === vSwitchId) &&
      (zoneId === undefined || cg.zoneId === zoneId),
  );
  const query = ['DescribeContainerGroups', ctx.region, ids?.join(','), name, status, vSwitchId, zoneId].join('|');
  const from = tokenOffset(p, query);
  const end = Math.min(from + limit, matching.length);
  return {
    ContainerGroups: matching.slice(from, end).map((cg) => containerGroupShape(cg, ctx)),
    TotalCount: matching.length,
    NextToken: nextToken(query, end, matching.length),
  };
}

export const eciService: ServiceDef = {
  service: 'eci',
  product: 'Eci',
  version: ECI_VERSION,
  actions: {
    DescribeContainerGroups: { ratePerSecond: 100, handler: describeContainerGroups },
  },
};
