import { describe, expect, it } from 'vitest';
import { assessNode, groupSource } from './node-state.ts';
import { policyGroupsForNode } from '../cluster-policy.ts';

const A = 'sg-aaaaaaaa';
const B = 'sg-bbbbbbbb';
const P = 'sg-pppppppp';

describe('groupSource', () => {
  it('names the global list, the primary ENI, or a custom edit', () => {
    expect(groupSource([A, B], [A, B], [P])).toBe('global-list');
    expect(groupSource([P], [], [P])).toBe('primary-eni');
    expect(groupSource([B, A], [A, B], [P])).toBe('custom'); // order is priority: a reorder is an edit
    expect(groupSource([], [A], [P])).toBe('unset');
    expect(groupSource([P], [], undefined)).toBe('unknown');
  });
});

describe('policyGroupsForNode', () => {
  it('uses the global list, else the primary ENI groups, and nothing when the feature is off', () => {
    expect(policyGroupsForNode({ enabled: true, globalList: [A, B] }, [P])).toEqual([A, B]);
    expect(policyGroupsForNode({ enabled: true, globalList: [] }, [P])).toEqual([P]);
    expect(policyGroupsForNode({ enabled: false, globalList: [A] }, [P])).toEqual([]);
  });
});

describe('assessNode', () => {
  const primary = { id: 'eni-00000000', primary: true, groups: [P] };
  it('is in sync when every secondary ENI has exactly the desired groups in order', () => {
    const r = assessNode({ desired: [A, B], disabled: false, syncPending: false, enis: [primary, { id: 'eni-1', primary: false, groups: [A, B] }] });
    expect(r).toEqual({ state: 'in-sync', driftedEnis: [], orderUnread: [], inSync: true });
  });
  it('finds drift in membership and in order, ignoring the primary ENI', () => {
    const r = assessNode({
      desired: [A, B],
      disabled: false,
      syncPending: false,
      enis: [primary, { id: 'eni-1', primary: false, groups: [B, A] }, { id: 'eni-2', primary: false, groups: [A] }, { id: 'eni-3', primary: false, groups: [A, B] }],
    });
    expect(r).toEqual({ state: 'drifted', driftedEnis: ['eni-1', 'eni-2'], orderUnread: [], inSync: false });
  });
  it('where no list read shows the order bound, a difference in order alone listed ascending is not drift', () => {
    const enis = [primary, { id: 'eni-1', primary: false, groups: [A, B] }, { id: 'eni-2', primary: false, groups: [A] }];
    const r = assessNode({ desired: [B, A], disabled: false, syncPending: false, enis, orderShown: false });
    expect(r).toEqual({ state: 'drifted', driftedEnis: ['eni-2'], orderUnread: ['eni-1'], inSync: false });
    expect(assessNode({ desired: [B, A], disabled: false, syncPending: false, enis, orderShown: true }).orderUnread).toEqual([]);
  });
  it('reports disabled and pending nodes as such, and unknown without the cloud', () => {
    expect(assessNode({ desired: [A], disabled: true, syncPending: false, enis: [{ id: 'eni-1', primary: false, groups: [] }] })).toMatchObject({ state: 'disabled', inSync: false });
    expect(assessNode({ desired: [A], disabled: false, syncPending: true, enis: undefined })).toMatchObject({ state: 'sync-pending', inSync: undefined });
    expect(assessNode({ desired: [A], disabled: false, syncPending: false, enis: undefined }).state).toBe('unknown');
  });
});
