import { defineConfig } from 'vitest/config';

// Sandbox-backed tests start real processes (kube-apiserver, etcd, emulators): generous
// timeouts, and files run in separate forks so each can own its processes.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    // Most sandbox-backed time is spent waiting on other processes (apiserver, kubectl, ipamd's
    // reaction, a resync's pause), so more workers than the 2 cores keep them busy; vitest's
    // default here would be 1. With 4, both cores idled about half of the first minute, when the
    // longest files (mostly waiting) run first; 6 fills it (docs/testing.md).
    maxWorkers: 6,
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 900_000,
  },
});
