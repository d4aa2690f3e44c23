import { describe, expect, it } from 'vitest';
import { lineChanges } from './line-changes.ts';

describe('lineChanges', () => {
  it('shows only what was taken out and put in, not what stayed or moved', () => {
    const before = ['--clusterid', 'cls-x', '--enable-security-group', '--v=4', '--security-groups', 'sg-a', '--enable-node-taint'];
    const after = ['--clusterid', 'cls-x', '--enable-security-groups', '--security-groups=sg-b', '--v=4', '--enable-node-taint'];
    expect(lineChanges(before, after)).toEqual({
      removed: ['--enable-security-group', '--security-groups', 'sg-a'],
      added: ['--enable-security-groups', '--security-groups=sg-b'],
    });
  });
  it('is empty for equal lists and handles pure additions and removals', () => {
    expect(lineChanges(['a', 'b'], ['a', 'b'])).toEqual({ removed: [], added: [] });
    expect(lineChanges(['a', 'b'], ['a', 'x', 'b'])).toEqual({ removed: [], added: ['x'] });
    expect(lineChanges(['a', 'x', 'x', 'b'], ['a', 'b'])).toEqual({ removed: ['x', 'x'], added: [] });
  });
});
