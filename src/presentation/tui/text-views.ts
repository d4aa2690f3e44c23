// The TUI's views as lines: the nodes list, the node, the region's groups, one group, a pod,
// the group picker, help, and the plan / run / outcome panels. Pure: the reducer counts these
// lines to scroll, the frame shows a window of them.
import type { NodeReport } from '../../operations/tke/node-report.ts';
import type { GroupReport } from '../../operations/group-report.ts';
import type { GroupView } from '../../operations/group-view.ts';
import type { PodReport } from '../../operations/tke/pod-report.ts';
import type { EciGroupReport } from '../../operations/eci/group-report.ts';
import type { CatalogGroup, GroupCatalog } from '../../operations/group-catalog.ts';
import type { LintFinding } from '../../domain/rule-lint.ts';
import { summariseRule } from '../../domain/rule-summary.ts';
import { sameGroups } from '../../domain/cluster-policy.ts';
import { BINDINGS, type KeyContext } from './keys.ts';
import { cellWidth, fit, fitGroups, seg, type Line, type Tone } from './line.ts';
import { stateText } from './node-list.ts';
import type { Action, GroupPicker, Panel } from './state.ts';
import type { NodeProgress } from './backend.ts';
import { plural } from '../../domain/plural.ts';

export function stateTone(r: NodeReport): Tone | undefined {
  if (!r.hasNec || r.state === 'disabled') return 'bad';
  if (r.state === 'in-sync') return 'good';
  if (r.state === 'drifted') return 'warn';
  if (r.state === 'sync-pending') return 'busy';
  return 'muted';
}

/** What the ENIs carry: the first drifted ENI's groups (drift is what matters), else the desired ones. */
export function actualGroups(r: NodeReport): string[] | undefined {
  if (!r.enis) return undefined;
  const drifted = r.enis.find((e) => r.driftedEnis.includes(e.id));
  return drifted ? drifted.groups : (r.enis.find((e) => e.kind === 'shared')?.groups ?? []);
}

// ---- nodes list ----

export interface NodeColumns {
  name: number;
  state: number;
  desired: number;
  actual: number;
  /** 0 when the terminal is too narrow for it. */
  source: number;
}

/** Columns for a width: names of TKE nodes are IPs (15 cells); groups take what is left. */
export function nodeColumns(width: number, nameWidth: number): NodeColumns {
  const name = Math.min(Math.max(nameWidth, 8), 40);
  const state = 16;
  const source = width >= 110 ? 12 : 0;
  const rest = Math.max(10, width - 2 - name - 1 - state - 1 - (source ? source + 1 : 0) - 1);
  const desired = Math.ceil(rest / 2);
  return { name, state, desired, actual: rest - desired, source };
}

export function nodeHeading(c: NodeColumns): Line {
  return [seg(`  ${fit('NAME', c.name)} ${fit('STATE', c.state)} ${c.source ? `${fit('SOURCE', c.source)} ` : ''}${fit('DESIRED (NEC)', c.desired)} ${fit('ACTUAL (ENIs)', c.actual)}`, { bold: true })];
}

export function nodeRow(r: NodeReport, c: NodeColumns, selected: boolean, cursor: boolean): Line {
  const actual = actualGroups(r);
  const actualTone: Tone | undefined = actual === undefined ? 'muted' : r.inSync === false ? 'warn' : undefined;
  const style = { inverse: cursor };
  return [
    seg(selected ? '* ' : '  ', { ...style, bold: true }),
    seg(`${fit(r.name, c.name)} `, style),
    seg(fit(stateText(r), c.state), { ...style, tone: stateTone(r) }),
    seg(` ${c.source ? `${fit(r.source, c.source)} ` : ''}${r.hasNec ? fitGroups(r.desiredGroups, c.desired) : fit('-', c.desired)} `, style),
    seg(actual === undefined ? fit('?', c.actual) : fitGroups(actual, c.actual), { ...style, tone: actualTone }),
  ];
}

// ---- the node ----

export function nodeLines(r: NodeReport | undefined, width: number): Line[] {
  if (!r) return [[seg('This node is gone: it was deleted while shown.', { tone: 'warn' })]];
  const lines: Line[] = [
    [seg(`Node ${r.name}`, { bold: true }), seg('  '), seg(stateText(r), { tone: stateTone(r) }), seg(`  source ${r.source}`)],
    [seg(`instance ${r.instanceId ?? '(none: not a CVM node)'}`)],
    [seg(`desired (NEC, priority order): ${r.hasNec ? r.desiredGroups.join(', ') || '(none)' : 'no NodeENIConfig'}`)],
    [seg(`disabled: ${r.disabled ? 'yes' : 'no'}   sync pending: ${r.syncPending ? 'yes' : 'no'}`)],
    [],
  ];
  if (!r.enis) {
    lines.push([seg('The ENIs\' groups were not read (no cloud access): kubectl sg doctor says why.', { tone: 'muted' })]);
    return lines;
  }
  const gw = Math.max(20, width - 2 - 14 - 16 - 10);
  lines.push([seg(`  ${fit('ENI', 14)}${fit('KIND', 16)}${fit('GROUPS', gw)}IN SYNC`, { bold: true })]);
  for (const e of r.enis) {
    // Only ipamd's shared ENIs are held to the node's groups; the others keep their own.
    const inSync = e.kind !== 'shared' ? '-' : r.driftedEnis.includes(e.id) ? 'no' : 'yes';
    const kind = e.kind === 'other' ? `other:${e.reason}` : e.kind === 'shared' && !e.certain ? 'shared?' : e.kind;
    lines.push([
      seg(`  ${fit(e.id, 14)}${fit(kind, 16)}${fitGroups(e.groups, gw)}`),
      seg(inSync, { tone: inSync === 'no' ? 'warn' : inSync === 'yes' ? 'good' : 'muted' }),
    ]);
  }
  const unsure = r.enis.find((e) => e.kind === 'shared' && !e.certain);
  if (unsure) lines.push([seg(`  shared?: ${unsure.why}`, { tone: 'muted' })]);
  if (!r.enis.some((e) => e.kind === 'shared')) lines.push([seg('  no shared ENI of ipamd yet: ipamd binds groups to the ENIs it attaches for pods', { tone: 'muted' })]);
  return lines;
}

// ---- groups ----

const BADGE: Record<LintFinding['code'], string> = {
  'open-to-internet': 'open',
  'wide-port-range': 'ports',
  'all-protocols': 'all-proto',
  'near-rule-limit': 'near-limit',
  'range-from-one': 'range',
  'advanced-no-egress': 'no-egress',
  'advanced-group-reference': 'group-ref',
  'shadowed-rule': 'shadowed',
  'dead-accept': 'dead-accept',
};

/** Lint as short badges, failing ones first: `FAIL:open warn:ports`. */
export function badges(findings: readonly LintFinding[]): Line {
  const seen = new Set<string>();
  const out: Line = [];
  for (const level of ['fail', 'warn'] as const) {
    for (const f of findings) {
      const text = `${level === 'fail' ? 'FAIL' : 'warn'}:${BADGE[f.code]}`;
      if (f.level !== level || seen.has(text)) continue;
      seen.add(text);
      out.push(seg(`${out.length ? ' ' : ''}${text}`, { tone: level === 'fail' ? 'bad' : 'warn' }));
    }
  }
  return out;
}

const RULES = 6;

/** The ID column fits the longest ID: Tencent's are 11 characters, Alibaba's 23 (a cut ID reads like another group). */
export const groupIdWidth = (catalog: GroupCatalog | undefined) => Math.max(11, ...(catalog?.groups ?? []).map((g) => g.id.length));

/** The columns fit the catalog: its longest ID, and a type column for Alibaba's groups. */
export function groupHeading(width: number, priority: boolean, catalog: GroupCatalog | undefined): Line {
  const idWidth = groupIdWidth(catalog);
  const name = Math.max(10, Math.floor((width - idWidth - RULES - 8) / 2));
  const typed = catalog?.groups.some((g) => 'type' in g) ? 'TYPE ' : '';
  return [seg(`  ${priority ? '# ' : ''}${fit('ID', idWidth)} ${fit('NAME', name)} ${fit('RULES', RULES)}${typed}LINT`, { bold: true })];
}

export function groupRow(g: CatalogGroup, width: number, o: { cursor: boolean; priority?: number | null; idWidth: number }): Line {
  const name = Math.max(10, Math.floor((width - o.idWidth - RULES - 8) / 2));
  const style = { inverse: o.cursor };
  // The picker's first column: the chosen group's priority (1 = first), blank for the others.
  const mark = o.priority === undefined ? '' : o.priority === null ? '  ' : `${o.priority} `;
  // An Alibaba group's type: an instance's groups are all basic or all advanced.
  const type = 'type' in g ? `${g.type} ` : '';
  return [seg(`  ${mark}${fit(g.id, o.idWidth)} ${fit(g.name, name)} ${fit(String(g.ruleCount), RULES)}${type}`, { ...style, bold: o.priority != null }), ...badges(g.findings)];
}

export function shownGroups(catalog: GroupCatalog | undefined, filter: string): CatalogGroup[] {
  const needle = filter.trim().toLowerCase();
  const all = catalog?.groups ?? [];
  return needle === '' ? all : all.filter((g) => `${g.id} ${g.name} ${g.description}`.toLowerCase().includes(needle));
}

/** The picker's rows: the chosen groups in priority order, then the others the filter keeps. */
export function pickerRows(p: GroupPicker, catalog: GroupCatalog | undefined): { group: CatalogGroup; priority: number | null }[] {
  const byId = new Map((catalog?.groups ?? []).map((g) => [g.id, g]));
  const unknown = (id: string): CatalogGroup => ({ id, name: '(not in this region)', description: '', ruleCount: 0, findings: [] });
  const chosen = p.chosen.map((id, i) => ({ group: byId.get(id) ?? unknown(id), priority: i + 1 }));
  const rest = shownGroups(catalog, p.filter).filter((g) => !p.chosen.includes(g.id)).map((group) => ({ group, priority: null }));
  return [...chosen, ...rest];
}

/** How many groups the picker takes: the eci-profile holds one default; else what one ENI (one ECI instance) carries. */
export const pickerLimit = (p: GroupPicker, catalog: GroupCatalog | undefined) => (p.action === 'eci-default' ? 1 : catalog?.groupsPerEni);

function pickerSubject(p: GroupPicker): string {
  if (p.action === 'eci-default') return 'The eci-profile default group';
  if (p.workload) return `Groups for ${p.workload.ref} in ${p.workload.namespace}`;
  return p.nodes.length === 0 ? 'Groups' : p.nodes.length === 1 ? `Groups for ${p.nodes[0]}` : `Groups for ${p.nodes.length} nodes`;
}

export function pickerTitle(p: GroupPicker, catalog: GroupCatalog | undefined, width: number): Line[] {
  const limit = pickerLimit(p, catalog);
  const what = pickerSubject(p);
  const list = p.chosen.length ? p.chosen.join(',') : '(none chosen yet)';
  return [
    [seg(what, { bold: true }), seg(`, first wins, at most ${limit ?? '?'}: `), seg(list, { tone: 'accent' })],
    [seg(fit('space add/remove · K/J reorder (first wins) · / filter · enter use them · esc cancel', width), { tone: 'muted' })],
  ];
}

export function groupLines(g: GroupReport | undefined): Line[] {
  if (!g) return [[seg('reading the group…', { tone: 'muted' })]];
  const alibaba = 'type' in g ? (g as EciGroupReport) : undefined;
  const lines: Line[] = [
    [seg(`${g.id} ${g.name}`, { bold: true }), seg(g.isDefault ? (alibaba ? '  (the eci-profile default)' : '  (default group)') : '')],
    [seg(g.description || '(no description)', { tone: 'muted' })],
    ...(alibaba ? [[seg(`Alibaba ${alibaba.type} group in ${alibaba.vpcId}; eci-profile names it: ${alibaba.namedBy.join(', ') || 'nowhere'}`)]] : []),
    [seg(`${plural(g.rules.length, 'rule')}${g.ruleLimit ? ` of at most ${g.ruleLimit}` : ''}`)],
    [],
  ];
  for (const direction of ['ingress', 'egress'] as const) {
    const rules = g.rules.filter((r) => r.direction === direction);
    lines.push([seg(`${direction} (${rules.length})`, { bold: true })]);
    rules.forEach((r, i) => lines.push([seg(`  ${String(i + 1).padStart(3)}  `), seg(summariseRule(r), { tone: r.action === 'drop' ? 'muted' : undefined }), seg(r.description ? `  (${r.description})` : '', { tone: 'muted' })]));
  }
  lines.push([], [seg('lint', { bold: true })]);
  if (g.findings.length === 0) lines.push([seg('  no findings', { tone: 'good' })]);
  for (const f of g.findings) lines.push([seg(`  ${f.level.padEnd(5)}`, { tone: f.level === 'fail' ? 'bad' : 'warn' }), seg(f.message)]);
  lines.push([], [seg('used by', { bold: true })]);
  if (!g.usedBy || !g.desiredBy) lines.push([seg(`  ${g.usageNote ?? 'unknown'}`, { tone: 'muted' })]);
  else if (alibaba) {
    lines.push([seg(`  ${plural(g.usedBy.length, 'instance')} have it; ${plural(g.desiredBy.length, 'pod')} ask for it`)]);
    for (const u of g.usedBy) lines.push([seg(`  ${fit(u.pod ?? '', 40)} ${fit(u.instanceId, 25)} priority ${u.priority}`)]);
  } else {
    const nodes = [...new Set(g.usedBy.map((u) => u.node))];
    lines.push([seg(`  ${plural(g.usedBy.length, 'ENI')} on ${plural(nodes.length, 'node')}; ${plural(g.desiredBy.length, 'NEC')} ask for it`)]);
    for (const u of g.usedBy) lines.push([seg(`  ${fit(u.node, 16)} ${fit(u.eniId, 13)} ${u.primary ? 'primary  ' : 'secondary'} priority ${u.priority}`)]);
  }
  return lines;
}

// ---- a pod ----

export function podLines(p: PodReport | undefined, query: string): Line[] {
  if (!p) return [[seg(query ? `reading pod ${query}…` : 'Press / or : pod NAMESPACE/NAME to find a pod.', { tone: 'muted' })]];
  const lines: Line[] = [
    [seg(`Pod ${p.namespace}/${p.name}`, { bold: true }), seg(`  ${p.phase ?? ''}`)],
    [seg(`node ${p.node ?? '(not scheduled)'}   IP ${p.ip ?? '(none)'}${p.hostNetwork ? '   host network' : ''}`)],
  ];
  if (p.note) lines.push([seg(p.note, { tone: p.status === 'ok' ? 'muted' : 'warn' })]);
  if (p.eni) lines.push([seg(`ENI ${p.eni.id} (${p.eni.primary ? 'primary' : 'secondary'}) in ${p.vpcId ?? '?'}, subnet ${p.eni.subnetId}${p.eni.onPodNode ? '' : ', NOT on the pod\'s node'}`)]);
  if (p.nec) {
    const match = p.matchesNec === undefined ? '' : p.matchesNec ? '  (the ENI carries them)' : '  (the ENI carries something else: drifted)';
    lines.push([seg(`NEC of the node: ${p.nec.exists ? p.nec.desiredGroups.join(', ') || '(none)' : 'none'}${p.nec.disabled ? ', disabled' : ''}`), seg(match, { tone: p.matchesNec === false ? 'warn' : 'good' })]);
  }
  lines.push([]);
  if (p.groups.length) lines.push([seg('groups of the ENI, priority order', { bold: true })]);
  lines.push(...groupViewLines(p.groups));
  return lines;
}

/** Groups in priority order, each with its rules summarised (a TKE ENI's, an ECI instance's). */
export function groupViewLines(groups: readonly GroupView[]): Line[] {
  return groups.flatMap((g, i) => [
    [seg(`${i + 1}. ${g.id} ${g.name ?? '(no longer exists)'}`, { bold: true })],
    ...(g.rules ? [...g.rules.ingress.rules.map((r) => [seg(`     in   ${r}`)]), ...g.rules.egress.rules.map((r) => [seg(`     out  ${r}`)])] : []),
  ]);
}

// ---- help ----

const CONTEXT_TITLES: [KeyContext, string][] = [
  ['nodes', 'Nodes'],
  ['pick-nodes', 'Picking nodes'],
  ['node', 'A node'],
  ['groups', 'Groups'],
  ['pick-group', 'Picking a group'],
  ['group', 'A group'],
  ['pod', 'A pod'],
  ['vnodes', 'Virtual nodes (Alibaba ECI)'],
  ['vnode', 'A virtual node\'s pods'],
  ['eci-pod', 'An ECI pod'],
  ['snodes', 'Super nodes (TKE, read-only)'],
  ['snode', 'A super node\'s pods'],
  ['snode-pod', 'A super-node pod'],
  ['picker', 'Group picker (s, w, e)'],
  ['confirm', 'Plan'],
  ['running', 'Run'],
  ['done', 'After a run'],
];

/** Words into lines of at most `width` cells (a word longer than that gets a line of its own). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && cellWidth(line) + 1 + cellWidth(word) > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

const KEY_COLUMN = 17;

/** Every binding of the key table, by where it applies, wrapped to the width. */
export function helpLines(width: number): Line[] {
  const lines: Line[] = [];
  for (const [context, title] of CONTEXT_TITLES) {
    lines.push([seg(title, { bold: true })]);
    for (const b of BINDINGS.filter((x) => x.where.includes(context))) {
      wrap(b.what, Math.max(20, width - KEY_COLUMN)).forEach((text, i) => lines.push([seg(i === 0 ? `  ${fit(b.label, KEY_COLUMN - 3)} ` : ' '.repeat(KEY_COLUMN), { tone: 'accent' }), seg(text)]));
    }
    lines.push([]);
  }
  return lines;
}

// ---- plan, run, outcome ----

const ACTION_TITLE: Record<Action, string> = { resync: 'Resync', 'set-groups': 'Set groups', 'set-workload': 'Set workload', 'eci-default': 'Set the ECI default' };

export function panelLines(panel: Panel): Line[] {
  switch (panel.kind) {
    case 'planning':
      return [[seg(`${ACTION_TITLE[panel.action]}: planning for ${panel.subject}…`, { tone: 'busy' })]];
    case 'confirm':
      return [
        [seg(`${ACTION_TITLE[panel.action]}: the plan (as --dry-run prints it). Nothing has been changed yet.`, { bold: true })],
        ...panel.plan.lines.map((text) => [seg(text, { tone: /warning|REPLACE|interrupt/i.test(text) ? 'warn' : undefined })]),
        [],
        panel.plan.changes
          ? [seg('Apply this plan? ', { bold: true }), seg('y', { tone: 'accent' }), seg(' apply · '), seg('n/esc', { tone: 'accent' }), seg(' change nothing')]
          : [seg('Nothing to change. ', { bold: true }), seg('esc', { tone: 'accent' }), seg(' back')],
      ];
    case 'running':
      return runLines(panel.action, panel.progress, panel.stopping);
    case 'done':
      return [[seg(`${ACTION_TITLE[panel.action]}: ${panel.outcome.interrupted ? 'stopped' : 'finished'}`, { bold: true, tone: panel.outcome.interrupted ? 'warn' : 'good' })], ...panel.outcome.lines.map((text) => [seg(text)]), [], [seg('enter/esc back · q quit', { tone: 'muted' })]];
    case 'help':
    case 'picker':
      return [];
  }
}

/** What a stop does, as the CLI's Ctrl-C says it for the same verb. */
const STOPPING: Record<Action, string> = {
  resync: 'no new node starts, the nodes in flight are being restored',
  'set-groups': 'no new node starts, the nodes in flight are being restored',
  'set-workload': 'the workload stays written, the wait for its pods ends',
  'eci-default': 'the write in flight finishes',
};

const PROGRESS_TONE: Record<NodeProgress['state'], Tone> = { running: 'busy', ok: 'good', failed: 'bad', skipped: 'muted' };

export function runLines(action: Action, progress: readonly NodeProgress[], stopping: boolean): Line[] {
  const count = (s: NodeProgress['state']) => progress.filter((p) => p.state === s).length;
  const head = `${ACTION_TITLE[action]}: ${count('ok')} ok, ${count('failed')} failed, ${count('running')} in flight${count('skipped') ? `, ${count('skipped')} skipped` : ''}`;
  return [
    [seg(head, { bold: true }), seg(stopping ? `  stopping: ${STOPPING[action]}` : '  ctrl-c/esc stops safely', { tone: stopping ? 'warn' : 'muted' })],
    ...progress.map((p) => [seg(`  ${fit(p.node, 18)} `), seg(fit(p.state, 9), { tone: PROGRESS_TONE[p.state] }), seg(` ${p.detail}`)]),
  ];
}

/** Groups the selected nodes share, to start the picker with; none when they differ. */
export function commonGroups(rows: readonly NodeReport[], names: readonly string[]): string[] {
  const wanted = new Set(names);
  const lists = rows.filter((r) => wanted.has(r.name)).map((r) => r.desiredGroups);
  const first = lists[0];
  return first && lists.every((l) => sameGroups(l, first)) ? [...first] : [];
}
