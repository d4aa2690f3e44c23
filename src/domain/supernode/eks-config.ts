// ConfigMap kube-system/eks-config, key `pod.annotations`: a YAML map of annotations every
// super-node pod gets unless it has its own ("Annotations added to Pods take priority over the
// global configuration"; super node Annotation pages 457/36162 and 457/44173). A cluster default
// group is the super node group annotation inside that map. The ConfigMap holds other keys too
// (AUTO_SCALE_EKS, FAQ 457/40027), and the map other annotations (the page's sample: resolv-conf).

/** The pod annotation that asks for a super-node pod's groups: "sg-a,sg-b", in priority order. */
export const SUPERNODE_GROUP_ANNOTATION = 'eks.tke.cloud.tencent.com/security-group-id';

export const EKS_CONFIG_NAMESPACE = 'kube-system';
export const EKS_CONFIG_NAME = 'eks-config';
export const EKS_CONFIG_KEY = 'pod.annotations';

export interface EksConfig {
  exists: boolean;
  /** The cluster default's groups; undefined when the map names none (or cannot be read). */
  groups: string[] | undefined;
  /** Why `pod.annotations` cannot be read as a map of annotations; undefined when it can. */
  problem: string | undefined;
}

/** "sg-a, sg-b,,sg-a" → ["sg-a", "sg-b"]: order kept, blanks and repeats dropped. */
export function splitGroupAnnotation(value: string): string[] {
  return [...new Set(value.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
}

/** `load`: a YAML parser (the caller's), so that this rule stays free of I/O and libraries. */
export function parseEksConfig(data: Record<string, string> | undefined, exists: boolean, load: (text: string) => unknown): EksConfig {
  const text = data?.[EKS_CONFIG_KEY];
  if (text === undefined || text.trim() === '') return { exists, groups: undefined, problem: undefined };
  let parsed: unknown;
  try {
    parsed = load(text);
  } catch (e) {
    return { exists, groups: undefined, problem: `${EKS_CONFIG_KEY} is not YAML: ${(e as Error).message.split('\n')[0]}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { exists, groups: undefined, problem: `${EKS_CONFIG_KEY} is not a map of annotations` };
  const value = (parsed as Record<string, unknown>)[SUPERNODE_GROUP_ANNOTATION];
  if (value === undefined) return { exists, groups: undefined, problem: undefined };
  if (typeof value !== 'string') return { exists, groups: undefined, problem: `${EKS_CONFIG_KEY}: the value of ${SUPERNODE_GROUP_ANNOTATION} is not a string` };
  const groups = splitGroupAnnotation(value);
  return { exists, groups: groups.length > 0 ? groups : undefined, problem: undefined };
}
