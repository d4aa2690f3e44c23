// gcloud installs `kubectl` as a dispatcher: for a command that reaches a server it asks the
// server for its version, then execs the Kubernetes kubectl of that minor (kubectl.1.NN beside
// it); plugins it execs at once. The asking costs about 33 ms of CPU a `kubectl get` (67 against
// 34 ms, measured on the sandbox), and a test run makes about a thousand plain kubectl calls that
// only read or seed state. Tests therefore run the kubectl the dispatcher would have chosen, and
// `test/e2e/plugin.test.ts` keeps one path through the dispatcher itself, as a user of such a
// machine types it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The kubectl on PATH: its path, and whether it is gcloud's dispatcher. */
export function machineKubectl(env: NodeJS.ProcessEnv = process.env): { path: string; dispatcher: boolean } | undefined {
  const r = spawnSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8', env: { ...env, KUBECONFIG: '/dev/null' }, timeout: 20_000 });
  if (r.status !== 0) return undefined;
  const found = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8', env }).stdout.trim();
  try {
    const client = String((JSON.parse(r.stdout) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion ?? '');
    return { path: found, dispatcher: client.includes('dispatcher') };
  } catch {
    return undefined;
  }
}

/**
 * The Kubernetes kubectl a dispatcher at `dispatcherPath` runs for a server of `major.minor`: the
 * one of that minor, else the newest it has.
 */
export function kubectlDispatchedTo(dispatcherPath: string, major: number, minor: number): string | undefined {
  const dir = dirname(realpathSync(dispatcherPath));
  const exact = join(dir, `kubectl.${major}.${minor}`);
  if (existsSync(exact)) return exact;
  const newest = readdirSync(dir)
    .filter((f) => /^kubectl\.\d+\.\d+$/.test(f))
    .sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]))
    .at(-1);
  return newest ? join(dir, newest) : undefined;
}

/**
 * When PATH's kubectl is a dispatcher, a directory holding `kubectl` → the binary it would run
 * for the sandbox's API server, to put first on PATH; undefined when PATH's kubectl is already a
 * plain one.
 */
export function directKubectlDir(cacheDir: string, major: number, minor: number): string | undefined {
  const onPath = machineKubectl();
  if (!onPath?.dispatcher) return undefined;
  const target = kubectlDispatchedTo(onPath.path, major, minor);
  if (!target) return undefined;
  const dir = join(cacheDir, 'kubectl-direct');
  mkdirSync(dir, { recursive: true });
  // Made beside and renamed into place: another run may be reading the link at this moment.
  const fresh = join(dir, `.kubectl-${process.pid}`);
  rmSync(fresh, { force: true });
  symlinkSync(target, fresh);
  renameSync(fresh, join(dir, 'kubectl'));
  return dir;
}
