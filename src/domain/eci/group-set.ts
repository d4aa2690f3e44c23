// The rules ECI applies to the groups of one instance (CreateContainerGroup refuses the pod
// otherwise): 1 to 5 groups, each once, each existing, all in the VPC the profile uses, and all
// of one type — basic ("normal") or advanced ("enterprise"), never mixed. Checked before a
// template is changed, so a rollout does not end in pods that cannot be created.

/** At most this many groups per ECI instance (the network interface's default limit). */
export const MAX_ECI_GROUPS = 5;

export type AlibabaGroupType = 'basic' | 'advanced';

export interface GroupFacts {
  id: string;
  vpcId: string;
  type: AlibabaGroupType;
}

export interface GroupSetProblem {
  rule: 'count' | 'duplicate' | 'missing' | 'vpc' | 'type';
  /** The offending group, when one is to blame. */
  id?: string;
  message: string;
}

/**
 * Problems with `ids` as one instance's groups. `known` holds the groups the cloud found;
 * `vpcId` is the profile's VPC (undefined: the groups need only agree with each other).
 */
export function checkEciGroupSet(ids: readonly string[], known: readonly GroupFacts[], vpcId: string | undefined): GroupSetProblem[] {
  const problems: GroupSetProblem[] = [];
  if (ids.length === 0) problems.push({ rule: 'count', message: 'no security group given: an ECI instance needs 1 to 5' });
  if (ids.length > MAX_ECI_GROUPS) {
    problems.push({ rule: 'count', message: `${ids.length} security groups given but an ECI instance takes at most ${MAX_ECI_GROUPS}: remove ${ids.length - MAX_ECI_GROUPS}` });
  }
  const byId = new Map(known.map((g) => [g.id, g]));
  const seen = new Set<string>();
  const present: GroupFacts[] = [];
  for (const id of ids) {
    if (seen.has(id)) {
      problems.push({ rule: 'duplicate', id, message: `${id} is listed twice: each group may appear once` });
      continue;
    }
    seen.add(id);
    const g = byId.get(id);
    if (!g) problems.push({ rule: 'missing', id, message: `${id} does not exist in this region` });
    else present.push(g);
  }
  // Against the profile's VPC when known, else against the first group's.
  const wantVpc = vpcId ?? present[0]?.vpcId;
  for (const g of present) {
    if (g.vpcId !== wantVpc) {
      problems.push({ rule: 'vpc', id: g.id, message: `${g.id} is in ${g.vpcId || 'no VPC'}, not ${wantVpc}${vpcId ? " (the eci-profile's vpcId)" : ` (where ${present[0]!.id} is)`}: all groups of an ECI instance are in its VPC` });
    }
  }
  const first = present[0];
  for (const g of present.slice(1)) {
    if (g.type !== first!.type) {
      problems.push({ rule: 'type', id: g.id, message: `${g.id} is ${g.type === 'advanced' ? 'an' : 'a'} ${g.type} group but ${first!.id} is ${first!.type}: an ECI instance takes basic or advanced groups, not both` });
    }
  }
  return problems;
}
