// The call path against the real emulator: lazy SDK modules, retries, error mapping, timeouts,
// the proxy decision holding against an inherited http_proxy, and no secret in anything emitted.
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeScenario } from '../../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../../sandbox/tencent/emulator.ts';
import { CloudClients, type CallEvent, type CloudClientsOptions } from '../../../src/adapters/tencent/clients.ts';
import { CloudCredential } from '../../../src/adapters/tencent/credentials.ts';
import { CloudError } from '../../../src/adapters/tencent/errors.ts';
import { createTencentCloud } from '../../../src/adapters/tencent/index.ts';

const scenario = makeScenario({ nodes: 3, seed: 23 });
const { admin } = scenario.credentials;
let emu: Emulator;
// A proxy that is down: nothing listens on port 1. A port freed by closing a listen(0) lay in the ephemeral range, where another worker's listen(0) could take it.
const closedPort = 1;

const cred = (secrets = admin) => new CloudCredential('env', 'test', secrets);
const clients = (o: Partial<CloudClientsOptions> = {}) =>
  new CloudClients({ credential: cred(), region: scenario.region, env: { HTTPS_PROXY: emu.proxyUrl }, retry: { baseDelayMs: 10, maxDelayMs: 40 }, ...o });
const callLog = async () => (await emu.control.calls()).map((c) => `${c.action}:${c.code}`);

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

describe('no SDK at run time', () => {
  // First in this file, in its own worker process: nothing has loaded the SDK yet. The plugin
  // signs and sends calls itself (api-call.ts); the SDK's client would cost every cloud verb ~20 ms.
  it('calls two services without loading any module of tencentcloud-sdk-nodejs', async () => {
    const cloud = createTencentCloud({ credential: cred(), region: scenario.region, env: { HTTPS_PROXY: emu.proxyUrl } });
    expect((await cloud.vpc.securityGroupLimits()).instanceSecurityGroupLimit).toBeGreaterThan(0);
    expect((await cloud.tke.describeCluster(scenario.clusterId))?.vpcId).toBe(scenario.vpc.id);
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((p) => p.includes('tencentcloud-sdk-nodejs'));
    expect(loaded).toEqual([]);
    cloud.clients.close();
  });
});

describe('retries', () => {
  it('retries RequestLimitExceeded and succeeds on the third try', async () => {
    await emu.control.setFaults({ failAction: { action: 'DescribeSecurityGroupLimits', code: 'RequestLimitExceeded', times: 2 } });
    const events: CallEvent[] = [];
    const c = clients({ onCall: (e) => events.push(e) });
    await c.call('vpc', 'DescribeSecurityGroupLimits', {});
    expect(await callLog()).toEqual(['DescribeSecurityGroupLimits:RequestLimitExceeded', 'DescribeSecurityGroupLimits:RequestLimitExceeded', 'DescribeSecurityGroupLimits:']);
    expect(events.map((e) => [e.attempt, e.code])).toEqual([
      [1, 'RequestLimitExceeded'],
      [2, 'RequestLimitExceeded'],
      [3, ''],
    ]);
    c.close();
  });

  it('retries InternalError too, and gives up after the policy’s attempts with the last error', async () => {
    await emu.control.setFaults({ failAction: { action: 'DescribeSecurityGroupLimits', code: 'InternalError', times: 1 } });
    const c = clients({ retry: { baseDelayMs: 5, maxDelayMs: 10, maxAttempts: 3 } });
    await c.call('vpc', 'DescribeSecurityGroupLimits', {});
    await emu.control.setFaults({ failAction: { action: 'DescribeSecurityGroupLimits', code: 'InternalError' } });
    const e = await c.call('vpc', 'DescribeSecurityGroupLimits', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CloudError);
    expect(e).toMatchObject({ code: 'InternalError', kind: 'server', attempts: 3, action: 'vpc:DescribeSecurityGroupLimits' });
    expect((await callLog()).filter((l) => l.endsWith('InternalError'))).toHaveLength(4);
    c.close();
  });

  it('stops retrying when the time budget would be exceeded', async () => {
    await emu.control.setFaults({ failAction: { action: 'DescribeSecurityGroupLimits', code: 'InternalError' } });
    // The first wait would be 200..400 ms, past the 150 ms budget.
    const c = clients({ retry: { baseDelayMs: 400, maxAttempts: 10, maxTotalMs: 150 } });
    const e = await c.call('vpc', 'DescribeSecurityGroupLimits', {}).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'InternalError', attempts: 1 });
    c.close();
  });

  it('does not retry what repeating cannot fix', async () => {
    await emu.control.setFaults({ failAction: { action: 'DescribeSecurityGroupLimits', code: 'InvalidParameterValue', message: 'nope' } });
    const c = clients();
    const e = await c.call('vpc', 'DescribeSecurityGroupLimits', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CloudError);
    expect(e).toMatchObject({ code: 'InvalidParameterValue', kind: 'invalid', attempts: 1, message: expect.stringContaining('vpc:DescribeSecurityGroupLimits: InvalidParameterValue: nope') });
    expect(await callLog()).toEqual(['DescribeSecurityGroupLimits:InvalidParameterValue']);
    c.close();
  });
});

describe('error kinds', () => {
  it('maps both CAM denial codes to kind unauthorized', async () => {
    const c = clients();
    for (const code of ['UnauthorizedOperation', 'AuthFailure.UnauthorizedOperation']) {
      await emu.control.setFaults({ failAction: { action: 'GetRole', code } });
      const e = await c.call('cam', 'GetRole', { RoleName: 'IPAMDofTKE_QCSRole' }).catch((x: unknown) => x);
      expect(e).toMatchObject({ code, kind: 'unauthorized', action: 'cam:GetRole', attempts: 1 });
    }
    c.close();
  });

  it('reports a wrong key as kind auth, without the key anywhere', async () => {
    const wrong = { secretId: admin.secretId, secretKey: 'Wr0ngWr0ngWr0ngWr0ngWr0ngWr0ng00' };
    const c = clients({ credential: cred(wrong) });
    const e = (await c.call('vpc', 'DescribeSecurityGroupLimits', {}).catch((x: unknown) => x)) as CloudError;
    expect(e).toMatchObject({ code: 'AuthFailure.SignatureFailure', kind: 'auth', attempts: 1 });
    for (const text of [e.message, String(e), e.stack ?? '', JSON.stringify(e), inspect(e)]) {
      expect(text).not.toContain(wrong.secretKey);
      expect(text).not.toContain(admin.secretId);
    }
    c.close();
  });

  it('turns a proxy that is down into a retried network error', async () => {
    const events: CallEvent[] = [];
    const c = clients({ env: { HTTPS_PROXY: `http://127.0.0.1:${closedPort}` }, retry: { baseDelayMs: 5, maxDelayMs: 10, maxAttempts: 3 }, onCall: (ev) => events.push(ev) });
    const e = await c.call('vpc', 'DescribeSecurityGroupLimits', {}).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'NetworkError', kind: 'network', attempts: 3 });
    expect(events).toHaveLength(3);
    c.close();
  });

  it('applies --request-timeout per try', async () => {
    // The timeout covers the tunnel and TLS too: at 100 ms a stall under load cut a try before its request reached the emulator, which then never logged it.
    await emu.control.setFaults({ latencyMs: 3_000 });
    const c = clients({ requestTimeoutMs: 1_000, retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 } });
    const e = await c.call('vpc', 'DescribeSecurityGroupLimits', {}).catch((x: unknown) => x);
    // A timeout, twice: each try was cut at 1 s instead of waiting for the 3 s answer.
    expect(e).toMatchObject({ code: 'RequestTimeout', kind: 'network', attempts: 2 });
    c.close();
    // Both cut tries still reach the emulator's call log once their latency has passed; under
    // load that can be after the next test cleared the log, which then finds calls it never made.
    const deadline = Date.now() + 30_000;
    while ((await callLog()).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await callLog()).toEqual(['DescribeSecurityGroupLimits:', 'DescribeSecurityGroupLimits:']);
  });
});

describe('proxy and cancellation', () => {
  it('ignores an inherited http_proxy: the decision from HTTPS_PROXY/NO_PROXY stands', async () => {
    const saved = process.env.http_proxy;
    // The SDK alone would tunnel through this (it reads only lower-case http_proxy) and succeed.
    process.env.http_proxy = emu.proxyUrl;
    try {
      const c = clients({ env: { HTTPS_PROXY: `http://127.0.0.1:${closedPort}` }, retry: { maxAttempts: 1 } });
      const e = await c.call('vpc', 'DescribeSecurityGroupLimits', {}).catch((x: unknown) => x);
      expect(e).toMatchObject({ kind: 'network' });
      expect(await callLog()).toEqual([]);
      c.close();
    } finally {
      if (saved === undefined) delete process.env.http_proxy;
      else process.env.http_proxy = saved;
    }
  });

  it('tells how each host is reached', () => {
    const c = clients({ env: { HTTPS_PROXY: 'http://user:pw@proxy.corp:3128', NO_PROXY: 'cam.tencentcloudapi.com' } });
    expect(c.proxyDecision('vpc')).toEqual({ proxy: 'http://user:pw@proxy.corp:3128', reason: 'through HTTPS_PROXY=http://***@proxy.corp:3128' });
    expect(c.proxyDecision('cam').proxy).toBeUndefined();
    c.close();
  });

  it('stops on abort without sending anything more', async () => {
    const ac = new AbortController();
    const c = clients({ signal: ac.signal });
    ac.abort(new Error('interrupted'));
    await expect(c.call('vpc', 'DescribeSecurityGroupLimits', {})).rejects.toThrow('interrupted');
    expect(await callLog()).toEqual([]);
    c.close();
  });
});

describe('no secrets in what is emitted', () => {
  it('keeps keys out of debug events and errors', async () => {
    const secret = { ...scenario.credentials.ipamd };
    const events: CallEvent[] = [];
    const c = clients({ credential: cred(secret), onCall: (e) => events.push(e) });
    await c.call('vpc', 'DescribeNetworkInterfaces', { Limit: 1 });
    const e = await c.call('vpc', 'AssociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: ['eni-zzzzzzzz'], SecurityGroupIds: ['sg-zzzzzzzz'] }).catch((x: unknown) => x);
    const everything = JSON.stringify(events) + inspect(events) + String(e) + JSON.stringify(e) + inspect(e) + inspect(c, { depth: 5 });
    for (const s of [secret.secretKey, secret.token, secret.secretId]) expect(everything).not.toContain(s);
    c.close();
  });
});
