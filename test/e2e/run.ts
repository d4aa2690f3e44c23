// Runs commands the way an operator does: the real kubectl and the built plugin, first on PATH.
// Nothing here imports src/: these tests see only what a user sees.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const distDir = join(repo, 'dist');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * kubectl is a Go program that lives a fraction of a second: with the collector off it spends
 * about a quarter less CPU a call (measured: 56 → 48 ms for a plugin dispatch, 84 → 62 ms for
 * `get nodes -o json`), and the suite runs it some 1,300 times. The memory limit makes it collect
 * after all should an answer ever grow big. What kubectl does is the same; the plugin ignores both.
 */
const GO_SHORT_LIVED = { GOGC: 'off', GOMEMLIMIT: '512MiB' };

export function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}, input?: string): RunResult {
  const r = spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${distDir}:${process.env.PATH}`, ...(command === 'kubectl' ? GO_SHORT_LIVED : {}), ...env },
    input,
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `kubectl ARGS` with the plugin's directory first on PATH. */
export const kubectl = (args: string[], env: NodeJS.ProcessEnv = {}) => run('kubectl', args, env);

/**
 * What `kubectl sg ARGS` runs. On Linux and macOS kubectl finds `kubectl-sg` on PATH and replaces
 * itself with it, passing the arguments after the plugin's name and its own environment unchanged
 * (k8s.io/kubectl pkg/cmd/cmd.go: DefaultPluginHandler.Execute is `syscall.Exec(path, args,
 * os.Environ())`), so the plugin sees the same process either way. Most end-to-end runs start it
 * directly: kubectl's own start before that exec is ~30 ms of CPU run alone, and a test run
 * starts the plugin ~950 times (measured: ~20 s of CPU and ~13 s of wall a run, docs/testing.md).
 * That kubectl hands over exactly this is tested where it is the subject
 * (plugin.test.ts: argv, environment, stdin, exit code and signals through kubectl; completion
 * and krew through kubectl).
 */
export const PLUGIN = 'kubectl-sg';

/** `kubectl sg ARGS`, as kubectl runs it (above). */
export const runPlugin = (args: string[], env: NodeJS.ProcessEnv = {}) => run(PLUGIN, args, env);

/** The same without blocking, so that independent commands of a test run side by side. */
export function runAsync(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, PATH: `${distDir}:${process.env.PATH}`, ...(command === 'kubectl' ? GO_SHORT_LIVED : {}), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** `kubectl sg ARGS` without blocking. */
export const runPluginAsync = (args: string[], env: NodeJS.ProcessEnv = {}) => runAsync(PLUGIN, args, env);
