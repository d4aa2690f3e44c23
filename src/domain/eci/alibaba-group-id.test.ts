import { describe, expect, it } from 'vitest';
import { isAlibabaGroupId, parseAlibabaGroupList } from './alibaba-group-id.ts';
import { InvalidGroupListError } from '../security-group-id.ts';

describe('Alibaba security-group IDs', () => {
  it('accepts the real shapes, current and older', () => {
    for (const id of ['sg-bp1dktddjsg5nktv1234', 'sg-2ze0b9o8pjjzts4h1234', 'sg-uf66jeqopgqa9hdn1234', 'sg-23ab4cd5e', 'sg-12345678']) {
      expect(isAlibabaGroupId(id), id).toBe(true);
    }
  });
  it('refuses masked, upper-case, truncated and foreign values', () => {
    for (const id of ['sg-bp1dktddjsg5nktv****', 'sg-BP1DKTDDJSG5NKTV1234', 'sg-bp1', 'vsw-bp1dktddjsg5nktv1234', 'sg_bp1dktddjsg5nktv1234', 'sg-' + 'a'.repeat(31), 'web-servers']) {
      expect(isAlibabaGroupId(id), id).toBe(false);
    }
  });
  it('parses a --groups list in order and names the bad value with an Alibaba example', () => {
    expect(parseAlibabaGroupList('sg-2ze0b9o8pjjzts4h1234, sg-bp1dktddjsg5nktv1234')).toEqual(['sg-2ze0b9o8pjjzts4h1234', 'sg-bp1dktddjsg5nktv1234']);
    expect(() => parseAlibabaGroupList('sg-bp1dktddjsg5nktv****')).toThrow(InvalidGroupListError);
    expect(() => parseAlibabaGroupList('sg-bp1dktddjsg5nktv****')).toThrow(/"sg-bp1dktddjsg5nktv\*\*\*\*" is not a security-group ID: expected sg- followed by 8 to 30 .*masked.*e\.g\. sg-bp1dktddjsg5nktv1234/);
    expect(() => parseAlibabaGroupList('', '--groups')).toThrow(/--groups is empty: .*e\.g\. sg-bp1dktddjsg5nktv1234,/);
    expect(() => parseAlibabaGroupList('sg-12345678,sg-12345678')).toThrow(/listed twice/);
  });
});
