import { describe, expect, it } from 'vitest';
import { coverage, parseAddress, parseRange } from './ip-address.ts';

describe('parseAddress', () => {
  it('reads IPv4 and IPv6, and refuses what is neither', () => {
    expect(parseAddress('10.0.0.1')).toEqual({ family: 4, value: 0x0a000001n });
    expect(parseAddress('::1')).toEqual({ family: 6, value: 1n });
    expect(parseAddress('2001:db8::')).toEqual({ family: 6, value: 0x20010db8n << 96n });
    expect(parseAddress('::ffff:10.0.0.1')).toEqual({ family: 6, value: (0xffffn << 32n) | 0x0a000001n });
    for (const bad of ['10.0.0.256', '10.0.0', 'pod/x', '1::2::3', '1:2:3:4:5:6:7:8:9', 'gggg::1']) expect(parseAddress(bad)).toBeUndefined();
  });
});

describe('parseRange', () => {
  it('reads CIDR blocks (ignoring host bits), lone addresses and a-b ranges', () => {
    expect(parseRange('10.0.1.7/24')).toEqual({ family: 4, first: 0x0a000100n, last: 0x0a0001ffn });
    expect(parseRange('0.0.0.0/0')).toEqual({ family: 4, first: 0n, last: 0xffffffffn });
    expect(parseRange('10.0.0.1')).toEqual({ family: 4, first: 0x0a000001n, last: 0x0a000001n });
    expect(parseRange('10.0.0.1-10.0.0.100')).toEqual({ family: 4, first: 0x0a000001n, last: 0x0a000064n });
    expect(parseRange('::/0')).toEqual({ family: 6, first: 0n, last: (1n << 128n) - 1n });
    for (const bad of ['10.0.0.0/33', '10.0.0.9-10.0.0.1', '10.0.0.1-::2', '10.0.0.0/8/8', 'sg-12345678']) expect(parseRange(bad)).toBeUndefined();
  });
});

describe('coverage', () => {
  const r = (t: string) => parseRange(t)!;
  it('says all, some or none, over the union of the outer ranges', () => {
    expect(coverage(r('10.1.0.0/16'), [r('10.0.0.0/8')])).toBe('all');
    expect(coverage(r('10.0.0.0/8'), [r('10.1.0.0/16')])).toBe('some');
    expect(coverage(r('11.0.0.0/8'), [r('10.0.0.0/8')])).toBe('none');
    expect(coverage(r('10.0.0.0/23'), [r('10.0.1.0/24'), r('10.0.0.0/24')])).toBe('all');
    expect(coverage(r('10.0.0.0/22'), [r('10.0.0.0/24'), r('10.0.2.0/24')])).toBe('some');
    expect(coverage(r('::1'), [r('0.0.0.0/0')])).toBe('none');
  });
});
