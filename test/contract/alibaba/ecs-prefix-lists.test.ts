// Prefix lists through the official SDK: DescribePrefixListAttributes' entries, NotFound, and a
// rule naming a prefix list as DescribeSecurityGroupAttribute answers it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlibabaEmulator, type AlibabaEmulator } from '../../sandbox/alibaba/emulator.ts';
import { groupByRole } from '../../sandbox/eci/scenario.ts';
import { sdkError } from '../helpers.ts';
import { contractScenario, ecs, keyOf, type SdkError } from './helpers.ts';

const scenario = contractScenario(404);
let emu: AlibabaEmulator;
let api: ReturnType<typeof ecs>;
let list: { id: string };

beforeAll(async () => {
  emu = await startAlibabaEmulator({ scenario });
  api = ecs(emu.port, keyOf(scenario));
  list = await emu.control.createPrefixList({ name: 'office', entries: ['10.20.0.0/16', '10.30.0.0/16'] });
});
afterAll(async () => {
  await emu?.close();
});

describe('DescribePrefixListAttributes', () => {
  it('answers the entries, and NotFound (404) for a list the region does not have', async () => {
    const r = await api.describePrefixListAttributes({ prefixListId: list.id });
    expect(r.body).toMatchObject({ prefixListId: list.id, prefixListName: 'office', addressFamily: 'IPv4', entries: { entry: [{ cidr: '10.20.0.0/16' }, { cidr: '10.30.0.0/16' }] } });
    const e = (await sdkError(api.describePrefixListAttributes({ prefixListId: 'pl-bp1doesnotexist0000' }))) as SdkError;
    expect([e.code, e.statusCode]).toEqual(['InvalidPrefixListId.NotFound', 404]);
  });

  it('a rule naming the list answers SourcePrefixListId', async () => {
    const g = groupByRole(scenario, 'payments').id;
    await emu.control.setRules(g, [{ direction: 'ingress', ipProtocol: 'TCP', portRange: '22/22', sourcePrefixListId: list.id, policy: 'Accept', priority: 1 }]);
    const r = await api.describeSecurityGroupAttribute({ securityGroupId: g });
    expect((r.body.permissions as { permission: Record<string, unknown>[] }).permission).toEqual([expect.objectContaining({ sourcePrefixListId: list.id, sourceCidrIp: '', portRange: '22/22' })]);
  });
});
