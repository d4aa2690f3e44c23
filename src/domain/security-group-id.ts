// Security-group IDs, checked before any call so that a typo is reported by name instead of as
// a cloud error. Each cloud has its own shape (GroupIdShape); Tencent Cloud issues `sg-` and 8
// lowercase letters or digits. Alibaba's shape lives in alibaba-group-id.ts.

import { BadInputError } from './bad-input.ts';

/** One cloud's ID shape, and the words an error uses to say what would be right. */
export interface GroupIdShape {
  pattern: RegExp;
  /** Completes "expected ...", e.g. `sg- followed by 8 lowercase letters or digits`. */
  expected: string;
  example: string;
  /** A list for the "is empty" message, e.g. `sg-12345678,sg-abcdefgh`. */
  exampleList: string;
}

export const TENCENT_GROUP_ID: GroupIdShape = {
  pattern: /^sg-[0-9a-z]{8}$/,
  expected: 'sg- followed by 8 lowercase letters or digits',
  example: 'sg-12345678',
  exampleList: 'sg-12345678,sg-abcdefgh',
};

export function isSecurityGroupId(text: string): boolean {
  return TENCENT_GROUP_ID.pattern.test(text);
}

export class InvalidGroupListError extends BadInputError {}

/**
 * Parses a comma-separated list such as `sg-aaaa1111,sg-bbbb2222` keeping its order (order is
 * priority). Every problem names the offending value and what would be right.
 */
export function parseGroupList(text: string, flag = '--groups', shape: GroupIdShape = TENCENT_GROUP_ID): string[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.length === 1 && items[0] === '') {
    throw new InvalidGroupListError(`${flag} is empty: give one or more security-group IDs, e.g. ${shape.exampleList}`);
  }
  const seen = new Set<string>();
  for (const item of items) {
    if (item === '') throw new InvalidGroupListError(`${flag} "${text}" has an empty entry: separate IDs with single commas`);
    if (!shape.pattern.test(item)) {
      throw new InvalidGroupListError(`${flag}: "${item}" is not a security-group ID: expected ${shape.expected}, e.g. ${shape.example}`);
    }
    if (seen.has(item)) throw new InvalidGroupListError(`${flag}: "${item}" is listed twice: each group may appear once (order is priority)`);
    seen.add(item);
  }
  return items;
}

/** Positional IDs (show group sg-a sg-b): each checked against the shape; duplicates dropped, order kept. */
export function checkGroupIdList(ids: readonly string[], shape: GroupIdShape, usage: string): string[] {
  if (ids.length === 0) throw new InvalidGroupListError(`name one or more security-group IDs, e.g. ${usage} ${shape.example}`);
  for (const id of ids) {
    if (!shape.pattern.test(id)) throw new InvalidGroupListError(`"${id}" is not a security-group ID: expected ${shape.expected}, e.g. ${shape.example}`);
  }
  return [...new Set(ids)];
}
