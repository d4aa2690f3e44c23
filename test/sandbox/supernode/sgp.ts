// SecurityGroupPolicy on super nodes, as the "Pod 安全组" page shows it: a namespaced object whose
// spec.podSelector (the pod's labels) or spec.serviceAccountSelector (the labels of the pod's
// ServiceAccount) — one or the other — selects pods, and whose spec.securityGroups.groupIds all
// apply to them ("all rules of all the groups take effect"); it applies to newly scheduled pods
// only. Both selectors are Kubernetes label selectors (matchLabels, matchExpressions), as in the
// page's sample and its AWS model. Inferred (docs/assumptions.md): several matching policies
// give the union of their groups, in policy-name order; an SGP with both selectors or neither
// matches nothing. Pure: the simulator lists the policies when it creates a pod's instance.

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

export interface SecurityGroupPolicy {
  metadata: { name: string; namespace?: string };
  spec?: { podSelector?: LabelSelector; serviceAccountSelector?: LabelSelector; securityGroups?: { groupIds?: string[] } };
}

export function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key]!);
    const ok = e.operator === 'In' ? inValues : e.operator === 'NotIn' ? !inValues : e.operator === 'Exists' ? has : e.operator === 'DoesNotExist' ? !has : false;
    if (!ok) return false;
  }
  return true;
}

/** The policies selecting a pod, by name, and the union of their groups in that order. */
export function policyGroups(
  policies: SecurityGroupPolicy[],
  pod: { labels: Record<string, string>; serviceAccountLabels: Record<string, string> },
): { policies: string[]; securityGroupIds: string[] } {
  const matching = policies
    .filter((p) => {
      const { podSelector, serviceAccountSelector } = p.spec ?? {};
      if ((podSelector === undefined) === (serviceAccountSelector === undefined)) return false;
      return podSelector ? selects(podSelector, pod.labels) : selects(serviceAccountSelector!, pod.serviceAccountLabels);
    })
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  return {
    policies: matching.map((p) => p.metadata.name),
    securityGroupIds: [...new Set(matching.flatMap((p) => p.spec?.securityGroups?.groupIds ?? []))],
  };
}
