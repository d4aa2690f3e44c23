// YAML for the sandbox (ConfigMap documents, test fixtures). js-yaml 5 is in node_modules as a
// dependency of @kubernetes/client-node (not a direct dependency of this project yet).
import { dump, load } from 'js-yaml';

export function toYaml(value: unknown): string {
  return dump(value, { lineWidth: -1, noRefs: true });
}

export function fromYaml(text: string): unknown {
  return load(text);
}
