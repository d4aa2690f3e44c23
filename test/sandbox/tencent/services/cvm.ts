// CVM 2017-03-12: DescribeInstances. Fields follow cvm_models.d.ts (Instance, Placement,
// VirtualPrivateCloud); an instance's SecurityGroupIds are its primary ENI's groups.
// Documented: InstanceIds (<= 100) xor Filters; at most 10 Filters and 5 Values per Filter
// (InvalidFilterValue.LimitExceeded); Limit default 20, max 100; 40 requests/s.
// Error codes from the SDK's list for DescribeInstances: InvalidInstanceId.Malformed,
// InvalidFilter, InvalidFilterValue.LimitExceeded, InvalidParameter,
// InvalidParameterValue.LimitExceeded. Choices (inferred): IDs that do not exist are simply
// absent from InstanceSet (TotalCount counts what was found); results are in creation order.
import { err } from '../errors.ts';
import { page, parseFilters, type Filter, type Params } from '../params.ts';
import type { CloudState, Instance } from '../state.ts';
import type { ActionContext, ServiceDef } from './types.ts';

const INS_ID = /^ins-[a-z0-9]{8}$/;

const CVM_FILTERS = new Set([
  'zone',
  'project-id',
  'host-id',
  'dedicated-cluster-id',
  'vpc-id',
  'subnet-id',
  'instance-id',
  'uuid',
  'security-group-id',
  'instance-name',
  'instance-charge-type',
  'instance-state',
  'private-ip-address',
  'public-ip-address',
  'tag-key',
  'tag-value',
  'creation-start-time',
  'creation-end-time',
]);

export function instanceShape(state: CloudState, ins: Instance): Record<string, unknown> {
  const primary = state.enis.get(ins.primaryEniId)!;
  const [cpu, mem] = /MEDIUM4$/.test(ins.instanceType) ? [2, 4] : /LARGE8$/.test(ins.instanceType) ? [4, 8] : [2, 4];
  return {
    Placement: { Zone: ins.zone, ProjectId: 0, HostIds: null, HostId: null },
    InstanceId: ins.id,
    InstanceType: ins.instanceType,
    CPU: cpu,
    Memory: mem,
    RestrictState: 'NORMAL',
    InstanceName: ins.name,
    InstanceChargeType: 'POSTPAID_BY_HOUR',
    SystemDisk: { DiskType: 'CLOUD_BSSD', DiskId: `disk-${ins.id.slice(4)}`, DiskSize: 50 },
    DataDisks: null,
    PrivateIpAddresses: [primary.ips[0]],
    PublicIpAddresses: null,
    InternetAccessible: { InternetChargeType: null, InternetMaxBandwidthOut: 0, PublicIpAssigned: false },
    VirtualPrivateCloud: { VpcId: primary.vpcId, SubnetId: primary.subnetId, AsVpcGateway: false, PrivateIpAddresses: null },
    ImageId: 'img-eb30mz89',
    RenewFlag: null,
    CreatedTime: ins.createdTime,
    ExpiredTime: null,
    OsName: 'TencentOS Server 3.1 (TK4)',
    SecurityGroupIds: [...primary.groups],
    LoginSettings: { Password: null, KeyIds: null, KeepImageLogin: null },
    InstanceState: 'RUNNING',
    Tags: [{ Key: 'tke-clusterId', Value: state.scenario.clusterId }],
    StopChargingMode: 'NOT_APPLICABLE',
    Uuid: ins.uuid,
    LatestOperation: 'RunInstances',
    LatestOperationState: 'SUCCESS',
    LatestOperationRequestId: '',
    DisasterRecoverGroupId: '',
    CamRoleName: '',
    HpcClusterId: '',
    RdmaIpAddresses: null,
    DedicatedClusterId: '',
    IsolatedSource: 'NOTISOLATED',
    DisasterRecoverGroupIds: null,
    GPUInfo: null,
    LicenseType: 'TencentCloud',
    DisableApiTermination: false,
    DefaultLoginUser: 'root',
    DefaultLoginPort: 22,
    LatestOperationErrorMsg: '',
  };
}

function instanceMatcher(state: CloudState, filters: Filter[]): (i: Instance) => boolean {
  const tests = filters.map((f): ((i: Instance) => boolean) => {
    const vals = new Set(f.Values);
    const primary = (i: Instance) => state.enis.get(i.primaryEniId)!;
    switch (f.Name) {
      case 'zone':
        return (i) => vals.has(i.zone);
      case 'project-id':
        return () => vals.has('0');
      case 'vpc-id':
        return (i) => vals.has(primary(i).vpcId);
      case 'subnet-id':
        return (i) => vals.has(primary(i).subnetId);
      case 'instance-id':
        return (i) => vals.has(i.id);
      case 'uuid':
        return (i) => vals.has(i.uuid);
      case 'security-group-id':
        return (i) => primary(i).groups.some((g) => vals.has(g));
      case 'instance-name':
        return (i) => f.Values.some((v) => i.name.includes(v));
      case 'instance-charge-type':
        return () => vals.has('POSTPAID_BY_HOUR');
      case 'instance-state':
        return () => vals.has('RUNNING');
      case 'private-ip-address':
        return (i) => vals.has(primary(i).ips[0]!);
      case 'tag-key':
        return () => vals.has('tke-clusterId');
      case 'tag-value':
        return () => vals.has(state.scenario.clusterId);
      case 'tag:tke-clusterId':
        return () => vals.has(state.scenario.clusterId);
      default:
        return () => false; // host-id, dedicated-cluster-id, public-ip-address, other tags, time windows
    }
  });
  return (i) => tests.every((t) => t(i));
}

function describeInstances(p: Params, ctx: ActionContext) {
  const { state } = ctx;
  const ids = p.InstanceIds as string[] | undefined;
  if (ids && p.Filters !== undefined) throw err('InvalidParameter', 'InstanceIds and Filters cannot be specified at the same time.');
  const filters = parseFilters(p.Filters, (n) => CVM_FILTERS.has(n) || n.startsWith('tag:'), {
    notDict: 'InvalidFilter',
    valuesNotList: 'InvalidFilter',
    invalidKey: 'InvalidFilter',
  });
  if (filters.length > 10) throw err('InvalidParameterValue.LimitExceeded', `At most 10 Filters per request, got ${filters.length}.`);
  for (const f of filters) {
    if (f.Values.length > 5) throw err('InvalidFilterValue.LimitExceeded', `Filter \`${f.Name}\` has ${f.Values.length} values; at most 5 Values per Filter.`);
  }
  let found: Instance[];
  if (ids) {
    if (ids.length > 100) throw err('InvalidParameterValue.LimitExceeded', `The number of InstanceIds ${ids.length} exceeds the limit of 100 per request.`);
    for (const id of ids) if (!INS_ID.test(id)) throw err('InvalidInstanceId.Malformed', `The instance ID \`${id}\` is malformed; it should look like ins-xxxxxxxx.`);
    found = ctx.home ? [...new Set(ids)].map((id) => state.instances.get(id)).filter((i): i is Instance => i !== undefined) : [];
    found.sort((a, b) => a.seq - b.seq);
  } else if (!ctx.home) {
    found = [];
  } else {
    const match = instanceMatcher(state, filters);
    const byId = filters.find((f) => f.Name === 'instance-id');
    const candidates = byId ? byId.Values.map((id) => state.instances.get(id)).filter((i): i is Instance => i !== undefined) : state.instances.values();
    found = [];
    for (const i of candidates) if (match(i)) found.push(i);
    if (byId) found.sort((a, b) => a.seq - b.seq);
  }
  const items = page(found, p.Offset as number | undefined, p.Limit as number | undefined, { range: 'InvalidParameterValue.LimitExceeded' });
  return { TotalCount: found.length, InstanceSet: items.map((i) => instanceShape(state, i)) };
}

export const cvmService: ServiceDef = {
  service: 'cvm',
  versions: ['2017-03-12'],
  actions: {
    DescribeInstances: {
      params: { InstanceIds: { type: 'string[]' }, Filters: { type: 'filters' }, Offset: { type: 'int' }, Limit: { type: 'int' } },
      read: true,
      cam: 'cvm:DescribeInstances',
      camResource: 'instance',
      ratePerSecond: 40,
      regional: true,
      handler: describeInstances,
    },
  },
};
