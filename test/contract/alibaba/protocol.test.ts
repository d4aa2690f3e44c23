// The wire protocol, with the official SDKs and with requests signed by the SDK's own signer:
// ACS3-HMAC-SHA256 accepted and each way of getting it wrong refused with the documented Code and
// HTTP status (as the SDK surfaces them), dates, nonces, STS tokens, products and versions,
// actions, regions, the envelopes, and that no answer ever carries a secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlibabaEmulator, type AlibabaEmulator } from '../../sandbox/alibaba/emulator.ts';
import { sdkError } from '../helpers.ts';
import { contractScenario, eci, ecs, keyOf, REQUEST_ID_RE, secretsOf, signedRequest, VERSIONS, type SdkError } from './helpers.ts';

const scenario = contractScenario(101);
const key = keyOf(scenario);
let emu: AlibabaEmulator;

beforeAll(async () => {
  emu = await startAlibabaEmulator({ scenario });
});
afterAll(async () => {
  await emu?.close();
});

const fail = (p: Promise<unknown>) => sdkError(p) as Promise<SdkError>;
const sdkDate = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';

describe('ACS3-HMAC-SHA256', () => {
  it('accepts what the ECS SDK (openapi-core) and the ECI SDK (openapi-client) sign, answering a RequestId', async () => {
    const groups = await ecs(emu.port, key).describeSecurityGroups({});
    expect(groups.statusCode).toBe(200);
    expect(String(groups.body.requestId)).toMatch(REQUEST_ID_RE);
    const cgs = await eci(emu.port, key).describeContainerGroups({});
    expect(cgs.body).toMatchObject({ totalCount: 0 });
    const calls = await emu.control.calls();
    expect(calls.map((c) => [c.service, c.action, c.identity, c.code])).toEqual([
      ['ecs', 'DescribeSecurityGroups', 'accessKey', ''],
      ['eci', 'DescribeContainerGroups', 'accessKey', ''],
    ]);
  });

  it('refuses a wrong secret with SignatureDoesNotMatch, HTTP 400, in the SDK error', async () => {
    const e = await fail(ecs(emu.port, { ...key, accessKeySecret: key.accessKeySecret.replace(/^./, (c) => (c === 'x' ? 'y' : 'x')) }).describeSecurityGroups({}));
    expect(e).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
    const e2 = await fail(eci(emu.port, { ...key, accessKeySecret: 'not-the-secret' }).describeContainerGroups({}));
    expect(e2).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
  });

  it('refuses an unknown AccessKeyId with InvalidAccessKeyId.NotFound, HTTP 404', async () => {
    const e = await fail(ecs(emu.port, { accessKeyId: 'LTAI5tNotAKnownKey000000', accessKeySecret: 'x'.repeat(30) }).describeSecurityGroups({}));
    expect(e).toMatchObject({ code: 'InvalidAccessKeyId.NotFound', statusCode: 404 });
  });

  it('refuses a query changed after signing', async () => {
    const params = { RegionId: 'cn-hangzhou', MaxResults: '10' };
    const same = await signedRequest({ port: emu.port }, { action: 'DescribeSecurityGroups', version: VERSIONS.ecs, params, key });
    expect(same.status).toBe(200);
    const tampered = await signedRequest({ port: emu.port }, { action: 'DescribeSecurityGroups', version: VERSIONS.ecs, params, key, sendParams: { ...params, MaxResults: '11' } });
    expect(tampered.status).toBe(400);
    expect(tampered.json.Code).toBe('SignatureDoesNotMatch');
  });

  it('refuses an x-acs-date more than 15 minutes off with InvalidTimeStamp.Expired, and takes one 10 minutes off', async () => {
    const params = { RegionId: 'cn-hangzhou' };
    const now = Date.now();
    const fresh = await signedRequest({ port: emu.port }, { action: 'DescribeSecurityGroups', version: VERSIONS.ecs, params, key, date: sdkDate(now - 10 * 60_000) });
    expect(fresh.status).toBe(200);
    for (const ms of [now - 16 * 60_000, now + 16 * 60_000]) {
      const stale = await signedRequest({ port: emu.port }, { action: 'DescribeSecurityGroups', version: VERSIONS.ecs, params, key, date: sdkDate(ms) });
      expect([stale.status, stale.json.Code]).toEqual([400, 'InvalidTimeStamp.Expired']);
    }
    const malformed = await signedRequest({ port: emu.port }, { action: 'DescribeSecurityGroups', version: VERSIONS.ecs, params, key, date: new Date(now).toUTCString() });
    expect([malformed.status, malformed.json.Code]).toEqual([400, 'InvalidTimeStamp.Format']);
  });

  it('refuses a reused x-acs-signature-nonce with SignatureNonceUsed', async () => {
    const o = { action: 'DescribeSecurityGroups', version: VERSIONS.ecs, params: { RegionId: 'cn-hangzhou' }, key, nonce: `nonce-${Date.now()}` };
    expect((await signedRequest({ port: emu.port }, o)).status).toBe(200);
    const again = await signedRequest({ port: emu.port }, o);
    expect([again.status, again.json.Code]).toEqual([400, 'SignatureNonceUsed']);
  });

  it('accepts the STS credential with its token (x-acs-security-token) and refuses it with another token', async () => {
    const sts = scenario.stsCredential!;
    const ok = await ecs(emu.port, sts).describeSecurityGroups({});
    expect(ok.statusCode).toBe(200);
    const e = await fail(ecs(emu.port, { ...sts, securityToken: 'CAISnotTheToken0000000000' }).describeSecurityGroups({}));
    expect(e).toMatchObject({ code: 'InvalidSecurityToken.MismatchWithAccessKey', statusCode: 400 });
    const noToken = await fail(ecs(emu.port, { accessKeyId: sts.accessKeyId, accessKeySecret: sts.accessKeySecret }).describeSecurityGroups({}));
    expect(noToken.code).toBe('InvalidSecurityToken.MismatchWithAccessKey');
  });
});

describe('products, versions, actions, regions', () => {
  it('answers an unknown action, or a version no product here has, with InvalidAction.NotFound, HTTP 404', async () => {
    const unknown = await signedRequest({ port: emu.port }, { action: 'DeleteSecurityGroup', version: VERSIONS.ecs, params: { RegionId: 'cn-hangzhou' }, key });
    expect([unknown.status, unknown.json.Code]).toEqual([404, 'InvalidAction.NotFound']);
    const other = await signedRequest({ port: emu.port }, { action: 'DescribeSecurityGroups', version: '2014-05-27', params: { RegionId: 'cn-hangzhou' }, key });
    expect([other.status, other.json.Code]).toEqual([404, 'InvalidAction.NotFound']);
    // ECS's action sent with ECI's version: ECI has no such action.
    const crossed = await signedRequest({ port: emu.port }, { action: 'DescribeSecurityGroups', version: VERSIONS.eci, params: { RegionId: 'cn-hangzhou' }, key });
    expect([crossed.status, crossed.json.Code]).toEqual([404, 'InvalidAction.NotFound']);
  });

  it('requires RegionId (MissingParameter) and refuses an unknown one (InvalidRegionId.NotFound, 404); a known other region is empty', async () => {
    const missing = await signedRequest({ port: emu.port }, { action: 'DescribeSecurityGroups', version: VERSIONS.ecs, params: {}, key });
    expect([missing.status, missing.json.Code]).toEqual([400, 'MissingParameter']);
    expect(await fail(ecs(emu.port, key, 'cn-nowhere').describeSecurityGroups({}))).toMatchObject({ code: 'InvalidRegionId.NotFound', statusCode: 404 });
    expect(await fail(eci(emu.port, key, 'mars-north-1').describeContainerGroups({}))).toMatchObject({ code: 'InvalidRegionId.NotFound', statusCode: 404 });
    const beijing = await ecs(emu.port, key, 'cn-beijing').describeSecurityGroups({});
    expect(beijing.body).toMatchObject({ totalCount: 0, regionId: 'cn-beijing' });
  });
});

describe('envelopes', () => {
  it('answers errors as {RequestId, HostId, Code, Message, Recommend} and never a secret', async () => {
    const r = await signedRequest({ port: emu.port }, { action: 'DescribeSecurityGroupAttribute', version: VERSIONS.ecs, params: { RegionId: 'cn-hangzhou', SecurityGroupId: 'sg-bp1doesnotexist00000' }, key });
    expect(r.status).toBe(404);
    expect(Object.keys(r.json).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
    expect(r.json).toMatchObject({ Code: 'InvalidSecurityGroupId.NotFound', HostId: 'ecs.aliyuncs.com' });
    expect(String(r.json.RequestId)).toMatch(REQUEST_ID_RE);
    expect(r.headers['x-acs-request-id']).toBe(r.json.RequestId);
    expect(String(r.json.Recommend)).toContain(`requestId=${String(r.json.RequestId)}`);

    const e = await fail(ecs(emu.port, key).describeSecurityGroupAttribute({ securityGroupId: 'sg-bp1doesnotexist00000' }));
    expect(e).toMatchObject({ code: 'InvalidSecurityGroupId.NotFound', statusCode: 404, data: { Code: 'InvalidSecurityGroupId.NotFound', HostId: 'ecs.aliyuncs.com' } });

    const everything = JSON.stringify(await emu.control.calls()) + JSON.stringify(await emu.control.state()) + JSON.stringify(r.json);
    for (const secret of secretsOf(scenario)) expect(everything).not.toContain(secret);
  });
});
