// Scale: 5,000 instances and 10,000 ENIs; a filter by 100 instance IDs pages right. (How fast is
// the bench's business: no timed assertions here.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScenario } from '../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../sandbox/tencent/emulator.ts';
import { sdk } from './helpers.ts';

const scenario = makeScenario({ nodes: 5000, seed: 61 });
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ scenario });
});
afterAll(async () => {
  await emu?.close();
});

describe('5,000 nodes', () => {
  it('starts with 5,000 instances and answers a 100-instance filter page by page', async () => {
    const vpc = sdk('vpc', emu, scenario.credentials.admin);
    const ids = scenario.instances.slice(4900).map((i) => i.id);
    await vpc.request('DescribeNetworkInterfaces', { Limit: 1 }); // warm the connection path
    for (let i = 0; i < 10; i++) {
      const r = await vpc.request('DescribeNetworkInterfaces', { Filters: [{ Name: 'attachment.instance-id', Values: ids }], Limit: 100, Offset: (i % 2) * 100 });
      expect(r.TotalCount).toBe(200);
    }
    const all = await vpc.request('DescribeNetworkInterfaces', { Limit: 1 });
    expect(all.TotalCount).toBe(10_000);
    const cvm = sdk('cvm', emu, scenario.credentials.admin);
    expect((await cvm.request('DescribeInstances', { InstanceIds: ids })).TotalCount).toBe(100);
  });
});
