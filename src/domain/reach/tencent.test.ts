// Expected verdicts are worked out by hand from Tencent's documented semantics (docs/reach.md):
// rules from the top, first match (accept or drop) decides, groups in their order on the ENI,
// nothing matched: refused.
import { describe, expect, it } from 'vitest';
import { parseRange } from './ip-address.ts';
import type { SecurityRule } from '../security-rule.ts';
import { NO_SETS, type Packet, type Peer, type PeerSets } from './match.ts';
import { evaluateTencentLeg, TENCENT_DEFAULT, type TencentGroupRules } from './tencent.ts';

const rule = (r: Partial<SecurityRule>): SecurityRule => ({ direction: 'ingress', protocol: 'TCP', ports: '22', peer: '0.0.0.0/0', action: 'accept', ...r });
const peer = (text: string, groups?: string[]): Peer => ({ text, range: parseRange(text)!, groups });
const tcp = (port: number): Packet => ({ protocol: 'tcp', port });
const group = (id: string, ...rules: Partial<SecurityRule>[]): TencentGroupRules => ({ id, rules: rules.map(rule) });
const ingress = (groups: TencentGroupRules[], packet: Packet, from: Peer, sets: PeerSets = NO_SETS) => evaluateTencentLeg(groups, 'ingress', packet, from, sets);
/** The verdict, and the deciding rule as group#position, or the default. */
const decision = (r: ReturnType<typeof ingress>) => [r.verdict, r.decidedBy ? `${r.decidedBy.group}#${r.decidedBy.position}` : r.fallback];

describe('evaluateTencentLeg: order and defaults', () => {
  it('accepts by the first rule that matches', () => {
    expect(decision(ingress([group('sg-a', {})], tcp(22), peer('1.2.3.4')))).toEqual(['allowed', 'sg-a#1']);
  });
  it('refuses by default when no rule matches', () => {
    expect(decision(ingress([group('sg-a', {})], tcp(80), peer('1.2.3.4')))).toEqual(['denied', TENCENT_DEFAULT]);
    expect(decision(ingress([group('sg-a')], tcp(80), peer('1.2.3.4')))).toEqual(['denied', TENCENT_DEFAULT]);
  });
  it('lets an earlier drop shadow a later accept, and a later accept catch what the drop does not cover', () => {
    const g = group('sg-a', { action: 'drop', peer: '10.0.0.0/8' }, { protocol: 'ALL', ports: 'all', peer: '0.0.0.0/0' });
    expect(decision(ingress([g], tcp(22), peer('10.1.1.1')))).toEqual(['denied', 'sg-a#1']);
    expect(decision(ingress([g], tcp(22), peer('192.168.1.1')))).toEqual(['allowed', 'sg-a#2']);
  });
  it('does not let a later drop undo an earlier accept', () => {
    const g = group('sg-a', { ports: '22', peer: '10.0.0.0/8' }, { action: 'drop', protocol: 'ALL', ports: 'all' });
    expect(decision(ingress([g], tcp(22), peer('10.9.9.9')))).toEqual(['allowed', 'sg-a#1']);
    expect(decision(ingress([g], tcp(22), peer('11.0.0.1')))).toEqual(['denied', 'sg-a#2']);
  });
  it('walks the groups in their order on the ENI', () => {
    const a = group('sg-a', { ports: '3306', peer: '10.0.0.0/16' });
    const b = group('sg-b', { action: 'drop', protocol: 'ALL', ports: 'all' });
    expect(decision(ingress([a, b], tcp(3306), peer('10.0.1.5')))).toEqual(['allowed', 'sg-a#1']);
    expect(decision(ingress([b, a], tcp(3306), peer('10.0.1.5')))).toEqual(['denied', 'sg-b#1']);
  });
  it('numbers rules within their group and direction, and reads only the direction asked', () => {
    const g = group('sg-a', { direction: 'egress', protocol: 'ALL', ports: 'all' }, { ports: '80' }, { ports: '443' });
    const r = ingress([g], tcp(443), peer('1.1.1.1'));
    expect(decision(r)).toEqual(['allowed', 'sg-a#2']);
    expect(r.steps.map((s) => [s.rule.position, s.match])).toEqual([
      [1, 'no'],
      [2, 'yes'],
    ]);
    expect(decision(evaluateTencentLeg([g], 'egress', tcp(443), peer('1.1.1.1'), NO_SETS))).toEqual(['allowed', 'sg-a#1']);
  });
});

describe('evaluateTencentLeg: ports and protocols', () => {
  const g = group('sg-a', { ports: '80,443' }, { ports: '8000-8080' }, { protocol: 'UDP', ports: 'ALL' }, { protocol: 'ICMP', ports: 'ALL' });
  it.each([
    [tcp(443), 'sg-a#1'],
    [tcp(80), 'sg-a#1'],
    [tcp(8080), 'sg-a#2'],
    [tcp(8000), 'sg-a#2'],
    [{ protocol: 'udp', port: 65535 } as Packet, 'sg-a#3'],
    [{ protocol: 'icmp', port: undefined } as Packet, 'sg-a#4'],
  ])('%o is accepted by %s', (packet, by) => {
    expect(decision(ingress([g], packet, peer('1.1.1.1')))).toEqual(['allowed', by]);
  });
  it.each([tcp(444), tcp(8081), tcp(7999), { protocol: 'icmpv6', port: undefined } as Packet, { protocol: 'gre', port: undefined } as Packet])('%o is refused by default', (packet) => {
    expect(decision(ingress([g], packet, peer('1.1.1.1')))).toEqual(['denied', TENCENT_DEFAULT]);
  });
  it('lets ALL cover GRE and ICMPv6, and ICMPv6 not cover ICMP', () => {
    expect(decision(ingress([group('sg-a', { protocol: 'ALL', ports: 'all' })], { protocol: 'gre', port: undefined }, peer('1.1.1.1')))).toEqual(['allowed', 'sg-a#1']);
    const v6 = group('sg-a', { protocol: 'ICMPV6', ports: 'all', peer: '::/0' });
    expect(decision(ingress([v6], { protocol: 'icmpv6', port: undefined }, peer('2001:db8::1')))).toEqual(['allowed', 'sg-a#1']);
    expect(decision(ingress([v6], { protocol: 'icmp', port: undefined }, peer('2001:db8::1')))).toEqual(['denied', TENCENT_DEFAULT]);
  });
});

describe('evaluateTencentLeg: peers', () => {
  it('keeps IPv4 rules off IPv6 peers and the other way round', () => {
    const g = group('sg-a', { protocol: 'ALL', ports: 'all', peer: '0.0.0.0/0' }, { ports: '22', peer: '2001:db8::/32' });
    expect(decision(ingress([g], tcp(22), peer('2001:db8::7')))).toEqual(['allowed', 'sg-a#2']);
    expect(decision(ingress([g], tcp(23), peer('2001:db8::7')))).toEqual(['denied', TENCENT_DEFAULT]);
  });
  it('reads 0.0.0.0/n as 0.0.0.0/0, as the API documents', () => {
    expect(decision(ingress([group('sg-a', { peer: '0.0.0.0/8' })], tcp(22), peer('203.0.113.9')))).toEqual(['allowed', 'sg-a#1']);
  });
  it('matches a group reference by the peer\'s groups, and cannot tell when they are not known', () => {
    const g = group('sg-a', { ports: '5432', peer: 'sg-app00001' });
    expect(decision(ingress([g], tcp(5432), peer('10.0.0.8', ['sg-other001', 'sg-app00001'])))).toEqual(['allowed', 'sg-a#1']);
    expect(decision(ingress([g], tcp(5432), peer('10.0.0.8', ['sg-other001'])))).toEqual(['denied', TENCENT_DEFAULT]);
    const r = ingress([g], tcp(5432), peer('10.0.0.8'));
    expect(r.verdict).toBe('unknown');
    expect(r.reason).toContain('sg-a ingress rule 1');
  });
  it('keeps the verdict when an unknown rule would decide the same', () => {
    const g = group('sg-a', { action: 'drop', ports: '5432', peer: 'sg-app00001' });
    expect(decision(ingress([g], tcp(5432), peer('10.0.0.8')))).toEqual(['denied', TENCENT_DEFAULT]);
  });
  it('asks of a CIDR source that the rule covers all of it', () => {
    const g = group('sg-a', { peer: '10.0.0.0/8' });
    expect(decision(ingress([g], tcp(22), peer('10.1.0.0/16')))).toEqual(['allowed', 'sg-a#1']);
    expect(ingress([g], tcp(22), peer('0.0.0.0/0')).verdict).toBe('unknown');
    expect(decision(ingress([g], tcp(22), peer('172.16.0.0/12')))).toEqual(['denied', TENCENT_DEFAULT]);
  });
});

describe('evaluateTencentLeg: templates', () => {
  const sets: PeerSets = {
    addresses: new Map([
      ['ipm-aaaaaaaa', ['10.0.0.1', '10.0.1.0/24', '10.0.2.1-10.0.2.100']],
      ['ipm-bbbbbbbb', ['192.168.0.0/16']],
    ]),
    addressGroups: new Map([['ipmg-cccccccc', ['ipm-aaaaaaaa', 'ipm-bbbbbbbb']]]),
    services: new Map([
      ['ppm-dddddddd', ['tcp:80', 'udp:53']],
      ['ppm-eeeeeeee', ['TCP: 8080', 'tcp:9000-9100']],
    ]),
    serviceGroups: new Map([['ppmg-ffffffff', ['ppm-dddddddd', 'ppm-eeeeeeee']]]),
  };
  it('matches an address template by its addresses, CIDRs and ranges', () => {
    const g = group('sg-a', { peer: 'ipm-aaaaaaaa', protocol: 'ALL', ports: 'all' });
    expect(decision(ingress([g], tcp(1), peer('10.0.2.50'), sets))).toEqual(['allowed', 'sg-a#1']);
    expect(decision(ingress([g], tcp(1), peer('10.0.1.255'), sets))).toEqual(['allowed', 'sg-a#1']);
    expect(decision(ingress([g], tcp(1), peer('10.0.2.101'), sets))).toEqual(['denied', TENCENT_DEFAULT]);
    expect(decision(ingress([g], tcp(1), peer('10.0.0.2'), sets))).toEqual(['denied', TENCENT_DEFAULT]);
  });
  it('matches an address template group by its members', () => {
    const g = group('sg-a', { peer: 'ipmg-cccccccc', protocol: 'ALL', ports: 'all' });
    expect(decision(ingress([g], tcp(1), peer('192.168.7.7'), sets))).toEqual(['allowed', 'sg-a#1']);
  });
  it('matches service templates and their groups by protocol and port', () => {
    const g = group('sg-a', { protocol: 'TEMPLATE', ports: 'ppm-dddddddd' }, { protocol: 'TEMPLATE', ports: 'ppmg-ffffffff', action: 'drop' });
    expect(decision(ingress([g], tcp(80), peer('1.1.1.1'), sets))).toEqual(['allowed', 'sg-a#1']);
    expect(decision(ingress([g], { protocol: 'udp', port: 53 }, peer('1.1.1.1'), sets))).toEqual(['allowed', 'sg-a#1']);
    expect(decision(ingress([g], tcp(8080), peer('1.1.1.1'), sets))).toEqual(['denied', 'sg-a#2']);
    expect(decision(ingress([g], tcp(9050), peer('1.1.1.1'), sets))).toEqual(['denied', 'sg-a#2']);
    expect(decision(ingress([g], tcp(53), peer('1.1.1.1'), sets))).toEqual(['denied', TENCENT_DEFAULT]);
  });
  it('cannot tell through a template it has not read', () => {
    const r = ingress([group('sg-a', { peer: 'ipm-99999999' })], tcp(22), peer('10.0.0.1'), sets);
    expect(r.verdict).toBe('unknown');
    expect(r.steps[0]!.why).toContain('ipm-99999999 was not read');
  });
});

describe('evaluateTencentLeg: a group order that cannot be read back', () => {
  const a = group('sg-aaaaaaaa', { ports: '3306', peer: '10.0.0.0/16' });
  const b = group('sg-bbbbbbbb', { action: 'drop', protocol: 'ALL', ports: 'all' });
  it('stands when every order of the groups decides alike', () => {
    expect(decision(evaluateTencentLeg([a, b], 'ingress', tcp(22), peer('10.0.1.5'), NO_SETS, true))).toEqual(['denied', 'sg-bbbbbbbb#1']);
  });
  it('is unknown when another order decides otherwise, and says both', () => {
    const r = evaluateTencentLeg([a, b], 'ingress', tcp(3306), peer('10.0.1.5'), NO_SETS, true);
    expect(r.verdict).toBe('unknown');
    expect(r.decidedBy?.group).toBe('sg-aaaaaaaa');
    expect(r.reason).toBe(
      'the ENI lists its groups in ascending ID order, so which has priority cannot be read back: as listed, allowed (sg-aaaaaaaa ingress rule 1: TCP 3306 from 10.0.0.0/16); in the order sg-bbbbbbbb, sg-aaaaaaaa, denied (sg-bbbbbbbb ingress rule 1: drop ALL from 0.0.0.0/0)',
    );
    expect(evaluateTencentLeg([a, b], 'ingress', tcp(3306), peer('10.0.1.5'), NO_SETS, false).verdict).toBe('allowed');
  });
});
