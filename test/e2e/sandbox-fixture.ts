// A sandbox per e2e file, and the environment its printed `source .../env.sh` line would give a
// shell. Brought up and down in this process, with the very functions `npm run sandbox` runs
// (up-flags.ts reads the same flags, up.ts and down.ts do the work): a sandbox CLI process cost
// about half a second of CPU per up, twice per sandbox counting npm, and a test run starts about
// fifty. sandbox.test.ts goes through `npm run sandbox` itself, as a user does
// (startSandboxWith({ viaNpm: true })). Inside a test run the cluster is leased from the run's
// pool (sandbox/kube/pool.ts).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repo, runAsync, type RunResult } from './run.ts';
import { parseUpFlags } from '../sandbox/up-flags.ts';
import { downSandbox } from '../sandbox/down.ts';
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
  /** What `up` printed (its log lines on stderr). */
  up: RunResult;
  /** `npm run sandbox -- ARGS` on this sandbox: through npm for one started through npm, else its CLI. */
  cli(...args: string[]): Promise<RunResult>;
  /** Stops it; through `npm run sandbox -- down` for a sandbox started through npm. */
  down(): Promise<RunResult | undefined>;
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

/** `npm run sandbox -- ARGS --dir DIR`, exactly as a user types it (docs/sandbox.md). */
const viaNpm = (dir: string, args: string[]) => runAsync('npm', ['run', '-s', 'sandbox', '--', ...args, '--dir', dir], { FORCE_COLOR: '0' });
/** The same straight to the CLI npm runs. */
const viaCli = (dir: string, args: string[]) => runAsync(process.execPath, [join(repo, 'test', 'sandbox', 'cli.ts'), ...args, '--dir', dir], { FORCE_COLOR: '0' });

/** `up` in this process: what the CLI would print on stderr, and its exit code. */
async function upHere(dir: string, upArgs: string[]): Promise<RunResult> {
  const lines: string[] = [];
  try {
    mkdirSync(dir, { recursive: true });
    // Loaded on the first sandbox only: it pulls in the Kubernetes client.
    const { upSandbox } = await import('../sandbox/up.ts');
    await upSandbox(dir, parseUpFlags(upArgs), (l) => lines.push(l));
    return { code: 0, stdout: '', stderr: lines.join('\n') };
  } catch (e) {
    return { code: 1, stdout: '', stderr: [...lines, `sandbox: up failed: ${e instanceof Error ? e.message : String(e)}`].join('\n') };
  }
}

/**
 * What a test runs against a sandbox reaches nothing but the sandbox, so it trusts the sandbox CA
 * alone. env.sh adds that CA to what the shell already trusts (shared/ca.ts), which on a machine
 * naming its system bundle in NODE_EXTRA_CA_CERTS (this one: 220 KB) costs every Node process
 * ~5 ms of CPU to parse it when node:tls loads (`node -e "require('tls').createSecureContext()"`,
 * 40 runs each: 36 against 31 ms), some 1,100 plugin runs a test run.
 */
function sandboxOnlyTrust(env: NodeJS.ProcessEnv, caFile: string): NodeJS.ProcessEnv {
  return { ...env, NODE_EXTRA_CA_CERTS: caFile };
}

export async function startSandbox(...upArgs: string[]): Promise<Sandbox> {
  return startSandboxWith({}, ...upArgs);
}

/** `viaNpm`: through `npm run sandbox`, exactly as a user types it (docs/sandbox.md). */
export async function startSandboxWith(o: { viaNpm?: boolean }, ...upArgs: string[]): Promise<Sandbox> {
  const dir = join(mkdtempSync(join(tmpdir(), 'kubectl-sg-e2e-')), 'sandbox');
  const up = o.viaNpm ? await viaNpm(dir, ['up', ...upArgs]) : await upHere(dir, upArgs);
  return sandboxIn(dir, up, o.viaNpm ?? false);
}

function sandboxIn(dir: string, up: RunResult, npm: boolean): Sandbox {
  if (up.code !== 0) throw new Error(`sandbox up failed (exit ${up.code}):\n${up.stderr}`);
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { pids: number[]; caFile: string; controlUrl: string; alibabaControlUrl?: string; eciScenarioFile?: string };
  return {
    dir,
    env: sandboxOnlyTrust(sourced(join(dir, 'env.sh')), state.caFile),
    pids: state.pids,
    control: new EmulatorControl(state.controlUrl),
    ...(state.alibabaControlUrl ? { alibaba: new AlibabaControl(state.alibabaControlUrl) } : {}),
    ...(state.eciScenarioFile ? { eci: JSON.parse(readFileSync(state.eciScenarioFile, 'utf8')) as EciScenario } : {}),
    up,
    cli: (...args) => (npm ? viaNpm(dir, args) : viaCli(dir, args)),
    down: async () => {
      if (!existsSync(join(dir, 'state.json'))) return undefined;
      const r = npm ? await viaNpm(dir, ['down']) : { code: 0, stdout: '', stderr: `sandbox: ${await downSandbox(dir)}` };
      // `down` removes the sandbox's directory; the temporary one made to hold it goes too.
      rmSync(dirname(dir), { recursive: true, force: true });
      return r;
    },
  };
}
