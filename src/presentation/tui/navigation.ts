// Where the cursor and the scroll go: which key context is shown, the lines of the text views,
// moves in the lists and texts, and keeping the cursor on its node as the rows change. Pure.
import type { Command, KeyContext } from './keys.ts';
import { shownNodes } from './node-list.ts';
import { bodyRows, catalogOf, listRows, type AppState, type GroupPicker, type Panel } from './state.ts';
import { groupLines, helpLines, nodeLines, panelLines, pickerRows, shownGroups } from './text-views.ts';
import { ACTION_PROVIDER, openNodePods, podContext, podNodesOf, podViewLines, PROVIDER_VIEWS } from './provider-views.ts';

export function keyContext(s: AppState): KeyContext {
  if (s.panel?.kind === 'planning') return 'confirm';
  if (s.panel) return s.panel.kind;
  if (s.view === 'nodes' && s.purpose.kind === 'pick-nodes') return 'pick-nodes';
  if (s.view === 'groups' && s.purpose.kind === 'pick-group') return 'pick-group';
  if (s.view === 'nodes' || s.view === 'node') return PROVIDER_VIEWS[s.provider].contexts[s.view];
  if (s.view === 'pod') return podContext(s.pod);
  return s.view;
}

/** The pods of the virtual node open, as read. */
export const vnodePods = (s: AppState) => s.vnodes?.find((n) => n.name === s.node)?.pods ?? [];

/** The pods of the super node open, as read. */
export const snodePods = (s: AppState) => s.snodes?.find((n) => n.name === s.node)?.pods ?? [];

// ---- scrolling ----

export const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** The first row to show so that `index` is visible, moving as little as possible. */
export function follow(index: number, top: number, height: number, total: number): number {
  let t = top;
  if (index < t) t = index;
  if (index >= t + height) t = index - height + 1;
  return clamp(t, 0, Math.max(0, total - height));
}

export type Move = (i: number, page: number, total: number) => number;

export const MOVES: Partial<Record<Command, Move>> = {
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
  const context = keyContext(s);
  if (context === 'node') return nodeLines(s.rows.find((r) => r.name === s.node), s.size.columns);
  if (context === 'group') return groupLines(s.group);
  if (s.view === 'pod' && context === podContext(s.pod)) return podViewLines(s.pod, s.podQuery);
  return undefined;
}

export function scrollText(s: AppState, move: Move): AppState {
  const total = textLines(s)?.length ?? 0;
  const height = bodyRows(s);
  const max = Math.max(0, total - height);
  // The text's "cursor" is its top line.
  const at = (top: number) => clamp(move(top, height, max + 1), 0, max);
  if (s.panel && 'top' in s.panel) return { ...s, panel: { ...s.panel, top: at(s.panel.top) } as Panel };
  return { ...s, detailTop: at(s.detailTop) };
}

export function moveNodes(s: AppState, move: Move): AppState {
  const shown = shownNodes(s.rows, s.sort, s.filter);
  if (shown.length === 0) return s;
  const at = Math.max(0, shown.findIndex((r) => r.name === s.cursor));
  const index = clamp(move(at, listRows(s), shown.length), 0, shown.length - 1);
  return { ...s, cursor: shown[index]!.name, top: follow(index, s.top, listRows(s), shown.length) };
}

function moveGroups(s: AppState, move: Move): AppState {
  const total = shownGroups(catalogOf(s), s.groupFilter).length;
  if (total === 0) return s;
  const index = clamp(move(s.groupCursor, listRows(s), total), 0, total - 1);
  return { ...s, groupCursor: index, groupTop: follow(index, s.groupTop, listRows(s), total) };
}

/** The picker's groups are its action's provider's: TKE's for set node, Alibaba's for the ECI actions. */
export const pickerCatalog = (s: AppState, p: GroupPicker) => catalogOf(s, ACTION_PROVIDER[p.action]);

/** Rows the picker's list gets under its two title lines. */
const pickerRowsShown = (s: AppState) => Math.max(1, listRows(s) - 2);

export function withPicker(s: AppState, p: GroupPicker): AppState {
  const total = pickerRows(p, pickerCatalog(s, p)).length;
  const cursor = clamp(p.cursor, 0, Math.max(0, total - 1));
  return { ...s, panel: { kind: 'picker', picker: { ...p, cursor, top: follow(cursor, p.top, pickerRowsShown(s), total) } } };
}

/** After the rows or the filter changed: the cursor stays on its node when still shown, else goes to the first. */
export function settleNodes(s: AppState): AppState {
  const shown = shownNodes(s.rows, s.sort, s.filter);
  let index = shown.findIndex((r) => r.name === s.cursor);
  if (index < 0) index = 0;
  return { ...s, cursor: shown[index]?.name, top: follow(index, s.top, listRows(s), shown.length) };
}

/** The nodes that carry the shown provider's pods (virtual nodes, super nodes). */
function movePodNodes(s: AppState, move: Move): AppState {
  const total = podNodesOf(s)?.length ?? 0;
  if (total === 0) return s;
  const index = clamp(move(s.vnodeCursor, listRows(s), total), 0, total - 1);
  return { ...s, vnodeCursor: index, vnodeTop: follow(index, s.vnodeTop, listRows(s), total) };
}

/** The open node's pods sit under its title line. */
export const vpodRowsShown = (s: AppState) => Math.max(1, listRows(s) - 1);

function moveNodePods(s: AppState, move: Move): AppState {
  const total = openNodePods(s).length;
  if (total === 0) return s;
  const index = clamp(move(s.vpodCursor, vpodRowsShown(s), total), 0, total - 1);
  return { ...s, vpodCursor: index, vpodTop: follow(index, s.vpodTop, vpodRowsShown(s), total) };
}

function movePicker(s: AppState, move: Move): AppState {
  if (s.panel?.kind !== 'picker') return s;
  const p = s.panel.picker;
  const total = pickerRows(p, pickerCatalog(s, p)).length;
  return withPicker(s, { ...p, cursor: clamp(move(p.cursor, pickerRowsShown(s), total), 0, Math.max(0, total - 1)) });
}

/** How each list moves its cursor; every other context scrolls its text. */
export const LIST_MOVES: Partial<Record<KeyContext, (s: AppState, move: Move) => AppState>> = {
  nodes: moveNodes,
  'pick-nodes': moveNodes,
  groups: moveGroups,
  'pick-group': moveGroups,
  picker: movePicker,
  vnodes: movePodNodes,
  vnode: moveNodePods,
  snodes: movePodNodes,
  snode: moveNodePods,
};
