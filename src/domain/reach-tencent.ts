// Tencent Cloud: one leg (a side's egress, or its ingress) through the groups bound to its ENI.
// The rules of a group are matched from the top, the first that matches (accept or drop)
// decides; several groups are matched one after another in their order on the ENI; a group
// with no rule that matches refuses (docs/reach.md, "Tencent Cloud", with the sources).
import type { SecurityRule } from './security-rule.ts';
import { firstMatch, ruleMatch, ruleRef, type LegResult, type Packet, type Peer, type PeerSets } from './reach-match.ts';

export interface TencentGroupRules {
  id: string;
  /** Ingress then egress, each in PolicyIndex order (as the adapter reads them). */
  rules: readonly SecurityRule[];
}

export const TENCENT_DEFAULT = 'no rule matched: denied by default';

/** `groups` in the ENI's order (its priority); `peer` is the other end of the packet. */
export function evaluateTencentLeg(groups: readonly TencentGroupRules[], direction: 'ingress' | 'egress', packet: Packet, peer: Peer, sets: PeerSets): LegResult {
  const ordered = groups.flatMap((g) =>
    g.rules
      .filter((r) => r.direction === direction)
      .map((r, i) => ({ ref: ruleRef(g.id, r, i + 1), match: ruleMatch(r, packet, peer, sets) })),
  );
  return firstMatch(ordered, { action: 'drop', text: TENCENT_DEFAULT });
}
