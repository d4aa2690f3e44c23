import { describe, expect, it } from 'vitest';
import { lintRules, type SecurityRule } from './rule-lint.ts';

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
  it('ignores DROP rules', () => {
    expect(lintRules([rule({ protocol: 'ALL', ports: 'all', peer: '0.0.0.0/0', action: 'drop' })], 100)).toEqual([]);
  });
  it('warns near the rule limit', () => {
    const many = Array.from({ length: 90 }, () => rule({}));
    expect(lintRules(many, 100).map((f) => f.code)).toEqual(['near-rule-limit']);
    expect(lintRules(many.slice(0, 89), 100)).toEqual([]);
  });
});
