import { describe, expect, it } from 'vitest';
import { planSetNode, type PlanNodeInput } from './set-node-plan.ts';
import { EmptyGroupListError, GroupNotListedError } from './group-edit.ts';

const A = 'sg-aaaaaaaa';
const B = 'sg-bbbbbbbb';
const C = 'sg-cccccccc';
const P = 'sg-pppppppp';

const node = (name: string, before: string[], eniGroups: string[][] = [before], o: Partial<PlanNodeInput> = {}): PlanNodeInput => ({
  name,
  before,
  disabled: false,
  syncPending: false,
  enis: [{ id: `eni-p${name}`, primary: true, groups: [P] }, ...eniGroups.map((groups, i) => ({ id: `eni-${i}${name}`, primary: false, groups }))],
  ...o,
});
const strong = { version: 'v3.5.8', strongSync: true };
const keeping = { version: 'v3.2.5', strongSync: false };

describe('planSetNode', () => {
  it('shows every node now and after, marking the unchanged ones', () => {
    const plan = planSetNode({ kind: 'add', groups: [C], first: false }, [node('n1', [A, B]), node('n2', [A, C])], strong);
    expect(plan.items.map((i) => ({ name: i.name, before: i.before, after: i.after, changed: i.changed, notes: i.notes }))).toEqual([
      { name: 'n1', before: [A, B], after: [A, B, C], changed: true, notes: [] },
      { name: 'n2', before: [A, C], after: [A, C], changed: false, notes: [`${C} (priority 2) already there`] },
    ]);
    expect(plan.warnings).toEqual([]);
  });

  it('says a node already has exactly the list', () => {
    const plan = planSetNode({ kind: 'replace', groups: [A, B] }, [node('n1', [A, B])], strong);
    expect(plan.items[0]).toMatchObject({ changed: false, notes: ['already this list'] });
  });

  it('notes drift that ipamd will sync away (v3.3.2+)', () => {
    const plan = planSetNode({ kind: 'add', groups: [C], first: true }, [node('n1', [A, B], [[B, A], [A, B]])], strong);
    expect(plan.items[0]!.notes).toEqual(['1 ENI drifted: ipamd syncs it to the new list']);
  });

  it('warns, per node and once for the plan, that ipamd before v3.3.2 keeps the groups an ENI has', () => {
    const plan = planSetNode({ kind: 'replace', groups: [C] }, [node('n1', [A], [[A], []]), node('n2', [A], [[A], [A]]), node('n3', [C], [[A]])], keeping);
    expect(plan.items.map((i) => i.keptEnis)).toEqual([['eni-0n1'], ['eni-0n2', 'eni-1n2'], []]); // an ENI without groups gets the list; n3 is unchanged
    expect(plan.items[1]!.notes).toEqual(['2 ENIs keep their groups (ipamd v3.2.5)']);
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toMatch(/^ipamd v3\.2\.5 keeps the groups an ENI already has .*3 ENIs on 2 nodes .*kubectl sg resync --method toggle/);
  });

  it('warns that a disabled node is written but cannot be verified, and notes a pending resync', () => {
    const plan = planSetNode(
      { kind: 'remove', groups: [B] },
      [node('n1', [A, B], [[]], { disabled: true }), node('n2', [A, B], [[A, B]], { syncPending: true })],
      strong,
    );
    expect(plan.items[0]).toMatchObject({ changed: true, disabled: true, notes: ['disabled: ipamd binds nothing until re-enabled'] });
    expect(plan.items[1]!.notes).toEqual(['resync pending: the cluster policy may replace this list']);
    expect(plan.warnings).toEqual([expect.stringMatching(/^1 node is disabled \(n1\): its NEC is written but not verified/)]);
  });

  it('plans without ENIs when they are not known', () => {
    const plan = planSetNode({ kind: 'add', groups: [C], first: false }, [node('n1', [A], [], { enis: undefined })], keeping);
    expect(plan.items[0]).toMatchObject({ after: [A, C], changed: true, keptEnis: [], notes: [] });
  });

  it('refuses the whole plan when the edit cannot apply to one node', () => {
    expect(() => planSetNode({ kind: 'remove', groups: [B] }, [node('n1', [A, B]), node('n2', [A])], strong)).toThrow(GroupNotListedError);
    expect(() => planSetNode({ kind: 'remove', groups: [A] }, [node('n1', [A])], strong)).toThrow(EmptyGroupListError);
  });
});
