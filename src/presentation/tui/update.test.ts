// The reducer without a terminal: the cases a frame shows badly (cursors, late answers, signals).
import { describe, expect, it } from 'vitest';
import { madeUpNode, madeUpNodes } from '../../../test/tui/memory-backend.ts';
import { initialState, type AppState } from './state.ts';
import { update } from './update.ts';
import { follow } from './navigation.ts';
import type { AppEvent, Effect } from './step.ts';
import type { PlanPreview } from './backend.ts';

const base = () => update(initialState({ size: { columns: 80, rows: 24 }, color: false }), { type: 'nodes', reports: madeUpNodes(40, { driftEvery: 5 }), selector: '' }).state;
const run = (s: AppState, ...events: AppEvent[]) => {
  let effects: Effect[] = [];
  for (const e of events) ({ state: s, effects } = update(s, e));
  return { s, effects };
};
const key = (k: string, input = k): AppEvent => ({ type: 'key', key: k, input });
const plan: PlanPreview = { kind: 'ResyncPlan', lines: ['plan'], changes: true, apply: async () => ({ interrupted: false, lines: [], nodes: [] }) };

describe('scrolling', () => {
  it('moves the window as little as possible to show the cursor', () => {
    expect(follow(0, 0, 10, 100)).toBe(0);
    expect(follow(10, 0, 10, 100)).toBe(1);
    expect(follow(3, 5, 10, 100)).toBe(3);
    expect(follow(99, 0, 10, 100)).toBe(90);
    expect(follow(5, 95, 10, 100)).toBe(5);
  });
});

describe('the nodes list', () => {
  it('keeps the cursor on its node when the rows change around it', () => {
    const { s } = run(base(), key('down'), key('down'), key('down'));
    expect(s.cursor).toBe('10.0.0.3');
    const after = run(s, { type: 'nodes-changed', change: { kind: 'removed', names: ['10.0.0.0', '10.0.0.1'] } }).s;
    expect(after.cursor).toBe('10.0.0.3');
  });

  it('drops a removed node from the selection', () => {
    const { s } = run(base(), key('space'), key('space'));
    expect([...s.selected]).toEqual(['10.0.0.0', '10.0.0.1']);
    expect([...run(s, { type: 'nodes-changed', change: { kind: 'removed', names: ['10.0.0.1'] } }).s.selected]).toEqual(['10.0.0.0']);
  });

  it('adds a node the watch saw appear, and reads everything again when the watch lost track', () => {
    const { s } = run(base(), { type: 'nodes-changed', change: { kind: 'updated', reports: [madeUpNode(300)] } });
    expect(s.rows).toHaveLength(41);
    expect(run(s, { type: 'nodes-changed', change: { kind: 'stale' } }).effects).toEqual([{ kind: 'load-nodes', selector: '' }]);
  });

  it('asks the API server again for a new label selector, and ignores an answer to the old one', () => {
    const { s, effects } = run(base(), key('l'), key('p', 'p'), key('enter'));
    expect(s.selector).toBe('p');
    expect(effects).toEqual([{ kind: 'load-nodes', selector: 'p' }]);
    expect(run(s, { type: 'nodes', reports: [], selector: '' }).s.rows).toHaveLength(40);
  });
});

describe('actions', () => {
  it('acts on the node under the cursor when none is selected', () => {
    const { effects } = run(base(), key('down'), key('r'));
    expect(effects).toEqual([{ kind: 'plan-resync', nodes: ['10.0.0.1'] }]);
  });

  it('drops a plan that arrives after the person cancelled', () => {
    const { s } = run(base(), key('r'), key('esc'), { type: 'plan', plan });
    expect(s.panel).toBeUndefined();
  });

  it('refuses to quit during a run; a signal stops the run, then quits', () => {
    let { s } = run(base(), key('r'), { type: 'plan', plan }, key('y'));
    expect(s.panel?.kind).toBe('running');
    expect(run(s, key('q')).effects).toEqual([]);
    const signalled = run(s, { type: 'signal', name: 'SIGTERM' });
    expect(signalled.effects).toEqual([{ kind: 'stop-run' }]);
    s = signalled.s;
    const done = run(s, { type: 'run-done', outcome: { interrupted: true, lines: [], nodes: ['10.0.0.0'] } });
    expect(done.effects).toEqual([{ kind: 'reload-nodes', names: ['10.0.0.0'] }, { kind: 'exit', code: 130 }]);
  });

  it('scrolls a plan wider than the terminal sideways, and starts the next text at its left edge', () => {
    const wide: PlanPreview = { ...plan, lines: ['x'.repeat(200)] };
    let { s } = run(base(), key('r'), { type: 'plan', plan: wide }, key('right'), key('right'), key('right'));
    expect(s.shift).toBe(120); // 200 cells on 80 columns: at most 120 to the left
    ({ s } = run(s, key('left')));
    expect(s.shift).toBe(80);
    expect(run(s, key('n')).s.shift).toBe(0);
  });

  it('a plan with nothing to change is not applied', () => {
    const { s, effects } = run(base(), key('r'), { type: 'plan', plan: { ...plan, changes: false } }, key('y'));
    expect(effects).toEqual([]);
    expect(s.status?.text).toBe('nothing to change: nothing was changed');
  });
});
