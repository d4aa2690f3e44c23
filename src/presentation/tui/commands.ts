// What a key does once the key table has named its command (keys.ts): moves, selection,
// opening and leaving views, the group picker, and the steps of an action (pick, plan, confirm,
// run, stop). Pure, like the whole reducer.
import type { Command, KeyContext } from './keys.ts';
import { shownNodes } from './node-list.ts';
import { clamp, keyContext, LIST_MOVES, MOVES, moveNodes, pickerCatalog, scrollText, settleNodes, textLines, withPicker } from './navigation.ts';
import { openPrompt } from './prompts.ts';
import { openDefaultPicker, openPicker, openWorkloadPicker, pickLimitText, planPicked, planResync, targets, withCatalog } from './actions.ts';
import { ACTION_PROVIDER, openNodePods, podNodesOf, PROVIDER_VIEWS } from './provider-views.ts';
import { bothProviders, catalogOf, providersRun, type AppState, type PickResult } from './state.ts';
import type { UiProvider } from './backend.ts';
import { cellWidth, lineText } from './line.ts';
import { pickerRows, shownGroups } from './text-views.ts';
import { plural } from '../../domain/plural.ts';
import { PROVIDER_TITLES } from '../../domain/provider-choice.ts';
import { info, step, type Effect, type Step } from './step.ts';

export function findPod(s: AppState, query: string): Step {
  if (query === '') return step({ ...s, view: 'pod' });
  const slash = query.indexOf('/');
  const [namespace, name] = slash > 0 ? [query.slice(0, slash), query.slice(slash + 1)] : [undefined, query];
  return step({ ...s, view: 'pod', podQuery: query, pod: undefined, detailTop: 0, loading: `reading pod ${query}` }, { kind: 'load-pod', namespace, name });
}

/** A group of the provider shown, read. */
export function openGroup(s: AppState, id: string): Step {
  return step({ ...s, view: 'group', group: undefined, detailTop: 0, loading: `reading group ${id}` }, { kind: 'load-group', provider: s.provider, id });
}

// ---- leaving ----

export function quit(s: AppState, code: number): Step {
  if (s.panel?.kind === 'running') return step(info(s, 'a run is going: ctrl-c or esc stops it safely first', 'warn'));
  return step(s, { kind: 'exit', code });
}

function finish(s: AppState, result: PickResult): Step {
  return step(s, { kind: 'exit', code: 0, result });
}

// ---- commands ----

export function command(s: AppState, cmd: Command, key: string): Step {
  const move = MOVES[cmd];
  const context = keyContext(s);
  if (move) {
    const list = LIST_MOVES[context];
    return step(list ? list(s, move) : scrollText(s, move));
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
      return OPENS[context]?.(s) ?? step(s);
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
    case 'set-workload':
      return openWorkloadPicker(s);
    case 'eci-default':
      return openDefaultPicker(s);
    case 'switch-provider':
      return switchProvider(s);
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
      return withCatalog({ ...s, view: 'groups' }, s.provider);
    case 'pod-view':
      return step(openPrompt({ ...s, view: 'pod' }, 'pod', s.podQuery));
    case 'refresh': {
      const effects: Effect[] = [{ kind: 'load-cluster' }, { kind: 'load-nodes', selector: s.selector }, { kind: 'load-vnodes' }, { kind: 'load-snodes' }];
      if (s.view === 'groups') effects.push({ kind: 'load-groups', provider: s.provider });
      if (s.view === 'group' && s.group) effects.push({ kind: 'load-group', provider: s.provider, id: s.group.id });
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
    const g = shownGroups(catalogOf(s), s.groupFilter)[s.groupCursor];
    return g ? finish(s, { kind: 'group', id: g.id }) : step(s);
  }
  if (s.panel?.kind !== 'picker') return step(s);
  const p = s.panel.picker;
  if (p.chosen.length === 0) return step(info(s, 'choose at least one group (space), or esc to cancel', 'warn'));
  if (s.purpose.kind === 'pick-groups') return finish(s, { kind: 'groups', ids: p.chosen });
  return planPicked(s, p);
}

function back(s: AppState, context: KeyContext): Step {
  if (context === 'picker' && s.purpose.kind === 'pick-groups') return step(s, { kind: 'exit', code: 130 });
  // The virtual node or super node a pod was opened from; after set workload that pod has been replaced.
  const from = s.view === 'pod' && s.pod && podNodesOf(s, s.pod.provider)?.some((n) => n.name === s.node) ? s.pod.provider : undefined;
  if (from && s.panel?.kind === 'done' && ACTION_PROVIDER[s.panel.action] === from) return step({ ...s, panel: undefined, view: 'node', provider: from });
  if (s.panel) {
    const cancelled = s.panel.kind === 'confirm' || s.panel.kind === 'planning' || s.panel.kind === 'picker';
    return step(cancelled ? info({ ...s, panel: undefined }, 'cancelled: nothing was changed') : { ...s, panel: undefined });
  }
  if (s.view === 'group') return step({ ...s, view: 'groups' });
  if (from) return step({ ...s, view: 'node', provider: from });
  return step({ ...s, view: 'nodes' });
}

function togglePick(s: AppState): Step {
  if (s.panel?.kind !== 'picker') return step(s);
  const p = s.panel.picker;
  const row = pickerRows(p, pickerCatalog(s, p))[p.cursor];
  if (!row) return step(s);
  if (row.priority !== null) return step(withPicker({ ...s, status: undefined }, { ...p, chosen: p.chosen.filter((id) => id !== row.group.id) }));
  const full = pickLimitText(p, s);
  if (full) return step(info(s, full, 'warn'));
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

/** What enter opens, by where it is pressed. */
const OPENS: Partial<Record<KeyContext, (s: AppState) => Step>> = {
  nodes: (s) => step(s.cursor ? { ...s, view: 'node', node: s.cursor, detailTop: 0 } : s),
  groups: (s) => {
    const g = shownGroups(catalogOf(s), s.groupFilter)[s.groupCursor];
    return g ? openGroup(s, g.id) : step(s);
  },
  vnodes: openPodNode,
  vnode: openNodePod,
  snodes: openPodNode,
  snode: openNodePod,
};

/** A virtual node or super node: its pods. */
function openPodNode(s: AppState): Step {
  const n = podNodesOf(s)?.[s.vnodeCursor];
  return step(n ? { ...s, view: 'node', node: n.name, vpodCursor: 0, vpodTop: 0 } : s);
}

/** A pod of the virtual node or super node open. */
function openNodePod(s: AppState): Step {
  const p = openNodePods(s)[s.vpodCursor];
  return p ? findPod(s, `${p.namespace}/${p.name}`) : step(s);
}

/** The next provider's views (or the one named), on a cluster running several: its nodes, or its groups when groups are shown. */
export function switchProvider(s: AppState, to?: UiProvider): Step {
  const run = providersRun(s);
  if (to && !run.includes(to)) return step(info(s, s.cluster ? `this cluster runs no ${PROVIDER_TITLES[to]}` : 'reading the cluster: which providers it runs is not known yet', 'warn'));
  if (!to && !bothProviders(s)) return step(info(s, s.cluster ? `this cluster runs ${PROVIDER_TITLES[s.provider]} only` : 'reading the cluster: which providers it runs is not known yet', 'warn'));
  const provider = to ?? run[(run.indexOf(s.provider) + 1) % run.length]!;
  // The lists of pod-carrying nodes share a cursor: another provider's starts at its top.
  const next: AppState = { ...s, provider, groupCursor: 0, groupTop: 0, groupFilter: '', vnodeCursor: 0, vnodeTop: 0, vpodCursor: 0, vpodTop: 0 };
  if (s.view === 'groups' || s.view === 'group') return withCatalog({ ...next, view: 'groups' }, provider);
  return step(info({ ...next, view: 'nodes' }, `${PROVIDER_TITLES[provider]}: ${PROVIDER_VIEWS[provider].counts(next)}`));
}
