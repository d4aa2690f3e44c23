// TKE cluster and addon calls against the real emulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeScenario } from '../../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../../sandbox/tencent/emulator.ts';
import { decodeRawValues, encodeRawValues } from '../../../src/adapters/tencent/tke.ts';
import { CloudCredential } from '../../../src/adapters/tencent/credentials.ts';
import { createTencentCloud, type TencentCloud } from '../../../src/adapters/tencent/index.ts';

const scenario = makeScenario({ nodes: 5, seed: 41, ipamdVersion: 'v3.10.0' });
const old = makeScenario({ nodes: 1, seed: 42, ipamdVersion: 'v3.4.7' });
let emuOld: Emulator;
let emu: Emulator;
let cloud: TencentCloud;

const connect = (e: Emulator, s: typeof scenario) =>
  createTencentCloud({ credential: new CloudCredential('env', 'test', s.credentials.admin), region: s.region, env: { HTTPS_PROXY: e.proxyUrl }, retry: { baseDelayMs: 10 } });

beforeAll(async () => {
  [emu, emuOld] = await Promise.all([startEmulator({ scenario }), startEmulator({ scenario: old })]);
  cloud = connect(emu, scenario);
});
afterAll(async () => {
  cloud?.clients.close();
  await Promise.all([emu?.close(), emuOld?.close()]);
});
beforeEach(async () => {
  await emu.control.clearCalls();
  await emu.control.resetRateLimits();
});

describe('tke', () => {
  it('describes the cluster from its network settings and Property', async () => {
    expect(await cloud.tke.describeCluster(scenario.clusterId)).toMatchObject({
      id: scenario.clusterId,
      name: 'sandbox',
      status: 'Running',
      vpcId: scenario.vpc.id,
      cni: true,
      networkType: 'VPC-CNI',
      vpcCniType: 'tke-route-eni',
      nodeCount: 5,
    });
    expect(await cloud.tke.describeCluster('cls-zzzzzzzz')).toBeUndefined();
  });

  it('decodes the addon’s RawValues, and answers undefined where there is no addon', async () => {
    const addon = await cloud.tke.describeAddon(scenario.clusterId, 'eniipamd');
    expect(addon).toMatchObject({ name: 'eniipamd', version: '3.10.0', phase: 'Succeeded', valuesError: undefined });
    expect((addon?.values?.vpcCni as Record<string, unknown>).securityGroups).toEqual({ enableSecurityGroups: true, securityGroups: scenario.ipamd.securityGroups });
    const before = connect(emuOld, old);
    expect(await before.tke.describeAddon(old.clusterId, 'eniipamd')).toBeUndefined();
    expect((await before.tke.describeAddonValues(old.clusterId, 'eniipamd')).values).toBeUndefined();
    before.clients.close();
  });

  it('round-trips the whole values through UpdateAddon', async () => {
    const addon = (await cloud.tke.describeAddon(scenario.clusterId, 'eniipamd'))!;
    const values = structuredClone(addon.values!) as { vpcCni: { securityGroups: unknown } } & Record<string, unknown>;
    values.vpcCni.securityGroups = { enableSecurityGroups: true, securityGroups: [scenario.securityGroups[3]!.id] };
    const generation = (await emu.control.addon()).generation;
    await cloud.tke.updateAddonValues(scenario.clusterId, 'eniipamd', values, { strategy: 'replace' });
    expect((await emu.control.addon()).values).toEqual(values);
    expect((await emu.control.addon()).generation).toBe(generation + 1);
    expect((await cloud.tke.describeAddon(scenario.clusterId, 'eniipamd'))?.values).toEqual(values);
    const rendered = await cloud.tke.describeAddonValues(scenario.clusterId, 'eniipamd');
    expect(rendered.values).toEqual(values);
    expect((rendered.defaults?.vpcCni as Record<string, unknown>).securityGroups).toEqual({ enableSecurityGroups: false, securityGroups: [] });
    await cloud.tke.updateAddonValues(scenario.clusterId, 'eniipamd', { replicas: 3 }, { dryRun: true });
    expect((await emu.control.addon()).values).toEqual(values);
  });

  it('encodes and decodes RawValues as base64 JSON', () => {
    const v = { vpcCni: { securityGroups: { enableSecurityGroups: true, securityGroups: ['sg-aaaaaaaa'] } }, note: 'ünïcode' };
    expect(decodeRawValues(encodeRawValues(v))).toEqual({ value: v, error: undefined });
    expect(decodeRawValues('not base64!')).toEqual({ value: undefined, error: 'RawValues is not base64' });
    expect(decodeRawValues(Buffer.from('[1]').toString('base64')).error).toBe('RawValues is base64 but not a JSON object');
  });
});
