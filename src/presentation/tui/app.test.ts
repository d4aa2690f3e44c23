// The TUI as a person uses it, through Ink on a terminal of the test's size: keys in, frames out, on an
// in-memory backend. Every frame is checked against the 80x24 it must fit.
import { afterEach, describe, expect, it } from 'vitest';
import { BINDINGS } from './keys.ts';
import { madeUpNode, madeUpNodes, MemoryBackend } from '../../../test/tui/memory-backend.ts';
import { closeApps, fits, KEY, openApp as open, settle } from '../../../test/tui/ink-app.ts';

afterEach(closeApps);

describe('kubectl sg ui, nodes view', () => {
  it('shows every node with desired and actual groups, the counts and the cluster in 80x24', async () => {
    const t = open(new MemoryBackend(madeUpNodes(4, { driftEvery: 3 })));
    await t.waitFor('10.0.0.3');
    const lines = t.lines();
    fits(lines, { columns: 80, rows: 24 });
    expect(lines[0]).toMatch(/^ test · TKE VPC-CNI · ipamd v3\.5\.8 · resync need-sync · groups on: sg-aaaa1111,…$/);
    expect(lines[1]).toMatch(/^4 nodes: 2 in-sync, 2 drifted │ 4 shown · 0 selected · by name/);
    expect(lines[2]).toMatch(/NAME +STATE +DESIRED \(NEC\) +ACTUAL \(ENIs\)/);
    expect(lines[3]).toMatch(/10\.0\.0\.0 +drifted \(1 ENI\) +sg-aaaa1111,sg-bbbb2222 +sg-bbbb2222,sg-aaaa1111/);
    expect(lines[4]).toMatch(/10\.0\.0\.1 +in-sync +sg-aaaa1111,sg-bbbb2222 +sg-aaaa1111,sg-bbbb2222/);
    expect(lines[23]).toContain('space select');
  });

  it('filters as you type, esc puts the list back', async () => {
    const t = open(new MemoryBackend(madeUpNodes(30)));
    await t.waitFor('10.0.0.29');
    await t.press('/.29'); // typed in one burst, as a terminal may deliver it
    expect(t.lines()[1]).toContain('1 shown');
    expect(t.frame()).toContain('10.0.0.29');
    expect(t.frame()).not.toContain('10.0.0.2 ');
    expect(t.lines()[22]).toBe('/.29');
    await t.press(KEY.backspace);
    expect(t.lines()[1]).toContain('11 shown'); // .2 and .20 to .29
    await t.press(KEY.esc);
    await t.waitFor('30 shown');
    expect(t.lines()[1]).toContain('30 shown');
  });

  it('selects with space, a and d, and sorts by state with o', async () => {
    const t = open(new MemoryBackend(madeUpNodes(10, { driftEvery: 4 })));
    await t.waitFor('10.0.0.9');
    await t.press(' ', ' ');
    expect(t.lines()[1]).toContain('2 selected');
    expect(t.lines()[3]).toMatch(/^\* 10\.0\.0\.0/);
    await t.press('a');
    expect(t.lines()[1]).toContain('10 selected');
    await t.press('a');
    expect(t.lines()[1]).toContain('0 selected');
    await t.press('d');
    expect(t.lines()[1]).toContain('3 selected'); // 0, 4, 8
    expect(t.lines()[22]).toBe('3 drifted nodes selected');
    await t.press('o');
    expect(t.lines().slice(3, 6).every((l) => l.includes('drifted'))).toBe(true);
  });

  it('follows the watch: a node that drifts turns drifted without a key', async () => {
    const backend = new MemoryBackend(madeUpNodes(3));
    const t = open(backend);
    await t.waitFor('3 in-sync');
    backend.change({ kind: 'updated', reports: [madeUpNode(1, { driftEvery: 1 })] });
    await t.waitFor('1 drifted');
    expect(t.lines()[4]).toMatch(/10\.0\.0\.1 +drifted/);
    backend.change({ kind: 'removed', names: ['10.0.0.2'] });
    await t.waitFor('2 nodes');
    expect(t.frame()).not.toContain('10.0.0.2');
  });

  it('shows 5,000 nodes a screenful at a time, and pages through them', async () => {
    const t = open(new MemoryBackend(madeUpNodes(5000, { driftEvery: 7 })));
    await t.waitFor('5000 nodes');
    const lines = t.lines();
    fits(lines, { columns: 80, rows: 24 });
    expect(lines.filter((l) => /^. 10\./.test(l))).toHaveLength(19);
    await t.press('G');
    expect(t.lines()[21]).toMatch(/10\.0\.19\.135/); // node 4999, last row of the list
    await t.press('g', '\u001B[6~');
    expect(t.lines()[3]).toMatch(/10\.0\.0\.1 /); // one page: the cursor row 19 is now at the bottom
  });

  it('fits a resized terminal', async () => {
    const size = { columns: 120, rows: 10 };
    const t = open(new MemoryBackend(madeUpNodes(20)), { size });
    await t.waitFor('20 nodes');
    fits(t.lines(), size);
    expect(t.lines()[2]).toContain('SOURCE'); // wide enough for it
  });
});

describe('kubectl sg ui, actions', () => {
  it('r shows the plan, y runs it with live per-node progress, and the nodes are read again', async () => {
    const backend = new MemoryBackend(madeUpNodes(6, { driftEvery: 2 }));
    backend.hold = true;
    const t = open(backend);
    await t.waitFor('3 drifted');
    await t.press('d', 'r');
    await t.waitFor('Apply this plan?');
    expect(t.frame()).toContain('Resync plan: 3 nodes, method need-sync');
    expect(backend.calls.find((c) => c.what === 'plan-resync')?.nodes).toEqual(['10.0.0.0', '10.0.0.2', '10.0.0.4']);
    expect(backend.calls.some((c) => c.what === 'apply')).toBe(false);
    await t.press('y');
    await t.waitFor('running');
    expect(t.frame()).toMatch(/10\.0\.0\.0 +running +step need-sync/);
    backend.release();
    await t.waitFor('10.0.0.2');
    backend.release();
    await t.waitFor('10.0.0.4');
    backend.release();
    await t.waitFor('Resync: finished');
    expect(t.frame()).toContain('3 ok, 0 not started');
    await t.press(KEY.enter);
    expect(t.lines()[2]).toContain('NAME');
  });

  it('n or esc at the plan changes nothing', async () => {
    const backend = new MemoryBackend(madeUpNodes(3));
    const t = open(backend);
    await t.waitFor('3 in-sync');
    await t.press('r');
    await t.waitFor('Apply this plan?');
    await t.press('n');
    expect(t.lines()[22]).toBe('cancelled: nothing was changed');
    expect(backend.calls.some((c) => c.what === 'apply')).toBe(false);
  });

  it('ctrl-c during a run stops it through its signal and stays open to show what happened', async () => {
    const backend = new MemoryBackend(madeUpNodes(4, { driftEvery: 1 }));
    backend.hold = true;
    const t = open(backend);
    await t.waitFor('4 drifted');
    await t.press('a', 'r');
    await t.waitFor('Apply this plan?');
    await t.press('y');
    await t.waitFor('running');
    await t.press(KEY.ctrlC);
    expect(backend.lastSignal?.aborted).toBe(true);
    expect(t.frame()).toContain('stopping: no new node starts');
    backend.release();
    await t.waitFor('Resync: stopped');
    expect(t.frame()).toContain('1 ok, 3 not started');
    expect(t.exits).toEqual([]);
  });

  it('s picks groups: name, rule count and lint; space adds, K/J reorder, the per-ENI cap holds; enter plans them in that order', async () => {
    const backend = new MemoryBackend(madeUpNodes(3));
    const t = open(backend);
    await t.waitFor('3 in-sync');
    await t.press(' ', 's');
    await t.waitFor('pods-base');
    const f = t.frame();
    expect(f).toContain('Groups for 10.0.0.0, first wins, at most 3: sg-aaaa1111,sg-bbbb2222');
    expect(f).toMatch(/ 1 sg-aaaa1111 pods-base +3$/m);
    expect(f).toMatch(/sg-cccc3333 legacy-open +1 +FAIL:open/);
    expect(f).toMatch(/sg-bbbb2222 pods-web +2 +warn:ports/);
    await t.press('j', 'K'); // sg-bbbb2222 up to first
    expect(t.frame()).toContain('at most 3: sg-bbbb2222,sg-aaaa1111');
    await t.press('j', 'j', ' '); // the first group not chosen (db-clients: by name) goes last
    expect(t.frame()).toContain('at most 3: sg-bbbb2222,sg-aaaa1111,sg-dddd4444');
    await t.press('j', ' ');
    expect(t.lines()[22]).toContain('an ENI takes at most 3 groups');
    await t.press(KEY.enter);
    await t.waitFor('Apply this plan?');
    expect(backend.calls.find((c) => c.what === 'plan-set-groups')).toMatchObject({ nodes: ['10.0.0.0'], groups: ['sg-bbbb2222', 'sg-aaaa1111', 'sg-dddd4444'] });
  });

  it('q quits with 0, ctrl-c with 130', async () => {
    const a = open(new MemoryBackend(madeUpNodes(1)));
    await a.waitFor('1 nodes');
    await a.press('q');
    expect(a.exits).toEqual([{ code: 0, result: undefined }]);
    const b = open(new MemoryBackend(madeUpNodes(1)));
    await b.waitFor('1 nodes');
    await b.press(KEY.ctrlC);
    expect(b.exits).toEqual([{ code: 130, result: undefined }]);
  });
});

describe('kubectl sg ui, other views', () => {
  it('? lists every key of the key table', async () => {
    const t = open(new MemoryBackend(madeUpNodes(1)), { size: { columns: 100, rows: 400 } });
    await t.waitFor('1 nodes');
    await t.press('?');
    // Wrapped lines joined back: each binding's words appear in order.
    const f = t.frame().replace(/\n {17}/g, ' ');
    for (const b of BINDINGS) expect(f).toContain(b.what);
  });

  it(': opens the verb prompt: groups, group SG-ID, pod NS/NAME; unknown verbs are named', async () => {
    const backend = new MemoryBackend(madeUpNodes(1));
    const t = open(backend);
    await t.waitFor('1 nodes');
    await t.press(':groups', KEY.enter);
    await t.waitFor('4 groups in the region');
    expect(t.frame()).toMatch(/sg-cccc3333 legacy-open +1 +FAIL:open/);
    await t.press('j', KEY.enter);
    await t.waitFor('ingress (1)');
    expect(t.frame()).toContain('TCP 80,443 from 10.0.0.0/16');
    expect(t.frame()).toContain('1 ENI on 1 node; 1 NEC ask for it');
    await t.press(':', ...'pod shop/web-0', KEY.enter);
    await t.waitFor('Pod shop/web-0');
    expect(backend.calls.find((c) => c.what === 'pod')?.args).toEqual(['shop', 'web-0']);
    expect(t.frame()).toContain('ENI eni-xyz (secondary)');
    await t.press(':', ...'frobnicate', KEY.enter);
    expect(t.lines()[22]).toContain('unknown command "frobnicate"');
  });
});

describe('pickers inside the verbs', () => {
  it('resync: drifted nodes come selected; enter hands them back', async () => {
    const t = open(new MemoryBackend(madeUpNodes(5, { driftEvery: 2 })), { purpose: { kind: 'pick-nodes', verb: 'resync' } });
    await t.waitFor('3 selected');
    expect(t.lines()[0]).toContain('resync: pick nodes');
    await t.press(KEY.enter);
    expect(t.exits).toEqual([{ code: 0, result: { kind: 'nodes', names: ['10.0.0.0', '10.0.0.2', '10.0.0.4'] } }]);
  });

  it('set node: groups in priority order; esc cancels', async () => {
    const t = open(new MemoryBackend([]), { purpose: { kind: 'pick-groups', verb: 'set node' }, groups: ['sg-bbbb2222'] });
    await t.waitFor('pods-base');
    await t.press('/', ...'base', KEY.enter, 'j', ' ', KEY.enter);
    expect(t.exits).toEqual([{ code: 0, result: { kind: 'groups', ids: ['sg-bbbb2222', 'sg-aaaa1111'] } }]);
    const c = open(new MemoryBackend([]), { purpose: { kind: 'pick-groups', verb: 'set node' } });
    await c.waitFor('pods-base');
    await c.press(KEY.esc);
    await settle(() => c.exits.length > 0);
    expect(c.exits).toEqual([{ code: 130, result: undefined }]);
  });

  it('show group: enter on a group hands its ID back', async () => {
    const t = open(new MemoryBackend([]), { purpose: { kind: 'pick-group', verb: 'show group' } });
    await t.waitFor('db-clients');
    await t.press('/', ...'legacy', KEY.enter, KEY.enter);
    expect(t.exits).toEqual([{ code: 0, result: { kind: 'group', id: 'sg-cccc3333' } }]);
  });
});
