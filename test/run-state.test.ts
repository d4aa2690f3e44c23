// A test run keeps what the plugin writes between runs (the local change log, resync journals) in
// its own temporary directory (global-setup.ts), not in the user's ~/.local/state/kubectl-sg:
// every plugin a test starts without KUBECTL_SG_STATE_DIR inherits XDG_STATE_HOME from there, and
// the pool's stop removes that directory with the rest of the run's. kubectl's discovery cache
// (KUBECACHEDIR) goes there too, instead of ~/.kube/cache.
import { join } from 'node:path';
import { expect, it } from 'vitest';

it("puts the plugin's state under the run's temporary directory, not the user's home", () => {
  expect(process.env.KUBECTL_SG_STATE_DIR).toBeUndefined();
  expect(process.env.XDG_STATE_HOME).toBe(join(process.env.TMPDIR!, 'state'));
});

it("points kubectl's discovery cache at the run's temporary directory, not ~/.kube/cache", () => {
  expect(process.env.KUBECACHEDIR).toBe(join(process.env.TMPDIR!, 'kube-cache'));
});
