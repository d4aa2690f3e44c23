// A change to a node's security-group list, as `set node` is asked for it: replace the list
// (--groups), add groups (--add, at the lowest priority, or with --first at the highest), or
// take groups out (--remove). Order is priority, so every edit keeps the order it does not
// change. --add and --remove are "make it so" intents: applied to a list that already has what
// --add names, they leave it as it is, which makes re-running a command (or running it on a
// selector where some nodes already have the group) safe.
import { BadInputError } from '../bad-input.ts';
import { parseGroupList } from '../security-group-id.ts';
import { sameGroups } from '../cluster-policy.ts';

export type GroupEdit =
  | { kind: 'replace'; groups: string[] }
  | { kind: 'add'; groups: string[]; first: boolean }
  | { kind: 'remove'; groups: string[] };

/** The flags as given; a repeated flag (`--add a --add b`) arrives as a list. */
export interface GroupEditFlags {
  groups?: string | string[];
  add?: string | string[];
  remove?: string | string[];
  first?: boolean;
}

export class GroupEditFlagsError extends BadInputError {}
export class GroupNotListedError extends BadInputError {}
export class EmptyGroupListError extends BadInputError {}

const FLAGS = ['groups', 'add', 'remove'] as const;

/** The one edit the flags name; every other combination is refused, naming the flags. */
export function groupEditFrom(f: GroupEditFlags): GroupEdit {
  const given = FLAGS.filter((k) => f[k] !== undefined);
  if (given.length === 0) {
    throw new GroupEditFlagsError('name the change: --groups sg-a,sg-b (the whole list, in priority order), --add sg-x [--first], or --remove sg-y');
  }
  if (given.length > 1) {
    throw new GroupEditFlagsError(`${given.map((k) => `--${k}`).join(' and ')} cannot be combined: give one of --groups, --add or --remove (run the command again for another change)`);
  }
  const flag = given[0]!;
  if (f.first && flag !== 'add') throw new GroupEditFlagsError(`--first goes with --add only (it puts the added groups at the highest priority); --${flag} was given`);
  const raw = f[flag]!;
  const groups = parseGroupList(Array.isArray(raw) ? raw.join(',') : raw, `--${flag}`);
  if (flag === 'groups') return { kind: 'replace', groups };
  if (flag === 'add') return { kind: 'add', groups, first: f.first === true };
  return { kind: 'remove', groups };
}

/** The edit as its flags, for messages and plans: `--add sg-x --first`. */
export function describeEdit(e: GroupEdit): string {
  const flag = e.kind === 'replace' ? '--groups' : `--${e.kind}`;
  return `${flag} ${e.groups.join(',')}${e.kind === 'add' && e.first ? ' --first' : ''}`;
}

export interface EditedList {
  after: string[];
  changed: boolean;
  /** --add: groups the list already had; they stay where they are (--add never reorders). */
  alreadyThere: string[];
  /** --remove: groups the list did not have (only with `missing: 'skip'`). */
  notThere: string[];
}

export interface ApplyOptions {
  /**
   * What --remove does with a group the list does not have. 'refuse' (the plan): a --remove ID
   * need not exist in the cloud any more, so the node's list is the only guard against a typo.
   * 'skip' (re-applied after a concurrent edit): someone else already took it out.
   */
  missing?: 'refuse' | 'skip';
}

/** The node's new list; throws, naming the node and the group, when the edit cannot apply. */
export function applyGroupEdit(edit: GroupEdit, current: readonly string[], node: string, o: ApplyOptions = {}): EditedList {
  const has = new Set(current);
  let after: string[];
  let alreadyThere: string[] = [];
  let notThere: string[] = [];
  if (edit.kind === 'replace') {
    after = [...edit.groups];
  } else if (edit.kind === 'add') {
    alreadyThere = edit.groups.filter((g) => has.has(g));
    const missing = edit.groups.filter((g) => !has.has(g));
    after = edit.first ? [...missing, ...current] : [...current, ...missing];
  } else {
    notThere = edit.groups.filter((g) => !has.has(g));
    if (notThere.length > 0 && (o.missing ?? 'refuse') === 'refuse') {
      const which = notThere.length === 1 ? `${notThere[0]} is` : `${notThere.join(', ')} are`;
      throw new GroupNotListedError(
        `--remove: ${which} not in node ${node}'s list (${current.join(',') || 'empty'}): nothing to remove; check the ID (kubectl sg show node ${node} shows the list)`,
      );
    }
    const gone = new Set(edit.groups);
    after = current.filter((g) => !gone.has(g));
  }
  if (after.length === 0) {
    throw new EmptyGroupListError(
      `${describeEdit(edit)} would leave node ${node} without security groups, and its ENIs with none: refused; keep at least one group (--groups replaces the whole list)`,
    );
  }
  return { after, changed: !sameGroups(after, current), alreadyThere, notThere };
}
