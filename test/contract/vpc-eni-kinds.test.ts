// The ENIs that are not ipamd's shared ones (--other-enis), through the real SDK client: the
// fields DescribeNetworkInterfaces gives them under both namings (--eni-marking names|none),
// and the filters that read those fields (eni-type, tag-key, tag:KEY).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScenario, type EniMarking, type OtherEniKind } from '../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../sandbox/tencent/emulator.ts';
import { sdk } from './helpers.ts';

type Eni = { NetworkInterfaceId: string; NetworkInterfaceName: string; NetworkInterfaceDescription: string; EniType: number; TagSet: { Key: string; Value: string }[]; GroupSet: string[] };

describe.each<EniMarking>(['names', 'none'])('ENIs of other kinds, --eni-marking %s', (marking) => {
  const scenario = makeScenario({ nodes: 3, otherEnis: true, eniMarking: marking });
  let emu: Emulator;
  let vpc: ReturnType<typeof sdk>;
  const list = async (Filters: unknown[] = []) => (await vpc.request('DescribeNetworkInterfaces', { Filters, Limit: 100 })).NetworkInterfaceSet as Eni[];
  const kindOf = new Map<string, OtherEniKind>(scenario.instances.flatMap((i) => (i.otherEnis ?? []).map((e) => [e.id, e.kind] as const)));
  const idOf = (kind: OtherEniKind) => [...kindOf].find(([, k]) => k === kind)![0];

  beforeAll(async () => {
    emu = await startEmulator({ scenario });
    vpc = sdk('vpc', emu, scenario.credentials.admin);
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('seeds a direct ENI, a trunk ENI and a sub-ENI on the first node, a hand-attached one on the second, none on the third', () => {
    expect(scenario.instances.map((i) => (i.otherEnis ?? []).map((e) => e.kind))).toEqual([['direct', 'trunk', 'sub-eni'], ['hand'], []]);
    // Each carries groups of its own, none the NEC's global list.
    for (const i of scenario.instances) for (const e of i.otherEnis ?? []) expect(e.groups).not.toEqual(scenario.ipamd.securityGroups);
  });

  it('says EniType 2 of the trunk ENI only (the one field the SDK documents for a kind), and serves eni-type', async () => {
    const all = await list();
    expect(all.filter((e) => e.EniType === 2).map((e) => e.NetworkInterfaceId)).toEqual([idOf('trunk')]);
    expect((await list([{ Name: 'eni-type', Values: ['2'] }])).map((e) => e.NetworkInterfaceId)).toEqual([idOf('trunk')]);
    expect(await list([{ Name: 'eni-type', Values: ['0'] }])).toHaveLength(all.length - 3 - 1); // less 3 primaries and the trunk
  });

  it('gives the hand-attached ENI its operator\'s name and tag under either naming, and serves tag-key and tag:KEY', async () => {
    const [hand] = await list([{ Name: 'tag:owner', Values: ['ops'] }]);
    expect(hand?.NetworkInterfaceId).toBe(idOf('hand'));
    expect(hand?.TagSet).toEqual([{ Key: 'owner', Value: 'ops' }]);
    expect((await list([{ Name: 'tag-key', Values: ['owner'] }])).map((e) => e.NetworkInterfaceId)).toEqual([idOf('hand')]);
    expect(await list([{ Name: 'tag:owner', Values: ['dev'] }])).toEqual([]);
  });

  it(marking === 'names' ? 'names ipamd\'s ENIs and the direct and sub-ENIs after their kind' : 'names no ENI after its kind', async () => {
    const all = await list([{ Name: 'is-primary', Values: ['false'] }]);
    const named = (id: string) => all.find((e) => e.NetworkInterfaceId === id)!.NetworkInterfaceName;
    const ipamdIds = scenario.instances.flatMap((i) => i.secondaryEnis.map((e) => e.id));
    if (marking === 'names') {
      for (const id of ipamdIds) expect(named(id)).toBe('tke-route-eni');
      expect([named(idOf('direct')), named(idOf('sub-eni'))]).toEqual(['tke-direct-eni', 'tke-sub-eni']);
    } else {
      const names = new Set([...ipamdIds, idOf('direct'), idOf('trunk'), idOf('sub-eni')].map(named));
      expect([...names]).toEqual(['eni-secondary']);
    }
  });
});
