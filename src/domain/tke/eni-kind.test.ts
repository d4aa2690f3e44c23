import { describe, expect, it } from 'vitest';
import { classifyEnis, countsAsShared, type EniFacts } from './eni-kind.ts';
import { assessNode } from './node-state.ts';

const eni = (o: Partial<EniFacts>): EniFacts => ({ primary: false, eniType: 0, name: '', description: '', tags: [], ...o });

describe('classifyEnis', () => {
  it('reads the primary and trunk ENIs from Primary / EniType, whatever they are called', () => {
    const [p, p1, t] = classifyEnis([eni({ primary: true, eniType: 1, name: 'tke-route-eni' }), eni({ eniType: 1 }), eni({ eniType: 2, name: 'x' })]);
    expect(p).toMatchObject({ kind: 'primary', certain: true });
    expect(p1).toMatchObject({ kind: 'primary' });
    expect(t).toMatchObject({ kind: 'other', reason: 'trunk', certain: true });
  });

  it('tells shared, direct, sub- and unnamed ENIs apart where ipamd names its own', () => {
    const kinds = classifyEnis([
      eni({ name: 'tke-route-eni', description: 'created by tke-eni-ipamd' }),
      eni({ name: 'tke-direct-eni', description: 'tke-direct-eni created by tke-eni-ipamd' }),
      eni({ name: 'pod-nic', tags: [{ key: 'tke-sub-eni', value: 'true' }] }),
      eni({ name: 'ops-backup-nic', description: 'attached by hand' }),
    ]);
    expect(kinds.map((k) => [k.kind, k.reason])).toEqual([
      ['shared', undefined],
      ['other', 'direct'], // the direct mark wins over "ipamd" in its description
      ['other', 'sub-eni'],
      ['other', 'not-ipamd'],
    ]);
    expect(kinds.every((k) => k.certain)).toBe(true);
    expect(kinds[3]!.why).toContain('tke-route-eni');
  });

  it('says it cannot tell, and counts the ENI, where no ENI read names its owner', () => {
    const [a, b] = classifyEnis([eni({ name: 'eni-1' }), eni({ name: 'ops-backup-nic' })]);
    expect(a).toMatchObject({ kind: 'shared', certain: false });
    expect(b).toMatchObject({ kind: 'shared', certain: false });
    expect(a!.why).toMatch(/^cannot tell/);
  });

  it('still names the other kinds it can read when ipamd names nothing', () => {
    const [d, x] = classifyEnis([eni({ name: 'tke-direct-eni' }), eni({ name: 'eni-1' })]);
    expect(d).toMatchObject({ kind: 'other', reason: 'direct' });
    expect(x).toMatchObject({ kind: 'shared', certain: false });
  });
});

describe('countsAsShared and assessNode', () => {
  it('counts only shared ENIs, and every secondary one nobody classified', () => {
    expect(countsAsShared({ primary: false, kind: 'other' })).toBe(false);
    expect(countsAsShared({ primary: false, kind: 'shared' })).toBe(true);
    expect(countsAsShared({ primary: false })).toBe(true);
    expect(countsAsShared({ primary: true })).toBe(false);
  });

  it('never calls a node drifted for an other ENI carrying other groups', () => {
    const enis = [
      { id: 'eni-p', primary: true, kind: 'primary' as const, groups: ['sg-p'] },
      { id: 'eni-s', primary: false, kind: 'shared' as const, groups: ['sg-a'] },
      { id: 'eni-d', primary: false, kind: 'other' as const, groups: ['sg-z'] },
    ];
    expect(assessNode({ desired: ['sg-a'], disabled: false, syncPending: false, enis })).toEqual({ state: 'in-sync', driftedEnis: [], orderUnread: [], inSync: true });
    const drifted = assessNode({ desired: ['sg-b'], disabled: false, syncPending: false, enis });
    expect(drifted.driftedEnis).toEqual(['eni-s']);
  });
});
