// The TUI on a cluster running TKE super nodes (beside VPC-CNI, and with ECI too), through Ink on
// the in-memory backend: the providers line, the super nodes, a super node's pods in `show node`'s
// columns and words, a super-node pod as `show pod` tells it, and that nothing there writes.
// Expected texts are the memory backend's data (test/tui/memory-backend.ts), never the frame's own.
import { afterEach, describe, expect, it } from 'vitest';
import { EKS_DEFAULT, madeUpNodes, MemoryBackend, POOL_GROUPS, REGION_DEFAULT, SUPER_NODE } from '../../../test/tui/memory-backend.ts';
import { closeApps, fits, KEY, openApp } from '../../../test/tui/ink-app.ts';
import { initialState, type AppState } from './state.ts';
import { start, update } from './update.ts';
import { keyContext } from './navigation.ts';
import type { AppEvent, Effect } from './step.ts';
import type { ClusterFacts } from './backend.ts';

afterEach(closeApps);

/** The UI on a cluster running VPC-CNI's 3 nodes and one super node, switched to the super nodes. */
async function openSuperNodes(size = { columns: 120, rows: 30 }) {
  const backend = new MemoryBackend(madeUpNodes(3), { providers: ['tke', 'supernode'] });
  const t = openApp(backend, { size });
  await t.see('3 nodes');
  await t.see('1 super node, 3 pods, 1 differ');
  await t.press('p');
  await t.see(SUPER_NODE);
  return { backend, t };
}

describe('kubectl sg ui on a cluster running TKE super nodes', () => {
  it('names the super nodes in the providers line with their counts; p shows the super nodes with their pool', async () => {
    const { t } = await openSuperNodes();
    // One of three pods has groups other than those it asks for (memory-backend.ts).
    expect(t.lines()[1]).toMatch(/^ {2}TKE VPC-CNI: 3 nodes │ ▸ TKE super nodes: 1 super node, 3 pods, 1 differ {3}p switches/);
    expect(t.lines()[0]).toMatch(new RegExp(`^ test · TKE super nodes · eks-config default ${EKS_DEFAULT.join(',')}`));
    expect(t.lines()[2]).toBe('1 super node, 1 with a differing pod · 3 pods: 2 in-sync, 1 differ · read-only');
    expect(t.frame()).toMatch(new RegExp(`^  ${SUPER_NODE} +differs +3 +1 +np-super01 super-pool ${POOL_GROUPS[0]}`, 'm'));
    // VPC-CNI's keys that write are not super nodes' keys.
    await t.press('s', 'r', 'e', 'w');
    expect(t.frame()).not.toContain('Groups for');
    expect(t.frame()).not.toContain('planning');
    fits(t.lines(), { columns: 120, rows: 30 });
  });

  it('enter on a super node lists its pods: asked for (with its reading), source, has, state, as show node says', async () => {
    const size = { columns: 100, rows: 30 };
    const { t } = await openSuperNodes(size);
    await t.press(KEY.enter);
    await t.see(`Super node ${SUPER_NODE}`);
    fits(t.lines(), size);
    expect(t.frame()).toMatch(/^ {2}POD +ASKED FOR +SOURCE +HAS +STATE/m);
    // 100 columns: long cells are cut (…), the state column is whole; the pod view has everything.
    expect(t.frame()).toMatch(/^ {2}serverless\/api-6b… +sg-aaaa1111,sg-bbbb2222 +annotation +sg-aaaa1111\+1 +in-sync$/m);
    expect(t.frame()).toMatch(new RegExp(`^  serverless/batch-0 +${POOL_GROUPS[0]} \\[pool-default\\]… +pool or r… +${POOL_GROUPS[0]} +in-sync \\[pool-default\\]$`, 'm'));
    expect(t.frame()).toMatch(new RegExp(`^  serverless/web-5f… +${EKS_DEFAULT.join(',')} +eks-config +sg-dddd4444 +differs$`, 'm'));
  });

  it('the pods fit 80 columns; enter on a pod shows it as show pod does, esc goes back to its super node', async () => {
    const size = { columns: 80, rows: 24 };
    const { backend, t } = await openSuperNodes(size);
    await t.press(KEY.enter);
    await t.see('POD');
    fits(t.lines(), size);
    await t.press(KEY.down, KEY.enter);
    await t.see('Pod serverless/batch-0');
    expect(backend.calls.find((c) => c.what === 'pod')?.args).toEqual(['serverless', 'batch-0']);
    const f = t.frame();
    // Each reading under its candidate, in show pod's words.
    expect(f).toContain(`asks for ${POOL_GROUPS[0]}  from its super node pool's default\n         if a pod naming no groups gets its super node pool's (newer pages)\n`);
    expect(f).toContain(`      or ${REGION_DEFAULT[0]}  from the region's default group\n         if a pod naming no groups gets the region's default group (older pages)\n`);
    expect(f).toContain(`has      ${POOL_GROUPS[0]}: as asked if a pod naming no groups gets its super node po`);
    expect(f).toMatch(/^in-sync \[pool-default\]$/m);
    expect(f).toContain('read-only here: kubectl sg set workload');
    expect(f).toContain(`1. ${POOL_GROUPS[0]}`);
    await t.press('w');
    expect(t.frame()).not.toContain('Groups for');
    await t.press(KEY.esc);
    await t.see(`Super node ${SUPER_NODE}`);
  });

  it('a differing pod says why, in show pod\'s words', async () => {
    const { t } = await openSuperNodes();
    await t.press(KEY.enter, KEY.down, KEY.down, KEY.enter);
    await t.see('Pod serverless/web-5f6d-abcde');
    expect(t.frame()).toContain(`asks for ${EKS_DEFAULT.join(', ')}  from the kube-system/eks-config default\n`);
    expect(t.frame()).toContain('has      sg-dddd4444: DIFFERENT from what it asks for');
    expect(t.frame()).toMatch(/^differs: the instance's groups differ from what the pod asks for now/m);
  });
});

describe('the reducer with super nodes', () => {
  const run = (s: AppState, ...events: AppEvent[]) => {
    let effects: Effect[] = [];
    for (const e of events) ({ state: s, effects } = update(s, e));
    return { s, effects };
  };
  const key = (k: string): AppEvent => ({ type: 'key', key: k, input: k });
  const tke = { ipamdVersion: 'v3.5.8', feature: { enabled: true, globalList: [] }, resyncMethods: ['need-sync' as const], cloudMissing: undefined };
  const facts = (f: Partial<ClusterFacts>): AppEvent => ({ type: 'cluster', facts: { context: 'c', tke: undefined, eci: undefined, ...f } });
  const supernode = { eksConfigGroups: [], cloudMissing: undefined };
  const s0 = () => initialState({ size: { columns: 80, rows: 24 }, color: false });

  it('reads the super nodes at start and on ctrl-r', () => {
    expect(start(s0()).effects).toContainEqual({ kind: 'load-snodes' });
    const { s } = run(s0(), facts({ tke, supernode }));
    expect(run(s, key('ctrl-r')).effects).toContainEqual({ kind: 'load-snodes' });
  });

  it('opens on the super nodes on a cluster running only them', () => {
    const { s } = run(s0(), facts({ supernode }));
    expect(s.provider).toBe('supernode');
    expect(keyContext(s)).toBe('snodes');
  });

  it('p goes round every provider the cluster runs; :supernode goes straight to the super nodes', () => {
    let { s } = run(s0(), facts({ tke, supernode, eci: { defaultGroup: undefined, cloudMissing: undefined } }));
    const seen = [s.provider];
    for (let i = 0; i < 3; i++) {
      s = run(s, key('p')).s;
      seen.push(s.provider);
    }
    expect(seen).toEqual(['tke', 'supernode', 'eci', 'tke']);
    s = run(s, key(':'), ...[...'supernode'].map(key), { type: 'key', key: 'enter', input: '' }).s;
    expect(s.provider).toBe('supernode');
  });

  it(':supernode on a cluster without super nodes says so and stays', () => {
    let { s } = run(s0(), facts({ tke }));
    s = run(s, key(':'), ...[...'supernode'].map(key), { type: 'key', key: 'enter', input: '' }).s;
    expect(s.provider).toBe('tke');
    expect(s.status?.text).toBe('this cluster runs no TKE super nodes');
  });
});
