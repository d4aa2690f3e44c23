// Tencent Cloud: one leg (a side's egress, or its ingress) through the groups bound to its ENI.
// The rules of a group are matched from the top, the first that matches (accept or drop)
// decides; several groups are matched one after another in their order on the ENI; a group
// with no rule that matches refuses (docs/reach.md, "Tencent Cloud", with the sources).
import type { SecurityRule } from '../security-rule.ts';
import { firstMatch, ruleMatch, ruleRef, type LegResult, type Packet, type Peer, type PeerSets } from './match.ts';

export interface TencentGroupRules {
  id: string;
  /** Ingress then egress, each in PolicyIndex order (as the adapter reads them). */
  rules: readonly SecurityRule[];
}

export const TENCENT_DEFAULT = 'no rule matched: denied by default';

/** `groups` in the ENI's order (its priority); `peer` is the other end of the packet. */
function inOrder(groups: readonly TencentGroupRules[], direction: 'ingress' | 'egress', packet: Packet, peer: Peer, sets: PeerSets): LegResult {
  const ordered = groups.flatMap((g) =>
    g.rules
      .filter((r) => r.direction === direction)
      .map((r, i) => ({ ref: ruleRef(g.id, r, i + 1), match: ruleMatch(r, packet, peer, sets) })),
  );
  return firstMatch(ordered, { action: 'drop', text: TENCENT_DEFAULT });
}

/** Every order of the items (an ENI has at most a handful of groups). */
function* orders<T>(items: readonly T[]): Generator<T[]> {
  if (items.length <= 1) {
    yield [...items];
    return;
  }
  for (const [i, first] of items.entries()) for (const rest of orders([...items.slice(0, i), ...items.slice(i + 1)])) yield [first, ...rest];
}

/**
 * One leg, with `groups` in the ENI's listed order. `orderUnread`: the list may be the cloud's
 * sorting rather than the groups' priority (docs/assumptions.md, "Rule order in GroupSet is
 * priority"); the verdict then stands only if every order of the groups gives it.
 */
export function evaluateTencentLeg(groups: readonly TencentGroupRules[], direction: 'ingress' | 'egress', packet: Packet, peer: Peer, sets: PeerSets, orderUnread = false): LegResult {
  const listed = inOrder(groups, direction, packet, peer, sets);
  if (!orderUnread || groups.length < 2) return listed;
  for (const order of orders(groups)) {
    const other = inOrder(order, direction, packet, peer, sets);
    if (other.verdict === listed.verdict) continue;
    return {
      ...listed,
      verdict: 'unknown',
      reason:
        `the ENI lists its groups in ascending ID order, so which has priority cannot be read back: as listed, ${listed.verdict} (${listed.reason}); ` +
        `in the order ${order.map((g) => g.id).join(', ')}, ${other.verdict} (${other.reason})`,
    };
  }
  return listed;
}
