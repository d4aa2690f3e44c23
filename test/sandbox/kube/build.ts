// Builds kube-apiserver and etcd (and kubectl when the machine's is out of skew) from the Go
// module proxy, because prebuilt release binaries cannot be downloaded here. Everything —
// wrapper modules, Go module and build caches, binaries — lives in a cache directory outside
// the repo, so a cold build (minutes) happens once per machine and later calls take milliseconds.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

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

type Log = (s: string) => void;

const [KUBE_MAJOR = 0, KUBE_MINOR = 0] = KUBE_VERSION.slice(1).split('.').map(Number);
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

/** Anything that changes the binaries; a stamp that differs means rebuild. */
const STAMP = JSON.stringify({ kube: KUBE_VERSION, etcd: ETCD_VERSION, ldflags, tags: 'selinux,notest' });

export function cacheRoot(): string {
  if (process.env.KUBECTL_SG_CACHE) return process.env.KUBECTL_SG_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kubectl-sg');
}

/** The machine's kubectl on PATH, if its client minor is within the supported skew of KUBE_VERSION. */
export function machineKubectlInSkew(): boolean {
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
  const log = opts.log ?? ((s: string) => process.stderr.write(s + '\n'));
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
      log(`kube build: building ${missing.join(', ')} (kubernetes ${KUBE_VERSION}, etcd ${ETCD_VERSION}) in ${kubeDir}; a cold build takes about 7 minutes on 2 cores`);
    }
    const env = goEnv(root);

    const etcdMod = join(kubeDir, 'etcd-module');
    if (missing.includes('etcd')) {
      await writeWrapper(etcdMod, `module kubectl-sg.local/etcd\n\ngo 1.24\n\nrequire go.etcd.io/etcd/server/v3 ${ETCD_VERSION}\n`, ['go.etcd.io/etcd/server/v3'], env, log);
      await goBuild(etcdMod, 'go.etcd.io/etcd/server/v3', join(bin, 'etcd'), '-s -w', env, log);
    }

    const kubeMod = join(kubeDir, 'kube-module');
    const kubeCmds = missing.filter((n) => n !== 'etcd');
    if (kubeCmds.length > 0) {
      await writeWrapper(kubeMod, await kubeWrapperGoMod(kubeDir, env, log), kubeCmds.map((c) => `k8s.io/kubernetes/cmd/${c}`), env, log);
      for (const c of kubeCmds) await goBuild(kubeMod, `k8s.io/kubernetes/cmd/${c}`, join(bin, c), ldflags, env, log);
    }
    // The stamp goes last: its presence says every binary above is whole.
    writeFileSync(stampFile + '.tmp', STAMP);
    renameSync(stampFile + '.tmp', stampFile);
    log(`kube build: done in ${secs(t0)}`);
    return result;
  } finally {
    release();
  }
}

function goEnv(root: string): NodeJS.ProcessEnv {
  const go = join(root, 'go');
  return {
    ...process.env,
    // Own module and build caches: the repo and the user's Go caches stay untouched.
    GOPATH: join(go, 'path'),
    GOMODCACHE: join(go, 'mod'),
    GOCACHE: join(go, 'build'),
    CGO_ENABLED: '0',
    GOTOOLCHAIN: 'local',
    GOFLAGS: '-mod=mod -buildvcs=false',
    GOWORK: 'off',
  };
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

/** A module whose only file imports the commands to build, so `go mod tidy` resolves exactly their deps. */
async function writeWrapper(dir: string, goMod: string, imports: string[], env: NodeJS.ProcessEnv, log: Log): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const tools = `//go:build tools\n\npackage tools\n\nimport (\n${imports.map((i) => `\t_ "${i}"\n`).join('')})\n`;
  const same = existsSync(join(dir, 'go.mod.in')) && readFileSync(join(dir, 'go.mod.in'), 'utf8') === goMod + tools;
  if (same && existsSync(join(dir, 'go.sum'))) return;
  writeFileSync(join(dir, 'go.mod'), goMod);
  writeFileSync(join(dir, 'tools.go'), tools);
  rmSync(join(dir, 'go.sum'), { force: true });
  const t0 = Date.now();
  await run('go', ['mod', 'tidy'], { cwd: dir, env, log });
  writeFileSync(join(dir, 'go.mod.in'), goMod + tools);
  log(`kube build: go mod tidy in ${dir} (${secs(t0)})`);
}

async function goBuild(dir: string, pkg: string, out: string, flags: string, env: NodeJS.ProcessEnv, log: Log): Promise<void> {
  const t0 = Date.now();
  log(`kube build: go build ${pkg} ...`);
  // Built beside the target and renamed, so nobody ever runs a half-written binary.
  const tmp = `${out}.tmp-${process.pid}`;
  await run('go', ['build', '-trimpath', '-tags', 'selinux,notest', '-ldflags', flags, '-o', tmp, pkg], { cwd: dir, env, log });
  renameSync(tmp, out);
  log(`kube build: built ${out} (${secs(t0)})`);
}

function run(cmd: string, args: string[], o: { cwd: string; env: NodeJS.ProcessEnv; log: Log; capture?: boolean }): Promise<string> {
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
    // go build is silent for minutes; a heartbeat shows it is alive.
    const t0 = Date.now();
    const beat = setInterval(() => o.log(`kube build: ... ${cmd} ${args[0]} still running (${secs(t0)})`), 30_000);
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

/**
 * An exclusive lock file holding the builder's pid: parallel test workers wait instead of
 * building twice. A lock whose pid is gone (a killed build) is taken over.
 */
async function acquireLock(file: string, log: Log): Promise<() => void> {
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
    if (!announced) log(`kube build: waiting for the build running in pid ${holder || '?'} (${file})`);
    announced = true;
    await sleep(1_000);
  }
}

function readFileSafe(file: string): string {
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

function secs(t0: number): string {
  return `${((Date.now() - t0) / 1000).toFixed(1)} s`;
}

// `node test/sandbox/kube/build.ts` builds (or finds) the binaries and prints their paths.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const t0 = Date.now();
  const bins = await ensureKubeBinaries();
  process.stderr.write(`kube build: ready in ${secs(t0)}\n`);
  process.stdout.write(JSON.stringify(bins, null, 2) + '\n');
}
