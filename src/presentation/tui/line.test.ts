import { describe, expect, it } from 'vitest';
import { cellWidth, clip, fit, fitGroups, lineText, seg, shiftLine, truncate } from './line.ts';

describe('cells', () => {
  it('counts CJK characters as two cells (group names are often Chinese)', () => {
    expect(cellWidth('web')).toBe(3);
    expect(cellWidth('生产环境')).toBe(8);
    // U+1100, the first wide character (UAX #11), right after the last code point read as narrow in one test.
    expect(cellWidth('a\u10ff\u1100')).toBe(4);
    expect(truncate('生产环境-web', 7)).toBe('生产环…');
    expect(cellWidth(fit('生产环境-web', 7))).toBe(7);
    expect(fit('ab', 4)).toBe('ab  ');
  });

  it('clips a styled line to the width, segment by segment', () => {
    const l = clip([seg('abc'), seg('defgh', { bold: true })], 5);
    expect(lineText(l)).toBe('abcd…');
    expect(l[1]).toMatchObject({ bold: true });
  });

  it('scrolls a line left by cells, across segments, a cut wide character going whole', () => {
    const l = [seg('abc'), seg('生产de', { bold: true })];
    expect(lineText(shiftLine(l, 2))).toBe('c生产de');
    expect(lineText(shiftLine(l, 4))).toBe('产de');
    expect(shiftLine(l, 5)[0]).toMatchObject({ text: '产de', bold: true });
    expect(lineText(shiftLine(l, 20))).toBe('');
  });

  it('never cuts a group ID in half: whole IDs, then +N', () => {
    const g = ['sg-aaaa1111', 'sg-bbbb2222', 'sg-cccc3333'];
    expect(fitGroups(g, 40).trimEnd()).toBe('sg-aaaa1111,sg-bbbb2222,sg-cccc3333');
    expect(fitGroups(g, 25).trimEnd()).toBe('sg-aaaa1111,sg-bbbb2222+1');
    expect(fitGroups(g, 14).trimEnd()).toBe('sg-aaaa1111+2');
    expect(fitGroups(g, 10).trimEnd()).toBe('3 groups');
    expect(fitGroups([], 10).trimEnd()).toBe('(none)');
  });
});
