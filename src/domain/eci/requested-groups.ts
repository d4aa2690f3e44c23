// The groups an ECI pod asks for, decided as virtual kubelet decides at creation: the pod's own
// annotation `k8s.aliyun.com/eci-security-group`; else the first selector (in the profile's
// order) that matches the pod and whose effect sets that annotation — an effect never
// overwrites what the pod has, so a later selector cannot replace an earlier one's groups;
// else the profile's default `securityGroupId`.
import type { EciProfile } from './profile.ts';
import { sameGroups } from '../cluster-policy.ts';
import { ECI_GROUP_ANNOTATION, hasNoSelectors, selectorGroups, selectorMatches, splitGroupAnnotation, type Labels } from './selectors.ts';

export type RequestedGroups =
  | { source: 'annotation'; groups: string[] }
  | { source: 'selector'; selector: string; groups: string[] }
  | { source: 'profile'; groups: string[] };

export interface PodLabelsAndAnnotations {
  labels?: Labels;
  annotations?: Labels;
}

/** Undefined when nothing names a group (no annotation, no selector, no default). */
export function requestedGroups(pod: PodLabelsAndAnnotations, namespaceLabels: Labels, profile: Pick<EciProfile, 'selectors' | 'securityGroupId'>): RequestedGroups | undefined {
  const matching = profile.selectors.find((s) => selectorGroups(s) !== undefined && selectorMatches(s, namespaceLabels, pod.labels ?? {}));
  const own = pod.annotations?.[ECI_GROUP_ANNOTATION];
  if (own !== undefined) {
    const groups = splitGroupAnnotation(own);
    // A created pod carries what the selector's effect wrote on it: the same groups as the first
    // matching selector means they came from there (had the pod named its own, the effect would
    // not have overwritten them — and they would then differ, or not matter).
    if (matching && sameGroups(groups, selectorGroups(matching)!)) return { source: 'selector', selector: matching.name, groups };
    return { source: 'annotation', groups };
  }
  if (matching) return { source: 'selector', selector: matching.name, groups: selectorGroups(matching)! };
  return profile.securityGroupId !== undefined ? { source: 'profile', groups: [profile.securityGroupId] } : undefined;
}

/**
 * The other reading of a selector with no selectors (it matches no pod), where it changes what a
 * pod asks for: undefined when the pod's request does not come from such a selector, or when both
 * readings ask for the same groups. `otherwise`: the request under that reading.
 */
export interface EmptySelectorReading {
  selector: string;
  otherwise: RequestedGroups | undefined;
}

export function ifEmptySelectorMatchesNone(pod: PodLabelsAndAnnotations, namespaceLabels: Labels, profile: Pick<EciProfile, 'selectors' | 'securityGroupId'>): EmptySelectorReading | undefined {
  const all = requestedGroups(pod, namespaceLabels, profile);
  if (all?.source !== 'selector') return undefined;
  const selector = profile.selectors.find((s) => s.name === all.selector);
  if (!selector || !hasNoSelectors(selector)) return undefined;
  const otherwise = requestedGroups(pod, namespaceLabels, { ...profile, selectors: profile.selectors.filter((s) => !hasNoSelectors(s)) });
  return otherwise && sameGroups(otherwise.groups, all.groups) ? undefined : { selector: selector.name, otherwise };
}
