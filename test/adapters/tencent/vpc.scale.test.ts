// A 5,000-node listing: how many calls, how long, and no throttling along the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScenario } from '../../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../../sandbox/tencent/emulator.ts';
import { CloudCredential } from '../../../src/adapters/tencent/credentials.ts';
import { createTencentCloud } from '../../../src/adapters/tencent/index.ts';

const scenario = makeScenario({ nodes: 5000, seed: 61 });
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ scenario });
});
afterAll(async () => {
  await emu?.close();
});

describe('5,000 nodes', () => {
  it('lists 10,000 ENIs in ⌈10,000/100⌉ = 100 calls within the 100/s limit, and their groups in one more', async () => {
    const cloud = createTencentCloud({ credential: new CloudCredential('env', 'test', scenario.credentials.admin), region: scenario.region, env: { HTTPS_PROXY: emu.proxyUrl } });
    const t0 = performance.now();
    const enis = await cloud.vpc.describeEnisByInstances(scenario.instances.map((i) => i.id));
    const groups = await cloud.vpc.describeSecurityGroups([...new Set(enis.flatMap((e) => e.groups))]);
    const ms = performance.now() - t0;
    cloud.clients.close();

    expect(enis).toHaveLength(10_000);
    expect(groups.missing).toEqual([]);
    const made = await emu.control.calls();
    expect(made.filter((c) => c.action === 'DescribeNetworkInterfaces')).toHaveLength(100);
    expect(made.filter((c) => c.action === 'DescribeSecurityGroups')).toHaveLength(1);
    expect(made.filter((c) => c.code !== '')).toEqual([]); // no RequestLimitExceeded, nothing retried
    // How long it takes is the bench's business (npm run bench), not a test's.
    console.log(`5,000 nodes: ${enis.length} ENIs, ${made.length} calls, ${Math.round(ms)} ms`);
  });

  it('keeps two listings at once under the account’s 100/s: 200 calls, none refused', async () => {
    await emu.control.clearCalls();
    await emu.control.resetRateLimits();
    const cloud = createTencentCloud({ credential: new CloudCredential('env', 'test', scenario.credentials.admin), region: scenario.region, env: { HTTPS_PROXY: emu.proxyUrl } });
    const ids = scenario.instances.map((i) => i.id);
    const [a, b] = await Promise.all([cloud.vpc.describeEnisByInstances(ids), cloud.vpc.describeEnisByInstances(ids)]);
    cloud.clients.close();
    expect([a.length, b.length]).toEqual([10_000, 10_000]);
    const made = await emu.control.calls();
    expect(made.map((c) => c.code).filter((c) => c !== '')).toEqual([]);
    expect(made).toHaveLength(200);
    const at = made.map((c) => c.at).sort((x, y) => x - y);
    const busiest = Math.max(...at.map((t) => at.filter((u) => u >= t && u < t + 1000).length));
    expect(busiest).toBeLessThanOrEqual(100);
  });
});
