// ActionTrail LookupEvents through the official generic client (openapi.ts), after a change of
// an ECI instance's ENI groups made with the official ECS SDK (ModifyNetworkInterfaceAttribute,
// SecurityGroupId.N) by another operator's key: the event names that key's RAM user, the ENI as
// resource, the groups in its parameters; searched by ResourceName and EventName, paged, in the
// window asked; and the change itself is what DescribeContainerGroups reports afterwards.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlibabaEmulator, type AlibabaEmulator } from '../../sandbox/alibaba/emulator.ts';
import type { CreatedContainerGroup } from '../../sandbox/alibaba/control-client.ts';
import { groupByRole } from '../../sandbox/eci/scenario.ts';
import { ALIBABA_ACCOUNT_ID } from '../../sandbox/alibaba/services/sts.ts';
import { sdkError } from '../helpers.ts';
import { contractScenario, credentialOf, eci, keyOf, type SdkError } from './helpers.ts';
import { callRpc } from './openapi.ts';

const require = createRequire(import.meta.url);
const Ecs = require('@alicloud/ecs20140526') as {
  default: new (config: Record<string, unknown>) => { modifyNetworkInterfaceAttribute(r: object): Promise<{ statusCode: number }> };
  ModifyNetworkInterfaceAttributeRequest: new (map: Record<string, unknown>) => object;
};

const scenario = contractScenario(505);
let emu: AlibabaEmulator;
let cg: CreatedContainerGroup;
let from: string;
const wide = groupByRole(scenario, 'wideOpen').id;
const def = groupByRole(scenario, 'default').id;

const lookup = (query: Record<string, string>) => callRpc(emu.port, keyOf(scenario), 'LookupEvents', '2020-07-06', { RegionId: 'cn-hangzhou', StartTime: from, EndTime: new Date(Date.now() + 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'), ...query });
type Event = { eventName: string; eventTime: string; resourceName: string; resourceType: string; requestParameters: Record<string, unknown>; userIdentity: { type: string; userName: string; accessKeyId: string; accountId: string } };

beforeAll(async () => {
  emu = await startAlibabaEmulator({ scenario });
  from = new Date(Date.now() - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  cg = await emu.control.createContainerGroup({ name: 'shop-cart-0', namespace: 'shop', podUid: 'uid-0', vpcId: scenario.vpcId, vSwitchId: scenario.vSwitches[0]!.id, securityGroupIds: [def] });
  const ecs = new Ecs.default({ credential: credentialOf(scenario.colleagueKey), endpoint: `127.0.0.1:${emu.port}`, protocol: 'http', regionId: 'cn-hangzhou' });
  const r = await ecs.modifyNetworkInterfaceAttribute(new Ecs.ModifyNetworkInterfaceAttributeRequest({ regionId: 'cn-hangzhou', networkInterfaceId: cg.eniInstanceId, securityGroupId: [wide, def] }));
  expect(r.statusCode).toBe(200);
});
afterAll(async () => {
  await emu?.close();
});

describe('ModifyNetworkInterfaceAttribute', () => {
  it('replaces the groups of the ECI instance behind the ENI', async () => {
    const r = await eci(emu.port, keyOf(scenario)).describeContainerGroups({ containerGroupIds: JSON.stringify([cg.containerGroupId]) });
    expect((r.body.containerGroups as { securityGroupId: string }[])[0]!.securityGroupId).toBe(`${wide},${def}`);
  });
});

describe('LookupEvents', () => {
  it('finds the change by the ENI as resource, attributed to the RAM user of the key that made it', async () => {
    const r = await lookup({ 'LookupAttribute.1.Key': 'ResourceName', 'LookupAttribute.1.Value': cg.eniInstanceId! });
    const events = r.body.Events as Event[];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      eventName: 'ModifyNetworkInterfaceAttribute',
      resourceType: 'ACS::ECS::NetworkInterface',
      resourceName: cg.eniInstanceId,
      userIdentity: { type: 'ram-user', userName: 'colleague', accessKeyId: scenario.colleagueKey.accessKeyId, accountId: ALIBABA_ACCOUNT_ID },
    });
    expect(events[0]!.requestParameters).toMatchObject({ NetworkInterfaceId: cg.eniInstanceId, 'SecurityGroupId.1': wide, 'SecurityGroupId.2': def });
    expect(events[0]!.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(r.body.NextToken).toBe('');
    expect(r.body.StartTime).toBe(from);
  });

  it('two conditions must both hold; nothing outside the window; reads are not kept', async () => {
    const both = await lookup({ 'LookupAttribute.1.Key': 'EventName', 'LookupAttribute.1.Value': 'ModifyNetworkInterfaceAttribute', 'LookupAttribute.2.Key': 'User', 'LookupAttribute.2.Value': 'colleague' });
    expect(both.body.Events).toHaveLength(1);
    const other = await lookup({ 'LookupAttribute.1.Key': 'EventName', 'LookupAttribute.1.Value': 'ModifyNetworkInterfaceAttribute', 'LookupAttribute.2.Key': 'User', 'LookupAttribute.2.Value': 'kubectl-sg-operator' });
    expect(other.body.Events).toEqual([]);
    const reads = await lookup({ 'LookupAttribute.1.Key': 'EventName', 'LookupAttribute.1.Value': 'DescribeContainerGroups' });
    expect(reads.body.Events).toEqual([]);
    const before = await callRpc(emu.port, keyOf(scenario), 'LookupEvents', '2020-07-06', { RegionId: 'cn-hangzhou', StartTime: '2020-01-01T00:00:00Z', EndTime: '2020-01-02T00:00:00Z' });
    expect(before.body.Events).toEqual([]);
  });

  it('refuses an unknown key, a malformed time and MaxResults over 50', async () => {
    const queries: Record<string, string>[] = [{ 'LookupAttribute.1.Key': 'Colour', 'LookupAttribute.1.Value': 'x' }, { MaxResults: '51' }, { StartTime: '2020-01-01 00:00:00' }];
    for (const query of queries) {
      const e = (await sdkError(lookup(query))) as SdkError;
      expect(e.code, JSON.stringify(query)).toBe('InvalidParameter');
    }
  });
});
