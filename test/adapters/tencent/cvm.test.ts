// DescribeInstances against the real emulator.
import { describe, expect, it } from 'vitest';
import { withEmulator } from './emulator-fixture.ts';
import { makeScenario } from '../../sandbox/scenario.ts';

const scenario = makeScenario({ nodes: 150, seed: 41 });
const t = withEmulator(scenario);

describe('cvm.describeInstances', () => {
  it('reads 150 instances in two calls of at most 100 IDs and names the missing ones', async () => {
    const ids = scenario.instances.map((i) => i.id);
    const r = await t.cloud.cvm.describeInstances([...ids, 'ins-zzzzzzzz', 'ins-BAD']);
    expect(r.instances).toHaveLength(150);
    expect(r.missing).toEqual(['ins-zzzzzzzz', 'ins-BAD']);
    expect(await t.calls('DescribeInstances')).toHaveLength(2);
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
