// The emulator's record of ENI group changes (GET/DELETE /_sandbox/group-changes): what the
// resync bench reads to measure how long an ENI went without groups. Driven by the real SDK.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScenario } from '../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../sandbox/tencent/emulator.ts';
import { sdk } from './helpers.ts';

const scenario = makeScenario({ nodes: 2, seed: 61 });
const { admin } = scenario.credentials;
const [gBase, gWeb, gDb] = scenario.securityGroups.slice(1, 4).map((g) => g.id) as [string, string, string];
const eni = scenario.instances[0]!.secondaryEnis[0]!.id;
const other = scenario.instances[1]!.secondaryEnis[0]!.id;
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ scenario });
});
afterAll(() => emu?.close());

describe('group changes', () => {
  it('records each change made through the API or the control interface, with the groups after it, in order', async () => {
    await emu.control.clearGroupChanges();
    const vpc = sdk('vpc', emu, admin);
    const t0 = Date.now();
    await vpc.request('AssociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: [eni, other], SecurityGroupIds: [gBase, gWeb] });
    await vpc.request('DisassociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: [eni], SecurityGroupIds: [gBase, gWeb] });
    await emu.control.setEniGroups(eni, [gDb]);
    const t1 = Date.now();
    const { changes, dropped } = await emu.control.groupChanges();
    expect(dropped).toBe(0);
    expect(changes.map(({ eniId, groups, cause }) => ({ eniId, groups, cause }))).toEqual([
      { eniId: eni, groups: [gBase, gWeb], cause: 'AssociateNetworkInterfaceSecurityGroups' },
      { eniId: other, groups: [gBase, gWeb], cause: 'AssociateNetworkInterfaceSecurityGroups' },
      { eniId: eni, groups: [], cause: 'DisassociateNetworkInterfaceSecurityGroups' },
      { eniId: eni, groups: [gDb], cause: 'control' },
    ]);
    const times = changes.map((c) => c.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThanOrEqual(t0);
    expect(times.at(-1)).toBeLessThanOrEqual(t1);
  });

  it('records nothing for a call that changes nothing', async () => {
    await emu.control.clearGroupChanges();
    const vpc = sdk('vpc', emu, admin);
    await vpc.request('AssociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: [other], SecurityGroupIds: [gBase] }); // already bound
    await vpc.request('DisassociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: [other], SecurityGroupIds: [gDb] }); // not bound
    await emu.control.setEniGroups(other, [gBase, gWeb]); // what it has
    expect((await emu.control.groupChanges()).changes).toEqual([]);
  });

  it('records a new ENI as having no group, filters by time with ?since, and forgets on DELETE', async () => {
    await emu.control.clearGroupChanges();
    await emu.control.setEniGroups(eni, [gWeb]);
    const since = Date.now() + 1;
    await new Promise((r) => setTimeout(r, 5));
    const created = await emu.control.createEni({ instanceId: scenario.instances[1]!.id });
    const later = await emu.control.groupChanges(since);
    expect(later.changes.map(({ eniId, groups, cause }) => ({ eniId, groups, cause }))).toEqual([
      { eniId: created.NetworkInterfaceId, groups: [], cause: 'created' },
    ]);
    expect((await emu.control.groupChanges()).changes).toHaveLength(2);
    await emu.control.clearGroupChanges();
    expect(await emu.control.groupChanges()).toEqual({ changes: [], dropped: 0 });
  });
});
