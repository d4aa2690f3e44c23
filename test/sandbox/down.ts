// Takes a sandbox down: its processes stopped, a pooled cluster given back, its directory
// removed. Light on purpose (no Kubernetes client): `npm run sandbox -- down` and the test
// fixture both call it.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxState } from './up.ts';
import { stopPids } from './processes.ts';
import { releaseKube } from './kube/pool.ts';

export function readSandboxState(dir: string): SandboxState | undefined {
  const file = join(dir, 'state.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SandboxState) : undefined;
}

/** What was done, in one line; undefined when nothing was up in `dir`. */
export async function downSandbox(dir: string): Promise<string | undefined> {
  const state = readSandboxState(dir);
  if (!state) return undefined;
  await stopPids(state.pids);
  // A pooled cluster goes back only once nothing of this sandbox writes to it any more.
  if (state.kubeLease) await releaseKube(state.kubeLease);
  rmSync(dir, { recursive: true, force: true });
  return `down (stopped ${state.pids.length} processes${state.kubeLease ? ', gave the cluster back to the pool' : ''}, removed ${dir})`;
}
