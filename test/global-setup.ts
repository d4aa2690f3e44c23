// vitest globalSetup, run once before any worker starts:
// - makes the sandbox CA and sets NODE_EXTRA_CA_CERTS, so that in every worker the SDK (and
//   kubectl-sg's own code) trusts the emulator through the plain HTTPS_PROXY setting;
// - builds kube-apiserver and etcd if the cache is cold (about 7 minutes on 2 cores, once per
//   machine), here rather than in the test files, so the build does not compete with tests for
//   the CPU and its progress is printed once; and the release tests' tools, rcodesign and krew.
import { ensureSandboxCa } from './sandbox/shared/ca.ts';
import { ensureKubeBinaries } from './sandbox/kube/build.ts';
import { ensureKrewBinaries } from './release/krew-binaries.ts';
import { prefixed } from '../cmd/release/build-cache.ts';

export default async function setup(): Promise<void> {
  const { caFile } = ensureSandboxCa();
  process.env.NODE_EXTRA_CA_CERTS = caFile;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // rcodesign and krew (for the release tests) are built here too, once per machine, for the
  // same reason: a cold rcodesign build is ~10 minutes of CPU, too long for a test's hook.
  await Promise.all([ensureKubeBinaries({ log }), ensureKrewBinaries(log)]);
}
