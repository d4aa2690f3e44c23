// The TUI's reducer: (state, event) → the next state and the effects to run (reads, a plan, a
// run, its stop, leaving). Pure, so every key can be tested without a terminal; app.ts runs
// the effects through the backend and feeds their results back in as events.
import type { NodeReport } from '../../operations/tke/node-report.ts';
import type { PodReport } from '../../operations/tke/pod-report.ts';
import type { GroupCatalog } from '../../operations/tke/group-catalog.ts';
import type { ClusterFacts, NodeChange, NodeProgress, PlanPreview, RunOutcome } from './backend.ts';
import { commandFor, VERBS, type Command, type KeyContext } from './keys.ts';
import { shownNodes } from './node-list.ts';
import { bodyRows, listRows, type Action, type AppState, type GroupPicker, type Panel, type PickResult, type Prompt, type PromptPurpose, type Size } from './state.ts';
import { cellWidth, lineText } from './line.ts';
import { commonGroups, groupLines, helpLines, nodeLines, panelLines, pickerRows, podLines, shownGroups } from './text-views.ts';
import { plural } from '../../domain/plural.ts';
import type { GroupReport } from '../../operations/group-report.ts';

export type Effect =
  | { kind: 'load-cluster' }
  /** Reads the nodes and (re)starts the watch for this selector. */
  | { kind: 'load-nodes'; selector: string }
  | { kind: 'reload-nodes'; names: string[] }
  | { kind: 'load-groups' }
  | { kind: 'load-group'; id: string }
  | { kind: 'load-pod'; namespace: string | undefined; name: string }
  | { kind: 'plan-resync'; nodes: string[] }
  | { kind: 'plan-set-groups'; nodes: string[]; groups: string[] }
  | { kind: 'apply'; plan: PlanPreview }
  | { kind: 'stop-run' }
  | { kind: 'exit'; code: number; result?: PickResult };

export type AppEvent =
  | { type: 'key'; key: string; input: string }
  | { type: 'resize'; size: Size }
  | { type: 'cluster'; facts: ClusterFacts }
  | { type: 'nodes'; reports: NodeReport[]; selector: string }
  | { type: 'nodes-changed'; change: NodeChange }
  | { type: 'catalog'; catalog: GroupCatalog }
  | { type: 'group'; report: GroupReport }
  | { type: 'pod'; report: PodReport }
  | { type: 'plan'; plan: PlanPreview }
  | { type: 'progress'; progress: NodeProgress }
  | { type: 'run-done'; outcome: RunOutcome }
  | { type: 'failed'; what: string; message: string }
  /** SIGINT or SIGTERM from outside the terminal's keyboard. */
  | { type: 'signal'; name: string };

export interface Step {
  state: AppState;
  effects: Effect[];
}

const step = (state: AppState, ...effects: Effect[]): Step => ({ state, effects });

/** What to read first. */
export function start(state: AppState): Step {
  if (state.purpose.kind === 'pick-groups' || state.purpose.kind === 'pick-group') return step({ ...state, loading: 'reading the region\'s groups' }, { kind: 'load-groups' });
  return step(state, { kind: 'load-cluster' }, { kind: 'load-nodes', selector: state.selector });
}

export function keyContext(s: AppState): KeyContext {
  if (s.panel?.kind === 'planning') return 'confirm';
  if (s.panel) return s.panel.kind;
  if (s.view === 'nodes' && s.purpose.kind === 'pick-nodes') return 'pick-nodes';
  if (s.view === 'groups' && s.purpose.kind === 'pick-group') return 'pick-group';
  return s.view;
}

// ---- scrolling ----

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** The first row to show so that `index` is visible, moving as little as possible. */
export function follow(index: number, top: number, height: number, total: number): number {
  let t = top;
  if (index < t) t = index;
  if (index >= t + height) t = index - height + 1;
  return clamp(t, 0, Math.max(0, total - height));
}

const MOVES: Partial<Record<Command, (i: number, page: number, total: number) => number>> = {
  up: (i) => i - 1,
  down: (i) => i + 1,
  'page-up': (i, page) => i - page,
  'page-down': (i, page) => i + page,
  top: () => 0,
  bottom: (_, __, total) => total - 1,
};

/** The lines of the text shown in the body (for scrolling); undefined for the lists. */
export function textLines(s: AppState) {
  if (s.panel) {
    if (s.panel.kind === 'help') return helpLines(s.size.columns);
    if (s.panel.kind === 'picker') return undefined;
    return panelLines(s.panel);
  }
  if (s.view === 'node') return nodeLines(s.rows.find((r) => r.name === s.node), s.size.columns);
  if (s.view === 'group') return groupLines(s.group);
  if (s.view === 'pod') return podLines(s.pod, s.podQuery);
  return undefined;
}

function scrollText(s: AppState, move: (i: number, page: number, total: number) => number): AppState {
  const total = textLines(s)?.length ?? 0;
  const height = bodyRows(s.size);
  const max = Math.max(0, total - height);
  // The text's "cursor" is its top line.
  const at = (top: number) => clamp(move(top, height, max + 1), 0, max);
  if (s.panel && 'top' in s.panel) return { ...s, panel: { ...s.panel, top: at(s.panel.top) } as Panel };
  return { ...s, detailTop: at(s.detailTop) };
}

function moveNodes(s: AppState, move: (i: number, page: number, total: number) => number): AppState {
  const shown = shownNodes(s.rows, s.sort, s.filter);
  if (shown.length === 0) return s;
  const at = Math.max(0, shown.findIndex((r) => r.name === s.cursor));
  const index = clamp(move(at, listRows(s.size), shown.length), 0, shown.length - 1);
  return { ...s, cursor: shown[index]!.name, top: follow(index, s.top, listRows(s.size), shown.length) };
}

function moveGroups(s: AppState, move: (i: number, page: number, total: number) => number): AppState {
  const total = shownGroups(s.catalog, s.groupFilter).length;
  if (total === 0) return s;
  const index = clamp(move(s.groupCursor, listRows(s.size), total), 0, total - 1);
  return { ...s, groupCursor: index, groupTop: follow(index, s.groupTop, listRows(s.size), total) };
}

/** Rows the picker's list gets under its two title lines. */
const pickerRowsShown = (size: Size) => Math.max(1, listRows(size) - 2);

function withPicker(s: AppState, p: GroupPicker): AppState {
  const total = pickerRows(p, s.catalog).length;
  const cursor = clamp(p.cursor, 0, Math.max(0, total - 1));
  return { ...s, panel: { kind: 'picker', picker: { ...p, cursor, top: follow(cursor, p.top, pickerRowsShown(s.size), total) } } };
}

/** After the rows or the filter changed: the cursor stays on its node when still shown, else goes to the first. */
function settleNodes(s: AppState): AppState {
  const shown = shownNodes(s.rows, s.sort, s.filter);
  let index = shown.findIndex((r) => r.name === s.cursor);
  if (index < 0) index = 0;
  return { ...s, cursor: shown[index]?.name, top: follow(index, s.top, listRows(s.size), shown.length) };
}

// ---- targets of an action ----

function targets(s: AppState): string[] {
  if (s.view === 'node' && s.node) return [s.node];
  if (s.selected.size > 0) return s.rows.filter((r) => s.selected.has(r.name)).map((r) => r.name);
  return s.cursor ? [s.cursor] : [];
}

const info = (s: AppState, text: string, level: 'info' | 'warn' | 'error' = 'info'): AppState => ({ ...s, status: { level, text } });

function openPicker(s: AppState): Step {
  const nodes = targets(s);
  if (nodes.length === 0) return step(info(s, 'no node to set groups on: select nodes with space, a or d', 'warn'));
  const picker: GroupPicker = { nodes, chosen: commonGroups(s.rows, nodes), cursor: 0, top: 0, filter: '' };
  const next = withPicker({ ...s, status: undefined }, picker);
  return s.catalog ? step(next) : step({ ...next, loading: 'reading the region\'s groups' }, { kind: 'load-groups' });
}

function planResync(s: AppState): Step {
  const nodes = targets(s);
  if (nodes.length === 0) return step(info(s, 'no node to resync: select nodes with space, a or d', 'warn'));
  if (s.cluster && s.cluster.resyncMethods.length === 0) return step(info(s, `ipamd ${s.cluster.ipamdVersion ?? '(unknown version)'} cannot resync nodes`, 'error'));
  return step({ ...s, status: undefined, panel: { kind: 'planning', action: 'resync', nodes } }, { kind: 'plan-resync', nodes });
}

// ---- prompts ----

const LIVE: Partial<Record<PromptPurpose, 'filter' | 'groupFilter'>> = { filter: 'filter', 'group-filter': 'groupFilter' };

function openPrompt(s: AppState, purpose: PromptPurpose, text: string): AppState {
  return { ...s, prompt: { purpose, text, before: text }, status: undefined };
}

/** A field that follows the prompt as it is typed: the list narrows with each key. */
function applyLive(s: AppState, p: Prompt): AppState {
  const field = LIVE[p.purpose];
  if (field === 'filter') return settleNodes({ ...s, filter: p.text });
  if (field === 'groupFilter') return { ...s, groupFilter: p.text, groupCursor: 0, groupTop: 0 };
  if (p.purpose === 'picker-filter' && s.panel?.kind === 'picker') return withPicker(s, { ...s.panel.picker, filter: p.text, cursor: s.panel.picker.chosen.length, top: 0 });
  return s;
}

function onPromptKey(s: AppState, p: Prompt, key: string, input: string): Step {
  if (key === 'esc') return step(applyLive({ ...s, prompt: undefined }, { ...p, text: p.before }));
  if (key === 'enter') return commitPrompt({ ...s, prompt: undefined }, p);
  let text = p.text;
  if (key === 'backspace') text = [...text].slice(0, -1).join('');
  else if (key === 'ctrl-u') text = '';
  else if (key === 'ctrl-c') return step(applyLive({ ...s, prompt: undefined }, { ...p, text: p.before }));
  // eslint-disable-next-line no-control-regex
  else if (input !== '' && !/[\x00-\x1f\x7f]/.test(input) && !key.startsWith('ctrl-')) text += input;
  else return step(s);
  const next = { ...p, text };
  return step(applyLive({ ...s, prompt: next }, next));
}

function commitPrompt(s: AppState, p: Prompt): Step {
  const text = p.text.trim();
  switch (p.purpose) {
    case 'filter':
    case 'group-filter':
    case 'picker-filter':
      return step(s);
    case 'selector':
      if (text === s.selector) return step(s);
      return step({ ...s, selector: text, loading: `reading nodes${text ? ` -l ${text}` : ''}` }, { kind: 'load-nodes', selector: text });
    case 'pod':
      return findPod(s, text);
    case 'verb':
      return runVerb(s, text);
  }
}

function findPod(s: AppState, query: string): Step {
  if (query === '') return step({ ...s, view: 'pod' });
  const slash = query.indexOf('/');
  const [namespace, name] = slash > 0 ? [query.slice(0, slash), query.slice(slash + 1)] : [undefined, query];
  return step({ ...s, view: 'pod', podQuery: query, pod: undefined, detailTop: 0, loading: `reading pod ${query}` }, { kind: 'load-pod', namespace, name });
}

function runVerb(s: AppState, line: string): Step {
  const [verb = '', ...rest] = line.split(/\s+/);
  const arg = rest.join(' ');
  switch (verb.toLowerCase()) {
    case '':
      return step(s);
    case 'nodes':
    case 'node':
    case 'no':
      return command(s, 'nodes-view', '');
    case 'groups':
    case 'sg':
      return command(s, 'groups-view', '');
    case 'group':
      if (!arg) return command(s, 'groups-view', '');
      return step({ ...s, view: 'group', group: undefined, detailTop: 0, loading: `reading group ${arg}` }, { kind: 'load-group', id: arg });
    case 'pod':
    case 'pods':
    case 'po':
      return arg ? findPod(s, arg) : step(openPrompt({ ...s, view: 'pod' }, 'pod', s.podQuery));
    case 'resync':
      return planResync({ ...s, view: s.view === 'node' ? 'node' : 'nodes' });
    case 'set':
      return openPicker({ ...s, view: s.view === 'node' ? 'node' : 'nodes' });
    case 'sort':
      if (arg !== 'name' && arg !== 'state') return step(info(s, 'sort by what? :sort name, or :sort state', 'warn'));
      return step(settleNodes({ ...s, sort: arg }));
    case 'help':
    case 'h':
      return step({ ...s, panel: { kind: 'help', top: 0 } });
    case 'q':
    case 'quit':
    case 'q!':
      return quit(s, 0);
    default:
      return step(info(s, `unknown command "${verb}": ${VERBS}`, 'warn'));
  }
}

// ---- leaving ----

function quit(s: AppState, code: number): Step {
  if (s.panel?.kind === 'running') return step(info(s, 'a run is going: ctrl-c or esc stops it safely first', 'warn'));
  return step(s, { kind: 'exit', code });
}

function finish(s: AppState, result: PickResult): Step {
  return step(s, { kind: 'exit', code: 0, result });
}

// ---- commands ----

function command(s: AppState, cmd: Command, key: string): Step {
  const move = MOVES[cmd];
  const context = keyContext(s);
  if (move) {
    if (context === 'nodes' || context === 'pick-nodes') return step(moveNodes(s, move));
    if (context === 'groups' || context === 'pick-group') return step(moveGroups(s, move));
    if (context === 'picker' && s.panel?.kind === 'picker') {
      const total = pickerRows(s.panel.picker, s.catalog).length;
      return step(withPicker(s, { ...s.panel.picker, cursor: clamp(move(s.panel.picker.cursor, pickerRowsShown(s.size), total), 0, Math.max(0, total - 1)) }));
    }
    return step(scrollText(s, move));
  }
  switch (cmd) {
    case 'left':
    case 'right': {
      const widest = Math.max(0, ...(textLines(s) ?? []).map((l) => cellWidth(lineText(l))));
      const by = Math.max(8, Math.floor(s.size.columns / 2));
      return step({ ...s, shift: clamp(s.shift + (cmd === 'left' ? -by : by), 0, Math.max(0, widest - s.size.columns)) });
    }
    case 'toggle': {
      if (context === 'picker') return togglePick(s);
      if (!s.cursor) return step(s);
      const selected = new Set(s.selected);
      if (selected.has(s.cursor)) selected.delete(s.cursor);
      else selected.add(s.cursor);
      return step(moveNodes({ ...s, selected }, MOVES.down!));
    }
    case 'select-shown': {
      const shown = shownNodes(s.rows, s.sort, s.filter);
      const selected = new Set(s.selected);
      const all = shown.length > 0 && shown.every((r) => selected.has(r.name));
      for (const r of shown) {
        if (all) selected.delete(r.name);
        else selected.add(r.name);
      }
      return step({ ...s, selected });
    }
    case 'select-drifted': {
      const drifted = shownNodes(s.rows, s.sort, s.filter).filter((r) => r.state === 'drifted');
      if (drifted.length === 0) return step(info(s, 'no drifted node shown'));
      return step(info({ ...s, selected: new Set([...s.selected, ...drifted.map((r) => r.name)]) }, `${plural(drifted.length, 'drifted node')} selected`));
    }
    case 'clear':
      if (s.view === 'groups' && s.groupFilter) return step({ ...s, groupFilter: '', groupCursor: 0, groupTop: 0 });
      if (s.view === 'nodes' && s.filter) return step(settleNodes({ ...s, filter: '' }));
      return step({ ...s, selected: new Set() });
    case 'filter':
      if (context === 'picker' && s.panel?.kind === 'picker') return step(openPrompt(s, 'picker-filter', s.panel.picker.filter));
      if (context === 'groups' || context === 'pick-group') return step(openPrompt(s, 'group-filter', s.groupFilter));
      return step(openPrompt(s, 'filter', s.filter));
    case 'selector':
      return step(openPrompt(s, 'selector', s.selector));
    case 'sort': {
      const sort = s.sort === 'name' ? 'state' : 'name';
      return step(info(settleNodes({ ...s, sort }), sort === 'state' ? 'sorted by state: drifted, disabled, sync-pending, unknown, in-sync' : 'sorted by name'));
    }
    case 'open':
      if (context === 'nodes' && s.cursor) return step({ ...s, view: 'node', node: s.cursor, detailTop: 0 });
      if (context === 'groups') {
        const g = shownGroups(s.catalog, s.groupFilter)[s.groupCursor];
        if (g) return step({ ...s, view: 'group', group: undefined, detailTop: 0, loading: `reading group ${g.id}` }, { kind: 'load-group', id: g.id });
      }
      return step(s);
    case 'accept':
      return accept(s, context);
    case 'cancel':
      return step(s, { kind: 'exit', code: 130 });
    case 'back':
      return back(s, context);
    case 'set-groups':
      return openPicker(s);
    case 'resync':
      return planResync(s);
    case 'raise':
    case 'lower':
      return reorder(s, cmd === 'raise' ? -1 : 1);
    case 'apply':
      if (s.panel?.kind !== 'confirm') return step(s);
      if (!s.panel.plan.changes) return step(info({ ...s, panel: undefined }, 'nothing to change: nothing was changed'));
      return step({ ...s, panel: { kind: 'running', action: s.panel.action, plan: s.panel.plan, progress: [], stopping: false, top: 0 } }, { kind: 'apply', plan: s.panel.plan });
    case 'stop':
      if (s.panel?.kind !== 'running' || s.panel.stopping) return step(s);
      return step({ ...s, panel: { ...s.panel, stopping: true } }, { kind: 'stop-run' });
    case 'nodes-view':
      return step({ ...s, view: 'nodes', panel: undefined });
    case 'groups-view':
      return s.catalog ? step({ ...s, view: 'groups' }) : step({ ...s, view: 'groups', loading: 'reading the region\'s groups' }, { kind: 'load-groups' });
    case 'pod-view':
      return step(openPrompt({ ...s, view: 'pod' }, 'pod', s.podQuery));
    case 'refresh': {
      const effects: Effect[] = [{ kind: 'load-cluster' }, { kind: 'load-nodes', selector: s.selector }];
      if (s.view === 'groups') effects.push({ kind: 'load-groups' });
      if (s.view === 'group' && s.group) effects.push({ kind: 'load-group', id: s.group.id });
      return step({ ...s, loading: 'reading again' }, ...effects);
    }
    case 'help':
      return step({ ...s, panel: { kind: 'help', top: 0 } });
    case 'verb':
      return step(openPrompt(s, 'verb', ''));
    case 'quit':
      if (s.purpose.kind !== 'browse') return step(s, { kind: 'exit', code: 130 });
      return quit(s, key === 'ctrl-c' ? 130 : 0);
    default:
      return step(s);
  }
}

function accept(s: AppState, context: KeyContext): Step {
  if (context === 'pick-nodes') {
    const names = targets(s);
    if (names.length === 0) return step(info(s, 'no node here to pick', 'warn'));
    return finish(s, { kind: 'nodes', names });
  }
  if (context === 'pick-group') {
    const g = shownGroups(s.catalog, s.groupFilter)[s.groupCursor];
    return g ? finish(s, { kind: 'group', id: g.id }) : step(s);
  }
  if (s.panel?.kind !== 'picker') return step(s);
  const p = s.panel.picker;
  if (p.chosen.length === 0) return step(info(s, 'choose at least one group (space), or esc to cancel', 'warn'));
  if (s.purpose.kind === 'pick-groups') return finish(s, { kind: 'groups', ids: p.chosen });
  return step({ ...s, panel: { kind: 'planning', action: 'set-groups', nodes: p.nodes } }, { kind: 'plan-set-groups', nodes: p.nodes, groups: p.chosen });
}

function back(s: AppState, context: KeyContext): Step {
  if (context === 'picker' && s.purpose.kind === 'pick-groups') return step(s, { kind: 'exit', code: 130 });
  if (s.panel) {
    const cancelled = s.panel.kind === 'confirm' || s.panel.kind === 'planning' || s.panel.kind === 'picker';
    return step(cancelled ? info({ ...s, panel: undefined }, 'cancelled: nothing was changed') : { ...s, panel: undefined });
  }
  if (s.view === 'group') return step({ ...s, view: 'groups' });
  return step({ ...s, view: 'nodes' });
}

function togglePick(s: AppState): Step {
  if (s.panel?.kind !== 'picker') return step(s);
  const p = s.panel.picker;
  const row = pickerRows(p, s.catalog)[p.cursor];
  if (!row) return step(s);
  if (row.priority !== null) return step(withPicker({ ...s, status: undefined }, { ...p, chosen: p.chosen.filter((id) => id !== row.group.id) }));
  const limit = s.catalog?.groupsPerEni;
  if (limit !== undefined && p.chosen.length >= limit) return step(info(s, `an ENI takes at most ${limit} groups: remove one first (space on a chosen group)`, 'warn'));
  // The new group goes last (lowest priority); the cursor stays on it.
  return step(withPicker({ ...s, status: undefined }, { ...p, chosen: [...p.chosen, row.group.id], cursor: p.chosen.length }));
}

function reorder(s: AppState, delta: -1 | 1): Step {
  if (s.panel?.kind !== 'picker') return step(s);
  const p = s.panel.picker;
  const at = p.cursor;
  const to = at + delta;
  if (at >= p.chosen.length || to < 0 || to >= p.chosen.length) return step(s);
  const chosen = [...p.chosen];
  [chosen[at], chosen[to]] = [chosen[to]!, chosen[at]!];
  return step(withPicker(s, { ...p, chosen, cursor: to }));
}

// ---- data arriving ----

function merge(rows: readonly NodeReport[], change: NodeChange): NodeReport[] {
  if (change.kind === 'removed') {
    const gone = new Set(change.names);
    return rows.filter((r) => !gone.has(r.name));
  }
  if (change.kind !== 'updated') return [...rows];
  const fresh = new Map(change.reports.map((r) => [r.name, r]));
  const merged = rows.map((r) => fresh.get(r.name) ?? r);
  const known = new Set(rows.map((r) => r.name));
  for (const r of change.reports) if (!known.has(r.name)) merged.push(r);
  return merged;
}

function withRows(s: AppState, rows: NodeReport[]): AppState {
  const names = new Set(rows.map((r) => r.name));
  const selected = [...s.selected].filter((n) => names.has(n));
  return settleNodes({ ...s, rows, selected: selected.length === s.selected.size ? s.selected : new Set(selected) });
}

export function update(s: AppState, e: AppEvent): Step {
  const next = reduce(s, e);
  // Another text shown starts at its left edge.
  const moved = next.state.view !== s.view || next.state.panel?.kind !== s.panel?.kind;
  return moved && next.state.shift !== 0 ? { ...next, state: { ...next.state, shift: 0 } } : next;
}

function reduce(s: AppState, e: AppEvent): Step {
  switch (e.type) {
    case 'key': {
      if (s.prompt) return onPromptKey(s, s.prompt, e.key, e.input);
      if (s.panel?.kind === 'planning') {
        return e.key === 'esc' || e.key === 'ctrl-c' ? step(info({ ...s, panel: undefined }, 'cancelled: nothing was changed')) : step(s);
      }
      const cmd = commandFor(keyContext(s), e.key);
      return cmd ? command({ ...s, status: s.status?.level === 'error' ? s.status : undefined }, cmd, e.key) : step(s);
    }
    case 'resize': {
      const next = settleNodes({ ...s, size: e.size });
      return step(next.panel?.kind === 'picker' ? withPicker(next, next.panel.picker) : next);
    }
    case 'cluster':
      return step({ ...s, cluster: e.facts });
    case 'nodes': {
      if (e.selector !== s.selector) return step(s); // an answer to a selector since replaced
      let next = withRows({ ...s, loading: undefined }, e.reports);
      if (s.rows.length === 0 && s.purpose.kind === 'pick-nodes' && s.purpose.verb === 'resync') {
        // resync's picker starts with the drifted nodes selected: what a resync is usually for.
        next = { ...next, selected: new Set(e.reports.filter((r) => r.state === 'drifted').map((r) => r.name)) };
      }
      return step(next);
    }
    case 'nodes-changed':
      if (e.change.kind === 'stale') return step(s, { kind: 'load-nodes', selector: s.selector });
      return step(withRows(s, merge(s.rows, e.change)));
    case 'catalog': {
      const next = { ...s, catalog: e.catalog, loading: undefined };
      return step(next.panel?.kind === 'picker' ? withPicker(next, next.panel.picker) : next);
    }
    case 'group':
      return step(s.view === 'group' ? { ...s, group: e.report, loading: undefined } : { ...s, loading: undefined });
    case 'pod':
      return step({ ...s, pod: e.report, loading: undefined });
    case 'plan':
      if (s.panel?.kind !== 'planning') return step(s); // cancelled meanwhile
      return step({ ...s, panel: { kind: 'confirm', action: s.panel.action, plan: e.plan, top: 0 } });
    case 'progress': {
      if (s.panel?.kind !== 'running') return step(s);
      const progress = [...s.panel.progress];
      const at = progress.findIndex((p) => p.node === e.progress.node);
      if (at >= 0) progress[at] = e.progress;
      else progress.push(e.progress);
      return step({ ...s, panel: { ...s.panel, progress } });
    }
    case 'run-done': {
      const action: Action = s.panel?.kind === 'running' ? s.panel.action : 'resync';
      const next: AppState = { ...s, panel: { kind: 'done', action, outcome: e.outcome, top: 0 } };
      const effects: Effect[] = e.outcome.nodes.length ? [{ kind: 'reload-nodes', names: e.outcome.nodes }] : [];
      if (s.quitAfterRun) effects.push({ kind: 'exit', code: 130 });
      return step(next, ...effects);
    }
    case 'failed': {
      let next: AppState = { ...s, loading: undefined, status: { level: 'error', text: `${e.what}: ${e.message}` } };
      if (s.panel?.kind === 'planning') next = { ...next, panel: undefined };
      if (s.panel?.kind === 'running') {
        next = { ...next, panel: { kind: 'done', action: s.panel.action, outcome: { interrupted: false, lines: [`${e.what}: ${e.message}`], nodes: [] }, top: 0 } };
        if (s.quitAfterRun) return step(next, { kind: 'exit', code: 130 });
      }
      return step(next);
    }
    case 'signal':
      if (s.panel?.kind === 'running') {
        const stopping = s.panel.stopping;
        const next = info({ ...s, quitAfterRun: true, panel: { ...s.panel, stopping: true } }, `${e.name}: stopping the run safely, then quitting`, 'warn');
        return stopping ? step(next) : step(next, { kind: 'stop-run' });
      }
      return step(s, { kind: 'exit', code: 130 });
  }
}
