// The credential chain from the environment and home directory given (never the real ones),
// through @alicloud/credentials' own providers, and secrets kept out of everything printable.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { resolveAlibabaCredential } from '../../../src/adapters/alibaba/credentials.ts';

const ID = 'LTAI5tTestAccessKeyId0001';
const SECRET = 'TestAccessKeySecretValue0123456789';
const home = () => mkdtempSync(join(tmpdir(), 'kubectl-sg-ali-'));
const lookup = (env: Record<string, string>, homeDir = home()) => resolveAlibabaCredential({ env, homeDir, ecsRamRole: false });

describe('resolveAlibabaCredential', () => {
  it('takes the environment first and says where it looked', async () => {
    const r = await lookup({ ALIBABA_CLOUD_ACCESS_KEY_ID: ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET });
    expect(r.credential?.source).toBe('env');
    expect(r.credential?.describe()).toBe('env (ALIBABA_CLOUD_ACCESS_KEY_ID), AccessKey LTAI****0001');
    expect(await r.credential!.secrets()).toEqual({ accessKeyId: ID, accessKeySecret: SECRET });
    expect(r.searched).toEqual(['environment (ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET)']);
  });

  it('reads an STS token from the environment as temporary keys', async () => {
    const r = await lookup({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.' + ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET, ALIBABA_CLOUD_SECURITY_TOKEN: 'the-security-token-xyz' });
    expect(r.credential?.temporary).toBe(true);
    expect((await r.credential!.secrets()).securityToken).toBe('the-security-token-xyz');
  });

  it('falls through to the aliyun CLI config, then the credentials file, listing each place', async () => {
    const h = home();
    mkdirSync(join(h, '.alibabacloud'));
    writeFileSync(join(h, '.alibabacloud', 'credentials'), `[default]\ntype = access_key\naccess_key_id = ${ID}\naccess_key_secret = ${SECRET}\n`);
    const fromFile = await lookup({ ALIBABA_CLOUD_ACCESS_KEY_ID: ID }, h);
    expect(fromFile.credential?.source).toBe('credentials-file');
    expect(fromFile.problems).toEqual(['ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not: the variables were skipped']);
    expect(fromFile.searched).toEqual([
      'environment (ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET)',
      join(h, '.aliyun', 'config.json'),
      `${join(h, '.alibabacloud', 'credentials')} [default]`,
    ]);

    mkdirSync(join(h, '.aliyun'));
    writeFileSync(join(h, '.aliyun', 'config.json'), JSON.stringify({ current: 'work', profiles: [{ name: 'work', mode: 'AK', access_key_id: 'LTAI5tCliProfileKey0002', access_key_secret: SECRET }] }));
    const fromCli = await lookup({}, h);
    expect(fromCli.credential?.source).toBe('aliyun-cli');
    expect(fromCli.credential?.accessKeyId).toBe('LTAI5tCliProfileKey0002');
  });

  it('finds nothing in an empty home and says so', async () => {
    const r = await lookup({});
    expect(r.credential).toBeUndefined();
    expect(r.searched.length).toBe(3);
  });

  it('stops at a configured OIDC role that fails, instead of acting as another identity', async () => {
    const h = home();
    mkdirSync(join(h, '.alibabacloud'));
    writeFileSync(join(h, '.alibabacloud', 'credentials'), `[default]\ntype = access_key\naccess_key_id = ${ID}\naccess_key_secret = ${SECRET}\n`);
    const r = await lookup({ ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1:role/r', ALIBABA_CLOUD_OIDC_PROVIDER_ARN: 'acs:ram::1:oidc-provider/p', ALIBABA_CLOUD_OIDC_TOKEN_FILE: join(h, 'missing-token') }, h);
    expect(r.credential).toBeUndefined();
    expect(r.problems[0]).toMatch(/^oidc \(role acs:ram::1:role\/r\): /);
  });

  it('never shows the secret: JSON, inspect, String, scrub', async () => {
    const { credential } = await lookup({ ALIBABA_CLOUD_ACCESS_KEY_ID: ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET });
    for (const text of [JSON.stringify(credential), inspect(credential), String(credential), credential!.scrub(`id=${ID} secret=${SECRET}`)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(ID);
    }
    expect(credential!.scrub(`secret=${SECRET}`)).toBe('secret=***');
  });
});
