// SecurityGroupPolicy (vpcresources.tke.cloud.tencent.com/v1beta1) as the "Pod 安全组" page shows
// it (docs/tke-pod-groups.md §3): spec.podSelector or spec.serviceAccountSelector (Kubernetes
// label selectors, one or the other) and spec.securityGroups.groupIds; on super nodes a policy
// gives the pods it selects its groups, "only newly scheduled pods". The schema, the status and
// how a pod shows its policy are not public: only these fields are read, and an object without
// them is reported as the cluster serves it, with what is missing.
import { isObject, parseLabelSelector, selects, type Labels, type LabelSelector } from '../label-selector.ts';

export const SGP_GROUP = 'vpcresources.tke.cloud.tencent.com';
export const SGP_VERSION = 'v1beta1';
export const SGP_PLURAL = 'securitygrouppolicies';

export interface SecurityGroupPolicy {
  namespace: string;
  name: string;
  podSelector: LabelSelector | undefined;
  serviceAccountSelector: LabelSelector | undefined;
  groupIds: string[];
  /** What the page's fields lack or hold wrongly; a policy with problems selects nothing here. */
  problems: string[];
}

export function parseSecurityGroupPolicy(obj: { metadata?: { namespace?: string; name?: string }; spec?: unknown }): SecurityGroupPolicy {
  const problems: string[] = [];
  const spec = isObject(obj.spec) ? obj.spec : {};
  const podSelector = parseLabelSelector(spec.podSelector, 'spec.podSelector', problems);
  const serviceAccountSelector = parseLabelSelector(spec.serviceAccountSelector, 'spec.serviceAccountSelector', problems);
  if (!podSelector && !serviceAccountSelector) problems.push('neither spec.podSelector nor spec.serviceAccountSelector is set');
  if (podSelector && serviceAccountSelector) problems.push('both spec.podSelector and spec.serviceAccountSelector are set (the page allows one or the other)');
  const raw = isObject(spec.securityGroups) ? spec.securityGroups.groupIds : undefined;
  const groupIds = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
  if (groupIds.length === 0) problems.push('spec.securityGroups.groupIds names no group');
  return { namespace: obj.metadata?.namespace ?? '', name: obj.metadata?.name ?? '', podSelector, serviceAccountSelector, groupIds, problems };
}

/** The policies that select a pod, in name order: by its labels, or its ServiceAccount's. */
export function policiesSelecting(policies: readonly SecurityGroupPolicy[], pod: { namespace: string; labels: Labels; serviceAccountLabels: Labels | undefined }): SecurityGroupPolicy[] {
  return policies
    .filter((p) => p.problems.length === 0 && p.namespace === pod.namespace)
    .filter((p) => (p.podSelector ? selects(p.podSelector, pod.labels) : pod.serviceAccountLabels !== undefined && selects(p.serviceAccountSelector, pod.serviceAccountLabels)))
    .sort((a, b) => a.name.localeCompare(b.name));
}
