// Findings on a security group's rules, by least privilege (the ECI seed: one port, not a
// range; 0.0.0.0/0 only when necessary) and by the limits that make a later edit fail.

export interface SecurityRule {
  direction: 'ingress' | 'egress';
  /** Upper case: TCP, UDP, ICMP, ICMPV6, ALL. */
  protocol: string;
  /** Tencent's forms: "all", "80", "1-80", "80,443". */
  ports: string;
  /** A CIDR, or another group's ID. */
  peer: string;
  action: 'accept' | 'drop';
  description?: string;
}

export type LintLevel = 'warn' | 'fail';

export interface LintFinding {
  level: LintLevel;
  code: 'open-to-internet' | 'wide-port-range' | 'all-protocols' | 'near-rule-limit';
  message: string;
}

/** A range wider than this is probably a shortcut where a few ports were meant. */
const WIDE_RANGE = 100;
const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

function widestRange(ports: string): number {
  if (ports.toLowerCase() === 'all') return 65535;
  let widest = 1;
  for (const part of ports.split(',')) {
    const [from, to] = part.split('-').map(Number);
    if (to !== undefined && Number.isFinite(from) && Number.isFinite(to)) widest = Math.max(widest, to - from! + 1);
  }
  return widest;
}

export function lintRules(rules: readonly SecurityRule[], ruleLimit: number): LintFinding[] {
  const findings: LintFinding[] = [];
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
    }
  });
  if (rules.length >= Math.floor(ruleLimit * 0.9)) {
    findings.push({ level: 'warn', code: 'near-rule-limit', message: `${rules.length} of at most ${ruleLimit} rules: the next edits may be refused` });
  }
  return findings;
}
