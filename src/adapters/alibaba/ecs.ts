// ECS security groups: DescribeSecurityGroups (by IDs, at most 100 per request as a JSON array,
// or a whole region or VPC paged by NextToken) and DescribeSecurityGroupAttribute (one group's
// permissions, paged by NextToken), translated into the domain's neutral rule shape.
import type { SecurityRule } from '../../domain/security-rule.ts';
import { AlibabaApiError } from './errors.ts';
import { allTokenPages, chunks } from './paging.ts';
import type { RpcClient } from './rpc.ts';

export interface AlibabaSecurityGroup {
  id: string;
  name: string;
  description: string;
  vpcId: string;
  /** The API's "normal" is basic, "enterprise" advanced. */
  type: 'basic' | 'advanced';
}

export interface AlibabaGroupDetail extends AlibabaSecurityGroup {
  /** Whether instances in the group reach each other by default (basic: accept; advanced: drop). */
  innerAccessPolicy: 'accept' | 'drop';
  rules: (SecurityRule & { priority: number })[];
}

/** DescribeSecurityGroups takes at most this many IDs (SecurityGroupIds) per request. */
export const GROUP_ID_BATCH = 100;
const PAGE = 100;
/** DescribeSecurityGroupAttribute's largest MaxResults. */
const PERMISSION_PAGE = 1000;

interface ApiGroup {
  SecurityGroupId?: string;
  SecurityGroupName?: string;
  Description?: string;
  VpcId?: string;
  SecurityGroupType?: string;
}
interface GroupsPage {
  SecurityGroups?: { SecurityGroup?: ApiGroup[] };
  NextToken?: string;
}
export interface ApiPermission {
  Direction?: string;
  IpProtocol?: string;
  PortRange?: string;
  SourceCidrIp?: string;
  Ipv6SourceCidrIp?: string;
  SourceGroupId?: string;
  SourcePrefixListId?: string;
  DestCidrIp?: string;
  Ipv6DestCidrIp?: string;
  DestGroupId?: string;
  DestPrefixListId?: string;
  Policy?: string;
  Priority?: string | number;
  Description?: string;
}
interface AttributePage {
  SecurityGroupId?: string;
  SecurityGroupName?: string;
  Description?: string;
  VpcId?: string;
  InnerAccessPolicy?: string;
  Permissions?: { Permission?: ApiPermission[] };
  NextToken?: string;
}

function toGroup(g: ApiGroup): AlibabaSecurityGroup {
  return {
    id: g.SecurityGroupId ?? '',
    name: g.SecurityGroupName ?? '',
    description: g.Description ?? '',
    vpcId: g.VpcId ?? '',
    type: g.SecurityGroupType?.toLowerCase() === 'enterprise' ? 'advanced' : 'basic',
  };
}

/** Alibaba's "80/80", "1/80", "-1/-1" in the domain's forms "80", "1-80", "all". */
export function toPorts(portRange: string | undefined): string {
  const [from, to] = (portRange ?? '-1/-1').split('/');
  if (from === '-1' || from === undefined || (from === '1' && to === '65535')) return 'all';
  return to === undefined || from === to ? from : `${from}-${to}`;
}

/** One API permission as the domain's rule; the peer is the CIDR, else the group, else the prefix list. */
export function toRule(p: ApiPermission): SecurityRule & { priority: number } {
  const egress = p.Direction?.toLowerCase() === 'egress';
  const peer = egress ? p.DestCidrIp || p.Ipv6DestCidrIp || p.DestGroupId || p.DestPrefixListId : p.SourceCidrIp || p.Ipv6SourceCidrIp || p.SourceGroupId || p.SourcePrefixListId;
  const protocol = (p.IpProtocol ?? 'ALL').toUpperCase();
  return {
    direction: egress ? 'egress' : 'ingress',
    protocol,
    ports: protocol === 'ICMP' || protocol === 'ICMPV6' || protocol === 'GRE' ? 'all' : toPorts(p.PortRange),
    peer: peer ?? '',
    // The API answers "Accept"/"accept" depending on the era of the rule.
    action: p.Policy?.toLowerCase() === 'drop' ? 'drop' : 'accept',
    priority: Number(p.Priority ?? 1),
    ...(p.Description ? { description: p.Description } : {}),
  };
}

/** An ENI of the VPC (an ECS instance's, an ECI instance's, a database's), as `reach` needs it. */
export interface AlibabaEni {
  id: string;
  vpcId: string;
  /** Bound groups, as listed. */
  groups: string[];
  /** The ECS instance it is attached to; undefined for a service-managed ENI. */
  instanceId: string | undefined;
}

interface PrefixListPage {
  Entries?: { Entry?: { Cidr?: string }[] };
}

interface EniPage {
  NetworkInterfaceSets?: { NetworkInterfaceSet?: { NetworkInterfaceId?: string; VpcId?: string; InstanceId?: string; SecurityGroupIds?: { SecurityGroupId?: string[] } }[] };
  NextToken?: string;
}

export interface EcsApi {
  describeSecurityGroups(ids: readonly string[]): Promise<{ found: AlibabaSecurityGroup[]; missing: string[] }>;
  listSecurityGroups(vpcId?: string): Promise<AlibabaSecurityGroup[]>;
  describeSecurityGroupAttribute(id: string): Promise<AlibabaGroupDetail | undefined>;
  /** The ENI holding this private address in this VPC (DescribeNetworkInterfaces, PrivateIpAddress.1). */
  describeEniByIp(ip: string, vpcId: string): Promise<AlibabaEni | undefined>;
  /** A prefix list's CIDR blocks (DescribePrefixListAttributes); undefined when it does not exist. */
  describePrefixList(id: string): Promise<string[] | undefined>;
}

export function ecsApi(rpc: RpcClient): EcsApi {
  const groups = (params: Record<string, string | number | undefined>) =>
    allTokenPages(async (NextToken) => {
      const r = await rpc.call<GroupsPage>('ecs', 'DescribeSecurityGroups', { ...params, MaxResults: PAGE, NextToken });
      return { items: (r.SecurityGroups?.SecurityGroup ?? []).map(toGroup), nextToken: r.NextToken };
    });

  const describeSecurityGroups: EcsApi['describeSecurityGroups'] = async (ids) => {
    const wanted = [...new Set(ids)];
    const batches = await Promise.all(chunks(wanted, GROUP_ID_BATCH).map((b) => groups({ SecurityGroupIds: JSON.stringify(b) })));
    const found = batches.flat();
    const have = new Set(found.map((g) => g.id));
    return { found, missing: wanted.filter((id) => !have.has(id)) };
  };

  return {
    describeSecurityGroups,
    listSecurityGroups: (vpcId) => groups({ VpcId: vpcId }),
    async describeEniByIp(ip, vpcId) {
      // PrivateIpAddress is a repeat list (PrivateIpAddress.N), as the SDK flattens it.
      const r = await rpc.call<EniPage>('ecs', 'DescribeNetworkInterfaces', { VpcId: vpcId, 'PrivateIpAddress.1': ip, MaxResults: 10 });
      const e = r.NetworkInterfaceSets?.NetworkInterfaceSet?.[0];
      if (!e?.NetworkInterfaceId) return undefined;
      return { id: e.NetworkInterfaceId, vpcId: e.VpcId ?? vpcId, groups: [...(e.SecurityGroupIds?.SecurityGroupId ?? [])], instanceId: e.InstanceId || undefined };
    },
    async describePrefixList(id) {
      try {
        const r = await rpc.call<PrefixListPage>('ecs', 'DescribePrefixListAttributes', { PrefixListId: id });
        return (r.Entries?.Entry ?? []).map((e) => e.Cidr ?? '').filter((c) => c !== '');
      } catch (e) {
        if (e instanceof AlibabaApiError && e.kind === 'not-found') return undefined;
        throw e;
      }
    },
    async describeSecurityGroupAttribute(id) {
      // The attribute answer has no type: the group's listing says it.
      const [listed, permissions] = await Promise.all([
        describeSecurityGroups([id]),
        (async () => {
          let head: AttributePage | undefined;
          const rules = await allTokenPages(async (NextToken) => {
            const r = await rpc.call<AttributePage>('ecs', 'DescribeSecurityGroupAttribute', { SecurityGroupId: id, MaxResults: PERMISSION_PAGE, NextToken });
            head ??= r;
            return { items: (r.Permissions?.Permission ?? []).map(toRule), nextToken: r.NextToken };
          });
          return { head: head!, rules };
        })().catch((e: unknown) => {
          if (e instanceof AlibabaApiError && e.kind === 'not-found') return undefined;
          throw e;
        }),
      ]);
      const group = listed.found[0];
      if (!permissions || !group) return undefined;
      return {
        ...group,
        innerAccessPolicy: permissions.head.InnerAccessPolicy?.toLowerCase() === 'drop' ? 'drop' : 'accept',
        rules: permissions.rules,
      };
    },
  };
}
