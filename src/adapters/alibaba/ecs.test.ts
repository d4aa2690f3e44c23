// Alibaba permissions in the domain's rule shape, and the one place the multi-group answer is read.
import { describe, expect, it } from 'vitest';
import { toPorts, toRule } from './ecs.ts';
import { containerGroupSecurityGroups } from './eci.ts';

describe('toRule', () => {
  it('turns port ranges into the domain forms', () => {
    expect(['80/80', '1/80', '-1/-1', '1/65535', '8000/8080'].map(toPorts)).toEqual(['80', '1-80', 'all', 'all', '8000-8080']);
  });
  it('takes the peer by direction, the policy in any case, the priority as a number', () => {
    expect(toRule({ Direction: 'ingress', IpProtocol: 'tcp', PortRange: '22/22', SourceCidrIp: '0.0.0.0/0', Policy: 'Accept', Priority: '1', Description: 'ssh' })).toEqual({
      direction: 'ingress', protocol: 'TCP', ports: '22', peer: '0.0.0.0/0', action: 'accept', priority: 1, description: 'ssh',
    });
    expect(toRule({ Direction: 'egress', IpProtocol: 'ALL', PortRange: '-1/-1', DestGroupId: 'sg-bp1dktddjsg5nktv1234', Policy: 'drop', Priority: 100 })).toEqual({
      direction: 'egress', protocol: 'ALL', ports: 'all', peer: 'sg-bp1dktddjsg5nktv1234', action: 'drop', priority: 100,
    });
    expect(toRule({ Direction: 'ingress', IpProtocol: 'ICMP', PortRange: '-1/-1', SourceGroupId: 'sg-2ze0b9o8pjjzts4h1234', Policy: 'accept' }).ports).toBe('all');
  });
});

describe('containerGroupSecurityGroups', () => {
  it('splits the comma-joined answer in order', () => {
    expect(containerGroupSecurityGroups('sg-a1234567,sg-b1234567')).toEqual(['sg-a1234567', 'sg-b1234567']);
    expect(containerGroupSecurityGroups('sg-a1234567')).toEqual(['sg-a1234567']);
    expect(containerGroupSecurityGroups(undefined)).toEqual([]);
  });
});
