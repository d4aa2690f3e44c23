// Findings on a security group's rules, by least privilege (the ECI seed: one port, not a
// range; 0.0.0.0/0 only when necessary), by the limits that make a later edit fail, and, for
// Alibaba groups, by what the group's type (basic or advanced) does with the rules.

export interface SecurityRule {
  direction: 'ingress' | 'egress';
  /** Upper case: TCP, UDP, ICMP, ICMPV6, ALL. */
  protocol: string;
  /** Tencent's forms: "all", "80", "1-80", "80,443" (the Alibaba adapter translates "80/80", "1/80", "-1/-1" into them). */
  ports: string;
  /** A CIDR, or another group's ID. */
  peer: string;
  action: 'accept' | 'drop';
  description?: string;
}

export type LintLevel = 'warn' | 'fail';

export interface LintFinding {
  level: LintLevel;
  code:
    | 'open-to-internet'
    | 'wide-port-range'
    | 'range-from-one'
    | 'all-protocols'
    | 'near-rule-limit'
    | 'advanced-no-egress'
    | 'advanced-group-reference';
  message: string;
}

/** A range wider than this is probably a shortcut where a few ports were meant. */
const WIDE_RANGE = 100;
const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

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

/** `group` is given for Alibaba groups, whose type changes what the rules mean. */
export function lintRules(rules: readonly SecurityRule[], ruleLimit: number, group?: GroupKind): LintFinding[] {
  const findings: LintFinding[] = [];
  if (group?.type === 'advanced') findings.push(...advancedFindings(rules));
  rules.forEach((r, i) => {
    if (r.direction !== 'ingress' || r.action !== 'accept') return;
    const where = `ingress rule ${i + 1} (${r.protocol} ${r.ports} from ${r.peer})`;
    const open = ANYWHERE.has(r.peer);
    const portless = r.protocol === 'ICMP' || r.protocol === 'ICMPV6';
    if (open) {
      const everything = r.protocol === 'ALL' || (!portless && widestRange(r.ports) === 65535);
      findings.push({
        level: everything ? 'fail' : 'warn',
        code: 'open-to-internet',
        message: `${where} accepts ${everything ? 'everything' : 'traffic'} from anywhere: narrow the source CIDR unless the service is public`,
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
