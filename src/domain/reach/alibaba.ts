// Alibaba Cloud: one leg through the groups of an instance (an ECI container group's). The
// rules of all its groups are taken together and ordered by Priority (1 highest, 100 lowest),
// a drop before an accept of equal priority; the first that matches decides. When none does,
// the groups' implicit defaults decide: a basic group lets everything out and lets in what
// comes from its own members (unless its internal policy is drop); an advanced group refuses
// both ways (docs/reach.md, "Alibaba Cloud", with the sources and what is inferred).
import type { SecurityRule } from '../security-rule.ts';
import { firstMatch, ruleMatch, ruleRef, type Fallback, type LegResult, type Packet, type Peer, type PeerSets } from './match.ts';

export interface AlibabaGroupRules {
  id: string;
  type: 'basic' | 'advanced';
  /** Whether members reach each other by default: a basic group's InnerAccessPolicy. */
  innerAccessPolicy: 'accept' | 'drop';
  rules: readonly (SecurityRule & { priority: number })[];
}

/** The defaults of the instance's groups for this direction (an instance's groups are all of one type). */
function alibabaFallback(groups: readonly AlibabaGroupRules[], direction: 'ingress' | 'egress', peer: Peer): Fallback {
  const basic = groups.filter((g) => g.type === 'basic');
  if (basic.length === 0) return { action: 'drop', text: 'no rule matched: an advanced group denies by default' };
  if (direction === 'egress') return { action: 'accept', text: 'no rule matched: a basic group allows all outbound traffic by default' };
  const open = basic.filter((g) => g.innerAccessPolicy === 'accept');
  if (open.length === 0) return { action: 'drop', text: 'no rule matched: denied by default (the basic groups isolate their members)' };
  if (!peer.groups) return { action: undefined, text: `whether ${peer.text} shares a basic group with internal access allowed (${open.map((g) => g.id).join(', ')}) is not known` };
  const shared = open.find((g) => peer.groups!.includes(g.id));
  return shared
    ? { action: 'accept', text: `no rule matched: ${peer.text} is in the same basic group ${shared.id}, whose members reach each other by default` }
    : { action: 'drop', text: 'no rule matched: denied by default' };
}

/** Alibaba's order: Priority first (1 before 100), then a drop before an accept; ties keep their listing. */
export const byAlibabaPriority = (a: SecurityRule & { priority: number }, b: SecurityRule & { priority: number }): number =>
  a.priority - b.priority || Number(a.action === 'accept') - Number(b.action === 'accept');

export function evaluateAlibabaLeg(groups: readonly AlibabaGroupRules[], direction: 'ingress' | 'egress', packet: Packet, peer: Peer, sets: PeerSets): LegResult {
  const all = groups.flatMap((g) =>
    g.rules
      .filter((r) => r.direction === direction)
      .map((r, i) => ({ rule: r, ref: ruleRef(g.id, r, i + 1, r.priority) })),
  );
  // The sort is stable: equal rules keep the groups' order and their own.
  all.sort((a, b) => byAlibabaPriority(a.rule, b.rule));
  return firstMatch(
    all.map((x) => ({ ref: x.ref, match: ruleMatch(x.rule, packet, peer, sets) })),
    alibabaFallback(groups, direction, peer),
  );
}
