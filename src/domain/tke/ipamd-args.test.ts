import { describe, expect, it } from 'vitest';
import { readIpamdSecurityGroupArgs, withIpamdSecurityGroupArgs } from './ipamd-args.ts';

// Shaped like a real Deployment: separate-item values and --flag=value side by side.
const realArgs = ['--clusterid', 'cls-kjqul1ir', '--claim-expired-duration', '10m0s', '--enable-node-condition', '--v=4'];

describe('readIpamdSecurityGroupArgs', () => {
  it('finds the feature off when the flag is absent', () => {
    expect(readIpamdSecurityGroupArgs(realArgs)).toEqual({ enabled: false, groups: undefined, nearMisses: [], refused: undefined, unread: [] });
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
    expect(readIpamdSecurityGroupArgs(['--Enable-Security-Groups']).nearMisses[0]?.meant).toBe('--enable-security-groups');
  });
});

// Go's flag rules (go-flags.ts) applied to ipamd's two flags.
describe('readIpamdSecurityGroupArgs as Go reads it', () => {
  const read = (...args: string[]) => readIpamdSecurityGroupArgs(args);
  it('takes one dash as the flag itself, not a misspelling', () => {
    expect(read('-enable-security-groups', '-security-groups', 'sg-aaaaaaaa')).toMatchObject({ enabled: true, groups: ['sg-aaaaaaaa'], nearMisses: [] });
  });
  it('reads every ParseBool spelling and refuses the rest: ipamd would not start', () => {
    for (const on of ['1', 't', 'T', 'true', 'TRUE', 'True']) expect(read(`--enable-security-groups=${on}`)).toMatchObject({ enabled: true, refused: undefined });
    for (const off of ['0', 'f', 'F', 'false', 'FALSE', 'False']) expect(read(`-enable-security-groups=${off}`)).toMatchObject({ enabled: false, refused: undefined });
    expect(read('--v=4', '--enable-security-groups=yes').refused).toEqual({
      written: '--enable-security-groups=yes',
      error: 'invalid boolean value "yes" for -enable-security-groups: parse error',
      accepts: '-enable-security-groups or --enable-security-groups, or =1|0|t|f|T|F|true|false|TRUE|FALSE|True|False',
      instead: '--enable-security-groups=true',
    });
    expect(read('--enable-security-groups=off').refused?.instead).toBe('--enable-security-groups=false');
    expect(read('--enable-security-groups=2').refused?.instead).toBeUndefined();
  });
  it('refuses --security-groups with nothing after it, and bad syntax', () => {
    expect(read('--enable-security-groups', '--security-groups').refused?.error).toBe('flag needs an argument: --security-groups');
    expect(read('---enable-security-groups').refused?.error).toBe('bad flag syntax: ---enable-security-groups');
  });
  it('leaves the values of flags it does not know to ipamd', () => {
    expect(read('--claim-expired-duration=soon', '--enable-security-groups').refused).toBeUndefined();
  });
  it('never gives the boolean a separate value: `false` stops the flags, and what follows is unread', () => {
    expect(read('--enable-security-groups', 'false', '--security-groups=sg-aaaaaaaa')).toMatchObject({
      enabled: true,
      groups: undefined,
      unread: ['--security-groups=sg-aaaaaaaa'],
    });
    expect(read('--', '--enable-security-groups')).toMatchObject({ enabled: false, unread: ['--enable-security-groups'] });
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
  it('replaces one-dash and refused spellings, and writes before the first non-flag item', () => {
    expect(withIpamdSecurityGroupArgs(['-enable-security-groups=yes', '-security-groups', 'sg-aaaaaaaa', '--v=4'], { enabled: true, groups: undefined })).toEqual([
      '--enable-security-groups',
      '--v=4',
    ]);
    expect(withIpamdSecurityGroupArgs(['--v=4', 'serve', '--x'], { enabled: true, groups: ['sg-aaaaaaaa'] })).toEqual([
      '--v=4',
      '--enable-security-groups',
      '--security-groups=sg-aaaaaaaa',
      'serve',
      '--x',
    ]);
  });
});
