// Groups checked in the cloud the way ECI checks them when it creates an instance (exist in the
// region, in the profile's VPC, one type, at most 5: domain/eci/group-set.ts), before anything is
// written, so that neither a workload's rollout nor the profile's next pod ends in a refusal.
// One line names every problem.
import { BadInputError } from '../../domain/bad-input.ts';
import { checkEciGroupSet } from '../../domain/eci/group-set.ts';
import { seeSource } from '../../domain/finding-sources.ts';
import { AlibabaApiError, type AlibabaCloud, type AlibabaSecurityGroup } from '../../adapters/alibaba/index.ts';

export class EciGroupSetError extends BadInputError {}
export class UnknownAlibabaRegionError extends BadInputError {}

/** The groups found, in the order asked; throws when ECI would refuse them (`consequence` says what that would mean). */
export async function checkEciGroupsInCloud(cloud: AlibabaCloud, groups: readonly string[], vpcId: string | undefined, regionFrom: string | undefined, consequence: string): Promise<AlibabaSecurityGroup[]> {
  let found: AlibabaSecurityGroup[];
  try {
    ({ found } = await cloud.describeSecurityGroups(groups));
  } catch (err) {
    // A region the API does not serve is the user's to fix (--region or ALIBABA_CLOUD_REGION_ID), not a cloud failure.
    if (err instanceof AlibabaApiError && err.code === 'InvalidRegionId.NotFound') {
      throw new UnknownAlibabaRegionError(`region ${cloud.region} (from ${regionFrom ?? 'nowhere'}) is not an Alibaba Cloud region the API serves: pass --region with the cluster's region, e.g. cn-hangzhou`);
    }
    throw err;
  }
  const problems = checkEciGroupSet(groups, found, vpcId);
  if (problems.length > 0) {
    const missing = problems.some((pr) => pr.rule === 'missing');
    throw new EciGroupSetError(
      `--groups ${groups.join(',')}: ${problems.map((pr) => pr.message).join('; ')}` +
        (missing ? ` (region ${cloud.region}: check the ID, or --region; kubectl sg show group ID looks one up)` : '') +
        `; ${consequence}${seeSource('refuse-eci-group-set')}`,
    );
  }
  return groups.map((id) => found.find((g) => g.id === id)!);
}
