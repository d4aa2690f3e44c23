// After an RBAC grant, before running as the user it names: the API server's RBAC authorizer reads
// roles and bindings from informer caches, so a binding just written can take a moment (longer on
// a loaded machine) to count. `kubectl auth can-i`, as that user, asks the same authorizer.
import { kubectl } from './run.ts';

/** `kubectl auth can-i` arguments for every right the `kubectl [-n NS] create role|clusterrole ...` lines among `lines` grant. */
export function grantedRights(lines: readonly string[]): string[][] {
  return lines.flatMap((line) => {
    const words = line.split('|')[0]!.trim().split(/\s+/);
    const at = words.indexOf('create');
    const kind = words[at + 1];
    if (words[0] !== 'kubectl' || at < 0 || (kind !== 'role' && kind !== 'clusterrole')) return [];
    const flag = (name: string) => words.find((w) => w.startsWith(`--${name}=`))?.slice(name.length + 3);
    const n = words.indexOf('-n');
    const where = kind === 'role' && n >= 0 ? ['-n', words[n + 1]!] : ['--all-namespaces'];
    const name = flag('resource-name');
    return (flag('verb') ?? '').split(',').flatMap((verb) => (flag('resource') ?? '').split(',').map((resource) => [verb, name ? `${resource}/${name}` : resource, ...where]));
  });
}

/** `kubectl auth can-i` arguments for every verb on every resource of a ClusterRole's `rules`, cluster-wide. */
export function clusterRuleRights(rules: readonly { apiGroups: readonly string[]; resources: readonly string[]; verbs: readonly string[] }[]): string[][] {
  return rules.flatMap((r) =>
    r.apiGroups.flatMap((group) => r.resources.flatMap((res) => r.verbs.map((verb) => [verb, group ? `${res}.${group}` : res, '--all-namespaces']))),
  );
}

/** Until `kubectl auth can-i RIGHT` (with `env`: the user's kubeconfig) says yes to each right; throws naming those still denied after `ms`. */
export async function untilAllowed(env: NodeJS.ProcessEnv, rights: readonly string[][], ms = 60_000): Promise<void> {
  if (rights.length === 0) throw new Error('no right to wait for');
  const deadline = Date.now() + ms;
  let denied = [...rights];
  for (;;) {
    denied = denied.filter((right) => kubectl(['auth', 'can-i', ...right], env).code !== 0);
    if (denied.length === 0) return;
    if (Date.now() > deadline) throw new Error(`still denied ${ms / 1000} s after the grant: ${denied.map((r) => `can-i ${r.join(' ')}`).join('; ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
