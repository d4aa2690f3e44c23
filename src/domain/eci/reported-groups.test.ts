import { describe, expect, it } from 'vitest';
import { cannotTellWhy, reportedGroupsVerdict } from './reported-groups.ts';

describe('reported against requested groups', () => {
  it('ok only for the same groups in the same order', () => {
    expect(reportedGroupsVerdict(['sg-a', 'sg-b'], ['sg-a', 'sg-b'])).toBe('ok');
    expect(reportedGroupsVerdict(['sg-b', 'sg-a'], ['sg-a', 'sg-b'])).toBe('mismatch');
  });

  it('one ID, the first asked for, for a pod that asked for several: cannot tell', () => {
    expect(reportedGroupsVerdict(['sg-a'], ['sg-a', 'sg-b'])).toBe('cannot-tell');
    expect(cannotTellWhy(['sg-a'], ['sg-a', 'sg-b'])).toContain('whether sg-b is bound cannot be told');
    expect(cannotTellWhy(['sg-a'], ['sg-a', 'sg-b', 'sg-c'])).toContain('whether sg-b, sg-c are bound');
  });

  it('one ID that is not the first asked for differs under either reading', () => {
    expect(reportedGroupsVerdict(['sg-b'], ['sg-a', 'sg-b'])).toBe('mismatch');
    expect(reportedGroupsVerdict(['sg-x'], ['sg-a'])).toBe('mismatch');
    expect(reportedGroupsVerdict([], ['sg-a', 'sg-b'])).toBe('mismatch');
  });
});
