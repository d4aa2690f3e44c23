// The bench's own small runner (hyperfine is not a project dependency): whole-process wall time
// of commands run side by side. Each round runs every command of a group once, in an order
// rotated from round to round (AB, BA, AB, ... for two), after warm-up rounds that are not
// recorded; the first warm-up run of each command is also its check run (exit 0, output read).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** GNU time, for peak RSS (kernel ru_maxrss) and CPU time; absent on some machines. */
export const GNU_TIME = '/usr/bin/time';
export const haveGnuTime = existsSync(GNU_TIME);

export interface Cmd {
  /** Short stable id, used in --json output. */
  id: string;
  /** What the table says, e.g. `kubectl sg version`. */
  label: string;
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

export interface RunSample {
  ms: number;
  /** Peak RSS in KiB (GNU time %M), when measured. */
  rssKiB?: number;
  /** User + system CPU seconds (GNU time %U + %S), when measured. */
  cpuS?: number;
}

export interface Stats {
  n: number;
  median: number;
  p90: number;
  min: number;
  max: number;
}

export interface CmdResult {
  cmd: Cmd;
  samples: RunSample[];
  wall: Stats;
  rss?: Stats;
  cpu?: Stats;
  /** Bytes the check run printed on stdout. */
  outputBytes: number;
  /** What the check run printed, when the caller asked to keep it (small outputs only). */
  output?: string;
}

/** Nearest-rank percentile of an unsorted list (p90 of 5 samples is their maximum). */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export function stats(xs: number[]): Stats {
  return { n: xs.length, median: percentile(xs, 50), p90: percentile(xs, 90), min: Math.min(...xs), max: Math.max(...xs) };
}

let tmp: string | undefined;
function timeFile(): string {
  tmp ??= mkdtempSync(join(tmpdir(), 'kubectl-sg-bench-'));
  return join(tmp, 'time.txt');
}
export function cleanupMeasure(): void {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
}

/** The child being run, so that an interrupt can stop it before the sandbox goes down. */
let current: ReturnType<typeof spawn> | undefined;
export function killCurrent(): void {
  current?.kill('SIGTERM');
}

interface OneRun {
  sample: RunSample;
  code: number | null;
  signal: string | null;
  stderr: string;
  stdout?: string;
  stdoutBytes: number;
}

/**
 * Runs one command to completion. Timed runs send stdout to /dev/null (nothing in this process
 * competes with the command for the 2 cores by reading a pipe); check runs read it.
 * With `rss`, the command runs under GNU time (`-o FILE`, so its stderr stays the command's);
 * the wrapper's own fork+exec (~1 ms) is then in the wall time of every command of the group.
 */
export function runOnce(cmd: Cmd, o: { rss: boolean; capture: boolean; keep: boolean }): Promise<OneRun> {
  const file = o.rss ? GNU_TIME : cmd.file;
  const args = o.rss ? ['-o', timeFile(), '-f', '%M %U %S', cmd.file, ...cmd.args] : cmd.args;
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(file, args, { env: cmd.env, stdio: ['ignore', o.capture ? 'pipe' : 'ignore', 'pipe'] });
    current = child;
    let t1 = 0n;
    let stderr = '';
    let stdoutBytes = 0;
    const chunks: Buffer[] = [];
    child.stderr!.on('data', (d: Buffer) => {
      if (stderr.length < 20_000) stderr += d.toString('utf8');
    });
    child.stdout?.on('data', (d: Buffer) => {
      stdoutBytes += d.length;
      if (o.keep) chunks.push(d);
    });
    child.on('error', reject);
    child.on('exit', () => {
      t1 = process.hrtime.bigint();
    });
    child.on('close', (code, signal) => {
      current = undefined;
      if (t1 === 0n) t1 = process.hrtime.bigint();
      const sample: RunSample = { ms: Number(t1 - t0) / 1e6 };
      if (o.rss) {
        // GNU time writes "Command exited with non-zero status N" first when it does.
        const last = readFileSync(timeFile(), 'utf8').trim().split('\n').at(-1) ?? '';
        const [m, u, s] = last.split(' ').map(Number);
        if (Number.isFinite(m)) sample.rssKiB = m;
        if (Number.isFinite(u) && Number.isFinite(s)) sample.cpuS = u! + s!;
      }
      resolve({ sample, code, signal, stderr, stdoutBytes, stdout: o.keep ? Buffer.concat(chunks).toString('utf8') : undefined });
    });
  });
}

export interface GroupOptions {
  runs: number;
  warmup: number;
  rss: boolean;
  /** Ids of commands whose check-run output is kept (for validation by the caller). */
  keepOutput?: string[];
  log: (line: string) => void;
  /** Set when the bench is interrupted: stop between runs. */
  stopped: () => boolean;
}

export class Interrupted extends Error {}

function failed(cmd: Cmd, r: OneRun): Error {
  const why = r.signal ? `killed by ${r.signal}` : `exit ${r.code}`;
  return new Error(`\`${cmd.label}\` failed (${why}):\n${r.stderr.trim().split('\n').slice(-15).join('\n')}`);
}

/** Runs a group of commands side by side (see the top of this file) and returns each one's figures. */
export async function measureGroup(cmds: Cmd[], o: GroupOptions): Promise<Map<string, CmdResult>> {
  const samples = new Map<string, RunSample[]>(cmds.map((c) => [c.id, []]));
  const outputs = new Map<string, { bytes: number; text?: string }>();
  const total = o.warmup + o.runs;
  const started = Date.now();
  let lastLog = started;
  for (let round = 0; round < total; round++) {
    const order = cmds.map((_, i) => cmds[(i + round) % cmds.length]!);
    for (const cmd of order) {
      if (o.stopped()) throw new Interrupted('interrupted');
      const check = !outputs.has(cmd.id);
      const r = await runOnce(cmd, { rss: o.rss, capture: check, keep: check && (o.keepOutput ?? []).includes(cmd.id) });
      if (o.stopped()) throw new Interrupted('interrupted');
      if (r.code !== 0) throw failed(cmd, r);
      if (check) outputs.set(cmd.id, { bytes: r.stdoutBytes, text: r.stdout });
      if (round >= o.warmup) samples.get(cmd.id)!.push(r.sample);
    }
    const label = round < o.warmup ? `warm-up ${round + 1}/${o.warmup}` : `run ${round - o.warmup + 1}/${o.runs}`;
    if (round === total - 1 || Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      o.log(`  ${label} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
  }
  const out = new Map<string, CmdResult>();
  for (const cmd of cmds) {
    const s = samples.get(cmd.id)!;
    const rss = s.map((x) => x.rssKiB).filter((x): x is number => x !== undefined);
    const cpu = s.map((x) => x.cpuS).filter((x): x is number => x !== undefined);
    out.set(cmd.id, {
      cmd,
      samples: s,
      wall: stats(s.map((x) => x.ms)),
      rss: rss.length === s.length && rss.length > 0 ? stats(rss) : undefined,
      cpu: cpu.length === s.length && cpu.length > 0 ? stats(cpu) : undefined,
      outputBytes: outputs.get(cmd.id)?.bytes ?? 0,
      output: outputs.get(cmd.id)?.text,
    });
  }
  return out;
}
