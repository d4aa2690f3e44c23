// An ECI instance's groups as DescribeContainerGroups reports them, against the groups its pod
// asked for. The API gives one string, `ContainerGroups[].SecurityGroupId` (SDK model
// @alicloud/eci20180808 `DescribeContainerGroupsResponseBodyContainerGroups.securityGroupId?:
// string`; the API reference shows single IDs only). How it reports an instance with several
// groups is not documented (docs/assumptions.md, "ECI reports an instance's groups in one
// SecurityGroupId"): the adapter splits it at commas, in order. If ECI reports only one of them,
// one ID for a pod that asked for several proves nothing either way when it is the first asked
// for: that case is `cannot-tell`, never `mismatch` and never `ok`.
import { sameGroups } from '../cluster-policy.ts';

export type ReportedGroupsVerdict = 'ok' | 'mismatch' | 'cannot-tell';

export function reportedGroupsVerdict(reported: readonly string[], requested: readonly string[]): ReportedGroupsVerdict {
  if (sameGroups(reported, requested)) return 'ok';
  if (reported.length === 1 && requested.length > 1 && reported[0] === requested[0]) return 'cannot-tell';
  return 'mismatch';
}

/** One line for a pod whose verdict is cannot-tell. */
export function cannotTellWhy(reported: readonly string[], requested: readonly string[]): string {
  return `ECI reports one group (${reported.join(',')}) for an instance asked to have ${requested.length} (${requested.join(',')}): its SecurityGroupId is one string, and whether it lists every group of an instance is not documented, so whether ${requested.slice(1).join(', ')} ${requested.length > 2 ? 'are' : 'is'} bound cannot be told`;
}
