// state → frame: exactly one line per terminal row, none wider than the terminal. The title
// bar (which cluster), a summary (counts, selection, filter), the body (a window of the list or
// text shown, only the rows that fit: 5,000 nodes cost the same as 20), the status or prompt
// line, and the keys that matter here.
import { countNodes } from '../../domain/node-counts.ts';
import type { KeyContext } from './keys.ts';
import { clip, padLine, seg, shiftLine, type Line, type Tone } from './line.ts';
import { shownNodes } from './node-list.ts';
import { bodyRows, listRows, type AppState } from './state.ts';
import { groupHeading, groupRow, nodeColumns, nodeHeading, nodeRow, pickerRows, pickerTitle, shownGroups } from './text-views.ts';
import { keyContext, textLines } from './navigation.ts';

const HINTS: Record<KeyContext, string> = {
  nodes: 'space select  a all  d drifted  s set groups  r resync  / filter  l labels  o sort  enter open  2 groups  3 pod  : cmd  ? help  q quit',
  'pick-nodes': 'space select  a all  d drifted  / filter  l labels  o sort  enter use them  esc cancel  ? help',
  node: 's set groups  r resync  esc back  ? help  q quit',
  groups: 'enter open  / filter  1 nodes  3 pod  : cmd  ? help  q quit',
  'pick-group': 'enter use it  / filter  esc cancel  ? help',
  group: '↑↓ scroll  esc back  ? help  q quit',
  pod: '3 find another pod  esc back  ? help  q quit',
  picker: 'space add/remove  K/J reorder  / filter  enter use them  esc cancel',
  confirm: 'y apply  n/esc change nothing  ↑↓ ←→ scroll',
  running: 'ctrl-c/esc stop safely (nodes in flight are restored)',
  done: 'enter/esc back  ↑↓ ←→ scroll  q quit',
  help: 'esc back  ↑↓ scroll  q quit',
};

let countsMemo: { rows: AppState['rows']; counts: ReturnType<typeof countNodes> } | undefined;

function countsOf(rows: AppState['rows']) {
  if (countsMemo?.rows !== rows) countsMemo = { rows, counts: countNodes(rows) };
  return countsMemo.counts;
}

/** Most telling first, so that what a narrow terminal cuts off is the least needed. */
function title(s: AppState): Line {
  const c = s.cluster;
  const parts: string[] = [];
  if (s.purpose.kind !== 'browse') parts.push(`${s.purpose.verb}: pick ${s.purpose.kind === 'pick-nodes' ? 'nodes' : s.purpose.kind === 'pick-groups' ? 'groups' : 'a group'}`);
  if (c) {
    parts.push(c.context, c.provider, `ipamd ${c.ipamdVersion ?? '?'}`);
    if (c.resyncMethods.length) parts.push(`resync ${c.resyncMethods[0]}`);
    parts.push(c.feature.enabled ? `groups on: ${c.feature.globalList.length ? c.feature.globalList.join(',') : 'primary ENI\'s'}` : 'groups OFF');
  } else if (s.purpose.kind === 'browse') parts.push('kubectl sg ui');
  return padLine([seg(` ${parts.join(' · ')}`, { inverse: true, bold: true })], s.size.columns, { inverse: true });
}

function summary(s: AppState): Line {
  if (s.view === 'groups' || s.view === 'group' || s.purpose.kind === 'pick-groups' || s.purpose.kind === 'pick-group') {
    const g = s.catalog;
    return [seg(g ? `${g.groups.length} groups in the region · at most ${g.groupsPerEni} per ENI` : 'groups: reading…'), seg(s.groupFilter ? ` · /${s.groupFilter}` : '', { tone: 'accent' })];
  }
  const n = countsOf(s.rows);
  const shown = shownNodes(s.rows, s.sort, s.filter).length;
  // States with no node are left out: the line must fit 80 columns with the selection and filter.
  const states: [number, string, Tone][] = [
    [n.inSync, 'in-sync', 'good'],
    [n.drifted, 'drifted', 'warn'],
    [n.disabled, 'disabled', 'bad'],
    [n.syncPending, 'sync-pending', 'busy'],
    [n.unknown, 'unknown', 'muted'],
    [n.noNec, 'no NEC', 'bad'],
  ];
  const line: Line = [seg(`${n.total} nodes`)];
  for (const [count, word, tone] of states.filter(([count], i) => count > 0 || i === 0)) line.push(seg(line.length === 1 ? ': ' : ', '), seg(`${count} ${word}`, { tone: count ? tone : undefined }));
  line.push(seg(` │ ${shown} shown · ${s.selected.size} selected · by ${s.sort}`));
  if (s.selector) line.push(seg(` · -l ${s.selector}`, { tone: 'accent' }));
  if (s.filter) line.push(seg(` · /${s.filter}`, { tone: 'accent' }));
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
    const rows = pickerRows(p, s.catalog);
    const height = Math.max(1, listRows(s.size) - 2);
    const lines = [...pickerTitle(p, s.catalog, width), groupHeading(width, true)];
    if (!s.catalog) lines.push([seg('reading the region\'s groups…', { tone: 'busy' })]);
    rows.slice(p.top, p.top + height).forEach((r, i) => lines.push(groupRow(r.group, width, { cursor: p.top + i === p.cursor, priority: r.priority })));
    return lines;
  }
  const text = textLines(s);
  if (text) {
    const top = s.panel && 'top' in s.panel ? s.panel.top : s.detailTop;
    return window(text, top, bodyRows(s.size)).map((l) => shiftLine(l, s.shift));
  }
  const height = listRows(s.size);
  if (s.view === 'groups') {
    const groups = shownGroups(s.catalog, s.groupFilter);
    const lines = [groupHeading(width, false)];
    groups.slice(s.groupTop, s.groupTop + height).forEach((g, i) => lines.push(groupRow(g, width, { cursor: s.groupTop + i === s.groupCursor })));
    if (s.catalog && groups.length === 0) lines.push([seg(s.groupFilter ? 'no group matches the filter (esc clears it)' : 'no security group in this region', { tone: 'muted' })]);
    return lines;
  }
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

function statusLine(s: AppState): Line {
  if (s.prompt) return [seg(PROMPT_LABEL[s.prompt.purpose], { tone: 'accent', bold: true }), seg(s.prompt.text), seg(' ', { inverse: true })];
  if (s.status) return [seg(s.status.text, { tone: s.status.level === 'error' ? 'bad' : s.status.level === 'warn' ? 'warn' : undefined })];
  if (s.loading) return [seg(`${s.loading}…`, { tone: 'busy' })];
  if (s.cluster?.cloudMissing && s.view === 'nodes') return [seg(`Kubernetes state only: ${s.cluster.cloudMissing}`, { tone: 'warn' })];
  return [];
}

export function frame(s: AppState): Line[] {
  const width = s.size.columns;
  const lines = [title(s), summary(s), ...body(s)].slice(0, s.size.rows - 2);
  while (lines.length < s.size.rows - 2) lines.push([]);
  lines.push(statusLine(s), [seg(HINTS[keyContext(s)], { tone: 'muted' })]);
  return lines.slice(0, s.size.rows).map((l) => clip(l, width));
}
