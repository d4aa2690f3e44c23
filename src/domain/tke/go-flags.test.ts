import { describe, expect, it } from 'vitest';
import { parseGoBool, parseGoFlags, type GoFlagKind } from './go-flags.ts';

// The table is Go's own rules (src/flag/flag.go FlagSet.parseOne, src/flag/doc.go, strconv.ParseBool).
const kinds: Record<string, GoFlagKind> = { b: 'bool', v: 'value' };
const parse = (...args: string[]) => parseGoFlags(args, (n) => kinds[n]);
const read = (...args: string[]) => parse(...args).flags.map((f) => [f.name, f.value ?? null, f.error ?? null]);

describe('parseGoBool (strconv.ParseBool)', () => {
  it('accepts exactly the twelve spellings', () => {
    for (const t of ['1', 't', 'T', 'true', 'TRUE', 'True']) expect(parseGoBool(t)).toBe(true);
    for (const f of ['0', 'f', 'F', 'false', 'FALSE', 'False']) expect(parseGoBool(f)).toBe(false);
    for (const bad of ['yes', 'no', 'on', 'tRUE', '', ' true', '2']) expect(parseGoBool(bad)).toBeUndefined();
  });
});

describe('parseGoFlags', () => {
  it('reads one and two dashes as the same flag', () => {
    expect(read('-b', '--v=x')).toEqual([['b', null, null], ['v', 'x', null]]);
    expect(read('--b', '-v', 'x')).toEqual([['b', null, null], ['v', 'x', null]]);
  });
  it('never gives a boolean the next item: that item is the first non-flag, where parsing stops', () => {
    const r = parse('-b', 'false', '-v=x');
    expect(r.flags.map((f) => f.name)).toEqual(['b']);
    expect(r.stop).toBe(1);
  });
  it('gives a value flag the next item whatever it looks like', () => {
    expect(read('-v', '-b')).toEqual([['v', '-b', null]]);
  });
  it('refuses a boolean value ParseBool refuses, a missing value and bad syntax', () => {
    expect(parse('--b=yes').refused?.error).toBe('invalid boolean value "yes" for -b: parse error');
    expect(parse('--b=').refused?.error).toBe('invalid boolean value "" for -b: parse error');
    expect(parse('--b=True').refused).toBeUndefined();
    expect(parse('-v').refused?.error).toBe('flag needs an argument: -v');
    expect(parse('---v=x').refused?.error).toBe('bad flag syntax: ---v=x');
    expect(parse('-=x').refused?.error).toBe('bad flag syntax: -=x');
  });
  it('stops at the first non-flag (`-` is one) and after `--`', () => {
    expect(parse('-b', 'x', '-v=y').stop).toBe(1);
    expect(parse('-b', '-', '-v=y').stop).toBe(1);
    expect(parse('-b', '--', '-v=y')).toMatchObject({ stop: 2, flags: [{ name: 'b' }] });
  });
  it('guesses that an unknown flag takes the next item unless it looks like a flag', () => {
    expect(read('--clusterid', 'cls-x', '--other', '-b')).toEqual([['clusterid', 'cls-x', null], ['other', null, null], ['b', null, null]]);
  });
  it('splits at the first = only, and not at a leading one', () => {
    expect(read('-v=a=b')).toEqual([['v', 'a=b', null]]);
  });
});
