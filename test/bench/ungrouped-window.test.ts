import { describe, expect, it } from 'vitest';
import { ungroupedWindows } from './ungrouped-window.ts';

const change = (eniId: string, at: number, groups: string[]) => ({ eniId, at, groups, cause: 'test' });

describe('ungroupedWindows', () => {
  it('measures from the change that removes the last group to the change that binds one', () => {
    const start = new Map([['eni-a', ['sg-1']], ['eni-b', ['sg-1', 'sg-2']]]);
    const w = ungroupedWindows(
      start,
      [change('eni-a', 100, []), change('eni-b', 110, ['sg-2']), change('eni-a', 3300, ['sg-1']), change('eni-b', 3400, [])],
      0,
      5000,
    );
    expect(w).toEqual([
      { eniId: 'eni-a', longestMs: 3200, stretches: 1, open: false },
      { eniId: 'eni-b', longestMs: 1600, stretches: 1, open: true },
    ]);
  });

  it('keeps the longest of several stretches and counts one that began before the period', () => {
    const w = ungroupedWindows(new Map([['eni-a', []]]), [change('eni-a', 50, ['sg-1']), change('eni-a', 60, []), change('eni-a', 1060, ['sg-1'])], 0, 2000);
    expect(w).toEqual([{ eniId: 'eni-a', longestMs: 1000, stretches: 2, open: false }]);
  });

  it('ignores ENIs it was not asked about and changes from before the period', () => {
    const w = ungroupedWindows(new Map([['eni-a', ['sg-1']]]), [change('eni-a', 5, []), change('eni-z', 20, []), change('eni-a', 30, ['sg-1'])], 10, 100);
    expect(w).toEqual([{ eniId: 'eni-a', longestMs: 0, stretches: 0, open: false }]);
  });
});
