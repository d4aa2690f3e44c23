// vitest globalSetup, run once before any worker starts:
// - makes the sandbox CA and adds it to NODE_EXTRA_CA_CERTS, so that in every worker the SDK (and
//   kubectl-sg's own code) trusts the emulator through the plain HTTPS_PROXY setting, and
//   everything else keeps what the machine trusts (sandbox/shared/ca.ts, extraCaCertsWith);
// - builds kube-apiserver and etcd if the cache is cold (about 5 minutes on 2 cores, once per
//   machine), and krew for the release tests, here rather than in the test files, so the build
//   does not compete with tests for the CPU and its progress is printed once;
// - makes the run's pool of kube-apiserver + etcd pairs (sandbox/kube/pool.ts), which every
//   sandbox of the run leases from, its clusters first ready with every CRD a sandbox has, and
//   stops it when the run ends; its temporary directory is the workers' TMPDIR and holds their
//   XDG_STATE_HOME.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSandboxCa, extraCaCertsWith } from './sandbox/shared/ca.ts';
import { ensureKubeBinaries, KUBE_MAJOR, KUBE_MINOR } from './sandbox/kube/build.ts';
import { directKubectlDir } from './sandbox/kube/dispatched-kubectl.ts';
import { ensureKrewBinaries } from './release/krew-binaries.ts';
import { SIM_BUNDLES_ENV, bundleSimulators } from './sandbox/shared/simulator-bundles.ts';
import { KUBE_POOL_ENV, makePool, poolTmpDir, stopOrphanPools, stopPool } from './sandbox/kube/pool.ts';
import { cacheRoot } from '../cmd/release/build-cache.ts';
import { SANDBOX_CRDS } from './sandbox/sandbox-crds.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const { caFile } = ensureSandboxCa();
  process.env.NODE_EXTRA_CA_CERTS = extraCaCertsWith(caFile, process.env.NODE_EXTRA_CA_CERTS);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  await Promise.all([ensureKubeBinaries({ log }), ensureKrewBinaries(log)]);
  // The Node processes of a run (about 150 sandbox CLIs, emulators and simulators) compile the
  // same modules again and again: Node's compile cache keeps the compiled code on disk between
  // them and between runs (it cut a sandbox CLI's CPU by about a quarter). Only a cache: V8
  // checks each entry against the source and Node version.
  process.env.NODE_COMPILE_CACHE ??= join(cacheRoot(), 'node-compile-cache');
  // gcloud's kubectl dispatcher costs ~33 ms of CPU a plain call before it execs the kubectl
  // it picks (sandbox/kube/dispatched-kubectl.ts): the run calls that one directly, and keeps
  // PATH as the user had it for plugin.test.ts's path through the dispatcher.
  const direct = directKubectlDir(cacheRoot(), KUBE_MAJOR, KUBE_MINOR);
  if (direct) {
    process.env.KUBECTL_SG_TEST_USER_PATH = process.env.PATH;
    process.env.PATH = `${direct}:${process.env.PATH}`;
  }
  // A run killed before its teardown (Ctrl-C, a CI timeout) left its pool and sandboxes running.
  for (const orphan of await stopOrphanPools(tmpdir())) log(`stopped the kube pool of an interrupted run: ${orphan}`);
  // The workers inherit the variable; sandboxes started outside a test run start their own cluster.
  const pool = makePool(tmpdir(), SANDBOX_CRDS);
  process.env[KUBE_POOL_ENV] = pool;
  // Tests, sandboxes and the plugin make temporary directories (about 60 a run were left in /tmp):
  // they go in the pool's, which its stop removes, at the end of this run or at the start of the
  // next one if this run is killed. tmux's sockets go there too (test/e2e/tmux.ts names their paths).
  process.env.TMPDIR = poolTmpDir(pool);
  // What the plugin keeps between runs (the local change log, resync journals) goes there too,
  // unless a test names its own directory (KUBECTL_SG_STATE_DIR): left in the user's
  // ~/.local/state/kubectl-sg, it held 7,543 records and 803 journals after one day's runs here,
  // and a history or resume there read the records of every earlier run.
  process.env.XDG_STATE_HOME = join(poolTmpDir(pool), 'state');
  // kubectl's discovery cache likewise: a sandbox's env.sh names one of its own, but the kubectl a
  // harness or a test runs with just a kubeconfig wrote to ~/.kube/cache/discovery, one directory
  // per host:port of the run's clusters (21 there after a day's runs), and a later run whose
  // cluster got the same port could read the CRDs of another.
  process.env.KUBECACHEDIR = join(poolTmpDir(pool), 'kube-cache');
  // The simulators as one file each, started by every sandbox of the run (simulator-bundles.ts).
  const bundles = join(pool, 'simulators');
  await bundleSimulators(bundles);
  process.env[SIM_BUNDLES_ENV] = bundles;
  return () => stopPool(pool);
}
