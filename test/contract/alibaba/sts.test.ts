// STS 2015-04-01 GetCallerIdentity through the official generic client (openapi.ts; no generated
// STS package is a dependency): no parameters, no RegionId needed, the RAM user behind the access
// key and the assumed role behind the STS credential, in the API reference's field names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlibabaEmulator, type AlibabaEmulator } from '../../sandbox/alibaba/emulator.ts';
import { contractScenario, keyOf, type AccessKey } from './helpers.ts';
import { callRpc } from './openapi.ts';

const scenario = { ...contractScenario(404), stsCredential: { accessKeyId: 'STS.NT' + 'x'.repeat(20), accessKeySecret: 'y'.repeat(30), securityToken: 'CAIS' + 'z'.repeat(60) } };
let emu: AlibabaEmulator;

beforeAll(async () => {
  emu = await startAlibabaEmulator({ scenario });
});
afterAll(async () => {
  await emu?.close();
});

const getCallerIdentity = (key: AccessKey) => callRpc(emu.port, key, 'GetCallerIdentity', '2015-04-01');

describe('GetCallerIdentity', () => {
  it('names the RAM user behind the access key, with no parameter at all', async () => {
    const r = await getCallerIdentity(keyOf(scenario));
    expect(r.statusCode).toBe(200);
    expect(r.body).toMatchObject({ IdentityType: 'RAMUser', AccountId: expect.stringMatching(/^\d{16}$/), Arn: expect.stringMatching(/^acs:ram::\d{16}:user\/[\w-]+$/) });
    expect(r.body.UserId).toBe(r.body.PrincipalId);
    expect(r.body.RequestId).toEqual(expect.any(String));
  });

  it('names the assumed role behind an STS credential (RoleId, no UserId)', async () => {
    const sts = scenario.stsCredential;
    const r = await getCallerIdentity({ accessKeyId: sts.accessKeyId, accessKeySecret: sts.accessKeySecret, securityToken: sts.securityToken });
    expect(r.body).toMatchObject({ IdentityType: 'AssumedRoleUser', Arn: expect.stringMatching(/^acs:ram::\d{16}:role\/[\w-]+\/[\w-]+$/), RoleId: expect.any(String) });
    expect(r.body.UserId).toBeUndefined();
  });
});
