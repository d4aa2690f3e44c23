import { describe, expect, it } from 'vitest';
import type { SecurityRule } from './security-rule.ts';
import { shortList, summariseRule, summariseRules } from './rule-summary.ts';

const rule = (r: Partial<SecurityRule>): SecurityRule => ({ direction: 'ingress', protocol: 'TCP', ports: '443', peer: '10.0.0.0/16', action: 'accept', ...r });

describe('summariseRule', () => {
  it('says protocol, ports, direction and peer', () => {
    expect(summariseRule(rule({ ports: '80,443' }))).toBe('TCP 80,443 from 10.0.0.0/16');
    expect(summariseRule(rule({ protocol: 'UDP', ports: '1-1024', peer: 'sg-abcdefgh' }))).toBe('UDP 1-1024 from sg-abcdefgh');
    expect(summariseRule(rule({ direction: 'egress', protocol: 'ALL', ports: 'all', peer: '0.0.0.0/0' }))).toBe('ALL to 0.0.0.0/0');
  });
  it('leaves out ports that mean nothing, and spells out "all ports"', () => {
    expect(summariseRule(rule({ protocol: 'ICMP', ports: 'all' }))).toBe('ICMP from 10.0.0.0/16');
    expect(summariseRule(rule({ ports: 'ALL' }))).toBe('TCP all ports from 10.0.0.0/16');
  });
  it('marks refusals and templates', () => {
    expect(summariseRule(rule({ protocol: 'ALL', ports: 'all', peer: '0.0.0.0/0', action: 'drop' }))).toBe('drop ALL from 0.0.0.0/0');
    expect(summariseRule(rule({ protocol: 'TEMPLATE', ports: 'ppm-12345678', peer: 'ipm-12345678' }))).toBe('service ppm-12345678 from ipm-12345678');
  });
});

describe('summariseRules', () => {
  it('counts and phrases each direction in order', () => {
    const s = summariseRules([rule({}), rule({ direction: 'egress', protocol: 'ALL', ports: 'all', peer: '0.0.0.0/0' }), rule({ protocol: 'ICMP' })]);
    expect(s).toEqual({
      ingress: { count: 2, rules: ['TCP 443 from 10.0.0.0/16', 'ICMP from 10.0.0.0/16'] },
      egress: { count: 1, rules: ['ALL to 0.0.0.0/0'] },
    });
    expect(summariseRules([])).toEqual({ ingress: { count: 0, rules: [] }, egress: { count: 0, rules: [] } });
  });
});

describe('shortList', () => {
  it('shows the first few and counts the rest', () => {
    expect(shortList(['a', 'b', 'c'], 2)).toBe('a, b (+1 more)');
    expect(shortList(['a', 'b'], 2)).toBe('a, b');
    expect(shortList([], 2)).toBe('none');
  });
});
