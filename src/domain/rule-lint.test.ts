import { describe, expect, it } from 'vitest';
import { lintRules } from './rule-lint.ts';
import type { SecurityRule } from './security-rule.ts';

const rule = (r: Partial<SecurityRule>): SecurityRule => ({ direction: 'ingress', protocol: 'TCP', ports: '443', peer: '10.0.0.0/16', action: 'accept', ...r });

describe('lintRules', () => {
  it('is quiet about narrow rules', () => {
    expect(lintRules([rule({}), rule({ protocol: 'ICMP', ports: 'all' }), rule({ direction: 'egress', protocol: 'ALL', ports: 'all', peer: '0.0.0.0/0' })], 100)).toEqual([]);
  });
  it('warns about a public port and fails a rule that opens everything to the internet', () => {
    expect(lintRules([rule({ peer: '0.0.0.0/0' })], 100).map((f) => [f.level, f.code])).toEqual([['warn', 'open-to-internet']]);
    expect(lintRules([rule({ protocol: 'ALL', ports: 'all', peer: '0.0.0.0/0' })], 100).map((f) => [f.level, f.code])).toEqual([
      ['fail', 'open-to-internet'],
      ['warn', 'all-protocols'],
    ]);
    expect(lintRules([rule({ ports: '1-65535', peer: '::/0' })], 100)[0]?.level).toBe('fail');
  });
  it('flags wide ranges, not lists of ports', () => {
    expect(lintRules([rule({ ports: '1-1024' })], 100).map((f) => f.code)).toEqual(['wide-port-range']);
    expect(lintRules([rule({ ports: '80,443,8080' })], 100)).toEqual([]);
  });
  it('judges exposure by the rules in order: a dead accept opens nothing, a later accept only what is left', () => {
    const dead = lintRules([rule({ protocol: 'ALL', ports: 'all', peer: '0.0.0.0/0', action: 'drop' }), rule({ peer: '0.0.0.0/0' })], 100);
    expect(dead.map((f) => [f.level, f.code])).toEqual([['warn', 'dead-accept']]);
    const rest = lintRules([rule({ ports: '22', peer: '0.0.0.0/0', action: 'drop' }), rule({ protocol: 'ALL', ports: 'all', peer: '0.0.0.0/0' })], 100);
    expect(rest.map((f) => [f.level, f.code])).toEqual([
      ['warn', 'open-to-internet'],
      ['warn', 'all-protocols'],
    ]);
    expect(rest[0]!.message).toContain('from anywhere (TCP 1-21, 23-65535; UDP all ports; ICMP; GRE)');
  });
  it('ignores DROP rules', () => {
    expect(lintRules([rule({ protocol: 'ALL', ports: 'all', peer: '0.0.0.0/0', action: 'drop' })], 100)).toEqual([]);
  });
  it('warns near the rule limit', () => {
    // Distinct ports: identical rules would also be shadowed by the first.
    const many = Array.from({ length: 90 }, (_, i) => rule({ ports: String(1000 + i) }));
    expect(lintRules(many, 100).map((f) => f.code)).toEqual(['near-rule-limit']);
    expect(lintRules(many.slice(0, 89), 100)).toEqual([]);
  });
});

describe('lintRules for Alibaba groups', () => {
  it('flags a range starting at 1 where one port is meant (the seed: 1/80, not 80/80)', () => {
    const f = lintRules([rule({ ports: '1-80' })], 200);
    expect(f.map((x) => [x.level, x.code])).toEqual([['warn', 'range-from-one']]);
    expect(f[0]!.message).toMatch(/ports 1-80: .*give it alone \(80, Alibaba's 80\/80\)/);
    expect(lintRules([rule({ ports: '80' }), rule({ ports: '8000-8080' })], 200)).toEqual([]);
  });
  it('warns near the 200-rule limit it is given', () => {
    expect(lintRules(Array.from({ length: 180 }, (_, i) => rule({ ports: String(1000 + i) })), 200).map((f) => f.code)).toEqual(['near-rule-limit']);
  });
  it('says an advanced group without an outbound accept rule cuts its pods off; a basic one is fine', () => {
    const ingressOnly = [rule({})];
    expect(lintRules(ingressOnly, 200, { type: 'advanced' }).map((f) => f.code)).toEqual(['advanced-no-egress']);
    expect(lintRules(ingressOnly, 200, { type: 'basic' })).toEqual([]);
    expect(lintRules([...ingressOnly, rule({ direction: 'egress', protocol: 'ALL', ports: 'all', peer: '0.0.0.0/0' })], 200, { type: 'advanced' })).toEqual([]);
  });
  it('fails an advanced group whose rule names another group', () => {
    const f = lintRules([rule({ peer: 'sg-bp1dktddjsg5nktv1234' }), rule({ direction: 'egress', peer: '0.0.0.0/0' })], 200, { type: 'advanced' });
    expect(f.map((x) => [x.level, x.code])).toEqual([['fail', 'advanced-group-reference']]);
    expect(f[0]!.message).toMatch(/ingress rule 1 names group sg-bp1dktddjsg5nktv1234/);
    expect(lintRules([rule({ peer: 'sg-bp1dktddjsg5nktv1234' })], 200, { type: 'basic' })).toEqual([]);
  });
});
