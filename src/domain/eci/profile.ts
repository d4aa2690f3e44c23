// The eci-profile ConfigMap (kube-system) that virtual kubelet reads, hot, for every new ECI pod:
// `securityGroupId` (the default group), `vSwitchIds` (comma-separated; older profiles spell it
// `vswitchIds`), `vpcId`, `selectors` (selectors.ts) and keys this plugin does not interpret
// (enableClusterIp, featureGates, ...), kept as they are. A profile ECI cannot parse is ignored
// as a whole (the last good one stays in force) and an Event is written on it: `problems` says
// why that would happen, so doctor can say so before a pod lands with the wrong group.
import { parseSelectors, type EciSelector } from './selectors.ts';

export const ECI_PROFILE_NAMESPACE = 'kube-system';
export const ECI_PROFILE_NAME = 'eci-profile';

export interface EciProfile {
  /** The default group of new pods; undefined when the key is absent or empty. */
  securityGroupId: string | undefined;
  vSwitchIds: string[];
  /** Which spelling held the vSwitches, for messages. */
  vSwitchKey: 'vSwitchIds' | 'vswitchIds' | undefined;
  vpcId: string | undefined;
  selectors: EciSelector[];
  /** Every other key, untouched. */
  other: Record<string, string>;
  /** Why ECI would ignore the whole profile; empty when it would use it. */
  problems: string[];
}

const KNOWN = new Set(['securityGroupId', 'vSwitchIds', 'vswitchIds', 'vpcId', 'selectors']);

const nonEmpty = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());

/** `data` as the API returns it; values ought to be strings, and the ones that are not are problems. */
export function parseEciProfile(data: Readonly<Record<string, unknown>> | undefined): EciProfile {
  const problems: string[] = [];
  const strings: Record<string, string> = {};
  for (const [k, v] of Object.entries(data ?? {})) {
    if (typeof v === 'string') strings[k] = v;
    else problems.push(`data.${k} is ${v === null ? 'null' : typeof v}, not a string: ConfigMap values are strings (quote it)`);
  }
  const vSwitchKey = nonEmpty(strings.vSwitchIds) !== undefined ? 'vSwitchIds' : nonEmpty(strings.vswitchIds) !== undefined ? 'vswitchIds' : undefined;
  const vSwitchIds = vSwitchKey ? strings[vSwitchKey]!.split(',').map((s) => s.trim()).filter((s) => s !== '') : [];
  const parsed = parseSelectors(strings.selectors);
  problems.push(...parsed.problems);
  const other = Object.fromEntries(Object.entries(strings).filter(([k]) => !KNOWN.has(k)));
  return {
    securityGroupId: nonEmpty(strings.securityGroupId),
    vSwitchIds,
    vSwitchKey,
    vpcId: nonEmpty(strings.vpcId),
    selectors: parsed.selectors,
    other,
    problems,
  };
}

/** The profile data with only `securityGroupId` changed (added last when absent); every other key and value stays as it was. */
export function withDefaultGroup(data: Readonly<Record<string, string>>, id: string): Record<string, string> {
  return { ...data, securityGroupId: id };
}
