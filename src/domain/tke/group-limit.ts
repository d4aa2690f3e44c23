// How many groups one ENI may carry. The cloud says (DescribeSecurityGroupLimits'
// InstanceSecurityGroupLimit); when it does not, 5 is the commonly documented default.
import { BadInputError } from '../bad-input.ts';

export const DEFAULT_GROUPS_PER_ENI = 5;

export class TooManyGroupsError extends BadInputError {}

export function checkGroupCount(groups: readonly string[], limit: number | undefined, what = 'the list'): void {
  const cap = limit ?? DEFAULT_GROUPS_PER_ENI;
  if (groups.length > cap) {
    throw new TooManyGroupsError(`${what} has ${groups.length} security groups (${groups.join(',')}) but an ENI takes at most ${cap}${limit === undefined ? ' (the default limit)' : ' (DescribeSecurityGroupLimits)'}: remove ${groups.length - cap}`);
  }
}
