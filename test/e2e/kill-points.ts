// Killing `kubectl sg ...` at a chosen moment, as an operator's Ctrl-C, a CI runner's SIGTERM or
// the OOM killer's SIGKILL would. kubectl execs a plugin in its own process, but the command runs
// in a process group of its own and the signal goes to the whole group, so whatever kubectl and
// the plugin started gets it too (a terminal's Ctrl-C reaches the foreground group the same way).
import { spawn } from 'node:child_process';
import { distDir, PLUGIN } from './run.ts';

export interface SignalledRun {
  /** Exit code, null when the process died of a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Milliseconds after the start when the signal was sent; undefined when the command had already finished. */
  signalledAtMs: number | undefined;
  /** Milliseconds from the start to the exit. */
  ms: number;
  /** Milliseconds from the start to its first output on stderr (undefined: none). */
  firstStderrMs: number | undefined;
}

/**
 * `count` moments in [fromMs, toMs), one in each of `count` equal slices, drawn from `random`:
 * spread over the whole span whatever the draw, different in every slice from seed to seed.
 */
export function spreadPoints(random: () => number, count: number, fromMs: number, toMs: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.round(fromMs + ((i + random()) * (toMs - fromMs)) / count));
}

/** `kubectl sg ARGS` (run.ts, PLUGIN), sent `signal` after `atMs` unless it finished by then. */
export function runAndSignal(args: string[], env: NodeJS.ProcessEnv, atMs: number | undefined, signal: NodeJS.Signals): Promise<SignalledRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(PLUGIN, args, {
      env: { ...process.env, PATH: `${distDir}:${process.env.PATH}`, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let signalledAtMs: number | undefined;
    let firstStderrMs: number | undefined;
    let exited = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => {
      firstStderrMs ??= Math.round(performance.now() - started);
      stderr += d.toString('utf8');
    });
    /** False when the group is gone: the command exited, though its exit event may not have been handled yet. */
    const send = (sig: NodeJS.Signals): boolean => {
      try {
        process.kill(-child.pid!, sig);
        return true;
      } catch {
        return false;
      }
    };
    const timer =
      atMs === undefined
        ? undefined
        : setTimeout(() => {
            const at = Math.round(performance.now() - started);
            if (!exited && send(signal)) signalledAtMs = at;
          }, atMs);
    // A run that hangs must not hang the suite: no assertion rests on this, it only ends the run.
    const guard = setTimeout(() => send('SIGKILL'), 180_000);
    child.on('error', reject);
    child.on('exit', () => (exited = true));
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      clearTimeout(guard);
      resolve({ code, signal: sig, stdout, stderr, signalledAtMs, ms: Math.round(performance.now() - started), firstStderrMs });
    });
  });
}
