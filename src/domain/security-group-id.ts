// Security-group IDs as Tencent Cloud issues them: `sg-` and 8 lowercase letters or digits.
// Checked before any call, so a typo is reported by name instead of as a cloud error.

import { BadInputError } from './bad-input.ts';

const SG_ID = /^sg-[0-9a-z]{8}$/;

export function isSecurityGroupId(text: string): boolean {
  return SG_ID.test(text);
}

export class InvalidGroupListError extends BadInputError {}

/**
 * Parses a comma-separated list such as `sg-aaaa1111,sg-bbbb2222` keeping its order (order is
 * priority). Every problem names the offending value and what would be right.
 */
export function parseGroupList(text: string, flag = '--groups'): string[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.length === 1 && items[0] === '') {
    throw new InvalidGroupListError(`${flag} is empty: give one or more security-group IDs, e.g. sg-12345678,sg-abcdefgh`);
  }
  const seen = new Set<string>();
  for (const item of items) {
    if (item === '') throw new InvalidGroupListError(`${flag} "${text}" has an empty entry: separate IDs with single commas`);
    if (!isSecurityGroupId(item)) {
      throw new InvalidGroupListError(`${flag}: "${item}" is not a security-group ID: expected sg- followed by 8 lowercase letters or digits, e.g. sg-12345678`);
    }
    if (seen.has(item)) throw new InvalidGroupListError(`${flag}: "${item}" is listed twice: each group may appear once (order is priority)`);
    seen.add(item);
  }
  return items;
}
