// Setting the cluster default group in eks-config's `pod.annotations` without touching anything
// else: the ConfigMap holds other keys (AUTO_SCALE_EKS) and the map other annotations, some of
// them block scalars (the page's resolv-conf sample), which a YAML round trip would reformat. So
// the one top-level line of the group annotation is replaced, or appended when absent; the
// caller has checked that the text parses as a map (eks-config.ts) and checks the result again.
import { SUPERNODE_GROUP_ANNOTATION } from './eks-config.ts';

const escaped = SUPERNODE_GROUP_ANNOTATION.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** The annotation's line at the map's top level (no indentation), quoted or not. */
const LINE = new RegExp(`^(["']?)${escaped}\\1[ \\t]*:.*$`, 'm');

/** `pod.annotations` with the group annotation set to `groups` (comma-joined, quoted). */
export function withClusterDefaultGroups(text: string | undefined, groups: readonly string[]): string {
  const line = `${SUPERNODE_GROUP_ANNOTATION}: "${groups.join(',')}"`;
  const current = text ?? '';
  if (LINE.test(current)) return current.replace(LINE, line);
  return current === '' ? `${line}\n` : `${current}${current.endsWith('\n') ? '' : '\n'}${line}\n`;
}
