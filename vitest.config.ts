import { defineConfig } from 'vitest/config';

// Sandbox-backed tests start real processes (kube-apiserver, etcd, emulators): generous
// timeouts, and files run in separate forks so each can own its processes.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    // Most sandbox-backed time is spent waiting on other processes (apiserver, kubectl), so
    // more workers than the 2 cores keep them busy; vitest's default here would be 1.
    maxWorkers: 4,
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 900_000,
  },
});
