// Where the plugin keeps state that outlives a run but is not configuration (run journals, the
// change log): the XDG state directory, overridable for tests and read-only homes.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** $KUBECTL_SG_STATE_DIR, else $XDG_STATE_HOME/kubectl-sg, else ~/.local/state/kubectl-sg. */
export function userStateDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  return env.KUBECTL_SG_STATE_DIR || join(env.XDG_STATE_HOME || join(home, '.local', 'state'), 'kubectl-sg');
}
