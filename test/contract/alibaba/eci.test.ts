// ECI DescribeContainerGroups through the official SDK: the instances the simulator creates
// through the control interface, read by ID (at most 20) with their groups, paging by Limit
// (at most 20) and NextToken, unknown and deleted IDs absent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlibabaEmulator, type AlibabaEmulator } from '../../sandbox/alibaba/emulator.ts';
import type { CreatedContainerGroup } from '../../sandbox/alibaba/control-client.ts';
import { groupByRole } from '../../sandbox/eci/scenario.ts';
import { sdkError } from '../helpers.ts';
import { contractScenario, eci, keyOf, type SdkError } from './helpers.ts';

const scenario = contractScenario(303);
const [zoneK, zoneJ] = scenario.vSwitches;
let emu: AlibabaEmulator;
let api: ReturnType<typeof eci>;
const created: CreatedContainerGroup[] = [];

beforeAll(async () => {
  emu = await startAlibabaEmulator({ scenario });
  api = eci(emu.port, keyOf(scenario));
  const def = groupByRole(scenario, 'default').id;
  const wide = groupByRole(scenario, 'wideOpen').id;
  for (let i = 0; i < 45; i++) {
    const vsw = i % 2 === 0 ? zoneK! : zoneJ!;
    created.push(
      await emu.control.createContainerGroup({ name: `shop-cart-${i}`, namespace: 'shop', podUid: `uid-${i}`, vpcId: scenario.vpcId, vSwitchId: vsw.id, securityGroupIds: i === 0 ? [wide, def] : [def] }),
    );
  }
});
afterAll(async () => {
  await emu?.close();
});

const fail = (p: Promise<unknown>) => sdkError(p) as Promise<SdkError>;
type Cg = Record<string, unknown>;
const groupsOf = (body: Record<string, unknown>) => body.containerGroups as Cg[];

describe('DescribeContainerGroups', () => {
  it('answers an instance by ID with its VPC, vSwitch, zone, ENI, IP and its groups comma-joined in order', async () => {
    const first = created[0]!;
    const r = await api.describeContainerGroups({ containerGroupIds: JSON.stringify([first.containerGroupId]) });
    expect(r.body.totalCount).toBe(1);
    expect(groupsOf(r.body)[0]).toMatchObject({
      containerGroupId: first.containerGroupId,
      containerGroupName: 'shop-cart-0',
      securityGroupId: `${groupByRole(scenario, 'wideOpen').id},${groupByRole(scenario, 'default').id}`,
      vpcId: scenario.vpcId,
      vSwitchId: zoneK!.id,
      zoneId: zoneK!.zoneId,
      eniInstanceId: first.eniInstanceId,
      intranetIp: first.intranetIp,
      status: 'Running',
      regionId: 'cn-hangzhou',
    });
    expect(first.containerGroupId).toMatch(/^eci-/);
    expect(first.eniInstanceId).toMatch(/^eni-/);
  });

  it('reports only the first of several groups under the other reading (scenario securityGroupIdFormat "first")', async () => {
    const other = await startAlibabaEmulator({ scenario: { ...scenario, securityGroupIdFormat: 'first' } });
    try {
      const wide = groupByRole(scenario, 'wideOpen').id;
      const cg = await other.control.createContainerGroup({ name: 'two-groups', namespace: 'shop', vpcId: scenario.vpcId, vSwitchId: zoneK!.id, securityGroupIds: [wide, groupByRole(scenario, 'default').id] });
      const r = await eci(other.port, keyOf(scenario)).describeContainerGroups({ containerGroupIds: JSON.stringify([cg.containerGroupId]) });
      expect(groupsOf(r.body)[0]?.securityGroupId).toBe(wide);
    } finally {
      await other.close();
    }
  });

  it('takes up to 20 IDs, unknown and deleted ones simply absent; 21 is refused', async () => {
    const ids = created.slice(1, 19).map((c) => c.containerGroupId);
    await emu.control.createContainerGroup({ name: 'to-delete', namespace: 'shop', vpcId: scenario.vpcId, vSwitchId: zoneK!.id, securityGroupIds: [groupByRole(scenario, 'default').id] }).then(async (gone) => {
      await emu.control.deleteContainerGroup(gone.containerGroupId);
      const r = await api.describeContainerGroups({ containerGroupIds: JSON.stringify([...ids, gone.containerGroupId, 'eci-bp1doesnotexist0000']) });
      expect(groupsOf(r.body).map((c) => c.containerGroupId)).toEqual(ids);
    });
    const tooMany = created.slice(0, 21).map((c) => c.containerGroupId);
    const e = await fail(api.describeContainerGroups({ containerGroupIds: JSON.stringify(tooMany) }));
    expect(e).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    expect(e.message).toContain('ContainerGroupIds');
  });

  it('pages 45 instances by Limit (default and most 20) and NextToken, with TotalCount', async () => {
    const seen: string[] = [];
    let token = '';
    let calls = 0;
    do {
      const r = await api.describeContainerGroups(token ? { nextToken: token } : {});
      calls++;
      expect(r.body.totalCount).toBe(45);
      expect(groupsOf(r.body).length).toBeLessThanOrEqual(20);
      seen.push(...groupsOf(r.body).map((c) => String(c.containerGroupId)));
      token = String(r.body.nextToken ?? '');
    } while (token);
    expect(calls).toBe(3);
    expect(seen).toEqual(created.map((c) => c.containerGroupId));
    expect(await fail(api.describeContainerGroups({ limit: 21 }))).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
  });

  it('filters by name, vSwitch and zone', async () => {
    const byName = await api.describeContainerGroups({ containerGroupName: 'shop-cart-7' });
    expect(groupsOf(byName.body).map((c) => c.containerGroupId)).toEqual([created[7]!.containerGroupId]);
    const zoneJOnly = await api.describeContainerGroups({ zoneId: zoneJ!.zoneId, vSwitchId: zoneJ!.id });
    expect(zoneJOnly.body.totalCount).toBe(22);
  });
});
