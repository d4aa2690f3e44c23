// ECI container groups (the instances behind ECI pods): DescribeContainerGroups by ID, at most
// 20 per request (ContainerGroupIds, a JSON array), paged by NextToken.
import { allTokenPages, chunks } from './paging.ts';
import type { RpcClient } from './rpc.ts';

export interface ContainerGroup {
  id: string;
  name: string;
  securityGroupIds: string[];
  vpcId: string;
  vSwitchId: string;
  status: string;
  intranetIp?: string;
  eniId?: string;
}

/** DescribeContainerGroups takes at most this many IDs per request. */
export const CONTAINER_GROUP_BATCH = 20;

interface ApiContainerGroup {
  ContainerGroupId?: string;
  ContainerGroupName?: string;
  SecurityGroupId?: string;
  VpcId?: string;
  VSwitchId?: string;
  Status?: string;
  IntranetIp?: string;
  EniInstanceId?: string;
}
interface ContainerGroupsPage {
  ContainerGroups?: ApiContainerGroup[];
  NextToken?: string;
}

/**
 * The groups of an instance from its one `SecurityGroupId` string. With several groups the API
 * is assumed to join them with commas in the order given ("sg-a,sg-b"): the documentation shows
 * only single groups. If it reports only one, the comparison says it cannot tell
 * (domain/eci/reported-groups.ts; docs/assumptions.md, "ECI reports an instance's groups in one
 * SecurityGroupId").
 */
export function containerGroupSecurityGroups(securityGroupId: string | undefined): string[] {
  return (securityGroupId ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function toContainerGroup(c: ApiContainerGroup): ContainerGroup {
  return {
    id: c.ContainerGroupId ?? '',
    name: c.ContainerGroupName ?? '',
    securityGroupIds: containerGroupSecurityGroups(c.SecurityGroupId),
    vpcId: c.VpcId ?? '',
    vSwitchId: c.VSwitchId ?? '',
    status: c.Status ?? '',
    ...(c.IntranetIp ? { intranetIp: c.IntranetIp } : {}),
    ...(c.EniInstanceId ? { eniId: c.EniInstanceId } : {}),
  };
}

export interface EciApi {
  describeContainerGroups(ids: readonly string[]): Promise<{ found: ContainerGroup[]; missing: string[] }>;
}

export function eciApi(rpc: RpcClient): EciApi {
  return {
    async describeContainerGroups(ids) {
      const wanted = [...new Set(ids)];
      const batches = await Promise.all(
        chunks(wanted, CONTAINER_GROUP_BATCH).map((b) =>
          allTokenPages(async (NextToken) => {
            const r = await rpc.call<ContainerGroupsPage>('eci', 'DescribeContainerGroups', { ContainerGroupIds: JSON.stringify(b), Limit: CONTAINER_GROUP_BATCH, NextToken });
            return { items: (r.ContainerGroups ?? []).map(toContainerGroup), nextToken: r.NextToken };
          }),
        ),
      );
      const found = batches.flat();
      const have = new Set(found.map((c) => c.id));
      return { found, missing: wanted.filter((id) => !have.has(id)) };
    },
  };
}
