// Which groups a new pod on a super node gets, by the documented rules (docs/tke-pod-groups.md):
// the pod's own eks.tke.cloud.tencent.com/security-group-id, else the same key in eks-config's
// pod.annotations (the page: "annotations added to Pods take priority over the global
// configuration"), else the default of the reading in force: the pool's groups or the region's
// default group. The value is a comma-separated list in priority order. SecurityGroupPolicies
// that select the pod (sgp.ts) come first (reading `policy`) or after the annotation and
// eks-config (reading `annotation`): no page says which (docs/assumptions.md). Pure: the
// simulator calls it once per pod, when the pod is created.
import { fromYaml } from '../tke/yaml.ts';
import { ANN_SECURITY_GROUP_ID, EKS_CONFIG_POD_ANNOTATIONS } from './names.ts';
import type { NoGroupsDefault, SgpPrecedence } from './scenario.ts';

export type GroupSource = 'security-group-policy' | 'pod-annotation' | 'eks-config' | 'pool' | 'region-default';

export interface GroupDecision {
  securityGroupIds: string[];
  source: GroupSource;
}

/** "sg-a, sg-b,,sg-a" → ["sg-a", "sg-b"]: order kept, blanks and repeats dropped. */
export function splitGroups(value: string): string[] {
  return [...new Set(value.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
}

/**
 * eks-config's pod.annotations as a map, or an error when it is not a YAML map of strings. A
 * missing ConfigMap or key is an empty map (the page: "if there is no such configuration, create one").
 */
export function podAnnotationDefaults(data: Record<string, string> | undefined): { ok: true; annotations: Record<string, string> } | { ok: false; error: string } {
  const text = data?.[EKS_CONFIG_POD_ANNOTATIONS];
  if (text === undefined || text.trim() === '') return { ok: true, annotations: {} };
  let parsed: unknown;
  try {
    parsed = fromYaml(text);
  } catch (e) {
    return { ok: false, error: `${EKS_CONFIG_POD_ANNOTATIONS} is not YAML: ${(e as Error).message.split('\n')[0]}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, error: `${EKS_CONFIG_POD_ANNOTATIONS} is not a map of annotations` };
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string') return { ok: false, error: `${EKS_CONFIG_POD_ANNOTATIONS}: the value of ${k} is not a string` };
    annotations[k] = v;
  }
  return { ok: true, annotations };
}

export function decideGroups(o: {
  podAnnotations: Record<string, string>;
  clusterDefaults: Record<string, string>;
  poolGroups: string[];
  regionDefaultGroup: string | undefined;
  reading: NoGroupsDefault;
  /** The union of the groups of the SecurityGroupPolicies that select the pod (empty: none does). */
  policyGroups?: string[];
  sgpPrecedence?: SgpPrecedence;
}): GroupDecision {
  const policy: GroupDecision | undefined = o.policyGroups?.length ? { securityGroupIds: [...o.policyGroups], source: 'security-group-policy' } : undefined;
  if (policy && (o.sgpPrecedence ?? 'policy') === 'policy') return policy;
  const own = o.podAnnotations[ANN_SECURITY_GROUP_ID];
  if (own !== undefined && splitGroups(own).length > 0) return { securityGroupIds: splitGroups(own), source: 'pod-annotation' };
  const cluster = o.clusterDefaults[ANN_SECURITY_GROUP_ID];
  if (cluster !== undefined && splitGroups(cluster).length > 0) return { securityGroupIds: splitGroups(cluster), source: 'eks-config' };
  if (policy) return policy;
  if (o.reading === 'region-default') return { securityGroupIds: o.regionDefaultGroup ? [o.regionDefaultGroup] : [], source: 'region-default' };
  return { securityGroupIds: [...o.poolGroups], source: 'pool' };
}
