import { describe, expect, it } from 'vitest';
import { isSecurityGroupId, parseGroupList } from './security-group-id.ts';

describe('security-group IDs', () => {
  it('accepts sg- plus 8 lowercase alphanumerics only', () => {
    expect(isSecurityGroupId('sg-12ab34cd')).toBe(true);
    for (const bad of ['sg-12AB34CD', 'sg-1234567', 'sg-123456789', 'eni-12345678', ' sg-12345678', 'sg_12345678']) {
      expect(isSecurityGroupId(bad)).toBe(false);
    }
  });
  it('keeps the order of a list, which is priority', () => {
    expect(parseGroupList('sg-bbbbbbbb,sg-aaaaaaaa')).toEqual(['sg-bbbbbbbb', 'sg-aaaaaaaa']);
    expect(parseGroupList(' sg-bbbbbbbb , sg-aaaaaaaa ')).toEqual(['sg-bbbbbbbb', 'sg-aaaaaaaa']);
  });
  it('names the bad value and what would be right', () => {
    expect(() => parseGroupList('sg-aaaaaaaa,sg-XYZ')).toThrow(/"sg-XYZ" is not a security-group ID: expected sg- followed by 8/);
    expect(() => parseGroupList('sg-aaaaaaaa,sg-aaaaaaaa')).toThrow(/"sg-aaaaaaaa" is listed twice/);
    expect(() => parseGroupList('')).toThrow(/--groups is empty/);
    expect(() => parseGroupList('sg-aaaaaaaa,,sg-bbbbbbbb')).toThrow(/empty entry/);
  });
});
