// Where the plugin keeps what it may throw away (completion answers, V8's code cache): kubectl's
// habit of ~/.kube/cache, in the platform's cache directory instead, overridable for tests and
// for machines whose home is read-only.
import { join } from 'node:path';

/** ${KUBECTL_SG_CACHE:-${XDG_CACHE_HOME:-~/.cache}/kubectl-sg} (%LOCALAPPDATA%\kubectl-sg on Windows). */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KUBECTL_SG_CACHE) return env.KUBECTL_SG_CACHE;
  // node:os only when asked for, not imported: the entry bundles this module (cmd/kubectl-sg.ts says why).
  const base = env.XDG_CACHE_HOME || (process.platform === 'win32' ? env.LOCALAPPDATA : undefined) || join(process.getBuiltinModule('node:os').homedir(), '.cache');
  return join(base, 'kubectl-sg');
}
