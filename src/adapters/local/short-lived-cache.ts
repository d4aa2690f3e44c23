// What Tab has answered lately, kept in the user's cache directory for a short while: the values
// of the cluster and the cloud (operations/completion-values.ts), and whole answers, which the
// entry (cmd/kubectl-sg.ts) prints before it loads the CLI at all: a second Tab, or the next
// name of a list, then costs about what `version` does. An entry older than the TTL, unreadable
// or damaged is a miss; a cache that cannot be written only means the next Tab asks again.
import { delimiter, join } from 'node:path';

// node:fs not as an ES module import, node:os only when needed: the entry bundles this module
// (cmd/kubectl-sg.ts says why).
const { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } = process.getBuiltinModule('node:fs');

/** Long enough for a second Tab and the next name of a list; short enough that a new node shows up soon. */
export const COMPLETION_TTL_MS = 30_000;

export function readFresh<T>(file: string, now = Date.now()): T | undefined {
  try {
    const c = JSON.parse(readFileSync(file, 'utf8')) as { at: number; value: T };
    return now - c.at < COMPLETION_TTL_MS && now >= c.at ? c.value : undefined;
  } catch {
    return undefined;
  }
}

export function writeFresh(file: string, value: unknown, now = Date.now()): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ at: now, value }), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // read-only or full: the next Tab asks again
  }
}

/**
 * Variables that change from one Tab to the next without changing its answer; the last is the
 * key kubectl_complete-sg computed, which changes every half minute (below).
 */
const VOLATILE = new Set(['_', 'OLDPWD', 'SHLVL', 'KUBECTL_SG_TAB_KEY']);

/**
 * Where the answer to `__complete WORDS` is kept. It is named by everything the answer depends
 * on: the words (flags like --context included), the working directory (a relative
 * --kubeconfig), the environment (KUBECONFIG, the clouds' regions and keys; hashed, never
 * stored) and when each kubeconfig file last changed (`kubectl config use-context` writes it).
 */
export function completionAnswerFile(cacheDir: string, words: readonly string[], env: NodeJS.ProcessEnv, cwd: string): string {
  const kubeconfigs = (env.KUBECONFIG ? env.KUBECONFIG.split(delimiter).filter(Boolean) : [join(env.HOME ?? process.getBuiltinModule('node:os').homedir(), '.kube', 'config')]).map((f) => {
    try {
      return [f, statSync(f).mtimeMs];
    } catch {
      return [f, 0];
    }
  });
  const vars = Object.entries(env)
    .filter(([k]) => !VOLATILE.has(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // node:crypto only here: the entry imports this module for every command, `version` included,
  // and loading crypto costs ~5 ms of a start of ~20.
  const key = process.getBuiltinModule('node:crypto').createHash('sha256').update(JSON.stringify({ words, cwd, vars, kubeconfigs })).digest('hex').slice(0, 32);
  return join(cacheDir, 'completion', 'answers', `${key}.json`);
}

/**
 * What `cksum` prints, as kubectl_complete-sg names an answer: its CRC and length, joined by "-".
 * Anything else (no cksum, another tool's output) names nothing.
 */
const SHELL_KEY = /^\d{1,10}-\d{1,20}$/;

/**
 * Keeps a Tab's answer where kubectl_complete-sg (cmd/) looks for it before starting Node: named
 * by the key the script computed from the words, the working directory, the environment, the
 * kubeconfig files' contents and the half minute (so an answer is never older than that), and
 * passed here in KUBECTL_SG_TAB_KEY. Answers of earlier half minutes are removed while at it.
 */
export function writeShellAnswer(cacheDir: string, key: string | undefined, text: string, now = Date.now()): void {
  if (key === undefined || !SHELL_KEY.test(key)) return;
  const dir = join(cacheDir, 'completion', 'tab');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      try {
        if (now - statSync(file).mtimeMs > 2 * COMPLETION_TTL_MS) unlinkSync(file);
      } catch {
        // another Tab removed it first
      }
    }
    const tmp = join(dir, `.${key}.${process.pid}.tmp`);
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, join(dir, key));
  } catch {
    // read-only or full: the next Tab starts Node again
  }
}
