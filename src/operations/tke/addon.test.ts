import { describe, expect, it } from 'vitest';
import { InvalidClusterIdError } from '../../domain/cluster-id.ts';
import { resolveClusterId, TkeAddonReader } from './addon.ts';
import type { Addon, TencentCloud } from '../../adapters/tencent/index.ts';
import type { TencentAccess } from '../cloud-access.ts';

const ARGS = ['--clusterid', 'cls-kjqul1ir', '--v=4'];

describe('resolveClusterId', () => {
  it('prefers --cluster-id, then ipamd\'s args, then the API server host, and says which', () => {
    expect(resolveClusterId({ flag: 'cls-abcdefgh', ipamdArgs: ARGS })).toMatchObject({ id: 'cls-abcdefgh', source: 'flag' });
    expect(resolveClusterId({ ipamdArgs: ARGS, server: 'https://cls-zzzzzzzz.ccs.tencent-cloud.com' })).toMatchObject({ id: 'cls-kjqul1ir', source: 'ipamd-args' });
    expect(resolveClusterId({ ipamdArgs: [], server: 'https://cls-zzzzzzzz.ccs.tencent-cloud.com' })).toMatchObject({ id: 'cls-zzzzzzzz', source: 'server-host' });
    expect(resolveClusterId({ ipamdArgs: [], server: 'https://127.0.0.1:6443' })).toBeUndefined();
    expect(() => resolveClusterId({ flag: 'kjqul1ir' })).toThrow(InvalidClusterIdError);
  });
});

describe('TkeAddonReader', () => {
  const cloudWith = (describeAddon: () => Promise<Addon | undefined>): TencentAccess => ({
    cloud: { tke: { describeAddon } } as unknown as TencentCloud,
    missing: undefined,
  });
  const facts = { args: ARGS, imageTag: 'v3.5.8', image: undefined, replicas: 2, readyReplicas: 2 };
  const addon = (values: Record<string, unknown> | undefined, valuesError?: string): Addon => ({ name: 'eniipamd', version: '3.5.8', phase: 'Succeeded', reason: undefined, values, valuesError });

  it('reads vpcCni.securityGroups, and the chart default when the key is absent', async () => {
    const on = new TkeAddonReader({ cloud: async () => cloudWith(async () => addon({ vpcCni: { securityGroups: { enableSecurityGroups: true, securityGroups: ['sg-12345678'] } } })) });
    expect(await on.securityGroupValues(facts)).toEqual({ enableSecurityGroups: true, securityGroups: ['sg-12345678'] });
    expect(on.outcome).toMatchObject({ asked: true, installed: true, version: '3.5.8', notRead: undefined, clusterId: { id: 'cls-kjqul1ir', source: 'ipamd-args' } });
    // The whole values are kept for a writer, which must send all of them back.
    expect(on.values).toEqual({ vpcCni: { securityGroups: { enableSecurityGroups: true, securityGroups: ['sg-12345678'] } } });
    const bare = new TkeAddonReader({ cloud: async () => cloudWith(async () => addon({})) });
    expect(await bare.securityGroupValues(facts)).toEqual({ enableSecurityGroups: false, securityGroups: [] });
  });

  it('keeps why the values were not read instead of failing', async () => {
    const cases: [TkeAddonReader, RegExp][] = [
      [new TkeAddonReader({ cloud: async () => cloudWith(async () => undefined) }), /not installed/],
      [new TkeAddonReader({ cloud: async () => cloudWith(async () => addon(undefined, 'RawValues is not base64')) }), /not base64/],
      [new TkeAddonReader({ cloud: async () => cloudWith(async () => Promise.reject(new Error('tke:DescribeAddon: UnauthorizedOperation'))) }), /UnauthorizedOperation/],
      [new TkeAddonReader({ cloud: async () => ({ cloud: undefined, missing: 'no credentials' }) }), /^no credentials$/],
    ];
    for (const [reader, why] of cases) {
      expect(await reader.securityGroupValues(facts)).toBeUndefined();
      expect(reader.outcome.notRead).toMatch(why);
    }
    let opened = false;
    const noId = new TkeAddonReader({ cloud: async () => ((opened = true), cloudWith(async () => undefined)) });
    expect(await noId.securityGroupValues({ ...facts, args: [] })).toBeUndefined();
    expect(noId.outcome.notRead).toMatch(/--cluster-id/);
    expect(opened).toBe(false);
  });
});
