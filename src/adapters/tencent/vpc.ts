// VPC 2017-03-12: ENIs and security groups, as plain data.
//
// How the batches are cut (limits from vpc_models.d.ts and the API pages):
// - ENIs of many instances: one `attachment.instance-id` filter per 100 instances, pages of 100
//   (Limit's maximum). DescribeNetworkInterfaces documents no cap on a filter's values (other
//   VPC actions document 5 or 100; CVM's DescribeInstances 5); 100 per request is the cap the
//   API puts on every ID list, keeps each request small, and costs one call per 100 ENIs when
//   instances carry whole pages. A listing is ⌈ENIs/100⌉ calls plus at most one partial page
//   per 100 instances.
// - By ENI or group ID: a `network-interface-id` / `security-group-id` filter of up to 100
//   values, not the ID lists: an ID list with one unknown ID fails whole (ResourceNotFound),
//   while a filter returns what exists, so the missing IDs can be named.
// - Associate/Disassociate: at most 100 ENIs and 100 groups per request.
import { isSecurityGroupId } from '../../domain/security-group-id.ts';
import type { SecurityRule } from '../../domain/security-rule.ts';
import type {
  DescribeNetworkInterfacesResponse,
  DescribeSecurityGroupLimitsResponse,
  DescribeSecurityGroupPoliciesResponse,
  DescribeSecurityGroupsResponse,
  AddressInfo,
  Filter,
  NetworkInterface,
  ServicesInfo,
  SecurityGroup as SdkSecurityGroup,
  SecurityGroupPolicy,
} from 'tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models.js';
import type { CloudCaller } from './clients.ts';
import { CloudError } from './errors.ts';
import { allPages, chunks, PAGE_SIZE, unique, type Page } from './paging.ts';

/** Values per filter and IDs per write request. */
export const BATCH = 100;
const ENI_ID = /^eni-[0-9a-z]{8}$/;
/** A page may be re-read this often when ENIs appear or vanish while a listing runs. */
const CHURN_RETRIES = 2;

export interface Eni {
  id: string;
  primary: boolean;
  /** The CVM the ENI is attached to; undefined when detached. */
  instanceId: string | undefined;
  /** Bound security groups, in priority order. */
  groups: string[];
  /** The ENI's primary address first. */
  privateIps: string[];
  subnetId: string;
  vpcId: string;
  /** PENDING, AVAILABLE, ATTACHING, DETACHING, DELETING. */
  state: string;
  /** 0 secondary, 1 primary, 2 trunk (vpc_models.d.ts); undefined where the answer omits it. */
  eniType: number | undefined;
  name: string;
  description: string;
  tags: { key: string; value: string }[];
  /** cvm, eks, hai: the kind of instance it is bound to. Shown, not judged (docs/assumptions.md). */
  business: string | undefined;
  /** 0 standard, 1 extended. Shown, not judged. */
  attachType: number | undefined;
}

export interface SecurityGroup {
  id: string;
  name: string;
  description: string;
  projectId: string | undefined;
  isDefault: boolean;
  createdTime: string | undefined;
}

/** undefined where the answer omits a figure. */
export interface SecurityGroupLimits {
  /** Groups one instance (or ENI) may be bound to: the cap on a node's list. */
  instanceSecurityGroupLimit: number | undefined;
  /** Rules one group may hold. */
  securityGroupPolicyLimit: number | undefined;
  securityGroupLimit: number | undefined;
}

export interface VpcApi {
  /** Every ENI attached to these instances (primary and secondary). */
  describeEnisByInstances(instanceIds: readonly string[]): Promise<Eni[]>;
  describeEnisByIds(ids: readonly string[]): Promise<{ enis: Eni[]; missing: string[] }>;
  /** The ENI holding this private IP in this VPC (the IP alone may exist in several VPCs). */
  describeEniByIp(ip: string, vpcId: string): Promise<Eni | undefined>;
  describeSecurityGroups(ids: readonly string[]): Promise<{ groups: SecurityGroup[]; missing: string[] }>;
  /** All groups of the region, for pickers and completion. */
  listSecurityGroups(): Promise<SecurityGroup[]>;
  /** Ingress then egress rules, in each direction's priority order. */
  describeSecurityGroupRules(groupId: string): Promise<SecurityRule[]>;
  securityGroupLimits(): Promise<SecurityGroupLimits>;
  /**
   * What templates hold, by ID: an address template's addresses, a service template's services
   * (`tcp:80`), a template group's member IDs. IDs that do not exist are absent from the map.
   */
  describeTemplates(kind: TemplateKind, ids: readonly string[]): Promise<Map<string, string[]>>;
  /** Binds the groups to every ENI (appended at the lowest priority; groups already bound stay where they are). */
  associateGroups(eniIds: readonly string[], groupIds: readonly string[]): Promise<void>;
  disassociateGroups(eniIds: readonly string[], groupIds: readonly string[]): Promise<void>;
}

export type TemplateKind = 'address' | 'address-group' | 'service' | 'service-group';

/** Per kind: the action, its ID filter, and where an answer keeps each template's ID and contents. */
const TEMPLATE_READS: Record<TemplateKind, { action: string; filter: string; set: string; id: string; contents: (t: Record<string, unknown>) => string[] }> = {
  address: { action: 'DescribeAddressTemplates', filter: 'address-template-id', set: 'AddressTemplateSet', id: 'AddressTemplateId', contents: (t) => (t.AddressSet as string[] | undefined) ?? ((t.AddressExtraSet as AddressInfo[] | undefined) ?? []).map((a) => a.Address) },
  'address-group': { action: 'DescribeAddressTemplateGroups', filter: 'address-template-group-id', set: 'AddressTemplateGroupSet', id: 'AddressTemplateGroupId', contents: (t) => (t.AddressTemplateIdSet as string[] | undefined) ?? [] },
  service: { action: 'DescribeServiceTemplates', filter: 'service-template-id', set: 'ServiceTemplateSet', id: 'ServiceTemplateId', contents: (t) => (t.ServiceSet as string[] | undefined) ?? ((t.ServiceExtraSet as ServicesInfo[] | undefined) ?? []).map((s) => s.Service) },
  'service-group': { action: 'DescribeServiceTemplateGroups', filter: 'service-template-group-id', set: 'ServiceTemplateGroupSet', id: 'ServiceTemplateGroupId', contents: (t) => (t.ServiceTemplateIdSet as string[] | undefined) ?? [] },
};

export function toEni(n: NetworkInterface): Eni {
  const ips = n.PrivateIpAddressSet ?? [];
  const ordered = [...ips.filter((p) => p.Primary), ...ips.filter((p) => !p.Primary)];
  return {
    id: n.NetworkInterfaceId ?? '',
    primary: n.Primary === true,
    instanceId: n.Attachment?.InstanceId || undefined,
    groups: [...(n.GroupSet ?? [])],
    privateIps: ordered.map((p) => p.PrivateIpAddress ?? '').filter((ip) => ip !== ''),
    subnetId: n.SubnetId ?? '',
    vpcId: n.VpcId ?? '',
    state: n.State ?? '',
    eniType: n.EniType ?? undefined,
    name: n.NetworkInterfaceName ?? '',
    description: n.NetworkInterfaceDescription ?? '',
    tags: (n.TagSet ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' })),
    business: n.Business || undefined,
    attachType: n.AttachType ?? undefined,
  };
}

function toGroup(g: SdkSecurityGroup): SecurityGroup {
  return {
    id: g.SecurityGroupId,
    name: g.SecurityGroupName,
    description: g.SecurityGroupDesc,
    projectId: g.ProjectId,
    isDefault: g.IsDefault === true,
    createdTime: g.CreatedTime,
  };
}

/**
 * One API rule as the domain's SecurityRule. A rule built on templates keeps the template ID
 * where the ports or the peer would be (`ppm-...`, `ipm-...`): the lint then sees neither a
 * range nor the internet, which is right, as it cannot tell what the template holds.
 */
export function toRule(p: SecurityGroupPolicy, direction: 'ingress' | 'egress'): SecurityRule {
  const service = p.ServiceTemplate?.ServiceId || p.ServiceTemplate?.ServiceGroupId;
  const address = p.AddressTemplate?.AddressId || p.AddressTemplate?.AddressGroupId;
  const rule: SecurityRule = {
    direction,
    protocol: service ? 'TEMPLATE' : (p.Protocol ?? '').toUpperCase(),
    ports: service || p.Port || 'all',
    peer: p.CidrBlock || p.Ipv6CidrBlock || p.SecurityGroupId || address || '',
    action: (p.Action ?? '').toUpperCase() === 'DROP' ? 'drop' : 'accept',
  };
  if (p.PolicyDescription) rule.description = p.PolicyDescription;
  return rule;
}

export interface VpcApiOptions {
  /** Page size (Limit); the API's maximum unless a test wants more pages. */
  pageSize?: number;
}

export function vpcApi(api: CloudCaller, o: VpcApiOptions = {}): VpcApi {
  const pageSize = o.pageSize ?? PAGE_SIZE;

  const eniPage = async (filters: Filter[], offset: number, limit: number): Promise<Page<NetworkInterface>> => {
    const r = await api.call<DescribeNetworkInterfacesResponse>('vpc', 'DescribeNetworkInterfaces', { Filters: filters, Offset: offset, Limit: limit });
    return { items: r.NetworkInterfaceSet ?? [], total: r.TotalCount };
  };

  /** Every ENI matching the filters; pages are read again when the set changed under them. */
  const listEnis = async (filters: Filter[]): Promise<Eni[]> => {
    let result = await allPages((off, lim) => eniPage(filters, off, lim), pageSize);
    for (let i = 0; i < CHURN_RETRIES && !result.consistent; i++) result = await allPages((off, lim) => eniPage(filters, off, lim), pageSize);
    return result.items.map(toEni);
  };

  const dedupe = (enis: Eni[]): Eni[] => [...new Map(enis.map((e) => [e.id, e])).values()];

  const groupsPage = async (filters: Filter[] | undefined, offset: number, limit: number): Promise<Page<SdkSecurityGroup>> => {
    // Offset and Limit are strings in this action's model.
    const r = await api.call<DescribeSecurityGroupsResponse>('vpc', 'DescribeSecurityGroups', { ...(filters ? { Filters: filters } : {}), Offset: String(offset), Limit: String(limit) });
    return { items: r.SecurityGroupSet ?? [], total: r.TotalCount };
  };

  /** Batched writes, one request at a time; a failure says which ENIs were already done. */
  const write = async (action: string, eniIds: readonly string[], groupIds: readonly string[]): Promise<void> => {
    const enis = unique(eniIds);
    const groups = unique(groupIds);
    if (enis.length === 0 || groups.length === 0) return;
    const done: string[] = [];
    for (const eniBatch of chunks(enis, BATCH)) {
      try {
        for (const groupBatch of chunks(groups, BATCH)) {
          await api.call('vpc', action, { NetworkInterfaceIds: eniBatch, SecurityGroupIds: groupBatch });
        }
      } catch (e) {
        if (e instanceof CloudError) e.completed = [...done];
        throw e;
      }
      done.push(...eniBatch);
    }
  };

  return {
    async describeEnisByInstances(instanceIds) {
      const ids = unique(instanceIds.filter((id) => id !== ''));
      const perBatch = await Promise.all(chunks(ids, BATCH).map((batch) => listEnis([{ Name: 'attachment.instance-id', Values: batch }])));
      return dedupe(perBatch.flat());
    },

    async describeEnisByIds(ids) {
      const wanted = unique(ids);
      const valid = wanted.filter((id) => ENI_ID.test(id));
      const perBatch = await Promise.all(chunks(valid, BATCH).map((batch) => listEnis([{ Name: 'network-interface-id', Values: batch }])));
      const enis = dedupe(perBatch.flat());
      const found = new Set(enis.map((e) => e.id));
      return { enis, missing: wanted.filter((id) => !found.has(id)) };
    },

    async describeEniByIp(ip, vpcId) {
      const enis = await listEnis([
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'address-ip', Values: [ip] },
        // address-ip with one value is a suffix match ("10.0.0.1" also finds 10.0.0.11) unless exact.
        { Name: 'ip-exact-match', Values: ['TRUE'] },
      ]);
      return enis.find((e) => e.privateIps.includes(ip));
    },

    async describeSecurityGroups(ids) {
      const wanted = unique(ids);
      const valid = wanted.filter(isSecurityGroupId);
      const perBatch = await Promise.all(
        chunks(valid, BATCH).map(async (batch) => (await allPages((off, lim) => groupsPage([{ Name: 'security-group-id', Values: batch }], off, lim), pageSize)).items),
      );
      const groups = [...new Map(perBatch.flat().map((g) => [g.SecurityGroupId, toGroup(g)])).values()];
      const found = new Set(groups.map((g) => g.id));
      // In the order asked for: order is priority wherever a list of groups is shown.
      const order = new Map(wanted.map((id, i) => [id, i]));
      groups.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
      return { groups, missing: wanted.filter((id) => !found.has(id)) };
    },

    async listSecurityGroups() {
      const r = await allPages((off, lim) => groupsPage(undefined, off, lim), pageSize);
      return [...new Map(r.items.map((g) => [g.SecurityGroupId, toGroup(g)])).values()];
    },

    async describeSecurityGroupRules(groupId) {
      const r = await api.call<DescribeSecurityGroupPoliciesResponse>('vpc', 'DescribeSecurityGroupPolicies', { SecurityGroupId: groupId });
      const set = r.SecurityGroupPolicySet;
      const byPriority = (list: SecurityGroupPolicy[] | undefined) => [...(list ?? [])].sort((a, b) => (a.PolicyIndex ?? 0) - (b.PolicyIndex ?? 0));
      return [...byPriority(set?.Ingress).map((p) => toRule(p, 'ingress')), ...byPriority(set?.Egress).map((p) => toRule(p, 'egress'))];
    },

    async securityGroupLimits() {
      const r = await api.call<DescribeSecurityGroupLimitsResponse>('vpc', 'DescribeSecurityGroupLimits', {});
      const s = r.SecurityGroupLimitSet;
      return {
        instanceSecurityGroupLimit: s?.InstanceSecurityGroupLimit,
        securityGroupPolicyLimit: s?.SecurityGroupPolicyLimit,
        securityGroupLimit: s?.SecurityGroupLimit,
      };
    },

    async describeTemplates(kind, ids) {
      const read = TEMPLATE_READS[kind];
      const wanted = unique(ids);
      const perBatch = await Promise.all(
        chunks(wanted, BATCH).map(async (batch) => {
          // Offset and Limit are strings in these actions' models, as in DescribeSecurityGroups'.
          const pageOf = async (offset: number, limit: number): Promise<Page<Record<string, unknown>>> => {
            const r = await api.call<Record<string, unknown>>('vpc', read.action, { Filters: [{ Name: read.filter, Values: batch }], Offset: String(offset), Limit: String(limit) });
            return { items: (r[read.set] as Record<string, unknown>[] | undefined) ?? [], total: r.TotalCount as number | undefined };
          };
          return (await allPages(pageOf, pageSize)).items;
        }),
      );
      return new Map(perBatch.flat().map((t) => [String(t[read.id] ?? ''), read.contents(t)]));
    },

    associateGroups: (eniIds, groupIds) => write('AssociateNetworkInterfaceSecurityGroups', eniIds, groupIds),
    disassociateGroups: (eniIds, groupIds) => write('DisassociateNetworkInterfaceSecurityGroups', eniIds, groupIds),
  };
}
