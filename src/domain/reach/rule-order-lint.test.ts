// Expected findings worked out by hand from the clouds' documented order (docs/reach.md):
// Tencent top down, Alibaba by Priority with a drop first at equal priority.
import { describe, expect, it } from 'vitest';
import { covers, describeExposure, internetExposure, shadowedRules } from './rule-order-lint.ts';
import type { SecurityRule } from '../security-rule.ts';

type Rule = SecurityRule & { priority?: number };
const rule = (r: Partial<Rule>): Rule => ({ direction: 'ingress', protocol: 'TCP', ports: '22', peer: '0.0.0.0/0', action: 'accept', ...r });

describe('covers', () => {
  it('compares protocol, ports and peer', () => {
    expect(covers(rule({ ports: '80,443' }), rule({ ports: '443' }))).toBe(true);
    expect(covers(rule({ ports: '80-90' }), rule({ ports: '85-86' }))).toBe(true);
    expect(covers(rule({ ports: '80-90' }), rule({ ports: '85-91' }))).toBe(false);
    expect(covers(rule({ ports: '80-90,91-100' }), rule({ ports: '85-95' }))).toBe(true);
    expect(covers(rule({ protocol: 'ALL', ports: 'all' }), rule({ protocol: 'ICMP', ports: 'all' }))).toBe(true);
    expect(covers(rule({ protocol: 'TCP', ports: 'all' }), rule({ protocol: 'UDP', ports: '53' }))).toBe(false);
    expect(covers(rule({ protocol: 'TCP', ports: '22' }), rule({ protocol: 'ALL', ports: 'all' }))).toBe(false);
    expect(covers(rule({ peer: '10.0.0.0/8' }), rule({ peer: '10.1.0.0/16' }))).toBe(true);
    expect(covers(rule({ peer: '10.1.0.0/16' }), rule({ peer: '10.0.0.0/8' }))).toBe(false);
    expect(covers(rule({ peer: '0.0.0.0/0' }), rule({ peer: '2001:db8::/32' }))).toBe(false);
    expect(covers(rule({ peer: 'sg-aaaaaaaa' }), rule({ peer: 'sg-aaaaaaaa' }))).toBe(true);
    expect(covers(rule({ peer: 'ipm-aaaaaaaa' }), rule({ peer: '10.0.0.1' }))).toBe(false);
  });
});

describe('shadowedRules', () => {
  it('names an accept an earlier drop makes dead (Tencent: top down)', () => {
    expect(shadowedRules([rule({ action: 'drop' }), rule({ peer: '10.0.0.0/8' })], false)).toEqual([
      { code: 'dead-accept', message: 'ingress rule 2 (TCP 22 from 10.0.0.0/8) never applies: ingress rule 1 (drop TCP 22 from 0.0.0.0/0) comes first and drops everything it would accept' },
    ]);
  });
  it('names a rule an earlier accept takes everything from, in either direction', () => {
    const f = shadowedRules([rule({ protocol: 'ALL', ports: 'all' }), rule({ ports: '1-65535' }), rule({ direction: 'egress', protocol: 'ALL', ports: 'all' }), rule({ direction: 'egress', action: 'drop', ports: '25' })], false);
    expect(f.map((x) => x.code)).toEqual(['shadowed-rule', 'shadowed-rule']);
    expect(f[0]!.message).toBe('egress rule 2 (drop TCP 25 to 0.0.0.0/0) is never reached: egress rule 1 (ALL to 0.0.0.0/0) comes first and matches everything it would');
    expect(f[1]!.message).toMatch(/^ingress rule 2 \(TCP 1-65535 from 0.0.0.0\/0\) is never reached: ingress rule 1/);
  });
  it('says nothing when the later rule reaches packets the earlier does not', () => {
    expect(shadowedRules([rule({ peer: '10.0.0.0/8', action: 'drop' }), rule({})], false)).toEqual([]);
  });
  it('orders Alibaba rules by priority, a drop first at equal priority', () => {
    const byPriority = shadowedRules([rule({ priority: 10 }), rule({ priority: 1, action: 'drop' })], true);
    expect(byPriority).toEqual([
      { code: 'dead-accept', message: 'ingress rule 1 (priority 10: TCP 22 from 0.0.0.0/0) never applies: ingress rule 2 (priority 1: drop TCP 22 from 0.0.0.0/0) comes first and drops everything it would accept' },
    ]);
    expect(shadowedRules([rule({ priority: 5 }), rule({ priority: 5, action: 'drop' })], true).map((x) => x.code)).toEqual(['dead-accept']);
    // Listed order is not Alibaba's: the accept at priority 1 comes before the drop at 10.
    expect(shadowedRules([rule({ priority: 10, action: 'drop' }), rule({ priority: 1 })], true).map((x) => x.code)).toEqual(['shadowed-rule']);
  });
});

describe('internetExposure', () => {
  const described = (rules: Rule[], byPriority = false) => [...internetExposure(rules, byPriority)].map(([i, e]) => [i, describeExposure(e)]);
  it('gives an accept of 0.0.0.0/0 the ports no earlier rule decides', () => {
    expect(described([rule({ action: 'drop' }), rule({ protocol: 'ALL', ports: 'all' })])).toEqual([[1, 'TCP 1-21, 23-65535; UDP all ports; ICMP; GRE']]);
  });
  it('passes over a rule covering only part of the internet', () => {
    expect(described([rule({ ports: '80', peer: '10.0.0.0/8' }), rule({ ports: '80,443' })])).toEqual([[1, 'TCP 80, 443']]);
  });
  it('gives a dead accept nothing, and IPv6 its own block', () => {
    expect(described([rule({ protocol: 'ALL', ports: 'all', action: 'drop' }), rule({ ports: '443' })])).toEqual([]);
    expect(described([rule({ ports: '443', peer: '::/0' })])).toEqual([[0, 'TCP 443']]);
  });
  it('follows Alibaba priority', () => {
    expect(described([rule({ priority: 10 }), rule({ priority: 1, action: 'drop' })], true)).toEqual([]);
    expect(described([rule({ priority: 1 }), rule({ priority: 10, action: 'drop' })], true)).toEqual([[0, 'TCP 22']]);
  });
});
