import { describe, expect, it } from 'vitest';
import { applyGroupEdit, describeEdit, EmptyGroupListError, GroupEditFlagsError, groupEditFrom, GroupNotListedError } from './group-edit.ts';
import { InvalidGroupListError } from '../security-group-id.ts';

const A = 'sg-aaaaaaaa';
const B = 'sg-bbbbbbbb';
const C = 'sg-cccccccc';
const D = 'sg-dddddddd';

describe('groupEditFrom', () => {
  it('reads exactly one of --groups, --add (with or without --first), --remove', () => {
    expect(groupEditFrom({ groups: `${A},${B}` })).toEqual({ kind: 'replace', groups: [A, B] });
    expect(groupEditFrom({ add: C })).toEqual({ kind: 'add', groups: [C], first: false });
    expect(groupEditFrom({ add: `${C},${D}`, first: true })).toEqual({ kind: 'add', groups: [C, D], first: true });
    expect(groupEditFrom({ remove: `${A},${B}` })).toEqual({ kind: 'remove', groups: [A, B] });
  });

  it('joins a repeated flag into one list, and refuses a group named twice across them', () => {
    expect(groupEditFrom({ add: [C, D] })).toEqual({ kind: 'add', groups: [C, D], first: false });
    expect(() => groupEditFrom({ remove: [A, A] })).toThrow(/"sg-aaaaaaaa" is listed twice/);
  });

  it('refuses no change, two changes, and --first without --add, naming the flags', () => {
    expect(() => groupEditFrom({})).toThrow(GroupEditFlagsError);
    expect(() => groupEditFrom({})).toThrow(/--groups .*--add .*--remove/);
    expect(() => groupEditFrom({ groups: A, add: B })).toThrow(/--groups and --add cannot be combined/);
    expect(() => groupEditFrom({ add: A, remove: B })).toThrow(/--add and --remove/);
    expect(() => groupEditFrom({ remove: A, first: true })).toThrow(/--first goes with --add only.*--remove was given/);
    expect(() => groupEditFrom({ groups: A, first: true })).toThrow(/--first/);
  });

  it('checks every ID with the flag it came with, an empty value included', () => {
    expect(() => groupEditFrom({ add: 'sg-ABCDEFGH' })).toThrow(InvalidGroupListError);
    expect(() => groupEditFrom({ add: 'sg-ABCDEFGH' })).toThrow(/^--add: "sg-ABCDEFGH" is not a security-group ID/);
    expect(() => groupEditFrom({ groups: '' })).toThrow(/^--groups is empty/);
    expect(() => groupEditFrom({ remove: `${A},,${B}` })).toThrow(/--remove .* has an empty entry/);
  });

  it('describes itself as the flags that make it', () => {
    expect(describeEdit(groupEditFrom({ add: `${C},${D}`, first: true }))).toBe(`--add ${C},${D} --first`);
    expect(describeEdit(groupEditFrom({ groups: `${B},${A}` }))).toBe(`--groups ${B},${A}`);
  });
});

describe('applyGroupEdit', () => {
  it('replaces the whole list, in the order given (order is priority)', () => {
    expect(applyGroupEdit({ kind: 'replace', groups: [B, A] }, [A, B], 'n1')).toEqual({ after: [B, A], changed: true, alreadyThere: [], notThere: [] });
    expect(applyGroupEdit({ kind: 'replace', groups: [A, B] }, [A, B], 'n1').changed).toBe(false);
  });

  it('appends with --add and prepends with --first, keeping the rest in order', () => {
    expect(applyGroupEdit({ kind: 'add', groups: [C, D], first: false }, [A, B], 'n1').after).toEqual([A, B, C, D]);
    expect(applyGroupEdit({ kind: 'add', groups: [C, D], first: true }, [A, B], 'n1').after).toEqual([C, D, A, B]);
    expect(applyGroupEdit({ kind: 'add', groups: [C], first: false }, [], 'n1').after).toEqual([C]);
  });

  it('leaves a group --add names where it already is: no duplicate, no reorder, nothing changed when all are there', () => {
    const some = applyGroupEdit({ kind: 'add', groups: [B, C], first: true }, [A, B], 'n1');
    expect(some).toEqual({ after: [C, A, B], changed: true, alreadyThere: [B], notThere: [] });
    const all = applyGroupEdit({ kind: 'add', groups: [A], first: true }, [B, A], 'n1');
    expect(all).toEqual({ after: [B, A], changed: false, alreadyThere: [A], notThere: [] });
  });

  it('takes groups out with --remove, keeping the others in order', () => {
    expect(applyGroupEdit({ kind: 'remove', groups: [B] }, [A, B, C], 'n1')).toEqual({ after: [A, C], changed: true, alreadyThere: [], notThere: [] });
  });

  it('refuses to --remove a group the node does not have, naming it, the node and its list', () => {
    const edit = { kind: 'remove' as const, groups: [D] };
    expect(() => applyGroupEdit(edit, [A, B], '10.0.0.10')).toThrow(GroupNotListedError);
    expect(() => applyGroupEdit(edit, [A, B], '10.0.0.10')).toThrow(`--remove: ${D} is not in node 10.0.0.10's list (${A},${B})`);
  });

  it('skips such a group when told to (someone else already took it out)', () => {
    expect(applyGroupEdit({ kind: 'remove', groups: [B, D] }, [A, B], 'n1', { missing: 'skip' })).toEqual({ after: [A], changed: true, alreadyThere: [], notThere: [D] });
    expect(applyGroupEdit({ kind: 'remove', groups: [D] }, [A], 'n1', { missing: 'skip' }).changed).toBe(false);
  });

  it('never leaves a node without groups', () => {
    expect(() => applyGroupEdit({ kind: 'remove', groups: [A, B] }, [A, B], '10.0.0.10')).toThrow(EmptyGroupListError);
    expect(() => applyGroupEdit({ kind: 'remove', groups: [A, B] }, [B, A], '10.0.0.10')).toThrow(
      `--remove ${A},${B} would leave node 10.0.0.10 without security groups`,
    );
    expect(() => applyGroupEdit({ kind: 'remove', groups: [A, D] }, [A], 'n1', { missing: 'skip' })).toThrow(EmptyGroupListError);
  });
});
