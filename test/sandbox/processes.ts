// Sandbox processes (control plane, emulator, simulator) that may outlive the command that
// started them: each is its own process group writing to a log file (not a pipe), so a
// `sandbox up` can exit and a later `down` (a different process) can still stop them by pid.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Started {
  pid: number;
  logFile: string;
  /** Exit code once the process has ended while this process watched it, else null. */
  exitCode(): number | null;
}

export function startDetached(command: string, args: string[], logFile: string, env: NodeJS.ProcessEnv = {}): Started {
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, ...env } });
  closeSync(fd);
  let code: number | null = null;
  child.on('exit', (c, signal) => (code = c ?? (signal ? 128 : -1)));
  child.on('error', () => (code = -1));
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  return { pid: child.pid, logFile, exitCode: () => code };
}

export function logTail(file: string, lines = 25): string {
  if (!existsSync(file)) return `(no ${file})`;
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/**
 * A process's state letter (R, S, T stopped, Z zombie, ...) and parent from /proc/PID/stat;
 * undefined when it is gone or there is no /proc. The fields are read after the last ')': the
 * command name before them may hold spaces and parentheses.
 */
export function procStat(pid: number): { state: string; ppid: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: state!, ppid: Number(ppid) };
}

/**
 * A process that has exited but not been reaped yet (a zombie) still answers kill(pid, 0);
 * /proc tells them apart, which matters when the parent that would reap it is a shell or init.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = procStat(pid);
  // Gone between the two checks, or a system without /proc where kill(pid, 0) is all there is.
  if (!stat) return !existsSync('/proc/self');
  return stat.state !== 'Z';
}

/**
 * The running processes whose command line names a path under `dir`, but this process and its
 * ancestors: what was started for that directory and never written down anywhere, such as a
 * control plane whose run was killed before it was ready. From /proc; none where there is none.
 */
export function processesNaming(dir: string): number[] {
  if (!existsSync('/proc/self')) return [];
  const under = dir.endsWith('/') ? dir : `${dir}/`;
  const ancestors = new Set<number>();
  for (let pid: number | undefined = process.pid; pid !== undefined && pid > 1 && !ancestors.has(pid); pid = procStat(pid)?.ppid) ancestors.add(pid);
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 1 || ancestors.has(pid)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue; // gone since the listing
    }
    // `--data-dir=/pool/2/kube/etcd/data` names it too.
    if (cmdline.split('\0').some((arg) => arg.includes(under))) found.push(pid);
  }
  return found.filter(isRunning);
}

/** SIGTERM each process group (then the pid itself), SIGKILL what is left after the grace period, and wait. */
export async function stopPids(pids: number[], graceMs = 10_000): Promise<void> {
  const signal = (pid: number, sig: NodeJS.Signals) => {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, sig);
      } catch {
        // gone already, or not a group leader
      }
    }
  };
  const live = () => pids.filter(isRunning);
  // SIGCONT too: a stopped process (a frozen cluster of the kube pool) acts on SIGTERM only once continued.
  for (const pid of live()) {
    signal(pid, 'SIGTERM');
    signal(pid, 'SIGCONT');
  }
  const deadline = Date.now() + graceMs;
  while (live().length > 0 && Date.now() < deadline) await sleep(50);
  for (const pid of live()) signal(pid, 'SIGKILL');
  const killDeadline = Date.now() + 5_000;
  while (live().length > 0 && Date.now() < killDeadline) await sleep(50);
  const left = live();
  if (left.length > 0) throw new Error(`processes still running after SIGKILL: ${left.join(', ')}`);
}

/** Distinct free loopback ports, all held open at once so none is handed out twice. */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => {
      const s = createServer();
      return new Promise<typeof s>((resolve, reject) => {
        s.once('error', reject);
        s.listen(0, '127.0.0.1', () => resolve(s));
      });
    }),
  );
  const ports = servers.map((s) => {
    const addr = s.address();
    if (addr === null || typeof addr === 'string') throw new Error('no port');
    return addr.port;
  });
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}
