// Findings on a security group's rules, by least privilege (the ECI seed: one port, not a
// range; 0.0.0.0/0 only when necessary), by the limits that make a later edit fail, and, for
// Alibaba groups, by what the group's type (basic or advanced) does with the rules. What the
// internet can reach, and rules no packet reaches, come from the rules evaluated in order
// (rule-order-lint.ts), not from each rule alone.
import { describeExposure, exposesAllTcp, internetExposure, ORDER_CODES, shadowedRules } from './reach/rule-order-lint.ts';
import type { SecurityRule } from './security-rule.ts';

export type LintLevel = 'warn' | 'fail';

/** Every code a lint finding may carry (finding-sources.ts cites a document for each). */
export const LINT_CODES = [
  'open-to-internet',
  'wide-port-range',
  'range-from-one',
  'all-protocols',
  'near-rule-limit',
  'advanced-no-egress',
  'advanced-group-reference',
  ...ORDER_CODES,
] as const;
export type LintCode = (typeof LINT_CODES)[number];

export interface LintFinding {
  level: LintLevel;
  code: LintCode;
  message: string;
}

/** A range wider than this is probably a shortcut where a few ports were meant. */
const WIDE_RANGE = 100;

/** An Alibaba group's type; basic and advanced groups treat the same rules differently. */
export interface GroupKind {
  type: 'basic' | 'advanced';
}

/** A peer that is another group rather than a CIDR. */
const isGroupPeer = (peer: string) => peer.startsWith('sg-');

/** The first range of the ports that starts at port 1 and ends below the wide threshold: `1-80`, the seed's `1/80`. */
function rangeFromOne(ports: string): string | undefined {
  return ports.split(',').find((part) => {
    const [from, to] = part.split('-').map(Number);
    return from === 1 && to !== undefined && to > 1 && to <= WIDE_RANGE;
  });
}

function widestRange(ports: string): number {
  if (ports.toLowerCase() === 'all') return 65535;
  let widest = 1;
  for (const part of ports.split(',')) {
    const [from, to] = part.split('-').map(Number);
    if (to !== undefined && Number.isFinite(from) && Number.isFinite(to)) widest = Math.max(widest, to - from! + 1);
  }
  return widest;
}

/**
 * `group` is given for Alibaba groups, whose type changes what the rules mean and whose rules
 * are evaluated by their `priority` (the Alibaba adapter's rules carry it).
 */
export function lintRules(rules: readonly (SecurityRule & { priority?: number })[], ruleLimit: number, group?: GroupKind): LintFinding[] {
  const findings: LintFinding[] = [];
  if (group?.type === 'advanced') findings.push(...advancedFindings(rules));
  const byPriority = group !== undefined;
  // Only the rules that decide for traffic from anywhere are open to it: an earlier drop, or an
  // earlier accept that takes the traffic first, leaves a later rule nothing to open.
  const exposure = internetExposure(rules, byPriority);
  rules.forEach((r, i) => {
    if (r.direction !== 'ingress' || r.action !== 'accept') return;
    const where = `ingress rule ${i + 1} (${r.protocol} ${r.ports} from ${r.peer})`;
    const portless = r.protocol === 'ICMP' || r.protocol === 'ICMPV6';
    const open = exposure.get(i);
    if (open) {
      const everything = exposesAllTcp(open);
      findings.push({
        level: everything ? 'fail' : 'warn',
        code: 'open-to-internet',
        message: `${where} accepts ${everything ? 'everything' : 'traffic'} from anywhere (${describeExposure(open)}): narrow the source CIDR unless the service is public`,
      });
    }
    if (r.protocol === 'ALL') {
      findings.push({ level: 'warn', code: 'all-protocols', message: `${where} accepts all protocols: name TCP, UDP or ICMP and the ports needed` });
    } else if (!portless && widestRange(r.ports) > WIDE_RANGE) {
      findings.push({ level: 'warn', code: 'wide-port-range', message: `${where} opens ${widestRange(r.ports)} ports: list the ports the pods serve (e.g. 80,443)` });
    } else if (!portless && rangeFromOne(r.ports)) {
      const range = rangeFromOne(r.ports)!;
      findings.push({ level: 'warn', code: 'range-from-one', message: `${where} opens ports ${range}: where one port is meant, give it alone (${range.split('-')[1]}, Alibaba's ${range.split('-')[1]}/${range.split('-')[1]})` });
    }
  });
  findings.push(...shadowedRules(rules, byPriority).map((f) => ({ level: 'warn' as const, ...f })));
  if (rules.length >= Math.floor(ruleLimit * 0.9)) {
    findings.push({ level: 'warn', code: 'near-rule-limit', message: `${rules.length} of at most ${ruleLimit} rules: the next edits may be refused` });
  }
  return findings;
}

/**
 * An advanced group denies everything no rule accepts, outbound too, and its rules cannot name
 * other groups (the seed's table): the first silently cuts pods off, the second never applies.
 */
function advancedFindings(rules: readonly SecurityRule[]): LintFinding[] {
  const findings: LintFinding[] = [];
  if (!rules.some((r) => r.direction === 'egress' && r.action === 'accept')) {
    findings.push({ level: 'warn', code: 'advanced-no-egress', message: 'advanced group with no outbound accept rule: its pods can reach nothing (advanced groups deny outbound traffic no rule accepts)' });
  }
  rules.forEach((r, i) => {
    if (isGroupPeer(r.peer)) {
      findings.push({ level: 'fail', code: 'advanced-group-reference', message: `${r.direction} rule ${i + 1} names group ${r.peer}, but an advanced group cannot reference groups: use the CIDRs of those pods` });
    }
  });
  return findings;
}
