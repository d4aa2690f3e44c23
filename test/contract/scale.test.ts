// Scale: 5,000 instances and 10,000 ENIs; a filter by 100 instance IDs stays cheap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScenario } from '../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../sandbox/tencent/emulator.ts';
import { sdk } from './helpers.ts';

const scenario = makeScenario({ nodes: 5000, seed: 61 });
let emu: Emulator;
let startMs = 0;

beforeAll(async () => {
  const t0 = performance.now();
  emu = await startEmulator({ scenario });
  startMs = performance.now() - t0;
});
afterAll(async () => {
  await emu?.close();
});

describe('5,000 nodes', () => {
  it('starts quickly and answers a 100-instance filter fast', async () => {
    expect(startMs).toBeLessThan(10_000);
    const vpc = sdk('vpc', emu, scenario.credentials.admin);
    const ids = scenario.instances.slice(4900).map((i) => i.id);
    await vpc.request('DescribeNetworkInterfaces', { Limit: 1 }); // warm the connection path
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) {
      const r = await vpc.request('DescribeNetworkInterfaces', { Filters: [{ Name: 'attachment.instance-id', Values: ids }], Limit: 100, Offset: (i % 2) * 100 });
      expect(r.TotalCount).toBe(200);
    }
    const perCall = (performance.now() - t0) / 10;
    expect(perCall).toBeLessThan(400); // generous: CI shares two cores with other suites; O(N) scans would still show
    const all = await vpc.request('DescribeNetworkInterfaces', { Limit: 1 });
    expect(all.TotalCount).toBe(10_000);
    const cvm = sdk('cvm', emu, scenario.credentials.admin);
    expect((await cvm.request('DescribeInstances', { InstanceIds: ids })).TotalCount).toBe(100);
  });
});
