// A pool of kube-apiserver + etcd pairs that sandboxes lease instead of starting their own, so
// that a test run pays for each control plane once rather than once per sandbox: starting an
// apiserver costs seconds of both cores, and the suite starts about thirty sandboxes.
//
// The pool is a directory named by KUBECTL_SG_KUBE_POOL (vitest's global setup makes it and
// stops what is in it at the end; without the variable every sandbox starts its own cluster, as
// `npm run sandbox -- up` does). It grows on demand: a lease takes a free cluster or
// starts a new one, and `down` gives it back. Each cluster is returned to the state it had when
// it was first ready before it is handed out again, by writing etcd directly (its JSON gateway):
// every key written since is deleted, every key changed or deleted since is put back. The
// apiserver follows etcd through its watch, as it does for any write; an apiserver cannot be
// rolled back by restoring an etcd snapshot (revisions would go backwards under its watch cache).
// Keys the apiserver itself keeps rewriting (its leases, the IP and port allocation ranges, the
// APIServices its CRD controller registers) are left to it.
//
// The run names the CRDs its sandboxes use (makePool); every cluster of the pool is first ready
// with all of them, and a lease removes those its holder does not have (from etcd, as the reset
// writes; the next reset puts them back). So a sandbox does not create them: kube-apiserver holds
// every create of a custom object for 2 s while its CRD became Established less than 2 s ago
// (apiextensions-apiserver's customresource_handler.go, "justCreated"), which every sandbox's
// first NodeENIConfig or SecurityGroupPolicy paid, and a CRD put back is Established since long.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { acquireLock, readFileSafe } from '../../../cmd/release/build-cache.ts';
import type { KubeCluster } from './cluster.ts';
import { isRunning, processesNaming, stopPids } from '../processes.ts';
import type { CrdObject } from './crd-object.ts';

export const KUBE_POOL_ENV = 'KUBECTL_SG_KUBE_POOL';

type Log = (line: string) => void;

/** A pooled cluster as a lease sees it: its files and server, not its processes (the pool stops those). */
export type LeasedKube = Omit<KubeCluster, 'stop'> & { dir: string; leaseFile: string };

interface PoolEntry {
  cluster: Omit<KubeCluster, 'stop'> & { dir: string };
  /** etcd's keys as they were when the cluster was first ready: key → value, both base64. */
  baseline: Record<string, string>;
  /**
   * The cluster's kubeconfig files as they were first written, by name. A holder may edit them
   * (`kubectl config set-context --current --namespace X` edits the file KUBECONFIG names): the
   * next holder gets them back as written.
   */
  kubeconfigs: Record<string, string>;
}

/** The kubeconfig files in a cluster's directory, by name. */
function kubeconfigsIn(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.kubeconfig')).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

/** Prefixes (below the cluster's etcd prefix) the apiserver rewrites on its own. */
const APISERVER_OWNED = ['/leases/', '/masterleases/', '/ranges/', '/apiregistration.k8s.io/'];

/**
 * Leases a cluster for the sandbox in `holderDir` (the holder is alive while `holderDir/state.json`
 * exists) that has exactly the CRDs `crds`, served, and no objects of them.
 */
export async function leaseKube(poolDir: string, holderDir: string, log: Log, crds: CrdObject[] = []): Promise<LeasedKube> {
  mkdirSync(poolDir, { recursive: true });
  const release = await acquireLock(join(poolDir, 'pool.lock'), log);
  let entryDir: string;
  try {
    const names = readdirSync(poolDir).filter((n) => /^\d+$/.test(n)).sort((a, b) => Number(a) - Number(b));
    const free = names.map((n) => join(poolDir, n)).find((d) => existsSync(join(d, 'entry.json')) && !leased(d));
    entryDir = free ?? join(poolDir, String(names.length === 0 ? 1 : Number(names.at(-1)) + 1));
    mkdirSync(entryDir, { recursive: true });
    writeFileSync(join(entryDir, 'lease'), holderDir);
    if (free) signalEntry(entryDir, 'SIGCONT');
  } finally {
    release();
  }
  const leaseFile = join(entryDir, 'lease');
  try {
    const entryFile = join(entryDir, 'entry.json');
    if (existsSync(entryFile)) {
      const entry = JSON.parse(readFileSync(entryFile, 'utf8')) as PoolEntry;
      if (entry.cluster.pids.every(isRunning)) {
        const t0 = Date.now();
        const changed = await resetToBaseline(entry);
        for (const [name, text] of Object.entries(entry.kubeconfigs)) writeFileSync(join(entry.cluster.dir, name), text, { mode: 0o600 });
        log(`kube: pooled cluster ${entryDir} reset (${changed} keys, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        await fitCrds(entry.cluster, poolCrds(poolDir), crds);
        return { ...entry.cluster, leaseFile };
      }
      // A process of it died: this entry is useless; start a fresh cluster in its place.
      await stopPids(entry.cluster.pids);
      rmSync(join(entryDir, 'kube'), { recursive: true, force: true });
      rmSync(entryFile, { force: true });
    }
    // Loaded here only: it pulls in the Kubernetes client, which `down` (releaseKube) does not need.
    const { startKube, applyCrds } = await import('./cluster.ts');
    const { stop: _stop, ...cluster } = await startKube({ dir: join(entryDir, 'kube'), log });
    const born = poolCrds(poolDir);
    if (born.length > 0) await applyCrds(cluster.adminKubeconfig, born);
    const entry: PoolEntry = { cluster: { ...cluster, dir: join(entryDir, 'kube') }, baseline: await readKeys(cluster), kubeconfigs: kubeconfigsIn(join(entryDir, 'kube')) };
    writeFileSync(entryFile, JSON.stringify(entry));
    await fitCrds(entry.cluster, born, crds);
    return { ...entry.cluster, leaseFile };
  } catch (e) {
    await releaseKube(leaseFile);
    throw e;
  }
}

/**
 * Gives a cluster back to the pool, frozen until its next lease; the holder must have stopped
 * whatever wrote to it. An idle kube-apiserver and etcd spend ~2% of a core between them (leases,
 * compaction, health checks): with the ~16 clusters a run's pool grows to, mostly idle, that was
 * ~90 s of CPU a run (docs/testing.md). Under the pool's lock, so that a lease cannot thaw it
 * before this freezes it.
 */
export async function releaseKube(leaseFile: string): Promise<void> {
  const entryDir = dirname(leaseFile);
  const release = await acquireLock(join(dirname(entryDir), 'pool.lock'), () => undefined);
  try {
    if (existsSync(leaseFile)) signalEntry(entryDir, 'SIGSTOP');
    rmSync(leaseFile, { force: true });
  } finally {
    release();
  }
}

/**
 * Stops (SIGSTOP) or continues (SIGCONT) a pool entry's processes: the apiserver before etcd on
 * the way down, etcd first on the way up, so the apiserver never runs against a stopped etcd.
 * A cluster stopped for longer than etcd's leases (the apiserver's 15 s endpoint lease) finds them
 * expired when it continues, and renews them, as after a pause of any kind.
 */
function signalEntry(entryDir: string, sig: 'SIGSTOP' | 'SIGCONT'): void {
  const file = join(entryDir, 'entry.json');
  if (!existsSync(file)) return;
  const { pids } = (JSON.parse(readFileSync(file, 'utf8')) as PoolEntry).cluster;
  for (const pid of sig === 'SIGSTOP' ? pids : [...pids].reverse()) {
    try {
      process.kill(pid, sig);
    } catch {
      // Gone: the next lease sees it and starts a fresh cluster in its place.
    }
  }
}

/**
 * Makes a pool directory owned by this process (see stopOrphanPools), with its temporary
 * directory; its clusters are first ready with `crds`.
 */
export function makePool(parent: string, crds: CrdObject[] = []): string {
  const poolDir = mkdtempSync(join(parent, POOL_PREFIX));
  writeFileSync(join(poolDir, 'owner'), String(process.pid));
  writeFileSync(join(poolDir, 'crds.json'), JSON.stringify(crds));
  mkdirSync(poolTmpDir(poolDir));
  return poolDir;
}

/** The CRDs the pool's clusters are first ready with. */
const poolCrds = (poolDir: string): CrdObject[] => JSON.parse(readFileSafe(join(poolDir, 'crds.json')) || '[]') as CrdObject[];

/**
 * Makes the leased cluster's CRDs `wanted` (by name): removes from etcd those of the pool it does
 * not want (the next reset puts them back), creates those the pool's clusters are not born with
 * (the next reset removes them), and returns once discovery shows that.
 */
async function fitCrds(cluster: PoolEntry['cluster'], born: CrdObject[], wanted: CrdObject[]): Promise<void> {
  if (born.length === 0 && wanted.length === 0) return;
  const wantedNames = new Set(wanted.map((c) => c.metadata.name));
  const bornNames = new Set(born.map((c) => c.metadata.name));
  const extra = born.filter((c) => !wantedNames.has(c.metadata.name));
  const kept = born.filter((c) => wantedNames.has(c.metadata.name));
  const missing = wanted.filter((c) => !bornNames.has(c.metadata.name));
  const { applyCrds, waitForCrds } = await import('./cluster.ts');
  if (extra.length > 0) {
    const key = (c: CrdObject) => b64(`${cluster.etcdPrefix}/apiextensions.k8s.io/customresourcedefinitions/${c.metadata.name}`);
    await etcd(cluster.etcdUrl, 'kv/txn', { success: extra.map((c) => ({ request_delete_range: { key: key(c) } })) });
    await waitForCrds(cluster.adminKubeconfig, extra, 'gone');
  }
  // Put back by the reset if the last holder had them removed: served a moment later.
  if (kept.length > 0) await waitForCrds(cluster.adminKubeconfig, kept, 'served');
  if (missing.length > 0) await applyCrds(cluster.adminKubeconfig, missing);
}

/**
 * The run's temporary directory (its workers' TMPDIR): inside the pool, so that whatever a test
 * leaves there is removed with the pool, also when the next run stops an interrupted run's pool.
 */
export const poolTmpDir = (poolDir: string) => join(poolDir, 'tmp');

/**
 * Stops every cluster of the pool and removes it; with `holders`, also the sandboxes still
 * leasing from it (a run that was killed never took them down); then any process still naming
 * the pool's directory.
 */
export async function stopPool(poolDir: string, o: { holders?: boolean } = {}): Promise<void> {
  if (!existsSync(poolDir)) return;
  const entries = readdirSync(poolDir).map((n) => join(poolDir, n)).filter((d) => existsSync(join(d, 'entry.json')));
  if (o.holders) {
    for (const d of entries.filter(leased)) {
      const holder = readFileSync(join(d, 'lease'), 'utf8');
      const state = JSON.parse(readFileSync(join(holder, 'state.json'), 'utf8')) as { pids?: number[] };
      await stopPids(state.pids ?? []);
      rmSync(holder, { recursive: true, force: true });
    }
  }
  const clusters = entries.map((d) => (JSON.parse(readFileSync(join(d, 'entry.json'), 'utf8')) as PoolEntry).cluster.pids);
  // Every apiserver at once (each entry lists its own first), then every etcd, so none spends its
  // shutdown retrying a gone etcd. One process at a time, a run's last ~10 s were its pool
  // stopping with both cores idle: ~1.2 s a cluster (docs/testing.md).
  await stopPids(clusters.flatMap((pids) => pids.slice(0, 1)));
  await stopPids(clusters.flatMap((pids) => pids.slice(1)));
  // What no entry or holder records: a cluster killed with its run before it was ready (its
  // entry.json is written then), a terminal server a killed test left.
  await stopPids(processesNaming(poolDir));
  rmSync(poolDir, { recursive: true, force: true });
}

/** Pools in `parent` whose run was killed before its teardown: stopped, with their sandboxes. */
export async function stopOrphanPools(parent: string): Promise<string[]> {
  const orphans = readdirSync(parent)
    .filter((n) => n.startsWith(POOL_PREFIX))
    .map((n) => join(parent, n))
    .filter((d) => {
      const owner = Number(readFileSafe(join(d, 'owner')));
      return owner > 0 && !isRunning(owner);
    });
  for (const d of orphans) await stopPool(d, { holders: true });
  return orphans;
}

const POOL_PREFIX = 'kubectl-sg-kube-pool-';


/** A lease whose holder's sandbox is gone (stopped without `down`, or a crashed run) is free. */
function leased(entryDir: string): boolean {
  const file = join(entryDir, 'lease');
  if (!existsSync(file)) return false;
  return existsSync(join(readFileSync(file, 'utf8'), 'state.json'));
}

interface Kv {
  key: string;
  value?: string;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');
const ownedByApiserver = (prefix: string, key: string) => APISERVER_OWNED.some((p) => key.startsWith(prefix + p));

async function etcd<T>(url: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${url}/v3/${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`etcd ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Every key under the cluster's prefix with its value (base64 key → base64 value). */
async function readKeys(c: Pick<KubeCluster, 'etcdUrl' | 'etcdPrefix'>): Promise<Record<string, string>> {
  // The prefix's range: every key that starts with "<prefix>/".
  const from = `${c.etcdPrefix}/`;
  const to = `${c.etcdPrefix}0`;
  const { kvs = [] } = await etcd<{ kvs?: Kv[] }>(c.etcdUrl, 'kv/range', { key: b64(from), range_end: b64(to) });
  return Object.fromEntries(kvs.map((kv) => [kv.key, kv.value ?? '']));
}

/** Deletes what was written since the baseline and puts back what was changed or deleted; returns how many keys. */
async function resetToBaseline(entry: PoolEntry): Promise<number> {
  const { etcdUrl, etcdPrefix } = entry.cluster;
  const now = await readKeys(entry.cluster);
  const keep = (key: string) => !ownedByApiserver(etcdPrefix, Buffer.from(key, 'base64').toString());
  const ops: unknown[] = [];
  for (const key of Object.keys(now)) {
    if (keep(key) && !(key in entry.baseline)) ops.push({ request_delete_range: { key } });
  }
  for (const [key, value] of Object.entries(entry.baseline)) {
    if (keep(key) && now[key] !== value) ops.push({ request_put: { key, value } });
  }
  // etcd takes at most 128 operations per transaction (--max-txn-ops).
  for (let i = 0; i < ops.length; i += 128) await etcd(etcdUrl, 'kv/txn', { success: ops.slice(i, i + 128) });
  return ops.length;
}
