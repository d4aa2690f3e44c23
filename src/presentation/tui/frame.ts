// state → frame: exactly one line per terminal row, none wider than the terminal. The title
// bar (which cluster), a summary (counts, selection, filter), the body (a window of the list or
// text shown, only the rows that fit: 5,000 nodes cost the same as 20), the status or prompt
// line, and the keys that matter here.
import type { KeyContext } from './keys.ts';
import { clip, padLine, seg, shiftLine, type Line } from './line.ts';
import { shownNodes } from './node-list.ts';
import { bodyRows, bothProviders, catalogOf, listRows, providersRun, type AppState } from './state.ts';
import { groupHeading, groupIdWidth, groupRow, nodeColumns, nodeHeading, nodeRow, pickerRows, pickerTitle, shownGroups } from './text-views.ts';
import { keyContext, pickerCatalog, snodePods, textLines, vnodePods, vpodRowsShown } from './navigation.ts';
import { ACTION_PROVIDER, PROVIDER_VIEWS } from './provider-views.ts';
import { PROVIDER_TITLES } from '../../domain/provider-choice.ts';
import { vnodeHeading, vnodeRow, vnodeTitle, vpodHeading, vpodRow } from './eci-views.ts';
import { snodeHeading, snodeRow, snodeTitle, spodHeading, spodRow } from './supernode-views.ts';

const HINTS: Record<KeyContext, string> = {
  nodes: 'space select  a all  d drifted  s set groups  r resync  / filter  l labels  o sort  enter open  2 groups  3 pod  : cmd  ? help  q quit',
  'pick-nodes': 'space select  a all  d drifted  / filter  l labels  o sort  enter use them  esc cancel  ? help',
  node: 's set groups  r resync  esc back  ? help  q quit',
  groups: 'enter open  / filter  1 nodes  3 pod  : cmd  ? help  q quit',
  'pick-group': 'enter use it  / filter  esc cancel  ? help',
  group: '↑↓ scroll  esc back  ? help  q quit',
  pod: '3 find another pod  esc back  ? help  q quit',
  vnodes: 'enter pods  e default group  2 groups  3 pod  p provider  : cmd  ? help  q quit',
  vnode: 'enter the pod  e default group  esc back  p provider  ? help  q quit',
  'eci-pod': 'w set its workload\'s groups  3 find another pod  esc back  ? help  q quit',
  snodes: 'enter pods  2 groups  3 pod  p provider  : cmd  ? help  q quit  (read-only)',
  snode: 'enter the pod  esc back  p provider  ? help  q quit  (read-only)',
  'snode-pod': '3 find another pod  esc back  ? help  q quit  (read-only: set workload, set cluster)',
  picker: 'space add/remove  K/J reorder  / filter  enter use them  esc cancel',
  confirm: 'y apply  n/esc change nothing  ↑↓ ←→ scroll',
  running: 'ctrl-c/esc stop safely (nodes in flight are restored)',
  done: 'enter/esc back  ↑↓ ←→ scroll  q quit',
  help: 'esc back  ↑↓ scroll  q quit',
};

/** Most telling first, so that what a narrow terminal cuts off is the least needed. */
function title(s: AppState): Line {
  const c = s.cluster;
  const parts: string[] = [];
  if (s.purpose.kind !== 'browse') parts.push(`${s.purpose.verb}: pick ${s.purpose.kind === 'pick-nodes' ? 'nodes' : s.purpose.kind === 'pick-groups' ? 'groups' : 'a group'}`);
  if (c) parts.push(c.context, ...PROVIDER_VIEWS[s.provider].title(c));
  else if (s.purpose.kind === 'browse') parts.push('kubectl sg ui');
  return padLine([seg(` ${parts.join(' · ')}`, { inverse: true, bold: true })], s.size.columns, { inverse: true });
}

function summary(s: AppState): Line {
  if (s.view === 'groups' || s.view === 'group' || s.purpose.kind === 'pick-groups' || s.purpose.kind === 'pick-group') {
    // A picker's groups are its action's provider's; the groups view's, the provider shown's.
    const provider = s.panel?.kind === 'picker' ? ACTION_PROVIDER[s.panel.picker.action] : s.provider;
    const g = catalogOf(s, provider);
    const { where, per } = PROVIDER_VIEWS[provider].groups;
    return [seg(g ? `${g.groups.length} groups ${where} · at most ${g.groupsPerEni} per ${per}` : 'groups: reading…'), seg(s.groupFilter ? ` · /${s.groupFilter}` : '', { tone: 'accent' })];
  }
  return PROVIDER_VIEWS[s.provider].summary(s);
}

/** A cluster running several: each provider's counts, the one shown marked; p switches. */
function providersLine(s: AppState): Line {
  const line: Line = [];
  for (const p of providersRun(s)) {
    const shown = p === s.provider;
    line.push(seg(line.length ? ' │ ' : ''), seg(`${shown ? '▸ ' : '  '}${PROVIDER_TITLES[p]}: ${PROVIDER_VIEWS[p].counts(s)}`, { bold: shown }));
  }
  line.push(seg('   p switches', { tone: 'muted' }));
  return line;
}

function window(lines: Line[], top: number, height: number): Line[] {
  const start = Math.max(0, Math.min(top, lines.length - height));
  return lines.slice(start, start + height);
}

function body(s: AppState): Line[] {
  const width = s.size.columns;
  if (s.panel?.kind === 'picker') {
    const p = s.panel.picker;
    const catalog = pickerCatalog(s, p);
    const rows = pickerRows(p, catalog);
    const height = Math.max(1, listRows(s) - 2);
    const idWidth = groupIdWidth(catalog);
    const lines = [...pickerTitle(p, catalog, width), groupHeading(width, true, catalog)];
    if (!catalog) lines.push([seg('reading the groups…', { tone: 'busy' })]);
    rows.slice(p.top, p.top + height).forEach((r, i) => lines.push(groupRow(r.group, width, { cursor: p.top + i === p.cursor, priority: r.priority, idWidth })));
    return lines;
  }
  const text = textLines(s);
  if (text) {
    const top = s.panel && 'top' in s.panel ? s.panel.top : s.detailTop;
    return window(text, top, bodyRows(s)).map((l) => shiftLine(l, s.shift));
  }
  return (LIST_BODIES[keyContext(s)] ?? nodesBody)(s);
}

function groupsBody(s: AppState): Line[] {
  const width = s.size.columns;
  const height = listRows(s);
  const catalog = catalogOf(s);
  const groups = shownGroups(catalog, s.groupFilter);
  const idWidth = groupIdWidth(catalog);
  const lines = [groupHeading(width, false, catalog)];
  groups.slice(s.groupTop, s.groupTop + height).forEach((g, i) => lines.push(groupRow(g, width, { cursor: s.groupTop + i === s.groupCursor, idWidth })));
  if (catalog && groups.length === 0) lines.push([seg(s.groupFilter ? 'no group matches the filter (esc clears it)' : 'no security group in this region', { tone: 'muted' })]);
  return lines;
}

function vnodesBody(s: AppState): Line[] {
  const width = s.size.columns;
  const vnodes = s.vnodes ?? [];
  const lines = [vnodeHeading(width), ...vnodes.slice(s.vnodeTop, s.vnodeTop + listRows(s)).map((n, i) => vnodeRow(n, width, s.vnodeTop + i === s.vnodeCursor))];
  if (s.vnodes && vnodes.length === 0) lines.push([seg('no virtual node (type=virtual-kubelet) in this cluster', { tone: 'muted' })]);
  return lines;
}

function vnodeBody(s: AppState): Line[] {
  const width = s.size.columns;
  const pods = vnodePods(s);
  const lines = [vnodeTitle(s.vnodes?.find((n) => n.name === s.node)), vpodHeading(width), ...pods.slice(s.vpodTop, s.vpodTop + vpodRowsShown(s)).map((p, i) => vpodRow(p, width, s.vpodTop + i === s.vpodCursor))];
  if (s.vnodes && pods.length === 0) lines.push([seg('no pod on this virtual node', { tone: 'muted' })]);
  return lines;
}

function snodesBody(s: AppState): Line[] {
  const width = s.size.columns;
  const snodes = s.snodes ?? [];
  const lines = [snodeHeading(width), ...snodes.slice(s.vnodeTop, s.vnodeTop + listRows(s)).map((n, i) => snodeRow(n, width, s.vnodeTop + i === s.vnodeCursor))];
  if (s.snodes && snodes.length === 0) lines.push([seg('no super node (instance-type=eklet) in this cluster', { tone: 'muted' })]);
  return lines;
}

function snodeBody(s: AppState): Line[] {
  const width = s.size.columns;
  const pods = snodePods(s);
  const lines = [snodeTitle(s.snodes?.find((n) => n.name === s.node)), spodHeading(width), ...pods.slice(s.vpodTop, s.vpodTop + vpodRowsShown(s)).map((p, i) => spodRow(p, width, s.vpodTop + i === s.vpodCursor))];
  if (s.snodes && pods.length === 0) lines.push([seg('no pod on this super node', { tone: 'muted' })]);
  return lines;
}

function nodesBody(s: AppState): Line[] {
  const width = s.size.columns;
  const height = listRows(s);
  const shown = shownNodes(s.rows, s.sort, s.filter);
  const visible = shown.slice(s.top, s.top + height);
  const nameWidth = Math.max(4, ...visible.map((r) => r.name.length));
  const cols = nodeColumns(width, nameWidth);
  const lines = [nodeHeading(cols), ...visible.map((r) => nodeRow(r, cols, s.selected.has(r.name), r.name === s.cursor))];
  if (s.loading === undefined && shown.length === 0) {
    lines.push([seg(s.rows.length ? 'no node matches the filter (esc clears it)' : s.selector ? `no node matches -l ${s.selector} (l changes it)` : 'no nodes in this cluster', { tone: 'muted' })]);
  }
  return lines;
}

const PROMPT_LABEL = { filter: '/', 'group-filter': '/', 'picker-filter': '/', selector: 'label selector (-l): ', verb: ':', pod: 'pod ([NAMESPACE/]NAME): ' } as const;

/** The lists' bodies by key context; the TKE nodes list is the default (nodes, pick-nodes). */
const LIST_BODIES: Partial<Record<KeyContext, (s: AppState) => Line[]>> = { groups: groupsBody, 'pick-group': groupsBody, vnodes: vnodesBody, vnode: vnodeBody, snodes: snodesBody, snode: snodeBody };

function statusLine(s: AppState): Line {
  if (s.prompt) return [seg(PROMPT_LABEL[s.prompt.purpose], { tone: 'accent', bold: true }), seg(s.prompt.text), seg(' ', { inverse: true })];
  if (s.status) return [seg(s.status.text, { tone: s.status.level === 'error' ? 'bad' : s.status.level === 'warn' ? 'warn' : undefined })];
  if (s.loading) return [seg(`${s.loading}…`, { tone: 'busy' })];
  const missing = s.cluster?.[s.provider]?.cloudMissing;
  if (missing && s.view === 'nodes') return [seg(`Kubernetes state only: ${missing}`, { tone: 'warn' })];
  return [];
}

export function frame(s: AppState): Line[] {
  const width = s.size.columns;
  const lines = [title(s), ...(bothProviders(s) ? [providersLine(s)] : []), summary(s), ...body(s)].slice(0, s.size.rows - 2);
  while (lines.length < s.size.rows - 2) lines.push([]);
  lines.push(statusLine(s), [seg(HINTS[keyContext(s)], { tone: 'muted' })]);
  return lines.slice(0, s.size.rows).map((l) => clip(l, width));
}
