// TKE: DescribeClusters and the eniipamd addon (RawValues base64 round trip, merge/replace,
// ResourceNotFound without the addon).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScenario } from '../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../sandbox/tencent/emulator.ts';
import { sdk, sdkError } from './helpers.ts';

const scenario = makeScenario({ nodes: 2, seed: 31, ipamdVersion: 'v3.5.8' });
const { admin } = scenario.credentials;
const cls = scenario.clusterId;
let emu: Emulator;
let tke: ReturnType<typeof sdk>;

const decode = (b64: string) => JSON.parse(Buffer.from(b64, 'base64').toString('utf8')) as Record<string, any>;
const encode = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64');
const addonValues = async () => {
  const r = await tke.request('DescribeAddon', { ClusterId: cls, AddonName: 'eniipamd' });
  return decode((r.Addons as { RawValues: string }[])[0]!.RawValues);
};

beforeAll(async () => {
  emu = await startEmulator({ scenario });
  tke = sdk('tke', emu, admin);
});
afterAll(async () => {
  await emu?.close();
});

describe('DescribeClusters', () => {
  it('returns the cluster with its network settings', async () => {
    const r = await tke.request('DescribeClusters', { ClusterIds: [cls] });
    expect(r.TotalCount).toBe(1);
    const c = (r.Clusters as Record<string, any>[])[0]!;
    expect(c).toMatchObject({ ClusterId: cls, ClusterName: scenario.clusterName, ClusterNodeNum: 2, ClusterStatus: 'Running' });
    expect(c.ClusterNetworkSettings).toMatchObject({ Cni: true, VpcId: scenario.vpc.id });
    expect((await tke.request('DescribeClusters', { ClusterIds: ['cls-zzzzzzzz'] })).TotalCount).toBe(0);
    expect((await sdk('tke', emu, admin, 'ap-beijing').request('DescribeClusters', {})).TotalCount).toBe(0);
  });
});

describe('eniipamd addon', () => {
  it('DescribeAddon: RawValues is base64 of the whole values JSON, with vpcCni.securityGroups from the scenario', async () => {
    const r = await tke.request('DescribeAddon', { ClusterId: cls, AddonName: 'eniipamd' });
    const addon = (r.Addons as Record<string, string>[])[0]!;
    expect(addon).toMatchObject({ AddonName: 'eniipamd', AddonVersion: '3.5.8', Phase: 'Succeeded' });
    const values = decode(addon.RawValues!);
    expect(values.vpcCni.securityGroups).toEqual({ enableSecurityGroups: true, securityGroups: scenario.ipamd.securityGroups });
    expect(values.vpcCni.routeEni).toMatchObject({ ipMinWarmTarget: 5, ipMaxWarmTarget: 5 });
    const all = await tke.request('DescribeAddon', { ClusterId: cls });
    expect((all.Addons as { AddonName: string }[]).map((a) => a.AddonName)).toContain('eniipamd');
  });

  it('UpdateAddon round trip: decode, change vpcCni.securityGroups, encode, send the whole values back', async () => {
    const before = await emu.control.addon();
    const values = await addonValues();
    values.vpcCni.securityGroups = { enableSecurityGroups: true, securityGroups: [scenario.securityGroups[3]!.id] };
    await tke.request('UpdateAddon', { ClusterId: cls, AddonName: 'eniipamd', RawValues: encode(values), UpdateStrategy: 'replace' });
    expect(await addonValues()).toEqual(values);
    const after = await emu.control.addon();
    expect(after.generation).toBe(before.generation + 1);
    expect(after.values).toEqual(values);
    const dv = await tke.request('DescribeAddonValues', { ClusterId: cls, AddonName: 'eniipamd' });
    expect(JSON.parse(dv.Values as string)).toEqual(values);
    expect(JSON.parse(dv.DefaultValues as string).vpcCni.securityGroups).toEqual({ enableSecurityGroups: false, securityGroups: [] });
  });

  it('merge (the default) adds or updates keys and keeps the rest; replace drops what is not sent', async () => {
    const base = await addonValues();
    await tke.request('UpdateAddon', { ClusterId: cls, AddonName: 'eniipamd', RawValues: encode({ vpcCni: { securityGroups: { securityGroups: [] } } }) });
    const merged = await addonValues();
    expect(merged.vpcCni.securityGroups).toEqual({ enableSecurityGroups: true, securityGroups: [] });
    expect(merged.vpcCni.routeEni).toEqual(base.vpcCni.routeEni);
    await tke.request('UpdateAddon', {
      ClusterId: cls,
      AddonName: 'eniipamd',
      RawValues: encode({ vpcCni: { securityGroups: { enableSecurityGroups: false, securityGroups: [] } } }),
      UpdateStrategy: 'replace',
    });
    const replaced = await addonValues();
    expect(replaced).toEqual({ vpcCni: { securityGroups: { enableSecurityGroups: false, securityGroups: [] } } });
    // Put the whole values back (the right way to use the API).
    await tke.request('UpdateAddon', { ClusterId: cls, AddonName: 'eniipamd', RawValues: encode(base), UpdateStrategy: 'replace' });
    expect(await addonValues()).toEqual(base);
  });

  it('DryRun checks without changing; AddonVersion alone upgrades', async () => {
    const gen = (await emu.control.addon()).generation;
    await tke.request('UpdateAddon', { ClusterId: cls, AddonName: 'eniipamd', RawValues: encode({ logLevel: 9 }), DryRun: true });
    expect((await emu.control.addon()).generation).toBe(gen);
    expect((await addonValues()).logLevel).not.toBe(9);
    await tke.request('UpdateAddon', { ClusterId: cls, AddonName: 'eniipamd', AddonVersion: '3.5.9' });
    const r = await tke.request('DescribeAddon', { ClusterId: cls, AddonName: 'eniipamd' });
    expect((r.Addons as { AddonVersion: string }[])[0]!.AddonVersion).toBe('3.5.9');
  });

  it('answers bad input with the documented kinds of errors', async () => {
    const up = (p: Record<string, unknown>) => sdkError(tke.request('UpdateAddon', { ClusterId: cls, AddonName: 'eniipamd', ...p }));
    expect((await up({ RawValues: 'not base64!' })).code).toBe('InvalidParameter.Param');
    expect((await up({ RawValues: Buffer.from('not json').toString('base64') })).code).toBe('InvalidParameter.Param');
    expect((await up({ RawValues: encode([1, 2]) })).code).toBe('InvalidParameter.Param');
    expect((await up({ RawValues: encode({}), UpdateStrategy: 'overwrite' })).code).toBe('InvalidParameter.Param');
    expect((await up({})).code).toBe('MissingParameter');
    expect((await sdkError(tke.request('DescribeAddon', { ClusterId: 'cls-zzzzzzzz', AddonName: 'eniipamd' }))).code).toBe('InvalidParameter.ClusterNotFound');
    expect((await sdkError(tke.request('DescribeAddon', { ClusterId: cls, AddonName: 'nginx-ingress' }))).code).toBe('ResourceNotFound');
  });
});

describe('clusters without the addon (ipamd < v3.5.0)', () => {
  it('DescribeAddon eniipamd answers ResourceNotFound; DescribeAddonValues answers empty Values', async () => {
    const old = makeScenario({ nodes: 1, seed: 32, ipamdVersion: 'v3.4.7' });
    const emu2 = await startEmulator({ scenario: old });
    try {
      const t = sdk('tke', emu2, old.credentials.admin);
      const e = await sdkError(t.request('DescribeAddon', { ClusterId: old.clusterId, AddonName: 'eniipamd' }));
      expect(e.code).toBe('ResourceNotFound');
      const dv = await t.request('DescribeAddonValues', { ClusterId: old.clusterId, AddonName: 'eniipamd' });
      expect(dv.Values).toBe('');
      expect(JSON.parse(dv.DefaultValues as string).vpcCni).toBeTruthy();
      const u = await sdkError(t.request('UpdateAddon', { ClusterId: old.clusterId, AddonName: 'eniipamd', RawValues: encode({}) }));
      expect(u.code).toBe('ResourceNotFound');
      expect(await emu2.control.addon()).toMatchObject({ installed: false, values: null });
    } finally {
      await emu2.close();
    }
  });
});
