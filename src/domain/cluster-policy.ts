// The cluster-wide rule ipamd applies when it derives a node's groups: the global list when
// one is set, otherwise the groups of the node's primary ENI (its instance's groups).
//
// Documents disagree on "feature on, empty list" (older: inherit the instance's groups; newer,
// for v3.5+: no extra groups). We follow the older wording, which the newer seed's "Feature
// Logic" section repeats; should real clusters show otherwise, this is the one place to change.

export interface ClusterPolicy {
  enabled: boolean;
  /** In priority order; empty means "inherit the primary ENI's groups". */
  globalList: string[];
}

export function policyGroupsForNode(policy: ClusterPolicy, primaryEniGroups: readonly string[]): string[] {
  if (!policy.enabled) return [];
  return policy.globalList.length > 0 ? [...policy.globalList] : [...primaryEniGroups];
}

export function sameGroups(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((g, i) => g === b[i]);
}
