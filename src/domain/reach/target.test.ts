import { describe, expect, it } from 'vitest';
import { BadInputError } from '../bad-input.ts';
import { parseDestination, parseSource } from './target.ts';

describe('parseSource', () => {
  it('reads pods, nodes, addresses and CIDR blocks', () => {
    expect(parseSource('pod/api-7d9')).toEqual({ kind: 'pod', name: 'api-7d9' });
    expect(parseSource('pod/shop/api-7d9')).toEqual({ kind: 'pod', name: 'api-7d9', namespace: 'shop' });
    expect(parseSource('node/10.0.0.12')).toEqual({ kind: 'node', name: '10.0.0.12' });
    expect(parseSource('10.0.0.0/8')).toMatchObject({ kind: 'address', text: '10.0.0.0/8' });
    expect(parseSource('2001:db8::1')).toMatchObject({ kind: 'address', text: '2001:db8::1' });
  });
  it('names a bad side and the forms that would do', () => {
    expect(() => parseSource('deploy/api')).toThrow(new BadInputError('source "deploy/api" is not pod/NAME, pod/NAMESPACE/NAME, node/NAME, an IP address or a CIDR block'));
    expect(() => parseSource('pod/a/b/c')).toThrow(/write pod\/NAME or pod\/NAMESPACE\/NAME/);
    expect(() => parseSource('node/a/b')).toThrow(/write node\/NAME/);
    expect(() => parseSource('pod/API')).toThrow(/"API" is not a pod name/);
    expect(() => parseSource('10.0.0.300')).toThrow(BadInputError);
  });
});

describe('parseDestination', () => {
  it('reads the port and protocol, TCP unless named', () => {
    expect(parseDestination('10.0.5.3:3306')).toMatchObject({ side: { kind: 'address', text: '10.0.5.3' }, packet: { protocol: 'tcp', port: 3306 } });
    expect(parseDestination('10.0.5.3:53/udp')).toMatchObject({ packet: { protocol: 'udp', port: 53 } });
    expect(parseDestination('10.0.5.3/icmp')).toMatchObject({ side: { text: '10.0.5.3' }, packet: { protocol: 'icmp', port: undefined } });
    expect(parseDestination('pod/api:8080')).toEqual({ side: { kind: 'pod', name: 'api' }, packet: { protocol: 'tcp', port: 8080 } });
    expect(parseDestination('pod/pay/api:8080/udp')).toEqual({ side: { kind: 'pod', name: 'api', namespace: 'pay' }, packet: { protocol: 'udp', port: 8080 } });
    expect(parseDestination('[2001:db8::5]:443')).toMatchObject({ side: { text: '2001:db8::5' }, packet: { port: 443 } });
    expect(parseDestination('10.0.0.0/24:80')).toMatchObject({ side: { text: '10.0.0.0/24' }, packet: { port: 80 } });
  });
  it('names a missing or bad port, and a bad protocol', () => {
    expect(() => parseDestination('10.0.5.3')).toThrow(/destination "10.0.5.3" names no port/);
    expect(() => parseDestination('10.0.5.3:70000')).toThrow(/port "70000" is not a number from 1 to 65535/);
    expect(() => parseDestination('10.0.5.3:0')).toThrow(/port "0"/);
    expect(() => parseDestination('10.0.5.3:80/sctp')).toThrow(/protocol "sctp" is not one of tcp, udp, icmp, icmpv6, gre/);
    expect(() => parseDestination('10.0.5.3:80/icmp')).toThrow(/ICMP has no ports; write 10.0.5.3\/icmp/);
  });
});
