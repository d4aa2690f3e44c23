// DescribeInstances against the real emulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeScenario } from '../../../test/sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../../../test/sandbox/tencent/emulator.ts';
import { CloudCredential } from './credentials.ts';
import { createTencentCloud, type TencentCloud } from './index.ts';

const scenario = makeScenario({ nodes: 150, seed: 41 });
let emu: Emulator;
let cloud: TencentCloud;

const connect = (e: Emulator, s: typeof scenario) =>
  createTencentCloud({ credential: new CloudCredential('env', 'test', s.credentials.admin), region: s.region, env: { HTTPS_PROXY: e.proxyUrl }, retry: { baseDelayMs: 10 } });
const calls = async (action: string) => (await emu.control.calls()).filter((c) => c.action === action);

beforeAll(async () => {
  emu = await startEmulator({ scenario });
  cloud = connect(emu, scenario);
});
afterAll(async () => {
  cloud?.clients.close();
  await emu?.close();
});
beforeEach(async () => {
  await emu.control.clearCalls();
  await emu.control.resetRateLimits();
});

describe('cvm.describeInstances', () => {
  it('reads 150 instances in two calls of at most 100 IDs and names the missing ones', async () => {
    const ids = scenario.instances.map((i) => i.id);
    const r = await cloud.cvm.describeInstances([...ids, 'ins-zzzzzzzz', 'ins-BAD']);
    expect(r.instances).toHaveLength(150);
    expect(r.missing).toEqual(['ins-zzzzzzzz', 'ins-BAD']);
    expect(await calls('DescribeInstances')).toHaveLength(2);
    const first = scenario.instances[0]!;
    expect(r.instances.find((i) => i.id === first.id)).toEqual({
      id: first.id,
      name: expect.any(String),
      state: 'RUNNING',
      zone: 'ap-guangzhou-3',
      instanceType: 'S5.MEDIUM4',
      privateIps: [first.nodeName],
      securityGroupIds: first.primaryEni.groups,
      vpcId: scenario.vpc.id,
      subnetId: first.primaryEni.subnetId,
      camRoleName: undefined,
    });
  });
});
