// A sandbox per e2e file, started and stopped by the sandbox CLI that `npm run sandbox`
// runs, and the environment its printed `source .../env.sh` line would give a shell. The CLI
// runs on this process's Node rather than through npm (npm's own start costs about a second a
// call under load, twice per sandbox); sandbox.test.ts goes through npm itself, as a user does.
// Inside a test run the cluster is leased from the run's pool (sandbox/kube/pool.ts).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repo, run, runAsync, type RunResult } from './run.ts';
import { EmulatorControl } from '../sandbox/tencent/control-client.ts';
import { AlibabaControl } from '../sandbox/alibaba/control-client.ts';
import type { EciScenario } from '../sandbox/eci/scenario.ts';

export interface Sandbox {
  dir: string;
  env: NodeJS.ProcessEnv;
  pids: number[];
  control: EmulatorControl;
  /** The Alibaba Cloud emulator's control client and the ECI scenario (sandboxes started with `--provider` including eci). */
  alibaba?: AlibabaControl;
  eci?: EciScenario;
  up: RunResult;
  cli(...args: string[]): RunResult;
  down(): RunResult | undefined;
}

/** What `source env.sh` exports, read the simple way the file is written. */
export function sourced(envFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const line of readFileSync(envFile, 'utf8').split('\n')) {
    const m = /^export ([A-Z_]+)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!.replace('$PATH', process.env.PATH ?? '');
  }
  return env;
}

const sandboxCli = join(repo, 'test', 'sandbox', 'cli.ts');
/** The command line of `npm run sandbox -- ARGS --dir DIR`, through npm or straight to the CLI. */
const sandboxCommand = (viaNpm: boolean, dir: string, args: string[]): [string, string[]] =>
  viaNpm ? ['npm', ['run', '-s', 'sandbox', '--', ...args, '--dir', dir]] : [process.execPath, [sandboxCli, ...args, '--dir', dir]];

export function startSandbox(...upArgs: string[]): Sandbox {
  return startSandboxWith({}, ...upArgs);
}

/** `viaNpm`: through `npm run sandbox`, exactly as a user types it (docs/sandbox.md). */
export function startSandboxWith(o: { viaNpm?: boolean }, ...upArgs: string[]): Sandbox {
  const dir = join(mkdtempSync(join(tmpdir(), 'kubectl-sg-e2e-')), 'sandbox');
  const [command, args] = sandboxCommand(o.viaNpm ?? false, dir, ['up', ...upArgs]);
  return sandboxIn(dir, run(command, args, { FORCE_COLOR: '0' }), o.viaNpm ?? false);
}

/** The same without blocking: a file that needs several sandboxes starts them side by side. */
export async function startSandboxAsync(...upArgs: string[]): Promise<Sandbox> {
  return startSandboxAsyncWith({}, ...upArgs);
}

export async function startSandboxAsyncWith(o: { viaNpm?: boolean }, ...upArgs: string[]): Promise<Sandbox> {
  const dir = join(mkdtempSync(join(tmpdir(), 'kubectl-sg-e2e-')), 'sandbox');
  const [command, args] = sandboxCommand(o.viaNpm ?? false, dir, ['up', ...upArgs]);
  return sandboxIn(dir, await runAsync(command, args, { FORCE_COLOR: '0' }), o.viaNpm ?? false);
}

function sandboxIn(dir: string, up: RunResult, viaNpm: boolean): Sandbox {
  const cli = (...args: string[]) => run(...sandboxCommand(viaNpm, dir, args), { FORCE_COLOR: '0' });
  if (up.code !== 0) throw new Error(`sandbox up failed (exit ${up.code}):\n${up.stderr}`);
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { pids: number[]; controlUrl: string; alibabaControlUrl?: string; eciScenarioFile?: string };
  return {
    dir,
    env: sourced(join(dir, 'env.sh')),
    pids: state.pids,
    control: new EmulatorControl(state.controlUrl),
    ...(state.alibabaControlUrl ? { alibaba: new AlibabaControl(state.alibabaControlUrl) } : {}),
    ...(state.eciScenarioFile ? { eci: JSON.parse(readFileSync(state.eciScenarioFile, 'utf8')) as EciScenario } : {}),
    up,
    cli,
    down: () => (existsSync(join(dir, 'state.json')) ? cli('down') : undefined),
  };
}
