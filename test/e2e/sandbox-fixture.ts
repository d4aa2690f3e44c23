// A sandbox per e2e file, started and stopped through `npm run sandbox` exactly as the README
// says, and the environment its printed `source .../env.sh` line would give a shell.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, type RunResult } from './run.ts';
import { EmulatorControl } from '../sandbox/tencent/control-client.ts';

export interface Sandbox {
  dir: string;
  env: NodeJS.ProcessEnv;
  pids: number[];
  control: EmulatorControl;
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

export function startSandbox(...upArgs: string[]): Sandbox {
  const dir = join(mkdtempSync(join(tmpdir(), 'kubectl-sg-e2e-')), 'sandbox');
  const cli = (...args: string[]) => run('npm', ['run', '-s', 'sandbox', '--', ...args, '--dir', dir], { FORCE_COLOR: '0' });
  const up = cli('up', ...upArgs);
  if (up.code !== 0) throw new Error(`sandbox up failed (exit ${up.code}):\n${up.stderr}`);
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { pids: number[]; controlUrl: string };
  return {
    dir,
    env: sourced(join(dir, 'env.sh')),
    pids: state.pids,
    control: new EmulatorControl(state.controlUrl),
    up,
    cli,
    down: () => (existsSync(join(dir, 'state.json')) ? cli('down') : undefined),
  };
}
