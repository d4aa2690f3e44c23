// Per-account rate limits (RequestLimitExceeded), fault injection, and the call log.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeScenario } from '../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../sandbox/tencent/emulator.ts';
import { sdk, sdkError, type SdkError } from './helpers.ts';

const scenario = makeScenario({ nodes: 4, seed: 41 });
const { admin, ipamd, readonly } = scenario.credentials;
const [, gBase] = scenario.securityGroups.map((g) => g.id) as [string, string];
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ scenario });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await emu.control.clearFaults();
  await emu.control.resetRateLimits();
  await emu.control.clearCalls();
});

async function burst(n: number, call: () => Promise<unknown>): Promise<{ ok: number; limited: number; other: string[]; ms: number }> {
  const t0 = performance.now();
  const results = await Promise.allSettled(Array.from({ length: n }, call));
  const ms = performance.now() - t0;
  let ok = 0;
  let limited = 0;
  const other: string[] = [];
  for (const r of results) {
    if (r.status === 'fulfilled') ok++;
    else if ((r.reason as SdkError).code === 'RequestLimitExceeded') limited++;
    else other.push(String((r.reason as SdkError).code ?? r.reason));
  }
  return { ok, limited, other, ms };
}

describe('rate limits', () => {
  const bind = { NetworkInterfaceIds: [scenario.instances[0]!.secondaryEnis[0]!.id], SecurityGroupIds: [gBase] };

  it('AssociateNetworkInterfaceSecurityGroups: 20 per second per account; a burst of 30 is cut', async () => {
    const vpc = sdk('vpc', emu, admin);
    const r = await burst(30, () => vpc.request('AssociateNetworkInterfaceSecurityGroups', bind));
    expect(r.other).toEqual([]);
    expect(r.ok + r.limited).toBe(30);
    // Within any 1,000 ms at most 20 pass; the burst finishes well within that on this machine.
    if (r.ms < 1000) expect(r.ok).toBe(20);
    expect(r.limited).toBeGreaterThanOrEqual(1);
    // The next call is refused too while the second has not passed (a loaded machine may be slower).
    const started = Date.now();
    const next = vpc.request('AssociateNetworkInterfaceSecurityGroups', bind);
    if (r.ms + (Date.now() - started) < 900) expect((await sdkError(next)).message).toMatch(/frequency limit `20`/);
    else await next.catch(() => undefined);
  });

  it('the budget is per account: the ipamd role and the operator share it; other actions have their own', async () => {
    const vpc = sdk('vpc', emu, admin);
    const r = await burst(20, () => vpc.request('DisassociateNetworkInterfaceSecurityGroups', bind));
    expect(r.ok).toBeGreaterThan(0);
    if (r.ms < 900) {
      const e = await sdkError(sdk('vpc', emu, ipamd).request('DisassociateNetworkInterfaceSecurityGroups', bind));
      expect(e.code).toBe('RequestLimitExceeded');
    }
    // A different action is not affected.
    await sdk('vpc', emu, readonly).request('DescribeSecurityGroups', {});
  });

  it('DescribeNetworkInterfaces allows 100 per second', async () => {
    const vpc = sdk('vpc', emu, readonly);
    const r = await burst(60, () => vpc.request('DescribeNetworkInterfaces', { Limit: 1 }));
    expect(r).toMatchObject({ ok: 60, limited: 0, other: [] });
    const r2 = await burst(60, () => vpc.request('DescribeNetworkInterfaces', { Limit: 1 }));
    if (r.ms + r2.ms < 1000) expect(r2.limited).toBe(20);
    expect(r2.ok + r2.limited).toBe(60);
  });

  it('the window slides: after a second the budget is back', async () => {
    const vpc = sdk('vpc', emu, admin);
    await burst(25, () => vpc.request('AssociateNetworkInterfaceSecurityGroups', bind));
    await new Promise((r) => setTimeout(r, 1100));
    await vpc.request('AssociateNetworkInterfaceSecurityGroups', bind);
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

  it('latencyMs delays every call', async () => {
    const vpc = sdk('vpc', emu, admin);
    await emu.control.setFaults({ latencyMs: 300 });
    const t0 = performance.now();
    await vpc.request('DescribeSecurityGroupLimits', {});
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
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
