// Expected verdicts worked out by hand from Alibaba's documented semantics (docs/reach.md):
// Priority 1 (highest) to 100 across all the instance's groups, drop before accept at equal
// priority, then the groups' implicit defaults (basic: all out, members in; advanced: nothing).
import { describe, expect, it } from 'vitest';
import { parseRange } from './ip-address.ts';
import type { SecurityRule } from '../security-rule.ts';
import { NO_SETS, type Packet, type Peer, type PeerSets } from './match.ts';
import { evaluateAlibabaLeg, type AlibabaGroupRules } from './alibaba.ts';

type Rule = SecurityRule & { priority: number };
const rule = (r: Partial<Rule>): Rule => ({ direction: 'ingress', protocol: 'TCP', ports: '22', peer: '0.0.0.0/0', action: 'accept', priority: 1, ...r });
const peer = (text: string, groups?: string[]): Peer => ({ text, range: parseRange(text)!, groups });
const tcp = (port: number): Packet => ({ protocol: 'tcp', port });
const basic = (id: string, ...rules: Partial<Rule>[]): AlibabaGroupRules => ({ id, type: 'basic', innerAccessPolicy: 'accept', rules: rules.map(rule) });
const advanced = (id: string, ...rules: Partial<Rule>[]): AlibabaGroupRules => ({ id, type: 'advanced', innerAccessPolicy: 'drop', rules: rules.map(rule) });
const leg = (groups: AlibabaGroupRules[], direction: 'ingress' | 'egress', packet: Packet, other: Peer, sets: PeerSets = NO_SETS) => evaluateAlibabaLeg(groups, direction, packet, other, sets);
const decision = (r: ReturnType<typeof leg>) => [r.verdict, r.decidedBy ? `${r.decidedBy.group}#${r.decidedBy.position}` : r.fallback];

const G1 = 'sg-bp1aaaaaaaaaaaaaaaa1';
const G2 = 'sg-bp1bbbbbbbbbbbbbbbb2';

describe('evaluateAlibabaLeg: priority and action', () => {
  it('lets the higher priority (smaller number) decide, wherever the rule is listed', () => {
    const g = basic(G1, { priority: 10 }, { priority: 1, action: 'drop' });
    expect(decision(leg([g], 'ingress', tcp(22), peer('1.2.3.4')))).toEqual(['denied', `${G1}#2`]);
  });
  it('puts a drop before an accept of equal priority', () => {
    const g = basic(G1, { priority: 5 }, { priority: 5, action: 'drop' });
    expect(decision(leg([g], 'ingress', tcp(22), peer('1.2.3.4')))).toEqual(['denied', `${G1}#2`]);
  });
  it('orders the rules of all the instance\'s groups together', () => {
    const a = basic(G1, { priority: 50, action: 'drop', protocol: 'ALL', ports: 'all' });
    const b = basic(G2, { priority: 5, ports: '443' });
    expect(decision(leg([a, b], 'ingress', tcp(443), peer('1.2.3.4')))).toEqual(['allowed', `${G2}#1`]);
    expect(decision(leg([a, b], 'ingress', tcp(80), peer('1.2.3.4')))).toEqual(['denied', `${G1}#1`]);
  });
  it('reads PortRange -1/-1 (as "all") as every port', () => {
    const g = basic(G1, { ports: 'all', priority: 1 });
    expect(decision(leg([g], 'ingress', tcp(65000), peer('1.2.3.4')))).toEqual(['allowed', `${G1}#1`]);
  });
  it('reports the priority of the deciding rule', () => {
    const r = leg([basic(G1, { priority: 42, ports: '80' })], 'ingress', tcp(80), peer('1.2.3.4'));
    expect(r.decidedBy?.priority).toBe(42);
  });
});

describe('evaluateAlibabaLeg: defaults by group type', () => {
  it('lets everything out of a basic group, and nothing out of an advanced one', () => {
    expect(leg([basic(G1)], 'egress', tcp(443), peer('8.8.8.8')).verdict).toBe('allowed');
    expect(leg([advanced(G1)], 'egress', tcp(443), peer('8.8.8.8')).verdict).toBe('denied');
  });
  it('still lets a basic group\'s drop refuse what the default would let out', () => {
    const g = basic(G1, { direction: 'egress', action: 'drop', ports: '25', peer: '0.0.0.0/0', priority: 1 });
    expect(decision(leg([g], 'egress', tcp(25), peer('8.8.8.8')))).toEqual(['denied', `${G1}#1`]);
    expect(leg([g], 'egress', tcp(465), peer('8.8.8.8')).verdict).toBe('allowed');
  });
  it('lets a member of the same basic group in, unless the group isolates its members', () => {
    expect(leg([basic(G1)], 'ingress', tcp(8080), peer('192.168.0.9', [G1])).verdict).toBe('allowed');
    expect(leg([basic(G1)], 'ingress', tcp(8080), peer('192.168.0.9', [G2])).verdict).toBe('denied');
    expect(leg([{ ...basic(G1), innerAccessPolicy: 'drop' }], 'ingress', tcp(8080), peer('192.168.0.9', [G1])).verdict).toBe('denied');
    expect(leg([advanced(G1)], 'ingress', tcp(8080), peer('192.168.0.9', [G1])).verdict).toBe('denied');
  });
  it('cannot tell the intra-group default when the peer\'s groups are not known', () => {
    expect(leg([basic(G1)], 'ingress', tcp(8080), peer('192.168.0.9')).verdict).toBe('unknown');
  });
  it('lets a drop rule refuse a member of the same group before the default', () => {
    const g = basic(G1, { action: 'drop', protocol: 'ALL', ports: 'all', peer: '192.168.0.0/16', priority: 100 });
    expect(decision(leg([g], 'ingress', tcp(8080), peer('192.168.0.9', [G1])))).toEqual(['denied', `${G1}#1`]);
  });
});

describe('evaluateAlibabaLeg: peers', () => {
  it('matches a source-group rule by the peer\'s groups', () => {
    const g = basic(G1, { ports: '6379', peer: G2 });
    expect(decision(leg([g], 'ingress', tcp(6379), peer('192.168.3.3', [G2])))).toEqual(['allowed', `${G1}#1`]);
    expect(leg([g], 'ingress', tcp(6379), peer('192.168.3.3', [])).verdict).toBe('denied');
  });
  it('matches a prefix list by its entries, and cannot tell one it did not read', () => {
    const sets: PeerSets = { ...NO_SETS, addresses: new Map([['pl-aaaa1111', ['10.10.0.0/16', '10.20.0.0/16']]]) };
    const g = advanced(G1, { ports: '443', peer: 'pl-aaaa1111' });
    expect(decision(leg([g], 'ingress', tcp(443), peer('10.20.1.1'), sets))).toEqual(['allowed', `${G1}#1`]);
    expect(leg([g], 'ingress', tcp(443), peer('10.30.1.1'), sets).verdict).toBe('denied');
    expect(leg([g], 'ingress', tcp(443), peer('10.20.1.1')).verdict).toBe('unknown');
  });
});
