import { describe, expect, it } from 'vitest';
import { eksConfigFinding, instancesFinding, podGroupsFinding, poolGroupsFinding } from './doctor-findings.ts';

describe('super node doctor findings', () => {
  it('a pool naming a group that does not exist fails, with the write that fixes it', () => {
    const f = poolGroupsFinding([{ id: 'np-aaaa1111', groups: ['sg-gone0001', 'sg-here0001'] }], ['sg-gone0001'], undefined);
    expect(f).toMatchObject({ check: 'supernode-pool-groups', level: 'fail' });
    expect(f.why).toContain('sg-gone0001');
    expect(f.fix).toContain('ModifyClusterVirtualNodePool --ClusterId <cluster> --NodePoolId np-aaaa1111');
    expect(poolGroupsFinding(undefined, [], 'no cluster ID')).toMatchObject({ level: 'warn', why: expect.stringContaining('no cluster ID') });
    expect(poolGroupsFinding([], [], undefined)).toMatchObject({ level: 'warn' });
  });

  it('eks-config: a problem fails, absence and a default are fine', () => {
    expect(eksConfigFinding({ exists: true, groups: undefined, problem: 'pod.annotations is not YAML' }).level).toBe('fail');
    expect(eksConfigFinding({ exists: false, groups: undefined, problem: undefined }).level).toBe('ok');
  });

  it('drift warns naming the pod; instances not listed warn "cannot tell", never drift', () => {
    const pods = [
      { pod: 'ns/a', status: 'ok' },
      { pod: 'ns/b', status: 'mismatch' },
      { pod: 'ns/c', status: 'not-listed' },
    ];
    expect(podGroupsFinding(pods)).toMatchObject({ level: 'warn', fix: expect.stringContaining('kubectl sg show pod b -n ns') });
    expect(instancesFinding(pods)).toMatchObject({ level: 'warn', why: expect.stringMatching(/^cannot tell: .*ns\/c/) });
    expect(podGroupsFinding([pods[2]!]).level).toBe('ok');
  });
});
