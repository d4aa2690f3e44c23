// The groups an ECI pod asks for, decided as virtual kubelet decides at creation: the pod's own
// annotation `k8s.aliyun.com/eci-security-group`; else the first selector (in the profile's
// order) that matches the pod and whose effect sets that annotation — an effect never
// overwrites what the pod has, so a later selector cannot replace an earlier one's groups;
// else the profile's default `securityGroupId`.
import type { EciProfile } from './eci-profile.ts';
import { ECI_GROUP_ANNOTATION, selectorGroups, selectorMatches, splitGroupAnnotation, type Labels } from './eci-selectors.ts';

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
  const own = pod.annotations?.[ECI_GROUP_ANNOTATION];
  if (own !== undefined) return { source: 'annotation', groups: splitGroupAnnotation(own) };
  for (const s of profile.selectors) {
    const groups = selectorGroups(s);
    if (groups !== undefined && selectorMatches(s, namespaceLabels, pod.labels ?? {})) return { source: 'selector', selector: s.name, groups };
  }
  return profile.securityGroupId !== undefined ? { source: 'profile', groups: [profile.securityGroupId] } : undefined;
}
