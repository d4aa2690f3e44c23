// ECS DescribeNetworkInterfaces through the official SDK: the ECI instances' ENIs found by
// private address (PrivateIpAddress.N) in a VPC, by ID, paged by MaxResults and NextToken.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlibabaEmulator, type AlibabaEmulator } from '../../sandbox/alibaba/emulator.ts';
import { groupByRole } from '../../sandbox/eci/scenario.ts';
import { sdkError } from '../helpers.ts';
import { contractScenario, ecs, keyOf } from './helpers.ts';

const scenario = contractScenario(303);
let emu: AlibabaEmulator;
let api: ReturnType<typeof ecs>;
const made: { id: string; eni: string; ip: string }[] = [];

interface EniJson {
  networkInterfaceId: string;
  privateIpAddress: string;
  vpcId: string;
  securityGroupIds: { securityGroupId: string[] };
}
const enis = (body: Record<string, unknown>) => (body.networkInterfaceSets as { networkInterfaceSet: EniJson[] }).networkInterfaceSet;

beforeAll(async () => {
  emu = await startAlibabaEmulator({ scenario });
  api = ecs(emu.port, keyOf(scenario));
  const group = groupByRole(scenario, 'default').id;
  for (const name of ['db-0', 'db-1', 'db-2']) {
    const cg = await emu.control.createContainerGroup({ name, namespace: 'data', vpcId: scenario.vpcId, vSwitchId: scenario.vSwitches[0]!.id, securityGroupIds: [group] });
    made.push({ id: cg.containerGroupId, eni: cg.eniInstanceId, ip: cg.intranetIp });
  }
});
afterAll(async () => {
  await emu?.close();
});

describe('DescribeNetworkInterfaces', () => {
  it('finds an instance\'s ENI by its private address in the VPC, with its groups', async () => {
    const r = await api.describeNetworkInterfaces({ vpcId: scenario.vpcId, privateIpAddress: [made[1]!.ip], maxResults: 10 });
    expect(enis(r.body).map((e) => [e.networkInterfaceId, e.privateIpAddress, e.vpcId, e.securityGroupIds.securityGroupId])).toEqual([
      [made[1]!.eni, made[1]!.ip, scenario.vpcId, [groupByRole(scenario, 'default').id]],
    ]);
    expect(enis((await api.describeNetworkInterfaces({ vpcId: 'vpc-other', privateIpAddress: [made[1]!.ip] })).body)).toEqual([]);
  });

  it('pages by MaxResults and NextToken, and refuses a MaxResults out of range', async () => {
    const first = await api.describeNetworkInterfaces({ networkInterfaceId: made.map((m) => m.eni), maxResults: 2 });
    const second = await api.describeNetworkInterfaces({ networkInterfaceId: made.map((m) => m.eni), maxResults: 2, nextToken: first.body.nextToken });
    const ids = [...enis(first.body), ...enis(second.body)].map((e) => e.networkInterfaceId);
    expect(ids.sort()).toEqual(made.map((m) => m.eni).sort());
    expect(second.body.nextToken).toBe('');
    expect((await sdkError(api.describeNetworkInterfaces({ maxResults: 501 }))).code).toBe('InvalidParameter');
  });
});
