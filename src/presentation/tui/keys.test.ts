import { describe, expect, it } from 'vitest';
import { BINDINGS, commandFor, keyName } from './keys.ts';

describe('the key table', () => {
  it('gives each key one meaning where it applies', () => {
    const seen = new Map<string, string>();
    for (const b of BINDINGS) {
      for (const context of b.where) {
        for (const key of b.keys) {
          const at = `${context} ${key}`;
          expect(seen.get(at), `${at}: "${seen.get(at)}" and "${b.what}"`).toBeUndefined();
          seen.set(at, b.what);
        }
      }
    }
  });

  it('finds commands by where and key', () => {
    expect(commandFor('nodes', 'space')).toBe('toggle');
    expect(commandFor('picker', 'space')).toBe('toggle');
    expect(commandFor('running', 'ctrl-c')).toBe('stop');
    expect(commandFor('nodes', 'ctrl-c')).toBe('quit');
    expect(commandFor('pick-nodes', 'enter')).toBe('accept');
    expect(commandFor('running', 'q')).toBeUndefined();
  });
});

describe('keyName', () => {
  it('names keys as the table spells them', () => {
    expect(keyName('', { upArrow: true })).toBe('up');
    expect(keyName('', { upArrow: true, shift: true })).toBe('shift-up');
    expect(keyName('', { return: true })).toBe('enter');
    expect(keyName('', { escape: true })).toBe('esc');
    expect(keyName('', { delete: true })).toBe('backspace');
    expect(keyName('c', { ctrl: true })).toBe('ctrl-c');
    expect(keyName(' ', {})).toBe('space');
    expect(keyName('G', { shift: true })).toBe('G');
  });

  it('names each character of a burst Ink delivered as one string', () => {
    expect([...' \r\x7f\x03q'].map((c) => keyName(c, {}))).toEqual(['space', 'enter', 'backspace', 'ctrl-c', 'q']);
  });
});
