// Builds kube-apiserver and etcd (and kubectl when the machine's is out of skew) from the Go
// module proxy, because prebuilt release binaries cannot be downloaded here. Everything —
// wrapper modules, Go module and build caches, binaries — lives in a cache directory outside
// the repo, so a cold build (minutes) happens once per machine and later calls take milliseconds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { acquireLock, cacheRoot, prefixed, run, secs, type Log } from '../../../cmd/release/build-cache.ts';
import { goBuild, goEnv, writeWrapper } from '../../../cmd/release/go-module-build.ts';

/** Within ±1 minor of the machine's kubectl v1.32, so kubectl talks to it without a skew warning. */
export const KUBE_VERSION = 'v1.33.13';
export const ETCD_VERSION = 'v3.6.5';

export interface KubeBinaries {
  apiserver: string;
  etcd: string;
  /** 'kubectl' (the machine's, found on PATH and within skew) or the path of the one built here. */
  kubectl: string;
  kubectlSource: 'machine' | 'built';
  version: string;
}

export const [KUBE_MAJOR = 0, KUBE_MINOR = 0] = KUBE_VERSION.slice(1).split('.').map(Number);
// Staging modules are released as v0.<minor>.<patch> alongside k8s.io/kubernetes v1.<minor>.<patch>.
const STAGING_VERSION = `v0${KUBE_VERSION.slice(KUBE_VERSION.indexOf('.'))}`;

const ldflags = [
  '-s',
  '-w',
  // Without these the apiserver reports v0.0.0 and every client warns about skew.
  ...['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version'].flatMap((pkg) => [
    `-X ${pkg}.gitVersion=${KUBE_VERSION}`,
    `-X ${pkg}.gitMajor=${KUBE_MAJOR}`,
    `-X ${pkg}.gitMinor=${KUBE_MINOR}`,
    `-X ${pkg}.gitTreeState=clean`,
  ]),
].join(' ');

const BUILD_TAGS = 'selinux,notest';
/** Anything that changes the binaries; a stamp that differs means rebuild. */
const STAMP = JSON.stringify({ kube: KUBE_VERSION, etcd: ETCD_VERSION, ldflags, tags: BUILD_TAGS });

let inSkew: boolean | undefined;

/**
 * The machine's kubectl on PATH, if its client minor is within the supported skew of KUBE_VERSION.
 * Asked once per process: every sandbox up and pool lease comes through here (about 70 kubectl
 * runs a test run otherwise), and PATH's kubectl does not change under a running process.
 */
function machineKubectlInSkew(): boolean {
  inSkew ??= askMachineKubectl();
  return inSkew;
}

function askMachineKubectl(): boolean {
  // Not on PATH shows up as a null status, like any other failure to run it.
  const r = spawnSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8', timeout: 20_000 });
  if (r.status !== 0) return false;
  try {
    // minor can carry a suffix such as "32+" on vendor builds.
    const v = JSON.parse(r.stdout).clientVersion as { major: string; minor: string };
    return parseInt(v.major, 10) === KUBE_MAJOR && Math.abs(parseInt(v.minor, 10) - KUBE_MINOR) <= 1;
  } catch {
    return false;
  }
}

export async function ensureKubeBinaries(opts: { log?: Log } = {}): Promise<KubeBinaries> {
  const log = prefixed('kube build', opts.log ?? ((s: string) => process.stderr.write(s + '\n')));
  const root = cacheRoot();
  const kubeDir = join(root, 'kube', KUBE_VERSION);
  const bin = join(kubeDir, 'bin');
  const useMachineKubectl = machineKubectlInSkew();
  const names = ['kube-apiserver', 'etcd', ...(useMachineKubectl ? [] : ['kubectl'])];
  const result: KubeBinaries = {
    apiserver: join(bin, 'kube-apiserver'),
    etcd: join(bin, 'etcd'),
    kubectl: useMachineKubectl ? 'kubectl' : join(bin, 'kubectl'),
    kubectlSource: useMachineKubectl ? 'machine' : 'built',
    version: KUBE_VERSION,
  };
  const stampFile = join(bin, '.stamp');
  const complete = () =>
    existsSync(stampFile) && readFileSync(stampFile, 'utf8') === STAMP && names.every((n) => existsSync(join(bin, n)));
  if (complete()) return result;

  mkdirSync(kubeDir, { recursive: true });
  const release = await acquireLock(join(kubeDir, 'build.lock'), log);
  try {
    // Another worker may have finished the build while this one waited for the lock.
    if (complete()) return result;
    const t0 = Date.now();
    if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') !== STAMP) {
      rmSync(bin, { recursive: true, force: true });
    }
    mkdirSync(bin, { recursive: true });
    // A binary only ever appears by rename after a successful build, so one that is there is whole.
    const missing = names.filter((n) => !existsSync(join(bin, n)));
    if (missing.length > 0) {
      log(`building ${missing.join(', ')} (kubernetes ${KUBE_VERSION}, etcd ${ETCD_VERSION}) in ${kubeDir}; a cold build takes about 7 minutes on 2 cores`);
    }
    const env = goEnv(root);

    const etcdMod = join(kubeDir, 'etcd-module');
    if (missing.includes('etcd')) {
      await writeWrapper(etcdMod, `module kubectl-sg.local/etcd\n\ngo 1.24\n\nrequire go.etcd.io/etcd/server/v3 ${ETCD_VERSION}\n`, ['go.etcd.io/etcd/server/v3'], env, log);
      await goBuild(etcdMod, 'go.etcd.io/etcd/server/v3', join(bin, 'etcd'), { ldflags: '-s -w', tags: BUILD_TAGS }, env, log);
    }

    const kubeMod = join(kubeDir, 'kube-module');
    const kubeCmds = missing.filter((n) => n !== 'etcd');
    if (kubeCmds.length > 0) {
      await writeWrapper(kubeMod, await kubeWrapperGoMod(kubeDir, env, log), kubeCmds.map((c) => `k8s.io/kubernetes/cmd/${c}`), env, log);
      for (const c of kubeCmds) await goBuild(kubeMod, `k8s.io/kubernetes/cmd/${c}`, join(bin, c), { ldflags, tags: BUILD_TAGS }, env, log);
    }
    // The stamp goes last: its presence says every binary above is whole.
    writeFileSync(stampFile + '.tmp', STAMP);
    renameSync(stampFile + '.tmp', stampFile);
    log(`done in ${secs(t0)}`);
    return result;
  } finally {
    release();
  }
}

/**
 * k8s.io/kubernetes points its staging modules at ./staging/..., which a dependent cannot see;
 * the wrapper replaces each with its released v0.x version. The list comes from the release's
 * own go.mod so it cannot drift from what that release needs.
 */
async function kubeWrapperGoMod(kubeDir: string, env: NodeJS.ProcessEnv, log: Log): Promise<string> {
  const out = await run('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${KUBE_VERSION}`], { cwd: kubeDir, env, log, capture: true });
  const info = JSON.parse(out) as { GoMod?: string; Error?: string };
  if (!info.GoMod) throw new Error(`go mod download k8s.io/kubernetes@${KUBE_VERSION}: ${info.Error ?? out}`);
  const upstream = readFileSync(info.GoMod, 'utf8');
  const staging = [...upstream.matchAll(/^\s*(k8s\.io\/[\w.-]+)\s*=>\s*\.\/staging\//gm)].map((m) => m[1]);
  if (staging.length === 0) throw new Error(`no staging replacements found in ${info.GoMod}`);
  const goLine = upstream.match(/^go\s+\S+/m)?.[0] ?? 'go 1.24';
  // godebug is either one line or a parenthesised block; both are copied as they are.
  const godebug = upstream.match(/^godebug\s*\([^)]*\)|^godebug\s+.*$/m)?.[0] ?? '';
  return [
    'module kubectl-sg.local/kube',
    '',
    goLine,
    '',
    godebug,
    '',
    `require k8s.io/kubernetes ${KUBE_VERSION}`,
    '',
    'replace (',
    ...staging.map((m) => `\t${m} => ${m} ${STAGING_VERSION}`),
    ')',
    '',
  ].join('\n');
}

// `node test/sandbox/kube/build.ts` builds (or finds) the binaries and prints their paths.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const t0 = Date.now();
  const bins = await ensureKubeBinaries();
  process.stderr.write(`kube build: ready in ${secs(t0)}\n`);
  process.stdout.write(JSON.stringify(bins, null, 2) + '\n');
}
