// VPC 2017-03-12: ENIs and security groups. Field names, filter names and limits follow
// tencentcloud-sdk-nodejs 4.1.313 vpc_models.d.ts; error codes follow the per-action lists of
// the official SDKs (tencentcloud-sdk-go vpc/v20170312/client.go):
//   Associate/DisassociateNetworkInterfaceSecurityGroups: InvalidParameterValue.LimitExceeded,
//     InvalidParameterValue.Malformed, LimitExceeded (Associate), ResourceNotFound, UnsupportedOperation
//   DescribeNetworkInterfaces / DescribeSecurityGroups: InvalidParameter.Coexist,
//     InvalidParameter.FilterInvalidKey/FilterNotDict/FilterValuesNotList,
//     InvalidParameterValue.LimitExceeded/Malformed/Range, ResourceNotFound
// Choices where the documents are silent (inferred, easy to change here):
// - Associate appends the new groups after the ENI's current ones (lowest priority) and skips
//   groups already bound; Disassociate of a group that is not bound is a no-op.
// - A write is validated for every ENI and group before anything changes (all or nothing).
// - DescribeNetworkInterfaces lists GroupSet in the order bound (priority), or sorted by ID when
//   the scenario says so (`groupSetOrder`: no public source says which, docs/assumptions.md);
//   the control interface always shows the order bound.
// - The primary ENI is refused by both Associate and Disassociate (UnsupportedOperation; the
//   d.ts says the API does not support binding groups to the primary ENI).
// - Describe by IDs with an ID that does not exist answers ResourceNotFound (the Terraform
//   provider treats ResourceNotFound from DescribeSecurityGroups as "gone"); by Filters, an
//   empty list.
// - Limit above 100 answers InvalidParameterValue.Range; more than 100 IDs
//   InvalidParameterValue.LimitExceeded. DescribeNetworkInterfaces documents no cap on the
//   number of Filter.Values, so 100 instance IDs in one filter work.
import { err } from '../errors.ts';
import { page, parseFilters, VPC_FILTER_CODES, type Filter, type Params, type Schema } from '../params.ts';
import type { CloudState, Eni, Group } from '../state.ts';
import type { ActionContext, ServiceDef } from './types.ts';
import { templateActions } from './templates.ts';

const ENI_ID = /^eni-[a-z0-9]{8}$/;
const SG_ID = /^sg-[a-z0-9]{8}$/;
const RANGE = { range: 'InvalidParameterValue.Range' };

export function eniShape(state: CloudState, eni: Eni): Record<string, unknown> {
  return {
    NetworkInterfaceId: eni.id,
    NetworkInterfaceName: eni.name,
    NetworkInterfaceDescription: eni.description,
    SubnetId: eni.subnetId,
    VpcId: eni.vpcId,
    GroupSet: [...eni.groups],
    Primary: eni.primary,
    MacAddress: eni.mac,
    State: 'AVAILABLE',
    NetworkInterfaceState: 'INUSE',
    PrivateIpAddressSet: eni.ips.map((ip, i) => ({
      PrivateIpAddress: ip,
      Primary: i === 0,
      PublicIpAddress: null,
      AddressId: '',
      Description: '',
      IsWanIpBlocked: false,
      State: 'AVAILABLE',
      QosLevel: 'DEFAULT',
    })),
    Attachment: {
      DeviceIndex: eni.deviceIndex,
      InstanceAccountId: state.scenario.uin,
      AttachTime: eni.attachTime,
      InstanceId: eni.instanceId,
    },
    Zone: eni.zone,
    CreatedTime: eni.createdTime,
    Ipv6AddressSet: [],
    TagSet: eni.tags.map((t) => ({ ...t })),
    EniType: eni.eniType,
    Business: 'cvm',
    CdcId: '',
    AttachType: 0,
    ResourceId: '',
    QosLevel: 'DEFAULT',
  };
}

function groupShape(g: Group): Record<string, unknown> {
  return {
    SecurityGroupId: g.id,
    SecurityGroupName: g.name,
    SecurityGroupDesc: g.description,
    ProjectId: '0',
    IsDefault: false,
    CreatedTime: g.createdTime,
    TagSet: [],
    UpdateTime: g.createdTime,
  };
}

function checkIds(ids: string[], re: RegExp, what: string, max = 100): void {
  if (ids.length > max) throw err('InvalidParameterValue.LimitExceeded', `The number of ${what} IDs ${ids.length} exceeds the limit of ${max} per request.`);
  for (const id of ids) if (!re.test(id)) throw err('InvalidParameterValue.Malformed', `The ${what} ID \`${id}\` is malformed.`);
}

const notFound = (what: string, id: string) => err('ResourceNotFound', `The ${what} \`${id}\` does not exist.`);

// ---- DescribeNetworkInterfaces -------------------------------------------------------------

const ENI_FILTERS = new Set([
  'vpc-id',
  'subnet-id',
  'network-interface-id',
  'attachment.instance-id',
  'groups.security-group-id',
  'network-interface-name',
  'network-interface-description',
  'address-ip',
  'ip-exact-match',
  'tag-key',
  'is-primary',
  'eni-type',
  'eni-qos',
  'address-ipv6',
  'public-address-ip',
  'address-type',
  'termination-protection',
  'traffic-protection',
]);
const knownEniFilter = (n: string) => ENI_FILTERS.has(n) || n.startsWith('tag:');

function eniMatcher(filters: Filter[]): (e: Eni) => boolean {
  const exact = filters.some((f) => f.Name === 'ip-exact-match' && f.Values[0]?.toLowerCase() === 'true');
  const tests = filters.map((f): ((e: Eni) => boolean) => {
    const vals = new Set(f.Values);
    const lower = new Set(f.Values.map((v) => v.toLowerCase()));
    switch (f.Name) {
      case 'vpc-id':
        return (e) => vals.has(e.vpcId);
      case 'subnet-id':
        return (e) => vals.has(e.subnetId);
      case 'network-interface-id':
        return (e) => vals.has(e.id);
      case 'attachment.instance-id':
        return (e) => vals.has(e.instanceId);
      case 'groups.security-group-id':
        return (e) => e.groups.some((g) => vals.has(g));
      case 'network-interface-name':
        return (e) => vals.has(e.name);
      case 'network-interface-description':
        return (e) => vals.has(e.description);
      case 'address-ip':
        // One IP: suffix match; several: exact (as the d.ts documents); ip-exact-match forces exact.
        if (f.Values.length === 1 && !exact) {
          const v = f.Values[0]!;
          return (e) => e.ips.some((ip) => ip.endsWith(v));
        }
        return (e) => e.ips.some((ip) => vals.has(ip));
      case 'ip-exact-match':
        return () => true;
      case 'is-primary':
        return (e) => lower.has(String(e.primary));
      case 'eni-type':
        return (e) => vals.has(String(e.eniType));
      case 'tag-key':
        return (e) => e.tags.some((t) => vals.has(t.Key));
      case 'eni-qos':
        return () => vals.has('DEFAULT');
      case 'termination-protection':
      case 'traffic-protection':
        return () => lower.has('false');
      default:
        if (f.Name.startsWith('tag:')) {
          const k = f.Name.slice('tag:'.length);
          return (e) => e.tags.some((t) => t.Key === k && vals.has(t.Value));
        }
        // address-ipv6, public-address-ip, address-type: the sandbox's ENIs have no IPv6 or
        // public addresses, so nothing matches.
        return () => false;
    }
  });
  return (e) => tests.every((t) => t(e));
}

function describeNetworkInterfaces(p: Params, ctx: ActionContext) {
  const { state } = ctx;
  const ids = p.NetworkInterfaceIds as string[] | undefined;
  if (ids && p.Filters !== undefined) {
    throw err('InvalidParameter.Coexist', 'NetworkInterfaceIds and Filters cannot be specified at the same time.');
  }
  const filters = parseFilters(p.Filters, knownEniFilter, VPC_FILTER_CODES);
  let found: Eni[];
  if (ids) {
    checkIds(ids, ENI_ID, 'ENI');
    found = [];
    for (const id of new Set(ids)) {
      const e = ctx.home ? state.enis.get(id) : undefined;
      if (!e) throw notFound('ENI', id);
      found.push(e);
    }
    found.sort((a, b) => a.seq - b.seq);
  } else if (!ctx.home) {
    found = [];
  } else {
    const match = eniMatcher(filters);
    const byInstance = filters.find((f) => f.Name === 'attachment.instance-id');
    const byId = filters.find((f) => f.Name === 'network-interface-id');
    let candidates: Iterable<Eni>;
    if (byInstance) {
      candidates = [...new Set(byInstance.Values)].flatMap((ins) => (state.enisByInstance.get(ins) ?? []).map((id) => state.enis.get(id)!));
    } else if (byId) {
      candidates = [...new Set(byId.Values)].map((id) => state.enis.get(id)).filter((e): e is Eni => e !== undefined);
    } else {
      candidates = state.enis.values();
    }
    found = [];
    for (const e of candidates) if (match(e)) found.push(e);
    if (byInstance || byId) found.sort((a, b) => a.seq - b.seq);
  }
  const items = page(found, p.Offset as number | undefined, p.Limit as number | undefined, RANGE);
  const listed = (e: Eni) => (state.scenario.groupSetOrder === 'sorted' ? { ...eniShape(state, e), GroupSet: [...e.groups].sort() } : eniShape(state, e));
  return { NetworkInterfaceSet: items.map(listed), TotalCount: found.length };
}

// ---- Associate / Disassociate ----------------------------------------------------------------

function resolveWrite(p: Params, ctx: ActionContext): { enis: Eni[]; groups: string[] } {
  const { state } = ctx;
  const eniIds = p.NetworkInterfaceIds as string[];
  const groupIds = p.SecurityGroupIds as string[];
  checkIds(eniIds, ENI_ID, 'ENI');
  checkIds(groupIds, SG_ID, 'security group');
  const groups = [...new Set(groupIds)];
  for (const g of groups) if (!ctx.home || !state.groups.has(g)) throw notFound('security group', g);
  const enis: Eni[] = [];
  for (const id of new Set(eniIds)) {
    const e = ctx.home ? state.enis.get(id) : undefined;
    if (!e) throw notFound('ENI', id);
    if (e.primary) {
      throw err(
        'UnsupportedOperation',
        `The ENI \`${id}\` is the primary ENI of instance ${e.instanceId}; this API does not support binding or unbinding security groups of a primary ENI (use the instance's security groups).`,
      );
    }
    enis.push(e);
  }
  return { enis, groups };
}

function associate(p: Params, ctx: ActionContext) {
  const { enis, groups } = resolveWrite(p, ctx);
  const limit = ctx.state.scenario.limits.instanceSecurityGroupLimit;
  const next = enis.map((e) => [...e.groups, ...groups.filter((g) => !e.groups.includes(g))]);
  next.forEach((list, i) => {
    if (list.length > limit) {
      throw err('LimitExceeded', `The ENI \`${enis[i]!.id}\` would be bound to ${list.length} security groups, more than the quota of ${limit} (InstanceSecurityGroupLimit).`);
    }
  });
  enis.forEach((e, i) => ctx.state.setGroups(e.id, next[i]!, 'AssociateNetworkInterfaceSecurityGroups'));
  return {};
}

function disassociate(p: Params, ctx: ActionContext) {
  const { enis, groups } = resolveWrite(p, ctx);
  for (const e of enis) ctx.state.setGroups(e.id, e.groups.filter((g) => !groups.includes(g)), 'DisassociateNetworkInterfaceSecurityGroups');
  return {};
}

// ---- security groups ------------------------------------------------------------------------

const SG_FILTERS = new Set(['security-group-id', 'project-id', 'security-group-name', 'tag-key']);

function describeSecurityGroups(p: Params, ctx: ActionContext) {
  const { state } = ctx;
  const ids = p.SecurityGroupIds as string[] | undefined;
  if (ids && p.Filters !== undefined) {
    throw err('InvalidParameter.Coexist', 'SecurityGroupIds and Filters cannot be specified at the same time.');
  }
  const filters = parseFilters(p.Filters, (n) => SG_FILTERS.has(n) || n.startsWith('tag:'), VPC_FILTER_CODES);
  let found: Group[];
  if (ids) {
    checkIds(ids, SG_ID, 'security group');
    found = [...new Set(ids)].map((id) => {
      const g = ctx.home ? state.groups.get(id) : undefined;
      if (!g) throw notFound('security group', id);
      return g;
    });
  } else {
    found = ctx.home ? [...state.groups.values()] : [];
    for (const f of filters) {
      const vals = new Set(f.Values);
      if (f.Name === 'security-group-id') found = found.filter((g) => vals.has(g.id));
      else if (f.Name === 'project-id') found = found.filter(() => vals.has('0'));
      else if (f.Name === 'security-group-name') found = found.filter((g) => f.Values.some((v) => g.name.includes(v)));
      else found = [];
    }
  }
  const field = p.OrderField as string | undefined;
  const direction = (p.OrderDirection as string | undefined) ?? 'ASC';
  if (field !== undefined && field !== 'CreatedTime' && field !== 'UpdateTime') {
    throw err('InvalidParameterValue', `OrderField must be CreatedTime or UpdateTime, got \`${field}\`.`);
  }
  if (direction !== 'ASC' && direction !== 'DESC') throw err('InvalidParameterValue', `OrderDirection must be ASC or DESC, got \`${direction}\`.`);
  if (field) {
    found = [...found].sort((a, b) => a.createdTime.localeCompare(b.createdTime));
    if (direction === 'DESC') found.reverse();
  }
  const items = page(found, p.Offset as number | undefined, p.Limit as number | undefined, RANGE);
  return { SecurityGroupSet: items.map(groupShape), TotalCount: found.length };
}

const POLICY_FILTERS = new Set(['security-group-id', 'ip', 'address-module', 'service-module', 'protocol-type', 'port', 'poly', 'direction', 'description']);

function describeSecurityGroupPolicies(p: Params, ctx: ActionContext) {
  const id = p.SecurityGroupId as string;
  if (!SG_ID.test(id)) throw err('InvalidParameterValue.Malformed', `The security group ID \`${id}\` is malformed.`);
  const g = ctx.home ? ctx.state.groups.get(id) : undefined;
  if (!g) throw notFound('security group', id);
  const filters = parseFilters(p.Filters, (n) => POLICY_FILTERS.has(n), VPC_FILTER_CODES);
  const shape = (r: Group['ingress'][number], i: number) => ({
    PolicyIndex: i,
    // A rule by service template has no Protocol or Port of its own (they are exclusive); empty
    // strings, as the unused peer fields are, is this emulator's reading of the answer.
    Protocol: r.Protocol ?? '',
    Port: r.Port ?? '',
    ServiceTemplate: { ServiceId: r.ServiceTemplate?.ServiceId ?? '', ServiceGroupId: r.ServiceTemplate?.ServiceGroupId ?? '' },
    CidrBlock: r.CidrBlock ?? '',
    Ipv6CidrBlock: r.Ipv6CidrBlock ?? '',
    SecurityGroupId: r.SecurityGroupId ?? '',
    AddressTemplate: { AddressId: r.AddressTemplate?.AddressId ?? '', AddressGroupId: r.AddressTemplate?.AddressGroupId ?? '' },
    Action: r.Action,
    PolicyDescription: r.PolicyDescription ?? '',
    ModifyTime: g.createdTime,
    Priority: i + 1,
  });
  type Shaped = ReturnType<typeof shape>;
  const keep = (dir: 'INBOUND' | 'OUTBOUND') => (r: Shaped) =>
    filters.every((f) => {
      const vals = f.Values.map((v) => v.toUpperCase());
      switch (f.Name) {
        case 'direction':
          return vals.includes('ALL') || vals.includes(dir);
        case 'protocol-type':
          return vals.includes(r.Protocol.toUpperCase());
        case 'poly':
          return vals.includes('ALL') || vals.includes(r.Action);
        case 'port':
          return vals.includes('ALL') || f.Values.some((v) => r.Port.includes(v));
        case 'ip':
          return f.Values.some((v) => r.CidrBlock.includes(v));
        case 'security-group-id':
          return f.Values.includes(r.SecurityGroupId);
        case 'description':
          return f.Values.some((v) => r.PolicyDescription.includes(v));
        default:
          return false;
      }
    });
  const ingress = g.ingress.map(shape).filter(keep('INBOUND'));
  const egress = g.egress.map(shape).filter(keep('OUTBOUND'));
  return {
    SecurityGroupPolicySet: {
      Version: String(g.version),
      Egress: egress,
      Ingress: ingress,
      PolicyStatistics: { IngressPolicyCount: ingress.length, EgressPolicyCount: egress.length, TotalCount: ingress.length + egress.length },
    },
  };
}

function describeSecurityGroupLimits(_p: Params, ctx: ActionContext) {
  const { limits } = ctx.state.scenario;
  return {
    SecurityGroupLimitSet: {
      SecurityGroupLimit: 50,
      SecurityGroupPolicyLimit: limits.securityGroupPolicyLimit,
      ReferedSecurityGroupLimit: 10,
      SecurityGroupInstanceLimit: 2000,
      InstanceSecurityGroupLimit: limits.instanceSecurityGroupLimit,
      SecurityGroupExtendedPolicyLimit: 2000,
      SecurityGroupReferedCvmAndEniLimit: 2000,
      SecurityGroupReferedSvcLimit: 2000,
    },
  };
}

const eniWriteSchema: Schema = { NetworkInterfaceIds: { type: 'string[]', required: true }, SecurityGroupIds: { type: 'string[]', required: true } };

export const vpcService: ServiceDef = {
  service: 'vpc',
  versions: ['2017-03-12'],
  actions: {
    DescribeNetworkInterfaces: {
      params: { NetworkInterfaceIds: { type: 'string[]' }, Filters: { type: 'filters' }, Offset: { type: 'int' }, Limit: { type: 'int' } },
      read: true,
      cam: 'vpc:DescribeNetworkInterfaces',
      camResource: 'eni',
      ratePerSecond: 100,
      regional: true,
      handler: describeNetworkInterfaces,
    },
    AssociateNetworkInterfaceSecurityGroups: {
      params: eniWriteSchema,
      read: false,
      cam: 'cvm:AssociateNetworkInterfaceSecurityGroups',
      camResource: 'eni',
      ratePerSecond: 20,
      regional: true,
      handler: associate,
    },
    DisassociateNetworkInterfaceSecurityGroups: {
      params: eniWriteSchema,
      read: false,
      cam: 'cvm:DisassociateNetworkInterfaceSecurityGroups',
      camResource: 'eni',
      ratePerSecond: 20,
      regional: true,
      handler: disassociate,
    },
    DescribeSecurityGroups: {
      params: {
        SecurityGroupIds: { type: 'string[]' },
        Filters: { type: 'filters' },
        Offset: { type: 'int' },
        Limit: { type: 'int' },
        OrderField: { type: 'string' },
        OrderDirection: { type: 'string' },
      },
      read: true,
      cam: 'vpc:DescribeSecurityGroups',
      camResource: 'sg',
      ratePerSecond: 100,
      regional: true,
      handler: describeSecurityGroups,
    },
    DescribeSecurityGroupPolicies: {
      params: { SecurityGroupId: { type: 'string', required: true }, Filters: { type: 'filters' } },
      read: true,
      cam: 'vpc:DescribeSecurityGroupPolicies',
      camResource: 'sg',
      ratePerSecond: 100,
      regional: true,
      handler: describeSecurityGroupPolicies,
    },
    DescribeSecurityGroupLimits: {
      params: {},
      read: true,
      cam: 'vpc:DescribeSecurityGroupLimits',
      camResource: 'sg',
      ratePerSecond: 20,
      regional: true,
      handler: describeSecurityGroupLimits,
    },
    ...templateActions,
  },
};
