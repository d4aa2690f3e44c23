// Where a node's desired groups came from and whether its ENIs carry them.
import { sameGroups } from '../cluster-policy.ts';
import { orderUnreadable } from './group-order.ts';
import { countsAsShared, type EniKind } from './eni-kind.ts';
import { plural } from '../plural.ts';

/**
 * `custom` means the NEC matches neither the global list nor the primary ENI's groups: edited by
 * hand, or set under an older global list (ipamd applies a changed list to new nodes only). A
 * resync replaces it. `unknown`: it could only be the primary ENI's, which the cloud was not asked for.
 */
export type GroupSource = 'global-list' | 'primary-eni' | 'custom' | 'unset' | 'unknown';

export function groupSource(desired: readonly string[], globalList: readonly string[], primaryEniGroups: readonly string[] | undefined): GroupSource {
  if (desired.length === 0) return 'unset';
  if (globalList.length > 0 && sameGroups(desired, globalList)) return 'global-list';
  if (primaryEniGroups === undefined) return 'unknown';
  return sameGroups(desired, primaryEniGroups) ? 'primary-eni' : 'custom';
}

export interface EniGroups {
  id: string;
  primary: boolean;
  groups: string[];
  /** Set where the ENIs were classified (eni-kind.ts): only `shared` ones count. */
  kind?: EniKind;
}

export type NodeState = 'in-sync' | 'drifted' | 'disabled' | 'sync-pending' | 'unknown';

export interface NodeStateInput {
  desired: readonly string[];
  disabled: boolean;
  syncPending: boolean;
  /** undefined when the cloud was not asked (--no-cloud, no credentials). */
  enis: readonly EniGroups[] | undefined;
  /** false when no list read shows the cloud keeps the order bound (group-order.ts); default true. */
  orderShown?: boolean;
}

export interface NodeAssessment {
  state: NodeState;
  /** Shared (ipamd's) ENIs whose groups differ from the desired list (order included: it is priority). */
  driftedEnis: string[];
  /** ENIs with the desired groups listed in another, ascending order that may be the cloud's: not counted as drift. */
  orderUnread: string[];
  inSync: boolean | undefined;
}

/** How a node's state reads, in `show node` and the TUI alike: drift says on how many ENIs. */
export function stateWords(a: Pick<NodeAssessment, 'state' | 'driftedEnis'>): string {
  return a.state === 'drifted' ? `drifted (${plural(a.driftedEnis.length, 'ENI')})` : a.state;
}

export function assessNode(input: NodeStateInput): NodeAssessment {
  const secondaries = input.enis?.filter(countsAsShared);
  const want = input.disabled ? [] : input.desired;
  const unread = (e: EniGroups) => input.orderShown === false && orderUnreadable(e.groups, want);
  const driftedEnis = secondaries?.filter((e) => !sameGroups(e.groups, want) && !unread(e)).map((e) => e.id) ?? [];
  const orderUnread = secondaries?.filter(unread).map((e) => e.id) ?? [];
  const inSync = secondaries === undefined ? undefined : !input.disabled && driftedEnis.length === 0;
  let state: NodeState;
  if (input.disabled) state = 'disabled';
  else if (input.syncPending) state = 'sync-pending';
  else if (secondaries === undefined) state = 'unknown';
  else state = driftedEnis.length === 0 ? 'in-sync' : 'drifted';
  return { state, driftedEnis, orderUnread, inSync };
}
