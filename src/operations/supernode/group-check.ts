// Groups checked in the cloud before a super-node pod or pool is told to use them: every one must
// exist in the region (the annotation page: "the groups must exist in the region"). Tencent groups
// belong to a region, not to a VPC, so there is no VPC to compare. How many groups one pod may
// have is not published (docs/assumptions.md, "How many groups a super-node pod may have"): more
// than a CVM instance's 5 is warned about, naming that assumption, never refused.
import { BadInputError } from '../../domain/bad-input.ts';
import type { TencentCloud } from '../../adapters/tencent/index.ts';

export class SuperNodeGroupError extends BadInputError {}

/** A CVM instance's default group limit (vpc SecurityGroupLimitSet.InstanceSecurityGroupLimit), the nearest published figure. */
export const ASSUMED_GROUP_LIMIT = 5;

/** Warnings (the count); throws when a group does not exist (`consequence` says what that would mean). */
export async function checkSuperNodeGroups(cloud: TencentCloud, groups: readonly string[], consequence: string): Promise<string[]> {
  const { missing } = await cloud.vpc.describeSecurityGroups(groups);
  if (missing.length > 0) {
    throw new SuperNodeGroupError(
      `--groups ${groups.join(',')}: ${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist in region ${cloud.clients.region} (check the ID, or --region; kubectl sg show group ID looks one up); ${consequence}`,
    );
  }
  return groups.length > ASSUMED_GROUP_LIMIT
    ? [`${groups.length} groups: no page states how many a super-node pod may have; a CVM instance may have ${ASSUMED_GROUP_LIMIT} by default, so the pods may be refused (docs/assumptions.md, "How many groups a super-node pod may have")`]
    : [];
}
