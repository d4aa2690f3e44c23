import { describe, expect, it } from 'vitest';
import { capabilitiesOf, compareVersions, formatVersion, parseIpamdVersion } from './ipamd-version.ts';

describe('parseIpamdVersion', () => {
  it('reads image tags and addon versions alike', () => {
    expect(parseIpamdVersion('v3.10.0')).toEqual({ major: 3, minor: 10, patch: 0 });
    expect(parseIpamdVersion('3.11.0')).toEqual({ major: 3, minor: 11, patch: 0 });
    expect(parseIpamdVersion('v3.5.8-rc1')).toEqual({ major: 3, minor: 5, patch: 8 });
  });
  it('rejects what is not a version', () => {
    for (const bad of ['latest', 'v3.5', '', 'v3.5.x']) expect(parseIpamdVersion(bad)).toBeUndefined();
  });
  it('compares numerically, not as text', () => {
    expect(compareVersions(parseIpamdVersion('v3.10.0')!, parseIpamdVersion('v3.8.2')!)).toBeGreaterThan(0);
    expect(formatVersion(parseIpamdVersion('3.11.0')!)).toBe('v3.11.0');
  });
});

describe('capabilitiesOf', () => {
  const caps = (t: string) => capabilitiesOf(parseIpamdVersion(t)!);
  it('has no feature before v3.2.0', () => {
    expect(caps('v3.1.9')).toMatchObject({ securityGroups: false, resyncMethods: [] });
  });
  it('keeps the global setting in the Deployment args from v3.2.0 and in the addon from v3.5.0', () => {
    expect(caps('v3.2.0').globalSetting).toBe('deployment-args');
    expect(caps('v3.4.7').globalSetting).toBe('deployment-args');
    expect(caps('v3.5.0').globalSetting).toBe('addon-values');
  });
  it('strong-syncs ENIs that already have groups from v3.3.2', () => {
    expect(caps('v3.3.1').strongSync).toBe(false);
    expect(caps('v3.3.2').strongSync).toBe(true);
  });
  it('offers need-sync from v3.5.8, the toggle before', () => {
    expect(caps('v3.5.7').resyncMethods).toEqual(['toggle']);
    expect(caps('v3.5.8').resyncMethods).toEqual(['need-sync', 'toggle']);
    expect(caps('v3.10.0').resyncMethods[0]).toBe('need-sync');
  });
});
