// Before any write that names security groups: each ID must exist in the region being changed
// and the list must fit on one ENI. The ID format was checked before any call (domain).
import { BadInputError } from '../../domain/bad-input.ts';
import { checkGroupCount } from '../../domain/tke/group-limit.ts';
import type { SecurityGroup, VpcApi } from '../../adapters/tencent/vpc.ts';

export class UnknownGroupError extends BadInputError {}

/** The groups as the cloud knows them, in the order given; throws naming the first that is missing. */
export async function checkGroupsInCloud(vpc: VpcApi, groups: readonly string[], region: string, what?: string): Promise<SecurityGroup[]> {
  return checkGroupListsInCloud(vpc, [{ groups, what }], region);
}

/**
 * Several lists at once (e.g. each node's new list): every list within the per-ENI limit, every
 * ID of any of them in the region; one call for the groups and one for the limit, however many lists.
 */
export async function checkGroupListsInCloud(
  vpc: VpcApi,
  lists: ReadonlyArray<{ groups: readonly string[]; what?: string }>,
  region: string,
): Promise<SecurityGroup[]> {
  const all = [...new Set(lists.flatMap((l) => l.groups))];
  const [found, limits] = await Promise.all([vpc.describeSecurityGroups(all), vpc.securityGroupLimits()]);
  // The count first: a list that can never fit is wrong whatever its IDs are.
  for (const l of lists) checkGroupCount(l.groups, limits.instanceSecurityGroupLimit, l.what);
  if (found.missing.length > 0) {
    const list = found.missing.join(', ');
    throw new UnknownGroupError(
      `security group${found.missing.length > 1 ? 's' : ''} ${list} not found in region ${region}: check the ID${found.missing.length > 1 ? 's' : ''} (or --region); kubectl sg show group ${found.missing[0]} --region REGION looks one up`,
    );
  }
  return found.groups;
}
