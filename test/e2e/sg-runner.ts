// `kubectl sg ...` against a test file's sandbox, every output kept so the file can scan them
// all for secrets at the end; and the JSON form of a verb, parsed after checking it exited 0.
import { expect } from 'vitest';
import { kubectl, type RunResult, runPluginAsync, runPlugin } from './run.ts';
import type { Sandbox } from './sandbox-fixture.ts';

/** Plain `kubectl ARGS` on the sandbox, which must succeed: its stdout. */
export function kubectlOk(sb: Sandbox, ...args: string[]): string {
  const r = kubectl(args, sb.env);
  expect(r.code, `kubectl ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

export const parsed = <T>(r: RunResult): T => {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
};

export function sgRunner(sandbox: () => Sandbox) {
  const outputs: string[] = [];
  const keep = (r: RunResult) => {
    outputs.push(r.stdout, r.stderr);
    return r;
  };
  const sg = (args: string[], env: NodeJS.ProcessEnv = {}): RunResult => keep(runPlugin([...args], { ...sandbox().env, ...env }));
  /** The same, without waiting: independent commands of a test run side by side. */
  const sgAsync = async (args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> => keep(await runPluginAsync([...args], { ...sandbox().env, ...env }));
  return {
    outputs,
    sg,
    sgAsync,
    json: <T>(args: string[], env: NodeJS.ProcessEnv = {}): T => parsed<T>(sg([...args, '-o', 'json'], env)),
    jsonAsync: async <T>(args: string[], env: NodeJS.ProcessEnv = {}): Promise<T> => parsed<T>(await sgAsync([...args, '-o', 'json'], env)),
  };
}
