import { describe, expect, it } from 'vitest';
import { BadInputError } from '../bad-input.ts';
import {
  checkFeatureOn,
  defaultConcurrency,
  MethodUnavailableError,
  NodeNotResyncableError,
  NotResyncableError,
  planNode,
  planResync,
  resyncMethodFor,
  type ResyncNodeFacts,
} from './resync-plan.ts';
import { resumeSteps, stepsFor } from './resync-steps.ts';

const A = 'sg-aaaa1111';
const B = 'sg-bbbb2222';
const C = 'sg-cccc3333';
const P = 'sg-pppp0000';
const policy = { enabled: true, globalList: [A, B] };

const facts = (o: Partial<ResyncNodeFacts> = {}): ResyncNodeFacts => ({
  name: '10.0.0.10',
  instanceId: 'ins-aaaa1111',
  hasNec: true,
  necGroups: [A, B],
  primaryGroups: [P],
  driftedEnis: [],
  orderUnread: false,
  disable: undefined,
  needSync: undefined,
  markedBy: undefined,
  named: false,
  ...o,
});

describe('resync method by ipamd version', () => {
  it.each([
    ['v3.5.8', 'auto', 'need-sync'],
    ['v3.10.0', 'auto', 'need-sync'],
    ['v3.5.8', 'toggle', 'toggle'],
    ['v3.5.7', 'auto', 'toggle'],
    ['v3.4.7', 'toggle', 'toggle'],
    ['v3.2.0', 'auto', 'toggle'],
  ] as const)('%s with %s: %s', (tag, asked, method) => expect(resyncMethodFor(tag, asked)).toBe(method));

  it('refuses need-sync before v3.5.8 as a usage error naming the version and the method that works', () => {
    expect(() => resyncMethodFor('v3.5.3', 'need-sync')).toThrow(MethodUnavailableError);
    expect(() => resyncMethodFor('v3.5.3', 'need-sync')).toThrow(/needs ipamd v3\.5\.8.*runs v3\.5\.3: use --method toggle/);
    expect(new MethodUnavailableError('x')).toBeInstanceOf(BadInputError);
  });

  it('refuses a cluster without the feature, or whose version is unknown, as an environment failure', () => {
    expect(() => resyncMethodFor('v3.1.0', 'auto')).toThrow(NotResyncableError);
    expect(() => resyncMethodFor('v3.1.0', 'auto')).toThrow(/v3\.1\.0 has no security-group feature \(it came in v3\.2\.0\)/);
    expect(() => resyncMethodFor('latest', 'auto')).toThrow(/"latest"/);
    expect(() => resyncMethodFor(undefined, 'auto')).toThrow(NotResyncableError);
    expect(() => checkFeatureOn({ enabled: false, globalList: [] }, 'Deployment args')).toThrow(/off \(read from Deployment args\)/);
    expect(() => checkFeatureOn(policy, 'x')).not.toThrow();
  });

  it('keeps fewer toggling nodes in flight than need-sync ones', () => {
    expect(defaultConcurrency('toggle')).toBe(40);
    expect(defaultConcurrency('need-sync')).toBe(100);
  });
});

describe('planNode', () => {
  it('skips a node in sync (NEC and every secondary ENI carry the policy\'s groups, in order), and resyncs it with --force, without warnings', () => {
    expect(planNode(facts(), 'toggle', policy, false)).toMatchObject({ now: [A, B], after: [A, B], action: 'skip', method: undefined, skip: 'in sync', warnings: [], notes: [] });
    expect(planNode(facts({ named: true, needSync: 'true' }), 'need-sync', policy, false)).toMatchObject({ action: 'skip', skip: 'in sync' });
    expect(planNode(facts(), 'need-sync', policy, true)).toMatchObject({ now: [A, B], after: [A, B], action: 'need-sync', method: 'need-sync', skip: undefined, warnings: [], notes: [] });
  });

  it('is not in sync when an ENI drifted, the NEC lists other groups (or another order), or the node is disabled', () => {
    expect(planNode(facts({ driftedEnis: ['eni-1'] }), 'toggle', policy, false).action).toBe('toggle');
    expect(planNode(facts({ necGroups: [B, A] }), 'toggle', policy, false).action).toBe('toggle');
    expect(planNode(facts({ necGroups: [] }), 'toggle', policy, false).action).toBe('toggle');
    // Disabled: its ENIs carry nothing, which assessNode counts as no drift.
    expect(planNode(facts({ disable: 'yes', named: true }), 'toggle', policy, false).action).toBe('enable');
    // The primary ENI's groups are the policy without a global list.
    expect(planNode(facts({ necGroups: [P] }), 'toggle', { enabled: true, globalList: [] }, false).skip).toBe('in sync');
  });

  it('warns loudly that groups set by hand are replaced by the policy\'s', () => {
    const n = planNode(facts({ necGroups: [C] }), 'toggle', policy, false);
    expect(n).toMatchObject({ now: [C], after: [A, B], action: 'toggle', notes: ['custom groups replaced'] });
    expect(n.warnings).toEqual([expect.stringMatching(/^10\.0\.0\.10: its NodeENIConfig lists sg-cccc3333, not the cluster policy's sg-aaaa1111,sg-bbbb2222 .*REPLACES/)]);
    // Same groups in another order is another priority: replaced too.
    expect(planNode(facts({ necGroups: [B, A] }), 'toggle', policy, false).warnings).toHaveLength(1);
  });

  it('takes the primary ENI\'s groups without a global list', () => {
    const n = planNode(facts({ necGroups: [P] }), 'toggle', { enabled: true, globalList: [] }, true);
    expect(n).toMatchObject({ after: [P], warnings: [] });
  });

  it('includes a disabled node only when named, and then says its pods have no groups now', () => {
    expect(planNode(facts({ disable: 'yes' }), 'toggle', policy, false)).toMatchObject({ action: 'skip', skip: expect.stringContaining('name it') });
    const named = planNode(facts({ disable: 'yes', named: true }), 'need-sync', policy, false);
    expect(named).toMatchObject({ action: 'enable', method: 'toggle', found: { disable: 'yes', needSync: null } });
    expect(named.warnings[0]).toMatch(/NO security groups now; the resync sets "no" and ipamd binds sg-aaaa1111,sg-bbbb2222/);
  });

  it('skips what it cannot resync, and refuses it by name when it was named', () => {
    expect(planNode(facts({ markedBy: 'r-1' }), 'toggle', policy, false).skip).toContain('kubectl sg resync --resume r-1');
    expect(planNode(facts({ hasNec: false }), 'toggle', policy, false).skip).toContain('no NodeENIConfig');
    expect(planNode(facts({ instanceId: undefined }), 'toggle', policy, false).skip).toContain('no CVM instance');
    expect(planNode(facts({ primaryGroups: undefined }), 'toggle', policy, false).skip).toContain('no ENI in this region');
    expect(planNode(facts({ primaryGroups: [] }), 'toggle', { enabled: true, globalList: [] }, false).skip).toContain('no groups');
    expect(() => planNode(facts({ hasNec: false, named: true }), 'toggle', policy, false)).toThrow(NodeNotResyncableError);
    expect(() => planNode(facts({ hasNec: false, named: true }), 'toggle', policy, false)).toThrow(/node "10\.0\.0\.10" has no NodeENIConfig/);
    expect(() => planNode(facts({ instanceId: undefined, named: true }), 'toggle', policy, false)).toThrow(/no CVM instance ID/);
  });

  it('notes drift and a pending sync', () => {
    expect(planNode(facts({ driftedEnis: ['eni-1', 'eni-2'], needSync: 'true' }), 'need-sync', policy, false).notes).toEqual(['drifted (2 ENIs)', 'sync pending']);
  });
});

describe('planResync', () => {
  const input = { method: 'toggle' as const, ipamdVersion: 'v3.4.7', policy, concurrency: 40, toggleWaitMs: 2000, timeoutMs: 120_000, force: true };

  it('leaves nodes in sync out of the toggle and its warning unless --force', () => {
    const plan = planResync({ ...input, force: false, nodes: [facts(), facts({ name: '10.0.0.11', driftedEnis: ['eni-1'] })] });
    expect(plan.nodes.map((n) => [n.action, n.skip])).toEqual([['skip', 'in sync'], ['toggle', undefined]]);
    expect(plan.warnings).toEqual([expect.stringContaining('pod traffic on the node is interrupted meanwhile, 1 at a time')]);
    expect(planResync({ ...input, force: false, nodes: [facts()] }).warnings).toEqual([]);
  });

  it('warns once for the toggle that pod traffic is interrupted, naming how long and how many at once', () => {
    const plan = planResync({ ...input, nodes: [facts(), facts({ name: '10.0.0.11', necGroups: [C] }), facts({ name: '10.0.0.12', disable: 'yes' })] });
    expect(plan.nodes.map((n) => n.action)).toEqual(['toggle', 'toggle', 'skip']);
    expect(plan.warnings).toHaveLength(2);
    expect(plan.warnings[1]).toBe(
      "the toggle unbinds EVERY group from each node's secondary ENIs for about 2s: pod traffic on 2 nodes is interrupted meanwhile, 2 at a time; ipamd v3.5.8+ resyncs without that gap (need-sync)",
    );
    expect(planResync({ ...input, ipamdVersion: 'v3.5.8', nodes: [facts()] }).warnings[0]).toContain('--method need-sync resyncs without that gap on this ipamd');
  });

  it('has no toggle warning for need-sync', () => {
    expect(planResync({ ...input, method: 'need-sync', ipamdVersion: 'v3.5.8', nodes: [facts()] }).warnings).toEqual([]);
  });
});

describe('resync steps', () => {
  it('marks with the first write and unmarks only after verifying', () => {
    expect(stepsFor('toggle')).toEqual(['disable', 'pause', 'enable', 'verify', 'unmark']);
    expect(stepsFor('enable')).toEqual(['enable', 'verify', 'unmark']);
    expect(stepsFor('need-sync')).toEqual(['need-sync', 'await-sync', 'verify', 'unmark']);
  });

  it('resumes a node from its annotations: restore, wait for ipamd, or only verify', () => {
    expect(resumeSteps({ disable: 'yes', needSync: undefined })).toEqual(['enable', 'verify', 'unmark']);
    expect(resumeSteps({ disable: 'no', needSync: 'true' })).toEqual(['await-sync', 'verify', 'unmark']);
    expect(resumeSteps({ disable: 'no', needSync: undefined })).toEqual(['verify', 'unmark']);
    expect(resumeSteps({ disable: 'yes', needSync: 'true' })).toEqual(['enable', 'await-sync', 'verify', 'unmark']);
  });
});

describe('feature on with no global list (docs/assumptions.md: the primary ENI\'s groups, or none on v3.5+)', () => {
  const inherit = { enabled: true, globalList: [] };
  const plan = (ipamdVersion: string, nodes: ResyncNodeFacts[]) =>
    planResync({ method: 'need-sync', ipamdVersion, policy: inherit, nodes, concurrency: 10, toggleWaitMs: 2000, timeoutMs: 60_000, force: false });

  it('on v3.5+ takes a node with no groups on its NEC and ENIs as in sync, and accepts no groups for the others', () => {
    const p = plan('v3.5.8', [facts({ name: 'bare', necGroups: [] }), facts({ name: 'custom', necGroups: [C], driftedEnis: [] })]);
    expect(p.nodes.map((n) => [n.name, n.action, n.skip, n.after, n.orNoGroups])).toEqual([
      ['bare', 'skip', 'in sync', [P], true],
      ['custom', 'need-sync', undefined, [P], true],
    ]);
    expect(p.warnings.some((w) => w.includes('NO groups at all'))).toBe(true);
    expect(p.nodes[1]!.warnings[0]).toContain('or with no groups at all');
  });

  it('before v3.5.0 (Deployment args) and with a global list there is no doubt', () => {
    const old = plan('v3.4.7', [facts({ name: 'bare', necGroups: [] })]);
    expect(old.nodes[0]!.action).toBe('need-sync');
    expect(old.nodes[0]!.orNoGroups).toBe(false);
    expect(old.warnings.some((w) => w.includes('NO groups at all'))).toBe(false);
    const listed = planResync({ method: 'need-sync', ipamdVersion: 'v3.5.8', policy, nodes: [facts({ necGroups: [] })], concurrency: 10, toggleWaitMs: 2000, timeoutMs: 60_000, force: false });
    expect(listed.nodes[0]!.orNoGroups).toBe(false);
  });
});

describe('groups whose order cannot be read back (docs/assumptions.md, "Rule order in GroupSet")', () => {
  it('count as in sync for --all, and are resynced when the node is named', () => {
    expect(planNode(facts({ orderUnread: true }), 'need-sync', policy, false).skip).toBe('in sync');
    const named = planNode(facts({ orderUnread: true, named: true }), 'need-sync', policy, false);
    expect([named.action, named.notes]).toEqual(['need-sync', ['order unreadable']]);
  });
});
