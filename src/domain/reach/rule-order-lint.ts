// What a group's rules do once evaluated in order, as the cloud evaluates them (docs/reach.md),
// rather than judged one by one: a rule no packet reaches because an earlier one matches
// everything it would (a drop that makes a later accept dead is the case that hurts), and which
// accept rules really let traffic in from anywhere (0.0.0.0/0, ::/0), on which ports.
import { coverage, parseRange } from './ip-address.ts';
import { byAlibabaPriority } from './alibaba.ts';
import { cidrOf, NO_SETS, ruleMatch, type Packet, type Peer, type Protocol } from './match.ts';
import { summariseRule } from '../rule-summary.ts';
import type { SecurityRule } from '../security-rule.ts';

/** A rule with its place: index in the list given, and 1-based position within its direction. */
interface PlacedRule {
  rule: SecurityRule & { priority?: number };
  index: number;
  position: number;
}

/**
 * One direction's rules in evaluation order: as listed (Tencent), or by Priority with a drop
 * first (Alibaba, `byPriority`).
 */
function evaluationOrder(rules: readonly (SecurityRule & { priority?: number })[], direction: 'ingress' | 'egress', byPriority: boolean): PlacedRule[] {
  const placed = rules.flatMap((rule, index) => (rule.direction === direction ? [{ rule, index }] : [])).map((p, i) => ({ ...p, position: i + 1 }));
  if (byPriority) placed.sort((a, b) => byAlibabaPriority({ ...a.rule, priority: a.rule.priority ?? 1 }, { ...b.rule, priority: b.rule.priority ?? 1 }));
  return placed;
}

/** Port parts of `80,443`, `8000-8080` as [from, to]; undefined for `all` or what cannot be read. */
function portParts(ports: string): [number, number][] | undefined {
  if (ports.trim().toLowerCase() === 'all') return undefined;
  const parts = ports.split(',').map((p) => p.trim().split('-').map(Number) as [number, number?]);
  if (parts.some(([a, b]) => !Number.isInteger(a) || (b !== undefined && !Number.isInteger(b)))) return undefined;
  return parts.map(([a, b]) => [a, b ?? a]);
}

/** Sorted, overlapping and touching intervals joined. */
function merged(parts: readonly [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of [...parts].sort((x, y) => x[0] - y[0])) {
    const last = out.at(-1);
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Whether [from, to] lies inside the union of `outer`. */
const within = ([from, to]: [number, number], outer: readonly [number, number][]) => merged(outer).some(([a, b]) => a <= from && to <= b);

/** Whether every packet `r` matches, `a` matches too. Templates and other groups are compared only by name. */
export function covers(a: SecurityRule, r: SecurityRule): boolean {
  const ap = a.protocol.toUpperCase();
  const rp = r.protocol.toUpperCase();
  if (ap === 'TEMPLATE' || rp === 'TEMPLATE') {
    if (ap !== rp || a.ports !== r.ports) return false;
  } else {
    if (ap !== 'ALL' && ap !== rp) return false;
    if (ap !== 'ALL' && (rp === 'TCP' || rp === 'UDP')) {
      const outer = a.ports.trim().toLowerCase() === 'all' ? [[1, 65535] as [number, number]] : portParts(a.ports);
      const inner = portParts(r.ports) ?? [[1, 65535]];
      if (!outer || !inner.every((part) => within(part, outer))) return false;
    }
  }
  if (a.peer === r.peer) return true;
  const outer = cidrOf(a.peer);
  const inner = cidrOf(r.peer);
  return outer !== undefined && inner !== undefined && coverage(inner, [outer]) === 'all';
}

/** `ingress rule 2 (TCP 22 from 10.0.0.0/8)`, with Alibaba's priority: `(priority 10: TCP 22 from …)`. */
const words = (p: PlacedRule) => `${p.rule.direction} rule ${p.position} (${p.rule.priority !== undefined ? `priority ${p.rule.priority}: ` : ''}${summariseRule(p.rule)})`;

/** The codes these findings carry (finding-sources.ts cites a document for each). */
export const ORDER_CODES = ['shadowed-rule', 'dead-accept'] as const;

export interface OrderFinding {
  code: (typeof ORDER_CODES)[number];
  message: string;
}

/** Rules an earlier rule of the same direction covers whole (a single earlier rule; unions are not combined). */
export function shadowedRules(rules: readonly (SecurityRule & { priority?: number })[], byPriority: boolean): OrderFinding[] {
  const out: OrderFinding[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const ordered = evaluationOrder(rules, direction, byPriority);
    ordered.forEach((later, k) => {
      const first = ordered.slice(0, k).find((earlier) => covers(earlier.rule, later.rule));
      if (!first) return;
      const dead = first.rule.action === 'drop' && later.rule.action === 'accept';
      const what = words(later);
      const by = `${words(first)} comes first and ${dead ? 'drops everything it would accept' : 'matches everything it would'}`;
      out.push(dead ? { code: 'dead-accept', message: `${what} never applies: ${by}` } : { code: 'shadowed-rule', message: `${what} is never reached: ${by}` });
    });
  }
  return out.sort((a, b) => a.message.localeCompare(b.message, 'en', { numeric: true }));
}

/** What an accept rule lets in from anywhere, per protocol: port intervals for TCP and UDP, `true` for the rest. */
export type Exposure = Map<Protocol, [number, number][] | true>;

const ANYWHERE: { peer: Peer; protocols: Protocol[] }[] = [
  { peer: { text: '0.0.0.0/0', range: parseRange('0.0.0.0/0')!, groups: [] }, protocols: ['tcp', 'udp', 'icmp', 'gre'] },
  { peer: { text: '::/0', range: parseRange('::/0')!, groups: [] }, protocols: ['tcp', 'udp', 'icmpv6', 'gre'] },
];

/** Port intervals within which no ingress rule's ports start or end: every port of one is judged alike. */
function portIntervals(ordered: readonly PlacedRule[]): [number, number][] {
  const cuts = new Set([1, 65536]);
  for (const { rule } of ordered) for (const [from, to] of portParts(rule.ports) ?? []) cuts.add(from).add(to + 1);
  const sorted = [...cuts].filter((c) => c >= 1 && c <= 65536).sort((a, b) => a - b);
  return sorted.slice(0, -1).map((c, i) => [c, sorted[i + 1]! - 1]);
}

/**
 * By rule index: what each ingress accept rule lets in from all of the internet, as the walk in
 * order decides it. The internet is in no group; a rule the walk cannot see through (a template)
 * neither matches nor stops it; a rule that covers only part of the internet does not decide.
 */
export function internetExposure(rules: readonly (SecurityRule & { priority?: number })[], byPriority: boolean): Map<number, Exposure> {
  const ordered = evaluationOrder(rules, 'ingress', byPriority);
  const intervals = portIntervals(ordered);
  const out = new Map<number, Exposure>();
  const decide = (packet: Packet, peer: Peer) => ordered.find((p) => ruleMatch(p.rule, packet, peer, NO_SETS).answer === 'yes');
  for (const { peer, protocols } of ANYWHERE) {
    for (const protocol of protocols) {
      const ported = protocol === 'tcp' || protocol === 'udp';
      for (const [from, to] of ported ? intervals : [[0, 0] as [number, number]]) {
        const by = decide({ protocol, port: ported ? from : undefined }, peer);
        if (!by || by.rule.action !== 'accept') continue;
        const exposure: Exposure = out.get(by.index) ?? new Map();
        out.set(by.index, exposure);
        const before = exposure.get(protocol);
        exposure.set(protocol, ported ? merged([...(before === true || !before ? [] : before), [from, to]]) : true);
      }
    }
  }
  return out;
}

/** `TCP 22, 80-90; UDP all; ICMP` */
export function describeExposure(e: Exposure): string {
  return [...e]
    .map(([protocol, ports]) => {
      if (ports === true) return protocol.toUpperCase();
      const all = ports.length === 1 && ports[0]![0] === 1 && ports[0]![1] === 65535;
      return `${protocol.toUpperCase()} ${all ? 'all ports' : ports.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ')}`;
    })
    .join('; ');
}

/** Whether the exposure is every TCP port (what `open-to-internet` fails). */
export const exposesAllTcp = (e: Exposure): boolean => {
  const tcp = e.get('tcp');
  return tcp !== undefined && tcp !== true && tcp.length === 1 && tcp[0]![0] === 1 && tcp[0]![1] === 65535;
};
