// The wire protocol, checked with the real SDK and with hand-signed requests: TC3 signature,
// timestamps, credentials and session tokens, versions, actions, regions, bodies, the
// envelope, the CONNECT allow-list, and that no secret ever comes back in an answer.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScenario } from '../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../sandbox/tencent/emulator.ts';
import { raw, sdk, sdkError, UUID_RE } from './helpers.ts';

const scenario = makeScenario({ nodes: 3, seed: 11 });
const { admin, ipamd, readonly } = scenario.credentials;
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ scenario });
});
afterAll(async () => {
  await emu?.close();
});

describe('TC3 signature', () => {
  it('accepts a correctly signed call and answers the envelope with a RequestId', async () => {
    const r = await sdk('vpc', emu, admin).request('DescribeSecurityGroups', {});
    expect(r.TotalCount).toBe(scenario.securityGroups.length);
    expect(String(r.RequestId)).toMatch(UUID_RE);
  });

  it('refuses a wrong SecretKey with AuthFailure.SignatureFailure', async () => {
    const e = await sdkError(sdk('vpc', emu, { secretId: admin.secretId, secretKey: admin.secretKey.replace(/^./, 'X') }).request('DescribeSecurityGroups', {}));
    expect(e.code).toBe('AuthFailure.SignatureFailure');
    expect(e.requestId).toMatch(UUID_RE);
  });

  it('refuses an unknown SecretId with AuthFailure.SecretIdNotFound', async () => {
    const e = await sdkError(sdk('vpc', emu, { secretId: 'AKIDnotaknownkey000000000000000000', secretKey: 'x'.repeat(32) }).request('DescribeSecurityGroups', {}));
    expect(e.code).toBe('AuthFailure.SecretIdNotFound');
  });

  it('refuses a timestamp more than 300 s off with AuthFailure.SignatureExpire (and accepts a fresh one)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const fresh = await raw(emu, { action: 'DescribeSecurityGroups', credential: admin, timestamp: now - 10 });
    expect(fresh.json.Response.Error).toBeUndefined();
    for (const ts of [now - 400, now + 400]) {
      const stale = await raw(emu, { action: 'DescribeSecurityGroups', credential: admin, timestamp: ts });
      expect(stale.json.Response.Error?.Code).toBe('AuthFailure.SignatureExpire');
    }
  });

  it('refuses a body changed after signing', async () => {
    const same = await raw(emu, { action: 'DescribeSecurityGroups', credential: admin, body: '{"Limit":1}' });
    expect(same.json.Response.Error).toBeUndefined();
    const tampered = await raw(emu, { action: 'DescribeSecurityGroups', credential: admin, body: '{"Limit":1}', sendBody: '{"Limit":2}' });
    expect(tampered.json.Response.Error?.Code).toBe('AuthFailure.SignatureFailure');
  });

  it('refuses a credential scope signed for another service', async () => {
    const r = await raw(emu, { action: 'DescribeSecurityGroups', credential: admin, signService: 'cvm' });
    expect(r.json.Response.Error?.Code).toBe('AuthFailure.SignatureFailure');
  });

  it('answers errors with HTTP 200, as Tencent does', async () => {
    const r = await raw(emu, { action: 'DescribeSecurityGroups', credential: { ...admin, secretKey: 'wrong-key-wrong-key' } });
    expect(r.status).toBe(200);
    expect(r.json.Response.Error?.Code).toBe('AuthFailure.SignatureFailure');
    expect(r.json.Response.RequestId).toMatch(UUID_RE);
    expect(String(r.headers['content-type'])).toContain('application/json');
  });

  it('serves GET requests with flattened parameters too', async () => {
    const r = await raw(emu, {
      method: 'GET',
      action: 'DescribeSecurityGroups',
      credential: admin,
      query: `SecurityGroupIds.0=${scenario.securityGroups[0]!.id}&Limit=5`,
    });
    expect(r.json.Response.Error).toBeUndefined();
    expect(r.json.Response.TotalCount).toBe(1);
  });
});

describe('session token (ipamd temporary credential)', () => {
  it('accepts the temporary key with its token', async () => {
    const r = await sdk('vpc', emu, ipamd).request('DescribeNetworkInterfaces', { Limit: 1 });
    expect(r.TotalCount).toBeGreaterThan(0);
  });

  it('refuses the temporary key without a token, or with a wrong one (AuthFailure.TokenFailure)', async () => {
    const none = await sdkError(sdk('vpc', emu, { secretId: ipamd.secretId, secretKey: ipamd.secretKey }).request('DescribeNetworkInterfaces', {}));
    expect(none.code).toBe('AuthFailure.TokenFailure');
    const wrong = await sdkError(sdk('vpc', emu, { ...ipamd, token: ipamd.token.slice(1) + 'x' }).request('DescribeNetworkInterfaces', {}));
    expect(wrong.code).toBe('AuthFailure.TokenFailure');
  });

  it('refuses a token sent with a permanent key', async () => {
    const e = await sdkError(sdk('vpc', emu, { ...admin, token: ipamd.token }).request('DescribeNetworkInterfaces', {}));
    expect(e.code).toBe('AuthFailure.TokenFailure');
  });
});

describe('versions, actions, regions, bodies, parameters', () => {
  it('refuses an unknown X-TC-Version with NoSuchVersion', async () => {
    const r = await raw(emu, { action: 'DescribeSecurityGroups', version: '2099-01-01', credential: admin });
    expect(r.json.Response.Error?.Code).toBe('NoSuchVersion');
  });

  it('refuses an unknown action with InvalidAction', async () => {
    const e = await sdkError(sdk('vpc', emu, admin).request('DescribeSecurityGroupz', {}));
    expect(e.code).toBe('InvalidAction');
    // An action of another service is unknown here too.
    const e2 = await sdkError(sdk('vpc', emu, admin).request('DescribeInstances', {}));
    expect(e2.code).toBe('InvalidAction');
  });

  it('refuses an unknown region with UnsupportedRegion; a missing one with MissingParameter', async () => {
    const e = await sdkError(sdk('vpc', emu, admin, 'ap-atlantis').request('DescribeSecurityGroups', {}));
    expect(e.code).toBe('UnsupportedRegion');
    const r = await raw(emu, { action: 'DescribeSecurityGroups', credential: admin, region: null });
    expect(r.json.Response.Error?.Code).toBe('MissingParameter');
  });

  it('treats another real region as a real, empty region', async () => {
    const r = await sdk('vpc', emu, admin, 'ap-shanghai').request('DescribeNetworkInterfaces', {});
    expect(r.TotalCount).toBe(0);
    const e = await sdkError(sdk('vpc', emu, admin, 'ap-shanghai').request('DescribeSecurityGroups', { SecurityGroupIds: [scenario.securityGroups[0]!.id] }));
    expect(e.code).toBe('ResourceNotFound');
  });

  it('accepts the regional host name (vpc.ap-guangzhou.tencentcloudapi.com)', async () => {
    const r = await raw(emu, { host: 'vpc.ap-guangzhou.tencentcloudapi.com', action: 'DescribeSecurityGroupLimits', credential: admin });
    expect(r.json.Response.Error).toBeUndefined();
    expect(r.json.Response.SecurityGroupLimitSet).toBeTruthy();
  });

  it('refuses a malformed JSON body with InvalidParameter', async () => {
    const r = await raw(emu, { action: 'DescribeSecurityGroups', credential: admin, body: '{"Limit": 5,' });
    expect(r.json.Response.Error?.Code).toBe('InvalidParameter');
    const arr = await raw(emu, { action: 'DescribeSecurityGroups', credential: admin, body: '[1,2]' });
    expect(arr.json.Response.Error?.Code).toBe('InvalidParameter');
  });

  it('refuses unknown parameters (UnknownParameter), wrong types (InvalidParameter), missing ones (MissingParameter)', async () => {
    const c = sdk('vpc', emu, admin);
    expect((await sdkError(c.request('DescribeNetworkInterfaces', { InstanceId: 'ins-12345678' }))).code).toBe('UnknownParameter');
    expect((await sdkError(c.request('DescribeNetworkInterfaces', { Limit: 'twenty' }))).code).toBe('InvalidParameter');
    expect((await sdkError(c.request('DescribeNetworkInterfaces', { NetworkInterfaceIds: 'eni-12345678' }))).code).toBe('InvalidParameter');
    expect((await sdkError(c.request('DescribeSecurityGroupPolicies', {}))).code).toBe('MissingParameter');
    expect((await sdkError(c.request('AssociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: [], SecurityGroupIds: ['sg-12345678'] }))).code).toBe(
      'MissingParameter',
    );
  });
});

describe('proxy', () => {
  const connectStatus = (target: string) =>
    new Promise<string>((resolve, reject) => {
      const s = connect(emu.port, '127.0.0.1', () => s.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`));
      let buf = '';
      s.on('data', (d) => {
        buf += d.toString();
        if (buf.includes('\r\n')) {
          resolve(buf.split('\r\n')[0]!);
          s.destroy();
        }
      });
      s.on('error', reject);
    });

  it('accepts CONNECT to the API hosts on 443 only and never forwards elsewhere', async () => {
    expect(await connectStatus('vpc.tencentcloudapi.com:443')).toMatch(/ 200 /);
    expect(await connectStatus('tke.ap-guangzhou.tencentcloudapi.com:443')).toMatch(/ 200 /);
    expect(await connectStatus('example.com:443')).toMatch(/ 403 /);
    expect(await connectStatus('vpc.tencentcloudapi.com:80')).toMatch(/ 403 /);
    expect(await connectStatus('clb.tencentcloudapi.com:443')).toMatch(/ 403 /);
    expect(await connectStatus('vpc.tencentcloudapi.com.evil.example:443')).toMatch(/ 403 /);
    expect(await connectStatus('127.0.0.1:22')).toMatch(/ 403 /);
  });

  it('does not act as a forward proxy for plain HTTP', async () => {
    const res = await fetch(`${emu.proxyUrl}/anything`);
    expect(res.status).toBe(404);
  });
});

describe('secrets', () => {
  it('never echoes a SecretKey or token, even when the request carries one', async () => {
    const secrets = [admin.secretKey, readonly.secretKey, ipamd.secretKey, ipamd.token];
    const answers: string[] = [];
    const c = sdk('vpc', emu, admin);
    // Parameter names and values that a careless error message would repeat.
    for (const s of secrets) {
      answers.push(JSON.stringify(await sdkError(c.request('DescribeNetworkInterfaces', { [s]: 1 }))));
      answers.push(JSON.stringify(await sdkError(c.request('DescribeSecurityGroupPolicies', { SecurityGroupId: s }))));
      answers.push(JSON.stringify(await sdkError(c.request('DescribeSecurityGroups', { SecurityGroupIds: [s] }))));
      answers.push((await raw(emu, { action: s.slice(0, 20), credential: admin })).text);
      answers.push((await raw(emu, { action: 'DescribeSecurityGroups', credential: admin, version: s })).text);
      answers.push((await raw(emu, { action: 'DescribeSecurityGroups', credential: admin, region: s })).text);
    }
    answers.push((await raw(emu, { action: 'DescribeSecurityGroups', credential: { ...admin, secretKey: 'bad' } })).text);
    answers.push((await raw(emu, { action: 'DescribeSecurityGroups', credential: { ...ipamd, token: admin.secretKey } })).text);
    answers.push(JSON.stringify(await sdkError(sdk('vpc', emu, readonly).request('AssociateNetworkInterfaceSecurityGroups', {
      NetworkInterfaceIds: [scenario.instances[0]!.secondaryEnis[0]!.id],
      SecurityGroupIds: [scenario.securityGroups[1]!.id],
    }))));
    for (const a of answers) for (const s of secrets) expect(a.includes(s), `answer leaks a secret: ${a.slice(0, 200)}`).toBe(false);
  });
});
