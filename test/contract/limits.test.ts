// Per-account rate limits (RequestLimitExceeded), fault injection, and the call log.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeScenario } from '../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../sandbox/tencent/emulator.ts';
import { sdk, sdkError, type SdkError } from './helpers.ts';

const scenario = makeScenario({ nodes: 4, seed: 41 });
const { admin, ipamd, readonly } = scenario.credentials;
const [, gBase] = scenario.securityGroups.map((g) => g.id) as [string, string];
let emu: Emulator;
// The rate limits' clock, frozen: a test counts calls "within one second" without timing them,
// and moves time on by setting it.
let rateNow = 0;
// The latency fault's wait, held by the test: each wait is recorded and ends when released.
const held: Array<{ ms: number; release: () => void }> = [];
let onHeld: (() => void) | undefined;
const latencySleep = (ms: number) =>
  new Promise<void>((release) => {
    held.push({ ms, release });
    onHeld?.();
  });

beforeAll(async () => {
  emu = await startEmulator({ scenario, rateClock: () => rateNow, latencySleep });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await emu.control.clearFaults();
  await emu.control.resetRateLimits();
  await emu.control.clearCalls();
});

async function burst(n: number, call: () => Promise<unknown>): Promise<{ ok: number; limited: number; other: string[] }> {
  const results = await Promise.allSettled(Array.from({ length: n }, call));
  let ok = 0;
  let limited = 0;
  const other: string[] = [];
  for (const r of results) {
    if (r.status === 'fulfilled') ok++;
    else if ((r.reason as SdkError).code === 'RequestLimitExceeded') limited++;
    else other.push(String((r.reason as SdkError).code ?? r.reason));
  }
  return { ok, limited, other };
}

describe('rate limits (on a frozen clock)', () => {
  const bind = { NetworkInterfaceIds: [scenario.instances[0]!.secondaryEnis[0]!.id], SecurityGroupIds: [gBase] };

  it('AssociateNetworkInterfaceSecurityGroups: 20 per second per account; a burst of 30 is cut to 20', async () => {
    const vpc = sdk('vpc', emu, admin);
    expect(await burst(30, () => vpc.request('AssociateNetworkInterfaceSecurityGroups', bind))).toEqual({ ok: 20, limited: 10, other: [] });
    // Refused calls do not use the budget: the 31st is the 21st that counts.
    expect((await sdkError(vpc.request('AssociateNetworkInterfaceSecurityGroups', bind))).message).toMatch(/equals to `21` in a second, which exceeds the frequency limit `20`/);
    const calls = await emu.control.calls();
    expect(calls.filter((c) => c.code === '')).toHaveLength(20);
    expect(calls.filter((c) => c.code === 'RequestLimitExceeded')).toHaveLength(11);
  });

  it('the budget is per account: the ipamd role and the operator share it; other actions have their own', async () => {
    const vpc = sdk('vpc', emu, admin);
    expect(await burst(20, () => vpc.request('DisassociateNetworkInterfaceSecurityGroups', bind))).toEqual({ ok: 20, limited: 0, other: [] });
    const e = await sdkError(sdk('vpc', emu, ipamd).request('DisassociateNetworkInterfaceSecurityGroups', bind));
    expect(e.code).toBe('RequestLimitExceeded');
    // A different action is not affected.
    await sdk('vpc', emu, readonly).request('DescribeSecurityGroups', {});
    await vpc.request('AssociateNetworkInterfaceSecurityGroups', bind);
  });

  it('DescribeNetworkInterfaces allows 100 per second', async () => {
    const vpc = sdk('vpc', emu, readonly);
    expect(await burst(60, () => vpc.request('DescribeNetworkInterfaces', { Limit: 1 }))).toEqual({ ok: 60, limited: 0, other: [] });
    expect(await burst(60, () => vpc.request('DescribeNetworkInterfaces', { Limit: 1 }))).toEqual({ ok: 40, limited: 20, other: [] });
  });

  it('the window slides: a call counts for exactly 1,000 ms after it passed', async () => {
    const vpc = sdk('vpc', emu, admin);
    const call = () => vpc.request('AssociateNetworkInterfaceSecurityGroups', bind);
    const t0 = rateNow;
    expect(await burst(10, call)).toMatchObject({ ok: 10, limited: 0 });
    rateNow = t0 + 500;
    expect(await burst(15, call)).toMatchObject({ ok: 10, limited: 5 });
    rateNow = t0 + 999; // the first ten still count
    expect((await sdkError(call())).code).toBe('RequestLimitExceeded');
    rateNow = t0 + 1000; // the first ten are out of the window, the second ten are not
    expect(await burst(15, call)).toMatchObject({ ok: 10, limited: 5 });
    rateNow = t0 + 1500; // now only the third ten count
    expect(await burst(15, call)).toMatchObject({ ok: 10, limited: 5 });
    rateNow = t0 + 10_000; // and after a quiet second the whole budget is back
    expect(await burst(30, call)).toMatchObject({ ok: 20, limited: 10 });
  });
});

describe('faults', () => {
  it('failAction fails that action `times` times with the given code, before the action runs', async () => {
    const vpc = sdk('vpc', emu, admin);
    await emu.control.setFaults({ failAction: { action: 'AssociateNetworkInterfaceSecurityGroups', code: 'InternalError', times: 2 } });
    const bind = { NetworkInterfaceIds: [scenario.instances[1]!.secondaryEnis[0]!.id], SecurityGroupIds: [gBase] };
    expect((await sdkError(vpc.request('AssociateNetworkInterfaceSecurityGroups', bind))).code).toBe('InternalError');
    expect((await sdkError(vpc.request('AssociateNetworkInterfaceSecurityGroups', bind))).code).toBe('InternalError');
    expect((await emu.control.enis(scenario.instances[1]!.id)).find((e) => !e.Primary)!.GroupSet).toEqual([]);
    await vpc.request('DescribeNetworkInterfaces', {}); // other actions unaffected
    await vpc.request('AssociateNetworkInterfaceSecurityGroups', bind);
    expect((await emu.control.enis(scenario.instances[1]!.id)).find((e) => !e.Primary)!.GroupSet).toEqual([gBase]);
  });

  it('failAction without times lasts until cleared; any code can be injected', async () => {
    const tke = sdk('tke', emu, admin);
    await emu.control.setFaults({ failAction: { action: 'DescribeAddon', code: 'ResourceUnavailable', message: 'addon is being upgraded' } });
    for (let i = 0; i < 3; i++) {
      const e = await sdkError(tke.request('DescribeAddon', { ClusterId: scenario.clusterId, AddonName: 'eniipamd' }));
      expect(e).toMatchObject({ code: 'ResourceUnavailable', message: 'addon is being upgraded' });
    }
    await emu.control.clearFaults();
    await tke.request('DescribeAddon', { ClusterId: scenario.clusterId, AddonName: 'eniipamd' });
  });

  it('errorRate 1 fails every call with InternalError; 0 none', async () => {
    const vpc = sdk('vpc', emu, admin);
    await emu.control.setFaults({ errorRate: 1 });
    for (let i = 0; i < 3; i++) expect((await sdkError(vpc.request('DescribeSecurityGroups', {}))).code).toBe('InternalError');
    await emu.control.setFaults({ errorRate: 0 });
    await vpc.request('DescribeSecurityGroups', {});
  });

  it('errorRate 0.5 fails about half', async () => {
    const vpc = sdk('vpc', emu, admin);
    await emu.control.setFaults({ errorRate: 0.5 });
    const r = await burst(80, () => vpc.request('DescribeSecurityGroupPolicies', { SecurityGroupId: gBase }));
    expect(r.other.every((c) => c === 'InternalError')).toBe(true);
    expect(r.other.length).toBeGreaterThan(15);
    expect(r.other.length).toBeLessThan(65);
  });

  it('latencyMs holds every call that long before it is handled', async () => {
    const vpc = sdk('vpc', emu, admin);
    await emu.control.setFaults({ latencyMs: 300 });
    held.length = 0;
    const waiting = new Promise<void>((r) => (onHeld = r));
    let answered = false;
    const call = vpc.request('DescribeSecurityGroupLimits', {}).finally(() => (answered = true));
    await Promise.race([waiting, call.then(() => expect.fail('answered without waiting'))]);
    onHeld = undefined;
    expect(held.map((h) => h.ms)).toEqual([300]);
    // Held: not answered, and not handled yet (the call log records a call once handled).
    expect(await emu.control.calls()).toEqual([]);
    expect(answered).toBe(false);
    held[0]!.release();
    await call;
    expect((await emu.control.calls()).map((c) => c.action)).toEqual(['DescribeSecurityGroupLimits']);
    // Without the fault, nothing waits.
    await emu.control.clearFaults();
    await vpc.request('DescribeSecurityGroupLimits', {});
    expect(held).toHaveLength(1);
  });

  it('the control interface refuses nonsense', async () => {
    await expect(emu.control.setFaults({ errorRate: 2 })).rejects.toThrow(/400/);
    await expect(emu.control.setFaults({ failAction: { action: 'X' } as never })).rejects.toThrow(/400/);
  });
});

describe('call log', () => {
  it('records service, action, identity and code of each API call, and can be cleared', async () => {
    await sdk('vpc', emu, admin).request('DescribeSecurityGroups', {});
    await sdkError(sdk('vpc', emu, readonly).request('AssociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: ['eni-12345678'], SecurityGroupIds: [gBase] }));
    await sdk('cvm', emu, ipamd).request('DescribeInstances', {});
    await sdkError(sdk('vpc', emu, { secretId: admin.secretId, secretKey: 'wrong' }).request('DescribeSecurityGroups', {}));
    const calls = await emu.control.calls();
    expect(calls.map(({ service, action, identity, code }) => ({ service, action, identity, code }))).toEqual([
      { service: 'vpc', action: 'DescribeSecurityGroups', identity: 'admin', code: '' },
      { service: 'vpc', action: 'AssociateNetworkInterfaceSecurityGroups', identity: 'readonly', code: 'UnauthorizedOperation' },
      { service: 'cvm', action: 'DescribeInstances', identity: 'ipamd', code: '' },
      { service: 'vpc', action: 'DescribeSecurityGroups', identity: 'anonymous', code: 'AuthFailure.SignatureFailure' },
    ]);
    for (const c of calls) expect(c.at).toBeGreaterThan(Date.now() - 60_000);
    await emu.control.clearCalls();
    expect(await emu.control.calls()).toEqual([]);
  });
});
