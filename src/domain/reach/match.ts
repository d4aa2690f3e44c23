// Whether one security-group rule matches one packet, and the first-match walk both clouds
// share once their rules are in evaluation order (Tencent: group by group, rule by rule;
// Alibaba: by priority, drop first). The sources are in docs/reach.md.
//
// A match has three answers, not two: a rule can name what the plugin cannot see through (a
// template it did not read, another group whose members it does not know, a range only part
// of which the rule covers). Such a rule is "unknown", the walk goes on past it, and the leg's
// verdict stands only when every unknown rule on the way would have decided the same.
import { coverage, parseRange, type AddressRange } from './ip-address.ts';
import type { SecurityRule } from '../security-rule.ts';
import { summariseRule } from '../rule-summary.ts';

export type Protocol = 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'gre';
export const PROTOCOLS: readonly Protocol[] = ['tcp', 'udp', 'icmp', 'icmpv6', 'gre'];
export const PORTED: ReadonlySet<Protocol> = new Set(['tcp', 'udp']);

/** What is sent: the protocol, and the destination port for TCP and UDP. */
export interface Packet {
  protocol: Protocol;
  port: number | undefined;
}

/** The other end of a leg, as a rule's peer is compared with it. */
export interface Peer {
  /** As the user named it, or the address found for it. */
  text: string;
  range: AddressRange;
  /** The groups of the ENI or instance holding the address; undefined when not known. */
  groups: readonly string[] | undefined;
}

/** Template and prefix-list contents read from the cloud, by ID; an ID not here is unknown. */
export interface PeerSets {
  /** ipm-: addresses, CIDRs, ranges. pl- (Alibaba prefix lists): CIDRs. */
  addresses: ReadonlyMap<string, readonly string[]>;
  /** ipmg-: ipm- IDs. */
  addressGroups: ReadonlyMap<string, readonly string[]>;
  /** ppm-: `tcp:80`, `udp:53-60`, `tcp:80,443`, `icmp`, `all`. */
  services: ReadonlyMap<string, readonly string[]>;
  /** ppmg-: ppm- IDs. */
  serviceGroups: ReadonlyMap<string, readonly string[]>;
}

export const NO_SETS: PeerSets = { addresses: new Map(), addressGroups: new Map(), services: new Map(), serviceGroups: new Map() };

export type MatchAnswer = 'yes' | 'no' | 'unknown';
export interface Match {
  answer: MatchAnswer;
  why: string;
}

const yes = (why: string): Match => ({ answer: 'yes', why });
const no = (why: string): Match => ({ answer: 'no', why });
const unknown = (why: string): Match => ({ answer: 'unknown', why });

/** Tencent's `all`, `80`, `80-90`, `80,443` (Alibaba's PortRange arrives in these forms). */
function portsInclude(ports: string, port: number): boolean | undefined {
  const p = ports.trim().toLowerCase();
  if (p === 'all' || p === '') return true;
  for (const part of p.split(',')) {
    const [from, to] = part.trim().split('-').map((x) => Number(x.trim()));
    if (!Number.isInteger(from) || (to !== undefined && !Number.isInteger(to))) return undefined;
    if (port >= from! && port <= (to ?? from!)) return true;
  }
  return false;
}

/** A rule's protocol word against the packet's; ALL covers every protocol. */
function protocolMatches(ruleProtocol: string, packet: Packet): boolean {
  const r = ruleProtocol.toLowerCase();
  return r === 'all' || r === '-1' || r === packet.protocol;
}

/** One entry of a service template: `tcp:80`, `TCP: 8080`, `udp:all`, `icmp`, `ALL`. */
function serviceMatches(entry: string, packet: Packet): boolean | undefined {
  const [proto, ports] = entry.split(':').map((s) => s.trim());
  if (!proto || !protocolMatches(proto, packet)) return false;
  if (!PORTED.has(packet.protocol) || ports === undefined) return true;
  return portsInclude(ports, packet.port!);
}

function serviceMatch(id: string, packet: Packet, sets: PeerSets): Match {
  const members = id.startsWith('ppmg-') ? sets.serviceGroups.get(id) : [id];
  if (!members) return unknown(`service template group ${id} was not read`);
  const entries: string[] = [];
  for (const m of members) {
    const e = sets.services.get(m);
    if (!e) return unknown(`service template ${m} was not read`);
    entries.push(...e);
  }
  const answers = entries.map((e) => serviceMatches(e, packet));
  const what = describePacket(packet);
  if (answers.includes(true)) return yes(`${id} holds ${entries[answers.indexOf(true)]}, which covers ${what}`);
  if (answers.includes(undefined)) return unknown(`${id} holds an entry the plugin cannot read`);
  return no(`${id} (${entries.join(', ') || 'empty'}) does not cover ${what}`);
}

export const describePacket = (p: Packet) => (PORTED.has(p.protocol) ? `${p.protocol.toUpperCase()} ${p.port}` : p.protocol.toUpperCase());

function rangesMatch(peer: Peer, ranges: readonly AddressRange[], what: string): Match {
  const c = coverage(peer.range, ranges);
  if (c === 'all') return yes(`${peer.text} is in ${what}`);
  if (c === 'none') return no(`${peer.text} is not in ${what}`);
  return unknown(`only part of ${peer.text} is in ${what}`);
}

function addressSetMatch(id: string, peer: Peer, sets: PeerSets): Match {
  const members = id.startsWith('ipmg-') ? sets.addressGroups.get(id) : [id];
  if (!members) return unknown(`address template group ${id} was not read`);
  const ranges: AddressRange[] = [];
  for (const m of members) {
    const entries = sets.addresses.get(m);
    if (!entries) return unknown(`${m.startsWith('pl-') ? 'prefix list' : 'address template'} ${m} was not read`);
    for (const e of entries) {
      const r = parseRange(e);
      if (!r) return unknown(`${m} holds ${e}, which the plugin cannot read as an address`);
      ranges.push(r);
    }
  }
  return rangesMatch(peer, ranges, id);
}

/**
 * Tencent: "0.0.0.0/n is mapped to 0.0.0.0/0" (vpc_models.d.ts, SecurityGroupPolicy.CidrBlock).
 */
export function cidrOf(peer: string): AddressRange | undefined {
  return /^0\.0\.0\.0\/\d+$/.test(peer) ? parseRange('0.0.0.0/0') : parseRange(peer);
}

/** Whether the rule's peer covers the packet's other end. */
function peerMatch(rulePeer: string, peer: Peer, sets: PeerSets): Match {
  const p = rulePeer.trim();
  if (p === '') return unknown('the rule names no peer');
  if (p.startsWith('sg-')) {
    if (!peer.groups) return unknown(`which groups ${peer.text} is in is not known`);
    return peer.groups.includes(p) ? yes(`${peer.text} is in ${p}`) : no(`${peer.text} is not in ${p} (its groups: ${peer.groups.join(', ') || 'none'})`);
  }
  if (/^(ipm|ipmg|pl)-/.test(p)) return addressSetMatch(p, peer, sets);
  const range = cidrOf(p);
  if (!range) return unknown(`the peer ${p} is not an address the plugin can read`);
  return rangesMatch(peer, [range], p);
}

/** Protocol, ports and peer of one rule against one packet; the first that fails says why. */
export function ruleMatch(rule: SecurityRule, packet: Packet, peer: Peer, sets: PeerSets): Match {
  let service: Match;
  if (rule.protocol === 'TEMPLATE') service = serviceMatch(rule.ports, packet, sets);
  else if (!protocolMatches(rule.protocol, packet)) service = no(`${rule.protocol} is not ${packet.protocol.toUpperCase()}`);
  else if (!PORTED.has(packet.protocol)) service = yes(`${rule.protocol} covers ${packet.protocol.toUpperCase()}`);
  else {
    const inside = portsInclude(rule.ports, packet.port!);
    service =
      inside === undefined ? unknown(`ports ${rule.ports} cannot be read`) : inside ? yes(`port ${packet.port} is in ${rule.ports}`) : no(`port ${packet.port} is not in ${rule.ports}`);
  }
  if (service.answer === 'no') return service;
  const where = peerMatch(rule.peer, peer, sets);
  if (where.answer === 'no') return where;
  if (service.answer === 'unknown') return service;
  if (where.answer === 'unknown') return where;
  return yes(`${service.why}; ${where.why}`);
}

/** A rule as the answer names it: its group, direction, place, and the rule in words. */
export interface RuleRef {
  group: string;
  direction: 'ingress' | 'egress';
  /** 1-based, within its group and direction, as `show group` numbers them. */
  position: number;
  /** Alibaba: the rule's Priority (1-100). */
  priority?: number;
  action: 'accept' | 'drop';
  text: string;
}

export const ruleRef = (group: string, rule: SecurityRule, position: number, priority?: number): RuleRef => ({
  group,
  direction: rule.direction,
  position,
  ...(priority !== undefined ? { priority } : {}),
  action: rule.action,
  text: summariseRule(rule),
});

export interface Step {
  rule: RuleRef;
  match: MatchAnswer;
  why: string;
}

export type LegVerdict = 'allowed' | 'denied' | 'unknown';

/** What decides when no rule matches: the cloud's default for this direction. */
export interface Fallback {
  /** undefined when the default itself cannot be told (e.g. who is in the same group). */
  action: 'accept' | 'drop' | undefined;
  text: string;
}

export interface LegResult {
  verdict: LegVerdict;
  /** The first rule that matched; undefined when none did and the default decided. */
  decidedBy: RuleRef | undefined;
  /** The default that decided (or would have): "no rule matched: denied by default". */
  fallback: string | undefined;
  /** One line: why this verdict. */
  reason: string;
  /** Every rule looked at, in evaluation order, up to the deciding one. */
  steps: Step[];
}

const verdictOf = (action: 'accept' | 'drop'): LegVerdict => (action === 'accept' ? 'allowed' : 'denied');

/**
 * First match wins over rules already in evaluation order. Rules whose match is unknown are
 * passed over and remembered: the verdict holds only if each of them would have decided alike.
 */
export function firstMatch(ordered: readonly { ref: RuleRef; match: Match }[], fallback: Fallback): LegResult {
  const steps: Step[] = [];
  for (const { ref, match } of ordered) {
    steps.push({ rule: ref, match: match.answer, why: match.why });
    if (match.answer === 'yes') return settle(verdictOf(ref.action), ref, undefined, steps);
  }
  if (fallback.action === undefined) return { verdict: 'unknown', decidedBy: undefined, fallback: fallback.text, reason: `no rule matched, and ${fallback.text}`, steps };
  return settle(verdictOf(fallback.action), undefined, fallback.text, steps);
}

function settle(verdict: LegVerdict, decidedBy: RuleRef | undefined, fallback: string | undefined, steps: Step[]): LegResult {
  const decided = decidedBy ? `${decidedBy.group} ${decidedBy.direction} rule ${decidedBy.position}: ${decidedBy.text}` : fallback!;
  const against = steps.find((s) => s.match === 'unknown' && verdictOf(s.rule.action) !== verdict);
  if (against) {
    const r = against.rule;
    return {
      verdict: 'unknown',
      decidedBy,
      fallback,
      reason: `${r.group} ${r.direction} rule ${r.position} (${r.text}) comes first and would ${r.action}, but whether it matches cannot be told (${against.why}); otherwise ${decided}`,
      steps,
    };
  }
  return { verdict, decidedBy, fallback, reason: decided, steps };
}
