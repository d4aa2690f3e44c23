// The kube pool (pool.ts) seen through the real kubectl: a cluster handed out a second time is
// the cluster as it was first ready — what the last holder created is gone (namespaced and
// cluster-scoped objects, a CRD and its objects, RBAC grants, Events), what it changed or
// deleted of the fresh cluster is back — two holders at once never share a cluster, and a lease
// has exactly the CRDs it asks for of those the pool's clusters were first ready with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureKubeBinaries, type KubeBinaries } from './build.ts';
import { leaseKube, makePool, poolTmpDir, releaseKube, stopOrphanPools, stopPool, type LeasedKube } from './pool.ts';
import { waitForCrds } from './cluster.ts';
import { isRunning, procStat } from '../processes.ts';
import type { CrdObject } from './crd-object.ts';

let bins: KubeBinaries;
const root = mkdtempSync(join(tmpdir(), 'kubectl-sg-pool-test-'));
// Made as a run makes its pool: the last test turns it into the pool of a killed run, so that
// the clusters it stops are the two this file already started (each start costs seconds of CPU).
const poolDir = makePool(root);

/** A holder as a sandbox is one: a directory with a state.json while it is up. */
function holder(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'state.json'), '{}');
  return dir;
}

/** The process's state letter in /proc (T: stopped). */
const procState = (pid: number) => procStat(pid)?.state;

/**
 * Whether each process is stopped, once the signals sent have reached them: a signal to a process
 * running on the other core takes effect when it is next scheduled, not when kill() returns.
 */
async function stoppedStates(pids: number[], stopped: boolean): Promise<boolean[]> {
  for (let i = 0; i < 100 && pids.some((p) => (procState(p) === 'T') !== stopped); i++) await new Promise((r) => setTimeout(r, 20));
  return pids.map((p) => procState(p) === 'T');
}

function kubectl(kube: LeasedKube, args: string[], input?: string): string {
  const r = spawnSync(bins.kubectl, args, { encoding: 'utf8', input, timeout: 60_000, env: { ...process.env, KUBECONFIG: kube.adminKubeconfig, KUBECACHEDIR: join(root, `cache-${Math.random()}`) } });
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

const CRD: CrdObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.pool.test' },
  spec: {
    group: 'pool.test',
    scope: 'Cluster',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
};

const GADGETS = { ...CRD, metadata: { name: 'gadgets.pool.test' }, spec: { ...CRD.spec, names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' } } };

beforeAll(async () => {
  bins = await ensureKubeBinaries();
}, 900_000);

afterAll(async () => {
  // With its holders: should the orphan test fail before it stops them (a failed assertion there
  // once left a kube-apiserver running after the run), its sandbox process goes too.
  await stopPool(poolDir, { holders: true });
  rmSync(root, { recursive: true, force: true });
});

describe('kube pool', () => {
  let first: LeasedKube;
  /** Holder c's cluster and holder d's (first's, again), leased until the last test. */
  let other: LeasedKube;
  let next: LeasedKube;
  let fresh: { namespaces: string; clusterRoles: string; defaultNs: string };

  it('starts a cluster for the first lease', async () => {
    first = await leaseKube(poolDir, holder('a'), () => {});
    fresh = {
      namespaces: kubectl(first, ['get', 'namespaces', '-o', 'name']),
      clusterRoles: kubectl(first, ['get', 'clusterroles', '-o', 'name']),
      defaultNs: kubectl(first, ['get', 'namespace', 'default', '-o', 'jsonpath={.metadata.labels}']),
    };
    expect(fresh.namespaces).toContain('namespace/kube-system');
  }, 120_000);

  it('hands the same cluster out again as it was first ready', async () => {
    kubectl(first, ['create', 'namespace', 'shop']);
    kubectl(first, ['-n', 'shop', 'create', 'configmap', 'left', '--from-literal=a=b']);
    kubectl(first, ['create', 'clusterrole', 'leftover', '--verb=get', '--resource=nodes']);
    kubectl(first, ['create', 'clusterrolebinding', 'leftover', '--clusterrole=leftover', '--user=sandbox-limited']);
    kubectl(first, ['label', 'namespace', 'default', 'left=behind']);
    kubectl(first, ['delete', 'clusterrole', 'view']);
    kubectl(first, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-left' } }));
    kubectl(first, ['create', '-f', '-'], JSON.stringify(CRD));
    // Not just Established: discovery follows it asynchronously, and a kubectl that reads it first knows no kind Widget.
    await waitForCrds(first.adminKubeconfig, [CRD], 'served');
    kubectl(first, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'pool.test/v1', kind: 'Widget', metadata: { name: 'w' } }));
    // The holder's kubectl edits the kubeconfig file itself (completion-eci.test.ts does).
    kubectl(first, ['config', 'set-context', '--current', '--namespace', 'shop']);
    expect(kubectl(first, ['config', 'view', '--minify', '-o', 'jsonpath={..namespace}'])).toBe('shop');
    rmSync(join(root, 'a', 'state.json'));
    await releaseKube(first.leaseFile);
    // Given back, it is frozen (an idle apiserver and etcd spend CPU); the next lease thaws it.
    expect(await stoppedStates(first.pids, true)).toEqual([true, true]);

    const again = await leaseKube(poolDir, holder('b'), () => {});
    expect(again.server).toBe(first.server);
    expect(await stoppedStates(again.pids, false)).toEqual([false, false]);
    expect(kubectl(again, ['config', 'view', '--minify', '-o', 'jsonpath={..namespace}'])).toBe('');
    expect(kubectl(again, ['get', 'namespaces', '-o', 'name'])).toBe(fresh.namespaces);
    expect(kubectl(again, ['get', 'clusterroles', '-o', 'name'])).toBe(fresh.clusterRoles);
    expect(kubectl(again, ['get', 'clusterrolebindings', 'leftover', '--ignore-not-found', '-o', 'name'])).toBe('');
    expect(kubectl(again, ['get', 'namespace', 'default', '-o', 'jsonpath={.metadata.labels}'])).toBe(fresh.defaultNs);
    expect(kubectl(again, ['get', 'nodes', '-o', 'name'])).toBe('');
    expect(kubectl(again, ['get', 'configmaps', '-A', '-o', 'name'])).not.toContain('left');
    expect(kubectl(again, ['get', 'crd', '-o', 'name'])).toBe('');
    // The same CRD can be created again and serves no object of the last holder.
    kubectl(again, ['create', '-f', '-'], JSON.stringify(CRD));
    await waitForCrds(again.adminKubeconfig, [CRD], 'served'); // discovery too, not just Established (as above)
    expect(kubectl(again, ['get', 'widgets', '-o', 'name'])).toBe('');
  }, 120_000);

  it('gives a second holder at the same time another cluster, and a gone holder\'s cluster to the next', async () => {
    other = await leaseKube(poolDir, holder('c'), () => {});
    expect(other.server).not.toBe(first.server);
    // Holder b stopped without `down` (its state.json is gone): its lease counts as free.
    rmSync(join(root, 'b', 'state.json'));
    next = await leaseKube(poolDir, holder('d'), () => {});
    expect(next.server).toBe(first.server);
  }, 120_000);

  it('first readies its clusters with the run\'s CRDs: a lease has those it asks for, served and empty, and none of the others', async () => {
    mkdirSync(join(root, 'crd-runs'));
    const crdPool = makePool(join(root, 'crd-runs'), [CRD, GADGETS]);
    try {
      const crds = (kube: LeasedKube) => kubectl(kube, ['get', 'crd', '-o', 'name']);
      const uid = (kube: LeasedKube) => kubectl(kube, ['get', 'crd', 'widgets.pool.test', '-o', 'jsonpath={.metadata.uid}']);
      const a = await leaseKube(crdPool, holder('g'), () => {}, [CRD]);
      expect(crds(a)).toBe('customresourcedefinition.apiextensions.k8s.io/widgets.pool.test\n');
      const born = uid(a);
      kubectl(a, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'pool.test/v1', kind: 'Widget', metadata: { name: 'w' } }));
      kubectl(a, ['delete', 'crd', 'widgets.pool.test']);
      rmSync(join(root, 'g', 'state.json'));
      await releaseKube(a.leaseFile);

      const b = await leaseKube(crdPool, holder('h'), () => {}, [GADGETS, CRD]);
      expect(b.server).toBe(a.server);
      expect(crds(b)).toBe('customresourcedefinition.apiextensions.k8s.io/gadgets.pool.test\ncustomresourcedefinition.apiextensions.k8s.io/widgets.pool.test\n');
      // The cluster's own CRD, put back: not one created for this lease.
      expect(uid(b)).toBe(born);
      expect(kubectl(b, ['get', 'widgets,gadgets', '-o', 'name'])).toBe('');
      rmSync(join(root, 'h', 'state.json'));
      await releaseKube(b.leaseFile);

      const c = await leaseKube(crdPool, holder('i'), () => {});
      expect(c.server).toBe(a.server);
      expect(crds(c)).toBe('');
      expect(kubectl(c, ['api-resources', '--api-group', 'pool.test', '-o', 'name'])).toBe('');
    } finally {
      await stopPool(crdPool);
    }
  }, 180_000);

  it('stops, on the next run, the pool of a run killed before its teardown, and the sandboxes leasing from it', async () => {
    // This file's pool holds two clusters by now: holder d's, leased, and holder c's, which c
    // gives back (frozen): both are stopped.
    rmSync(join(root, 'c', 'state.json'));
    await releaseKube(other.leaseFile);
    expect(await stoppedStates(other.pids, true)).toEqual([true, true]);
    const alive = makePool(root);
    // A process of the holder's sandbox (as an emulator would be), and a run owner that is gone.
    const sandboxProcess = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
    writeFileSync(join(root, 'd', 'state.json'), JSON.stringify({ pids: [sandboxProcess.pid] }));
    // What a test of the killed run left in the run's temporary directory.
    const leftover = mkdtempSync(join(poolTmpDir(poolDir), 'kubectl-sg-e2e-state-'));
    // A process no entry or holder records, naming the pool's directory (as the etcd of a cluster
    // killed before it was ready does: its entry.json is written only then).
    const unrecordedLog = join(poolDir, '3', 'etcd.log');
    mkdirSync(join(poolDir, '3'));
    writeFileSync(unrecordedLog, '');
    const unrecorded = spawn('tail', ['-f', unrecordedLog], { detached: true, stdio: 'ignore' });
    const gone = spawnSync('true').pid;
    writeFileSync(join(poolDir, 'owner'), String(gone));

    expect(await stopOrphanPools(root)).toEqual([poolDir]);
    expect([...next.pids, ...other.pids].filter(isRunning)).toEqual([]);
    expect(isRunning(sandboxProcess.pid!)).toBe(false);
    expect(isRunning(unrecorded.pid!)).toBe(false);
    expect(existsSync(join(root, 'd'))).toBe(false);
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(poolDir)).toBe(false);
    // The pool of a run that is still going (this process) is left alone.
    expect(existsSync(alive)).toBe(true);
  }, 120_000);
});
