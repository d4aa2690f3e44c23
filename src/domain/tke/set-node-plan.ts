// The plan of `set node`, before anything is written: per node the list now and after, whether
// it changes, and what ipamd will (not) do with it, from what the node and its ENIs look like
// and what the ipamd version does (seeds, domain.md):
// - a disabled node: ipamd binds no group while `disable-node-eni-security-groups` is "yes",
//   and re-enabling it derives the groups from the cluster policy again;
// - a pending resync (need-sync): ipamd is about to apply the cluster policy's groups;
// - before v3.3.2, an ENI that already has groups keeps them (strong sync came with v3.3.2),
//   so such ENIs will not follow the new list and verification fails for them.
import { applyGroupEdit, type GroupEdit } from './group-edit.ts';
import { sameGroups } from '../cluster-policy.ts';
import type { EniGroups } from './node-state.ts';
import { countsAsShared } from './eni-kind.ts';
import { plural } from '../plural.ts';

export interface PlanNodeInput {
  name: string;
  /** The NEC's spec.securityGroups now. */
  before: readonly string[];
  disabled: boolean;
  syncPending: boolean;
  /** The instance's ENIs (primary included); undefined when they are not known. */
  enis: readonly EniGroups[] | undefined;
}

export interface IpamdFacts {
  version: string;
  /** ENIs that already have groups follow the node's list (v3.3.2+). */
  strongSync: boolean;
}

export interface PlannedNode {
  name: string;
  before: string[];
  after: string[];
  changed: boolean;
  /** One short line each: what ipamd will do differently, or why nothing changes. */
  notes: string[];
  disabled: boolean;
  /** Secondary ENIs that will keep groups other than `after` (ipamd < v3.3.2). */
  keptEnis: string[];
}

export interface SetNodePlan {
  edit: GroupEdit;
  ipamd: IpamdFacts;
  items: PlannedNode[];
  /** Plan-wide warnings, one line each. */
  warnings: string[];
}


function planNode(edit: GroupEdit, n: PlanNodeInput, ipamd: IpamdFacts): PlannedNode {
  const edited = applyGroupEdit(edit, n.before, n.name);
  const secondaries = n.enis?.filter(countsAsShared) ?? [];
  const notes: string[] = [];
  if (edited.alreadyThere.length > 0) {
    notes.push(`${edited.alreadyThere.map((g) => `${g} (priority ${n.before.indexOf(g) + 1})`).join(', ')} already there`);
  }
  if (!edited.changed && edited.alreadyThere.length === 0) notes.push('already this list');
  const keptEnis =
    edited.changed && !ipamd.strongSync && !n.disabled ? secondaries.filter((e) => e.groups.length > 0 && !sameGroups(e.groups, edited.after)).map((e) => e.id) : [];
  if (edited.changed) {
    if (n.disabled) notes.push('disabled: ipamd binds nothing until re-enabled');
    if (n.syncPending) notes.push('resync pending: the cluster policy may replace this list');
    if (keptEnis.length > 0) notes.push(`${plural(keptEnis.length, 'ENI keeps its', 'ENIs keep their')} groups (ipamd ${ipamd.version})`);
    const drifted = secondaries.filter((e) => !sameGroups(e.groups, n.before)).length;
    if (drifted > 0 && ipamd.strongSync && !n.disabled) notes.push(`${plural(drifted, 'ENI')} drifted: ipamd syncs ${drifted === 1 ? 'it' : 'them'} to the new list`);
  }
  return { name: n.name, before: [...n.before], after: edited.after, changed: edited.changed, notes, disabled: n.disabled, keptEnis };
}

/** Throws (bad input, naming the node) when the edit cannot apply to one of the nodes. */
export function planSetNode(edit: GroupEdit, nodes: readonly PlanNodeInput[], ipamd: IpamdFacts): SetNodePlan {
  const items = nodes.map((n) => planNode(edit, n, ipamd));
  const warnings: string[] = [];
  const kept = items.filter((i) => i.keptEnis.length > 0);
  if (kept.length > 0) {
    const enis = kept.reduce((sum, i) => sum + i.keptEnis.length, 0);
    warnings.push(
      `ipamd ${ipamd.version} keeps the groups an ENI already has (existing ENIs follow the node's list from v3.3.2 on): ` +
        `${plural(enis, 'ENI')} on ${plural(kept.length, 'node')} will keep the groups they have and fail verification; upgrade the eniipamd addon to v3.3.2 or later, ` +
        'or rebind them with kubectl sg resync --method toggle (which may apply the cluster policy\'s groups rather than this list)',
    );
  }
  const disabled = items.filter((i) => i.changed && i.disabled);
  if (disabled.length > 0) {
    warnings.push(
      `${plural(disabled.length, 'node is', 'nodes are')} disabled (${disabled.map((i) => i.name).join(', ')}): ${disabled.length === 1 ? 'its NEC is' : 'their NECs are'} written but not verified, ` +
        'as ipamd binds no group until a node is re-enabled, and re-enabling applies the cluster policy\'s groups, which may replace this list',
    );
  }
  return { edit, ipamd, items, warnings };
}
