// Sandbox services that outlive the command that started them (`sandbox up` returns to the
// shell while they keep running), started like the control plane (own process group, output
// to a log file). A service is ready when it prints a JSON line with "ready" in it.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { logTail, startDetached, stopPids } from './processes.ts';

export interface Background {
  pid: number;
  /** The parsed ready line the process printed. */
  ready: Record<string, unknown>;
}

export async function startBackground(command: string, args: string[], logFile: string, opts: { timeoutMs?: number } = {}): Promise<Background> {
  const started = startDetached(command, args, logFile);
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    const ready = readFileSync(logFile, 'utf8')
      .split('\n')
      .find((line) => line.startsWith('{') && line.includes('"ready"'));
    if (ready) return { pid: started.pid, ready: JSON.parse(ready) as Record<string, unknown> };
    if (started.exitCode() !== null) break;
    await sleep(100);
  }
  const why = started.exitCode() === null ? 'timed out' : `exited ${started.exitCode()}`;
  await stopPids([started.pid]);
  throw new Error(`${command} ${args.join(' ')} did not become ready (${why}); last lines of ${logFile}:\n${logTail(logFile, 15)}`);
}
