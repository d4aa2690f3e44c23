import { describe, expect, it } from 'vitest';
import { BadInputError } from '../bad-input.ts';
import { changeEffects, describePolicy, settingIntent, targetPolicy } from './cluster-setting-change.ts';

const A = 'sg-aaaa1111';
const B = 'sg-bbbb2222';

describe('settingIntent', () => {
  it('reads --enable with a list, with --inherit-primary, alone, and --disable', () => {
    expect(settingIntent({ enable: true, groups: `${A},${B}` })).toEqual({ enable: true, groups: [A, B] });
    expect(settingIntent({ enable: true, inheritPrimary: true })).toEqual({ enable: true, groups: 'inherit-primary' });
    expect(settingIntent({ enable: true })).toEqual({ enable: true, groups: 'keep' });
    expect(settingIntent({ disable: true })).toEqual({ enable: false });
  });

  it('refuses conflicting or missing flags with one line naming them (exit 2)', () => {
    const cases: [Parameters<typeof settingIntent>[0], RegExp][] = [
      [{}, /--enable .*--disable/],
      [{ groups: A }, /--enable/],
      [{ enable: true, disable: true }, /--enable and --disable/],
      [{ disable: true, groups: A }, /--disable .*--groups/],
      [{ disable: true, inheritPrimary: true }, /--disable .*--inherit-primary/],
      [{ enable: true, groups: A, inheritPrimary: true }, /--groups and --inherit-primary/],
      [{ enable: true, groups: 'sg-BAD' }, /"sg-BAD" is not a security-group ID/],
      [{ enable: true, groups: `${A},${A}` }, /listed twice/],
      [{ enable: true, groups: '' }, /--groups is empty/],
    ];
    for (const [flags, message] of cases) {
      expect(() => settingIntent(flags)).toThrow(BadInputError);
      expect(() => settingIntent(flags)).toThrow(message);
    }
  });
});

describe('targetPolicy', () => {
  const current = { enabled: true, globalList: [A] };
  it('keeps the list for --enable alone, empties it to inherit, and writes off as the documented default', () => {
    expect(targetPolicy({ enable: true, groups: 'keep' }, { enabled: false, globalList: [A, B] })).toEqual({ enabled: true, globalList: [A, B] });
    expect(targetPolicy({ enable: true, groups: [B] }, current)).toEqual({ enabled: true, globalList: [B] });
    expect(targetPolicy({ enable: true, groups: 'inherit-primary' }, current)).toEqual({ enabled: true, globalList: [] });
    expect(targetPolicy({ enable: false }, current)).toEqual({ enabled: false, globalList: [] });
  });
});

describe('changeEffects', () => {
  const on = (...g: string[]) => ({ enabled: true, globalList: g });
  const off = { enabled: false, globalList: [] };
  it('says nothing when nothing changes', () => {
    expect(changeEffects(on(A), on(A), { emptyListDisputed: true })).toEqual([]);
  });
  it('says that disabling unbinds nothing now but stops ipamd managing groups', () => {
    const [effect, ...rest] = changeEffects(on(A), off, { emptyListDisputed: false });
    expect(rest).toEqual([]);
    expect(effect).toMatch(/unbinds nothing now/);
    expect(effect).toMatch(/keeps the groups it carries/);
    expect(effect).toMatch(/resyncs are no longer acted on/);
    expect(effect).toMatch(/ENIs created from now on .* get no groups from the policy/);
  });
  it('says a changed list reaches new nodes only, and names the empty-list dispute from v3.5.0 on', () => {
    expect(changeEffects(on(A), on(B), { emptyListDisputed: false })).toEqual([expect.stringMatching(/reaches new nodes only/)]);
    expect(changeEffects(off, on(A), { emptyListDisputed: false })).toEqual([expect.stringMatching(/NEC lists no groups yet the policy's groups/)]);
    const inherit = changeEffects(on(A), on(), { emptyListDisputed: true });
    expect(inherit).toHaveLength(2);
    expect(inherit[1]).toMatch(/primary ENI .*newer text for v3\.5\+ says ENIs then get no extra groups/);
    expect(changeEffects(on(A), on(), { emptyListDisputed: false })[1]).not.toMatch(/newer text/);
  });
});

describe('describePolicy', () => {
  it('names the list, its absence, and a list left behind while off', () => {
    expect(describePolicy({ enabled: true, globalList: [A, B] })).toBe(`on, [${A}, ${B}]`);
    expect(describePolicy({ enabled: true, globalList: [] })).toMatch(/^on, no global list/);
    expect(describePolicy({ enabled: false, globalList: [] })).toBe('off');
    expect(describePolicy({ enabled: false, globalList: [A] })).toBe(`off (list [${A}] unused)`);
  });
});
