// Tools the project builds or downloads for itself (kube-apiserver and etcd, krew,
// the official Node binaries a release embeds) live in one cache directory outside the repo, so
// a cold build (minutes) happens once per machine and later runs take milliseconds. Shared by
// the sandbox, the release build and the tests: the cache root, a lock that makes parallel
// workers wait instead of building twice, and a child-process runner that shows it is alive.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export type Log = (line: string) => void;

/** ${KUBECTL_SG_CACHE:-${XDG_CACHE_HOME:-~/.cache}/kubectl-sg} */
export function cacheRoot(): string {
  if (process.env.KUBECTL_SG_CACHE) return process.env.KUBECTL_SG_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kubectl-sg');
}

/** Lines from a build, each prefixed with what is being built: `kube build: ...`. */
export function prefixed(what: string, log: Log): Log {
  return (line) => log(`${what}: ${line}`);
}

/**
 * An exclusive lock file holding the builder's pid: parallel test workers wait instead of
 * building twice. A lock whose pid is gone (a killed build) is taken over.
 */
export async function acquireLock(file: string, log: Log): Promise<() => void> {
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = Number(readFileSafe(file));
    if (holder && !alive(holder)) {
      // Renaming first means only one waiter removes the stale lock.
      try {
        renameSync(file, `${file}.stale-${process.pid}`);
        rmSync(`${file}.stale-${process.pid}`, { force: true });
      } catch {
        // someone else took it over first
      }
      continue;
    }
    if (!announced) log(`waiting for the build running in pid ${holder || '?'} (${file})`);
    announced = true;
    await sleep(1_000);
  }
}

/**
 * Runs a build tool; its output goes to `log` line by line (or is returned with `capture`), with
 * a heartbeat every 30 s because go build is silent for minutes. Rejects with the
 * last lines of stderr when it fails.
 */
export function run(cmd: string, args: string[], o: { cwd: string; env: NodeJS.ProcessEnv; log: Log; capture?: boolean }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const stderrTail: string[] = [];
    child.stdout.on('data', (d: Buffer) => {
      if (o.capture) stdout += d;
      else for (const l of String(d).split('\n')) if (l) o.log(`  ${l}`);
    });
    child.stderr.on('data', (d: Buffer) => {
      for (const l of String(d).split('\n')) {
        if (!l) continue;
        o.log(`  ${l}`);
        stderrTail.push(l);
        if (stderrTail.length > 30) stderrTail.shift();
      }
    });
    const t0 = Date.now();
    const beat = setInterval(() => o.log(`... ${cmd} ${args[0]} still running (${secs(t0)})`), 30_000);
    child.on('error', (e) => {
      clearInterval(beat);
      reject(e);
    });
    child.on('close', (code) => {
      clearInterval(beat);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${cmd} ${args.join(' ')} (in ${o.cwd}) exited ${code}:\n${stderrTail.join('\n')}`));
    });
  });
}

export function secs(t0: number): string {
  return `${((Date.now() - t0) / 1000).toFixed(1)} s`;
}

/** A file's text, or '' when it cannot be read (gone, or never written). */
export function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
