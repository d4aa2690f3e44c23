// One in-process emulator per test file with the adapter connected to it as the CLI would be
// (HTTPS_PROXY; the sandbox CA is trusted through the global test setup), and the counters
// reset before each test so call counts belong to that test.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startEmulator, type Emulator } from '../../sandbox/tencent/emulator.ts';
import type { Scenario } from '../../sandbox/scenario.ts';
import { CloudCredential } from '../../../src/adapters/tencent/credentials.ts';
import { createTencentCloud, type TencentCloud } from '../../../src/adapters/tencent/index.ts';

export function connect(e: Emulator, s: Scenario): TencentCloud {
  return createTencentCloud({
    credential: new CloudCredential('env', 'test', s.credentials.admin),
    region: s.region,
    env: { HTTPS_PROXY: e.proxyUrl },
    retry: { baseDelayMs: 10 },
  });
}

export interface Connected {
  emu: Emulator;
  cloud: TencentCloud;
  /** The calls of one action recorded by the emulator since this test began. */
  calls(action: string): Promise<{ action: string; code: string }[]>;
}

export function withEmulator(scenario: Scenario): Connected {
  const ctx = {
    calls: async (action: string) => (await ctx.emu.control.calls()).filter((c) => c.action === action),
  } as unknown as Connected;
  beforeAll(async () => {
    ctx.emu = await startEmulator({ scenario });
    ctx.cloud = connect(ctx.emu, scenario);
  });
  afterAll(async () => {
    ctx.cloud?.clients.close();
    await ctx.emu?.close();
  });
  beforeEach(async () => {
    await ctx.emu.control.clearCalls();
    await ctx.emu.control.resetRateLimits();
  });
  return ctx;
}
