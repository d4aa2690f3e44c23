// Where the plugin keeps what it may throw away (completion answers, V8's code cache): kubectl's
// habit of ~/.kube/cache, in the platform's cache directory instead, overridable for tests and
// for machines whose home is read-only.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** ${KUBECTL_SG_CACHE:-${XDG_CACHE_HOME:-~/.cache}/kubectl-sg} (%LOCALAPPDATA%\kubectl-sg on Windows). */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KUBECTL_SG_CACHE) return env.KUBECTL_SG_CACHE;
  const base = env.XDG_CACHE_HOME || (process.platform === 'win32' ? env.LOCALAPPDATA : undefined) || join(homedir(), '.cache');
  return join(base, 'kubectl-sg');
}
