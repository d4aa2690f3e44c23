// The TUI on a cluster running Alibaba ECI (alone, and beside TKE), through Ink on the in-memory
// backend: the virtual nodes and their pods, an ECI pod, the Alibaba groups, and set workload /
// the eci-profile default through plan → confirm → progress → summary. Expected texts are the
// memory backend's data (test/tui/memory-backend.ts) in `show node`'s words, never the frame's own.
import { afterEach, describe, expect, it } from 'vitest';
import { ECI_DEFAULT, ECI_PAYMENTS, ECI_WEB, madeUpNodes, MemoryBackend } from '../../../test/tui/memory-backend.ts';
import { closeApps, fits, KEY, openApp } from '../../../test/tui/ink-app.ts';
import { initialState, type AppState, type Size } from './state.ts';
import { update } from './update.ts';
import { keyContext } from './navigation.ts';
import type { AppEvent, Effect } from './step.ts';

const VNODE = 'virtual-kubelet-cn-hangzhou-k';

afterEach(closeApps);

/** The UI on a cluster running only ECI, its virtual node shown. */
async function openEci(size: Size = { columns: 100, rows: 30 }) {
  const backend = new MemoryBackend([], { providers: ['eci'] });
  const t = openApp(backend, { size });
  await t.see(VNODE);
  return { backend, t };
}

describe('kubectl sg ui on a cluster running only ECI', () => {
  it('opens on the virtual nodes, with ECI in the title and the pods counted by state', async () => {
    const { t } = await openEci({ columns: 120, rows: 30 });
    expect(t.lines()[0]).toMatch(new RegExp(`^ test · Alibaba ECI · default group ${ECI_DEFAULT}`));
    // One of three pods asks for groups its instance was not created with (memory-backend.ts).
    expect(t.lines()[1]).toBe('1 virtual node, 1 with a differing pod · 3 pods: 2 in-sync, 1 differ');
    expect(t.frame()).toMatch(new RegExp(`^  ${VNODE} +differs +3 +1 +${ECI_DEFAULT}`, 'm'));
    expect(t.frame()).not.toContain('no NEC');
    fits(t.lines(), { columns: 120, rows: 30 });
  });

  it('enter on a virtual node lists its pods: asked for, source, has, state; enter on a pod shows its instance and groups', async () => {
    const size = { columns: 100, rows: 30 };
    const { t } = await openEci(size);
    await t.press(KEY.enter);
    await t.see('POD');
    fits(t.lines(), size);
    expect(t.frame()).toMatch(new RegExp(`^  pay/ledger-0 +${ECI_DEFAULT} +profile +${ECI_DEFAULT} +in-sync`, 'm'));
    expect(t.frame()).toMatch(new RegExp(`^  pay/payments-7d9c-x2x… +${ECI_PAYMENTS} +selector pa… +${ECI_PAYMENTS} +in-sync`, 'm'));
    // Two IDs do not fit a column of 100 columns: the first whole, then how many more.
    expect(t.frame()).toMatch(new RegExp(`^  shop/web-5f6d-abcde +${ECI_WEB}\\+1 +annotation +${ECI_DEFAULT} +differs`, 'm'));
    await t.press(KEY.down, KEY.down, KEY.enter);
    await t.see('Pod shop/web-5f6d-abcde');
    expect(t.frame()).toContain(`asks for ${ECI_WEB}, ${ECI_DEFAULT}  from annotation`);
    expect(t.frame()).toContain(`has      ${ECI_DEFAULT}`);
    expect(t.frame()).toMatch(/^differs: the request changed after the pod was created/m);
    expect(t.frame()).toContain('workload deployment/web: w sets its groups');
    expect(t.frame()).toContain(`1. ${ECI_DEFAULT} eci-default`);
    expect(t.frame()).toContain('in   TCP 443 from 0.0.0.0/0');
    // esc goes back to the virtual node it came from.
    await t.press(KEY.esc);
    await t.see(`Virtual node ${VNODE}`);
  });

  it('w on an ECI pod sets its workload\'s groups: the picker starts from what the pod asks for, then plan, confirm, progress, summary', async () => {
    const { backend, t } = await openEci();
    await t.press(KEY.enter, KEY.down, KEY.down, KEY.enter);
    await t.see('Pod shop/web-5f6d-abcde');
    await t.press('w');
    await t.see('Groups for deployment/web in shop, first wins, at most 5');
    // Alibaba IDs (23 characters) are shown whole, with their type and lint.
    expect(t.frame()).toMatch(new RegExp(`^  2 ${ECI_DEFAULT} +eci-default +2 +basic`, 'm'));
    expect(t.frame()).toMatch(new RegExp(`^  1 ${ECI_WEB} +eci-web +1 +basic FAIL:open`, 'm'));
    // Remove the first (cursor on it), add payments (the first unchosen row after the chosen ones).
    await t.press(' ');
    await t.see(new RegExp(`^  1 ${ECI_DEFAULT}`, 'm'));
    await t.press(KEY.down, ' ');
    await t.see(new RegExp(`^  2 ${ECI_PAYMENTS}`, 'm'));
    await t.press(KEY.enter);
    await t.see('Apply this plan?');
    expect(t.frame()).toContain('Set workload: the plan (as --dry-run prints it). Nothing has been changed yet.');
    expect(backend.calls.find((c) => c.what === 'plan-set-workload')).toEqual({ what: 'plan-set-workload', args: ['shop', 'deployment/web'], groups: [ECI_DEFAULT, ECI_PAYMENTS] });
    expect(t.frame()).toContain('rollout: the Deployment rolls out new pods');
    await t.press('y');
    await t.see('Set workload: finished');
    expect(t.frame()).toContain('1 ok, 0 not started');
    expect(backend.calls.filter((c) => c.what === 'apply')).toHaveLength(1);
    // The pod opened has been replaced: back goes to its virtual node.
    await t.press(KEY.enter);
    await t.see(`Virtual node ${VNODE}`);
  });

  it('e sets the eci-profile default: one group only, then the plan', async () => {
    const { backend, t } = await openEci();
    await t.press('e');
    await t.see('The eci-profile default group');
    expect(t.frame()).toContain(`at most 1: ${ECI_DEFAULT}`);
    // A second group is refused: the profile holds one.
    await t.press(KEY.down, ' ');
    await t.see('the eci-profile holds one default group');
    await t.press(KEY.esc);
    await t.see('cancelled: nothing was changed');
    expect(backend.calls.some((c) => c.what === 'plan-eci-default')).toBe(false);
    await t.press('e', ' ', KEY.down, ' ', KEY.enter);
    await t.see('Apply this plan?');
    expect(backend.calls.find((c) => c.what === 'plan-eci-default')?.groups).toHaveLength(1);
    expect(t.frame()).toContain('Set the ECI default: the plan');
  });

  it('after e writes the default, the title names the new one and e starts from it (the profile is read again)', async () => {
    const { backend, t } = await openEci();
    await t.press('e', ' ', KEY.down, ' ', KEY.enter);
    await t.see('Apply this plan?');
    const picked = backend.calls.find((c) => c.what === 'plan-eci-default')!.groups![0]!;
    expect(picked).not.toBe(ECI_DEFAULT);
    await t.press('y');
    await t.see('Set the ECI default: finished');
    expect(backend.eciDefault).toBe(picked);
    await t.press(KEY.enter);
    await t.see(new RegExp(`^ test · Alibaba ECI · default group ${picked}`));
    await t.press('e');
    await t.see(`at most 1: ${picked}`);
  });

  it('the groups view shows Alibaba groups; enter shows one with type, VPC, what names it and which pods use it', async () => {
    const { backend, t } = await openEci();
    await t.press('2');
    await t.see('eci-payments');
    expect(t.lines()[1]).toBe('3 groups in the eci-profile\'s VPC · at most 5 per instance');
    expect(t.frame()).toMatch(/^ {2}ID +NAME +RULES TYPE LINT/m);
    await t.press(KEY.enter);
    await t.see(`${ECI_DEFAULT} eci-default  (the eci-profile default)`);
    expect(backend.calls.find((c) => c.what === 'group')?.args).toEqual(['eci', ECI_DEFAULT]);
    expect(t.frame()).toContain('Alibaba basic group in vpc-bp1; eci-profile names it: default');
    expect(t.frame()).toContain('1 instance have it; 1 pod ask for it');
    expect(t.frame()).toMatch(/^ {2}pay\/ledger-0 +eci-1 +priority 1/m);
  });
});

describe('kubectl sg ui on a cluster running TKE and ECI', () => {
  it('counts both providers in the header and switches with p; TKE keys do not work on virtual nodes', async () => {
    const size = { columns: 80, rows: 24 };
    const t = openApp(new MemoryBackend(madeUpNodes(4, { driftEvery: 3 }), { providers: ['tke', 'eci'] }), { size });
    await t.see('4 nodes: 2 in-sync, 2 drifted');
    expect(t.lines()[0]).toMatch(/^ test · TKE VPC-CNI · ipamd v3\.5\.8/);
    expect(t.lines()[1]).toMatch(/^▸ TKE VPC-CNI: 4 nodes, 2 drifted │   Alibaba ECI: 1 virtual node, 3 pods, 1/);
    // The virtual node is ECI's: not a TKE row.
    expect(t.frame()).not.toContain(VNODE);
    fits(t.lines(), size);
    await t.press('p');
    await t.see(/^ {2}TKE VPC-CNI: 4 nodes, 2 drifted │ ▸ Alibaba ECI/m);
    expect(t.lines()[0]).toMatch(/^ test · Alibaba ECI · default group/);
    expect(t.frame()).toContain(VNODE);
    fits(t.lines(), size);
    await t.press('r');
    expect(t.frame()).not.toContain('Resync');
    await t.press('p');
    await t.see('4 nodes: 2 in-sync, 2 drifted');
  });

  it('3 finds an ECI pod by name: its node decides, and w works there', async () => {
    const t = openApp(new MemoryBackend(madeUpNodes(2), { providers: ['tke', 'eci'] }));
    await t.see('2 nodes');
    await t.press('3', ...'pay/payments-7d9c-x2x4q', KEY.enter);
    await t.see('Pod pay/payments-7d9c-x2x4q');
    expect(t.frame()).toContain('Alibaba ECI');
    await t.press('w');
    await t.see('Groups for deployment/payments in pay');
  });
});

describe('the reducer with ECI', () => {
  const run = (s: AppState, ...events: AppEvent[]) => {
    let effects: Effect[] = [];
    for (const e of events) ({ state: s, effects } = update(s, e));
    return { s, effects };
  };
  const key = (k: string): AppEvent => ({ type: 'key', key: k, input: k });
  const facts = (tke: boolean): AppEvent => ({ type: 'cluster', facts: { context: 'c', tke: tke ? { ipamdVersion: 'v3.5.8', feature: { enabled: true, globalList: [] }, resyncMethods: ['need-sync'], cloudMissing: undefined } : undefined, eci: { defaultGroup: ECI_DEFAULT, cloudMissing: undefined } } });

  it('reads the virtual nodes at start, and picks ECI\'s views when the cluster runs only ECI', () => {
    const first = update(initialState({ size: { columns: 80, rows: 24 }, color: false }), { type: 'resize', size: { columns: 80, rows: 24 } });
    expect(first.state.provider).toBe('tke');
    const { s } = run(first.state, facts(false));
    expect(s.provider).toBe('eci');
    expect(keyContext(s)).toBe('vnodes');
    expect(keyContext(run(first.state, facts(true)).s)).toBe('nodes');
  });

  it('after an ECI run, reads the virtual nodes again (new pods, their instances)', () => {
    const s0 = run(initialState({ size: { columns: 80, rows: 24 }, color: false }), facts(false)).s;
    const running: AppState = { ...s0, panel: { kind: 'running', action: 'set-workload', plan: { kind: 'SetWorkloadPlan', lines: [], changes: true, apply: async () => ({ interrupted: false, lines: [], nodes: [] }) }, progress: [], stopping: false, top: 0 } };
    const { effects } = run(running, { type: 'run-done', outcome: { interrupted: false, lines: ['ok'], nodes: [] } });
    expect(effects).toEqual([{ kind: 'load-vnodes' }]);
  });

  it('p on a cluster running one provider says so and stays', () => {
    const { s } = run(initialState({ size: { columns: 80, rows: 24 }, color: false }), facts(false), key('p'));
    expect(s.provider).toBe('eci');
    expect(s.status?.text).toBe('this cluster runs Alibaba ECI only');
  });
});
