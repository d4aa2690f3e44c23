import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/longest-first.ts';

// Sandbox-backed tests start real processes (kube-apiserver, etcd, emulators): generous
// timeouts, and files run in forks so each can own its processes.
export default defineConfig({
  test: {
    pool: 'forks',
    // Most sandbox-backed time is spent waiting on other processes (apiserver, kubectl, ipamd's
    // reaction, a resync's pause), so more workers than the 2 cores keep them busy; vitest's
    // default here would be 1. With 4, both cores idled about half of the first minute, when the
    // longest files (mostly waiting) run first; 6 fills it (docs/testing.md).
    maxWorkers: 6,
    globalSetup: ['test/global-setup.ts'],
    // The longest files first, also on a fresh clone (test/longest-first.ts).
    sequence: { sequencer: LongestFirst },
    testTimeout: 120_000,
    hookTimeout: 900_000,
    projects: [
      // Files that import the plugin's own modules get a fresh process each: module state (the
      // lazily loaded cloud SDK, colour support read once) must not carry from one file to the next.
      {
        extends: true,
        // build.mjs provides kubectl-sg:tui-source to the real build; here, a name that opens nothing (test/in-process/tui-source.ts).
        resolve: { alias: { 'kubectl-sg:tui-source': new URL('./test/in-process/tui-source.ts', import.meta.url).pathname } },
        test: { name: 'modules', include: ['src/**/*.test.ts', 'test/adapters/**/*.test.ts', 'test/in-process/**/*.test.ts'], exclude: ['src/domain/**'] },
      },
      // The domain floor does no I/O and holds no module state (docs/development.md), so its files
      // share workers: a process each cost ~3 s of CPU a run for ~40 files of pure functions.
      { extends: true, test: { name: 'domain', include: ['src/domain/**/*.test.ts'], isolate: false } },
      // Files that drive processes (the plugin through kubectl, the sandbox, its simulators) share
      // worker processes: each of them loaded the Kubernetes client and vitest's runtime afresh,
      // ~15 s of CPU a run (docs/testing.md). None imports src/, and none leaves process.env changed.
      { extends: true, test: { name: 'processes', include: ['test/**/*.test.ts'], exclude: ['test/adapters/**', 'test/in-process/**'], isolate: false } },
    ],
  },
});
