// Security-group rules in a few words each, for people reading `show pod` and `show group`:
// "TCP 80,443 from 10.0.0.0/16", "ALL to 0.0.0.0/0", "drop ALL from 0.0.0.0/0".
import type { SecurityRule } from './security-rule.ts';

const PORTLESS = new Set(['ALL', 'ICMP', 'ICMPV6']);

/** One rule: protocol, ports (where they mean something), peer, and `drop` when it refuses. */
export function summariseRule(r: SecurityRule): string {
  let what: string;
  if (r.protocol === 'TEMPLATE') what = `service ${r.ports}`;
  else if (PORTLESS.has(r.protocol)) what = r.protocol;
  else what = r.ports.toLowerCase() === 'all' ? `${r.protocol} all ports` : `${r.protocol} ${r.ports}`;
  const peer = r.peer === '' ? 'anywhere (no peer given)' : r.peer;
  return `${r.action === 'drop' ? 'drop ' : ''}${what} ${r.direction === 'ingress' ? 'from' : 'to'} ${peer}`;
}

export interface DirectionSummary {
  count: number;
  /** One phrase per rule, in priority order. */
  rules: string[];
}

export interface RuleSummary {
  ingress: DirectionSummary;
  egress: DirectionSummary;
}

export function summariseRules(rules: readonly SecurityRule[]): RuleSummary {
  const of = (direction: SecurityRule['direction']): DirectionSummary => {
    const list = rules.filter((r) => r.direction === direction).map(summariseRule);
    return { count: list.length, rules: list };
  };
  return { ingress: of('ingress'), egress: of('egress') };
}

/** The first `max` phrases joined, and how many more there are: "TCP 80 from a, ICMP from b (+3 more)". */
export function shortList(phrases: readonly string[], max: number): string {
  if (phrases.length === 0) return 'none';
  const shown = phrases.slice(0, max).join(', ');
  return phrases.length > max ? `${shown} (+${phrases.length - max} more)` : shown;
}
