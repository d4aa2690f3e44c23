// A sandbox per e2e file, started and stopped through `npm run sandbox` exactly as the README
// says, and the environment its printed `source .../env.sh` line would give a shell.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, runAsync, type RunResult } from './run.ts';
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

const sandboxArgs = (dir: string, args: string[]) => ['run', '-s', 'sandbox', '--', ...args, '--dir', dir];

export function startSandbox(...upArgs: string[]): Sandbox {
  const dir = join(mkdtempSync(join(tmpdir(), 'kubectl-sg-e2e-')), 'sandbox');
  return sandboxIn(dir, run('npm', sandboxArgs(dir, ['up', ...upArgs]), { FORCE_COLOR: '0' }));
}

/** The same without blocking: a file that needs several sandboxes starts them side by side. */
export async function startSandboxAsync(...upArgs: string[]): Promise<Sandbox> {
  const dir = join(mkdtempSync(join(tmpdir(), 'kubectl-sg-e2e-')), 'sandbox');
  const up = await runAsync('npm', sandboxArgs(dir, ['up', ...upArgs]), { FORCE_COLOR: '0' });
  return sandboxIn(dir, up);
}

function sandboxIn(dir: string, up: RunResult): Sandbox {
  const cli = (...args: string[]) => run('npm', sandboxArgs(dir, args), { FORCE_COLOR: '0' });
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
