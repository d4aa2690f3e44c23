import { describe, expect, it } from 'vitest';
import { readIpamdSecurityGroupArgs, withIpamdSecurityGroupArgs } from './ipamd-args.ts';

// Shaped like a real Deployment: separate-item values and --flag=value side by side.
const realArgs = ['--clusterid', 'cls-kjqul1ir', '--claim-expired-duration', '10m0s', '--enable-node-condition', '--v=4'];

describe('readIpamdSecurityGroupArgs', () => {
  it('finds the feature off when the flag is absent', () => {
    expect(readIpamdSecurityGroupArgs(realArgs)).toEqual({ enabled: false, groups: undefined, nearMisses: [] });
  });
  it('reads both spellings of a value', () => {
    expect(readIpamdSecurityGroupArgs([...realArgs, '--enable-security-groups', '--security-groups=sg-aaaaaaaa,sg-bbbbbbbb'])).toMatchObject({
      enabled: true,
      groups: ['sg-aaaaaaaa', 'sg-bbbbbbbb'],
    });
    expect(readIpamdSecurityGroupArgs(['--enable-security-groups', '--security-groups', 'sg-aaaaaaaa'])).toMatchObject({
      enabled: true,
      groups: ['sg-aaaaaaaa'],
    });
    expect(readIpamdSecurityGroupArgs(['--enable-security-groups=false']).enabled).toBe(false);
  });
  it('reports the documented typo and other near-misses instead of ignoring them', () => {
    const r = readIpamdSecurityGroupArgs([...realArgs, '--enable-security-group', '--security-group=sg-aaaaaaaa']);
    expect(r.enabled).toBe(false);
    expect(r.nearMisses).toEqual([
      { written: '--enable-security-group', meant: '--enable-security-groups' },
      { written: '--security-group', meant: '--security-groups' },
    ]);
    expect(readIpamdSecurityGroupArgs(['-enable-security-groups']).nearMisses[0]?.meant).toBe('--enable-security-groups');
  });
});

describe('withIpamdSecurityGroupArgs', () => {
  it('keeps every other arg in place and drops typos', () => {
    const before = [...realArgs, '--enable-security-group', '--security-groups', 'sg-aaaaaaaa'];
    expect(withIpamdSecurityGroupArgs(before, { enabled: true, groups: ['sg-bbbbbbbb'] })).toEqual([
      ...realArgs,
      '--enable-security-groups',
      '--security-groups=sg-bbbbbbbb',
    ]);
  });
  it('removes the list to inherit the primary ENI groups, and everything to disable', () => {
    const on = [...realArgs, '--enable-security-groups', '--security-groups=sg-aaaaaaaa'];
    expect(withIpamdSecurityGroupArgs(on, { enabled: true, groups: undefined })).toEqual([...realArgs, '--enable-security-groups']);
    expect(withIpamdSecurityGroupArgs(on, { enabled: false, groups: undefined })).toEqual(realArgs);
  });
});

describe('withIpamdSecurityGroupArgs in place', () => {
  it('writes the flags where the first old one stood, whatever spelling it had', () => {
    const before = ['--clusterid', 'cls-kjqul1ir', '--enable-security-group', '--v=4', '--security-groups', 'sg-aaaaaaaa', '--enable-node-taint'];
    expect(withIpamdSecurityGroupArgs(before, { enabled: true, groups: ['sg-bbbbbbbb', 'sg-aaaaaaaa'] })).toEqual([
      '--clusterid',
      'cls-kjqul1ir',
      '--enable-security-groups',
      '--security-groups=sg-bbbbbbbb,sg-aaaaaaaa',
      '--v=4',
      '--enable-node-taint',
    ]);
    expect(withIpamdSecurityGroupArgs(realArgs, { enabled: true, groups: undefined })).toEqual([...realArgs, '--enable-security-groups']);
  });
});
