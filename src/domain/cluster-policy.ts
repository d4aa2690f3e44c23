// The cluster-wide rule ipamd applies when it derives a node's groups: the global list when
// one is set, otherwise the groups of the node's primary ENI (its instance's groups).
//
// Documents disagree on "feature on, empty list" (older: inherit the instance's groups; the
// 2026 runbook, for v3.5+: no extra groups). Plans follow the older wording, which the newer
// seed's "Feature Logic" section repeats, and name the other where it applies
// (emptyListDisputed); verification accepts either (docs/assumptions.md).
import { capabilitiesOf, parseIpamdVersion } from './tke/ipamd-version.ts';

export interface ClusterPolicy {
  enabled: boolean;
  /** In priority order; empty means "inherit the primary ENI's groups". */
  globalList: string[];
}

export function policyGroupsForNode(policy: ClusterPolicy, primaryEniGroups: readonly string[]): string[] {
  if (!policy.enabled) return [];
  return policy.globalList.length > 0 ? [...policy.globalList] : [...primaryEniGroups];
}

/**
 * Whether the policy's groups for a node are in doubt: feature on, no global list, and the
 * setting read from the addon values / ConfigMap (ipamd v3.5.0+, or a version not known), where
 * the 2026 runbook of page 50360 says ENIs then get no extra groups instead of the primary ENI's.
 */
export function emptyListDisputed(policy: ClusterPolicy, ipamdVersion: string | undefined): boolean {
  if (!policy.enabled || policy.globalList.length > 0) return false;
  const v = ipamdVersion === undefined ? undefined : parseIpamdVersion(ipamdVersion);
  return v === undefined || capabilitiesOf(v).globalSetting === 'addon-values';
}

/** The two readings, for plans and reports that name the doubt. */
export const EMPTY_LIST_READINGS_TEXT =
  'the older documents say each node takes its primary ENI\'s groups, the 2026 runbook for ipamd v3.5+ says ENIs get no extra groups: this tool cannot tell which this ipamd does';

export function sameGroups(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((g, i) => g === b[i]);
}
