// A change of the cluster-wide security-group setting (`set cluster`): what the flags ask for,
// the policy that results, and what that does to the nodes, in words an operator can act on.
// The effects follow domain.md ("Documented behaviour"): turning the feature off unbinds
// nothing, a changed global list reaches new nodes only, and "feature on, empty list" is read
// as cluster-policy.ts reads it (inherit the primary ENI's groups), with the dispute named.
import { BadInputError } from '../bad-input.ts';
import { sameGroups, type ClusterPolicy } from '../cluster-policy.ts';
import { parseGroupList } from '../security-group-id.ts';

export class SettingFlagsError extends BadInputError {}

/** `keep`: --enable alone leaves the global list as it is. */
export type SettingIntent = { enable: false } | { enable: true; groups: string[] | 'inherit-primary' | 'keep' };

export interface SettingFlags {
  enable?: boolean;
  disable?: boolean;
  groups?: string;
  inheritPrimary?: boolean;
}

/** The flags of `set cluster`, checked before anything is read; each refusal names the flags. */
export function settingIntent(f: SettingFlags): SettingIntent {
  if (f.enable && f.disable) throw new SettingFlagsError('--enable and --disable cannot be used together: choose one');
  if (!f.enable && !f.disable) {
    throw new SettingFlagsError('say what to do: --enable (with --groups sg-a,sg-b or --inherit-primary) or --disable');
  }
  const groupsGiven = f.groups !== undefined;
  if (f.disable) {
    if (groupsGiven || f.inheritPrimary) {
      throw new SettingFlagsError(`--disable turns the feature off, which has no global list: drop ${groupsGiven ? '--groups' : '--inherit-primary'}`);
    }
    return { enable: false };
  }
  if (groupsGiven && f.inheritPrimary) {
    throw new SettingFlagsError('--groups and --inherit-primary cannot be used together: --inherit-primary means no global list (each node takes its primary ENI\'s groups)');
  }
  if (f.inheritPrimary) return { enable: true, groups: 'inherit-primary' };
  return { enable: true, groups: groupsGiven ? parseGroupList(f.groups!) : 'keep' };
}

/**
 * The setting once the intent is applied to `current`. Off is written as the documented
 * default (no flags; `{enableSecurityGroups: false, securityGroups: []}`): a list left behind
 * would come back unchosen the day someone turns the feature on in the console.
 */
export function targetPolicy(intent: SettingIntent, current: ClusterPolicy): ClusterPolicy {
  if (!intent.enable) return { enabled: false, globalList: [] };
  if (intent.groups === 'keep') return { enabled: true, globalList: [...current.globalList] };
  return { enabled: true, globalList: intent.groups === 'inherit-primary' ? [] : [...intent.groups] };
}

export function samePolicy(a: ClusterPolicy, b: ClusterPolicy): boolean {
  return a.enabled === b.enabled && sameGroups(a.globalList, b.globalList);
}

/** `on, [sg-a, sg-b]`, `on, no global list (each node inherits its primary ENI's groups)`, `off`. */
export function describePolicy(p: ClusterPolicy): string {
  if (!p.enabled) return p.globalList.length > 0 ? `off (list [${p.globalList.join(', ')}] unused)` : 'off';
  return p.globalList.length > 0 ? `on, [${p.globalList.join(', ')}]` : 'on, no global list (each node inherits its primary ENI\'s groups)';
}

export interface EffectContext {
  /** ipamd >= v3.5.0, where a newer document reads "on, empty list" differently. */
  emptyListDisputed: boolean;
}

/** What the change does to nodes and pods, one sentence each; nothing when nothing changes. */
export function changeEffects(before: ClusterPolicy, after: ClusterPolicy, ctx: EffectContext): string[] {
  if (samePolicy(before, after)) return [];
  const out: string[] = [];
  if (before.enabled && !after.enabled) {
    out.push(
      'turning the feature off unbinds nothing now: every secondary ENI keeps the groups it carries, but ipamd stops managing them — ' +
        'NEC lists, NEC edits and resyncs are no longer acted on, and ENIs created from now on (new nodes, nodes that add ENIs) get no groups from the policy ' +
        '(the v3.5+ documentation: they carry the primary ENI\'s groups); pods on those ENIs lose the protection of the groups they would have had',
    );
    return out;
  }
  if (!before.enabled) {
    out.push(
      'turning the feature on: ipamd gives every node whose NEC lists no groups yet the policy\'s groups and binds them to its secondary ENIs; ' +
        'NECs that already list groups keep them until the node is resynced',
    );
  } else if (!sameGroups(before.globalList, after.globalList)) {
    out.push(
      'a changed global list reaches new nodes only: existing nodes keep the groups their NEC lists until they are resynced ' +
        '(the nodes that then differ are listed after the change, with the resync command; a resync also replaces groups set on a node\'s NEC by hand)',
    );
  }
  if (after.globalList.length === 0) {
    out.push(
      'with no global list each node\'s groups default to those of its primary ENI (its instance\'s groups)' +
        (ctx.emptyListDisputed
          ? ': the older documents\' rule, which this tool follows; a newer text for v3.5+ says ENIs then get no extra groups — check new nodes with kubectl sg show node'
          : ''),
    );
  }
  return out;
}
