// Sandboxes for the bench, started and stopped through `npm run sandbox` as docs/sandbox.md says.
// Both `up` and `down` run detached (their own process group), so a Ctrl-C meant for the bench
// does not kill a half-started sandbox whose processes would then be left running: the bench
// waits for `up` to finish, then takes the sandbox down (see run.ts).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sourced } from '../e2e/sandbox-fixture.ts';
import { repo } from '../e2e/run.ts';
import { EmulatorControl } from '../sandbox/tencent/control-client.ts';

export interface BenchSandbox {
  dir: string;
  nodes: number;
  /** What `source env.sh` gives a shell, on top of this process's environment. */
  env: NodeJS.ProcessEnv;
  control: EmulatorControl;
  upSeconds: number;
}

/** Sandbox directories that are (or may be) up: what an interrupt must take down. */
export const active = new Set<string>();

function npmSandbox(args: string[], log: (line: string) => void): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'sandbox', '--', ...args], {
      cwd: repo,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    let stderr = '';
    let partial = '';
    child.stderr!.on('data', (d: Buffer) => {
      const text = d.toString('utf8');
      stderr += text;
      partial += text;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) log(`  ${line}`);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** `extra`: more `up` flags, e.g. `--provider eci`. */
export async function sandboxUp(nodes: number, log: (line: string) => void, extra: readonly string[] = []): Promise<BenchSandbox> {
  const dir = join(mkdtempSync(join(tmpdir(), 'kubectl-sg-bench-')), 'sandbox');
  active.add(dir);
  const t0 = Date.now();
  const up = await npmSandbox(['up', '--nodes', String(nodes), ...extra, '--dir', dir], log);
  if (up.code !== 0) throw new Error(`sandbox up --nodes ${nodes} failed (exit ${up.code}):\n${up.stderr.trim().split('\n').slice(-15).join('\n')}`);
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { controlUrl: string };
  return {
    dir,
    nodes,
    env: { ...process.env, ...sourced(join(dir, 'env.sh')) },
    control: new EmulatorControl(state.controlUrl),
    upSeconds: (Date.now() - t0) / 1000,
  };
}

/** `down`, when something is up in `dir`; then removes the temporary parent directory. */
export async function sandboxDown(dir: string, log: (line: string) => void): Promise<void> {
  try {
    if (existsSync(join(dir, 'state.json'))) {
      const r = await npmSandbox(['down', '--dir', dir], log);
      if (r.code !== 0) throw new Error(`sandbox down --dir ${dir} failed (exit ${r.code}):\n${r.stderr}`);
    }
    rmSync(dirname(dir), { recursive: true, force: true });
  } finally {
    active.delete(dir);
  }
}
