// TKE super nodes' views as lines: the super nodes, one super node's pods (asked for, source,
// has, state: the columns and words of `show node SUPERNODE`), and one super-node pod (its
// instance, each candidate with where from and the reading it rests on, what the instance has,
// why it is in its state, the groups with their rules: `show pod`). Read-only. Pure, like
// eci-views.ts; the words are the CLI's own (render/supernode-words.ts).
import type { SuperNodeReport } from '../../operations/supernode/node-report.ts';
import type { SuperNodePodReport } from '../../operations/supernode/pod-report.ts';
import type { SuperNodePodView } from '../../operations/supernode/pods.ts';
import { plural } from '../../domain/plural.ts';
import { askedForText, candidateParts, READINGS, sourceText, stateText, SUPERNODE_NOTES } from '../render/supernode-words.ts';
import { fit, fitGroups, seg, type Line, type Tone } from './line.ts';
import { groupViewLines } from './text-views.ts';

const TONES: Record<SuperNodePodView['status'], Tone> = { ok: 'good', mismatch: 'warn', 'cannot-tell': 'muted', 'not-listed': 'muted', 'no-ip': 'busy', 'no-cloud': 'muted' };

export function snodeState(r: SuperNodeReport): { text: string; tone: Tone } {
  if (r.inSync === undefined) return { text: 'unknown', tone: 'muted' };
  return r.inSync ? { text: 'in-sync', tone: 'good' } : { text: 'differs', tone: 'warn' };
}

/** Pods of the super nodes by state, for the header. */
export function superPodCounts(snodes: readonly SuperNodeReport[]): { pods: number; inSync: number; differs: number; other: number } {
  let pods = 0;
  let inSync = 0;
  let differs = 0;
  for (const n of snodes) {
    for (const p of n.pods) {
      pods++;
      if (p.status === 'ok') inSync++;
      else if (p.status === 'mismatch') differs++;
    }
  }
  return { pods, inSync, differs, other: pods - inSync - differs };
}

const poolText = (r: SuperNodeReport) => (r.pool ? `${r.pool.id} ${r.pool.name} ${r.pool.groups.join(',') || '(none)'}` : '(not read)');

// ---- the super nodes ----

const STATE = 8;
const PODS = 5;
const DIFFER = 7;
/** A pool's ID and name and its groups, cut when the terminal is narrow. */
const POOL = 30;

const snodeNameWidth = (width: number) => Math.max(12, Math.min(40, width - 2 - 1 - STATE - 1 - PODS - 1 - DIFFER - 1 - POOL));

export function snodeHeading(width: number): Line {
  const name = snodeNameWidth(width);
  return [seg(`  ${fit('SUPER NODE', name)} ${fit('STATE', STATE)} ${fit('PODS', PODS)} ${fit('DIFFER', DIFFER)} POOL (its groups: a pod naming none)`, { bold: true })];
}

export function snodeRow(r: SuperNodeReport, width: number, cursor: boolean): Line {
  const name = snodeNameWidth(width);
  const style = { inverse: cursor };
  const state = snodeState(r);
  const differs = r.pods.filter((p) => p.status === 'mismatch').length;
  return [
    seg(`  ${fit(r.name, name)} `, style),
    seg(fit(state.text, STATE), { ...style, tone: state.tone }),
    seg(` ${fit(String(r.pods.length), PODS)} ${fit(String(differs), DIFFER)} ${poolText(r)}`, style),
  ];
}

// ---- one super node's pods ----

/** A Tencent ID is 11 characters: a groups column shows one whole at least. */
const ONE_ID = 11;

function podColumns(width: number): { pod: number; asked: number; source: number; has: number } {
  const source = width >= 140 ? 24 : 10;
  // The state is last: `in-sync [pool-default]` needs 22 columns; on 80 columns it is cut.
  const state = width >= 100 ? 22 : 8;
  const rest = width - 2 - 4 - source - state;
  const pod = Math.max(12, Math.min(40, Math.floor(rest * 0.3)));
  const groups = Math.max(2 * ONE_ID, rest - pod);
  // What a pod asks for may be two candidates with their readings: it gets the larger share.
  const has = Math.max(ONE_ID, Math.floor(groups * 0.4));
  return { pod, asked: Math.max(ONE_ID, groups - has), source, has };
}

/** The super node's name, state and pool above its pods. */
export function snodeTitle(r: SuperNodeReport | undefined): Line {
  if (!r) return [seg('This super node is gone: it was deleted while shown.', { tone: 'warn' })];
  const state = snodeState(r);
  return [seg(`Super node ${r.name}`, { bold: true }), seg('  '), seg(state.text, { tone: state.tone }), seg(`  ${plural(r.pods.length, 'pod')} · pool ${poolText(r)}`)];
}

export function spodHeading(width: number): Line {
  const c = podColumns(width);
  return [seg(`  ${fit('POD', c.pod)} ${fit('ASKED FOR', c.asked)} ${fit('SOURCE', c.source)} ${fit('HAS', c.has)} STATE`, { bold: true })];
}

export function spodRow(p: SuperNodePodView, width: number, cursor: boolean): Line {
  const c = podColumns(width);
  const style = { inverse: cursor };
  return [
    seg(`  ${fit(`${p.namespace}/${p.name}`, c.pod)} ${fit(askedForText(p) || '(none)', c.asked)} ${fit(sourceText(p), c.source)} `, style),
    seg(`${p.actual ? fitGroups(p.actual, c.has) : fit('?', c.has)} `, { ...style, tone: p.status === 'mismatch' ? 'warn' : undefined }),
    seg(stateText(p), { ...style, tone: TONES[p.status] }),
  ];
}

// ---- one super-node pod ----

function hasLine(r: SuperNodePodReport): Line {
  const p = r.pod;
  if (!p.actual) return [seg(`has      unknown (${p.status === 'no-cloud' ? (r.missing ?? 'no cloud') : p.status})`, { tone: 'muted' })];
  const verdict: [string, Tone] =
    p.status === 'ok' ? [`as asked${p.matched?.reading ? ` ${READINGS[p.matched.reading]}` : ''}`, 'good'] : p.status === 'mismatch' ? ['DIFFERENT from what it asks for', 'warn'] : ['CANNOT TELL whether this is what it asks for', 'warn'];
  return [seg(`has      ${p.actual.join(', ') || 'none'}: `), seg(verdict[0], { tone: verdict[1] })];
}

export function superPodLines(r: SuperNodePodReport): Line[] {
  const p = r.pod;
  const note = SUPERNODE_NOTES[p.status] ?? (p.status === 'no-cloud' ? (r.missing ?? null) : null);
  const lines: Line[] = [
    [seg(`Pod ${p.namespace}/${p.name}`, { bold: true }), seg(`  ${p.phase ?? ''}  TKE super node`)],
    [seg(`super node ${p.node ?? '(not scheduled)'}   IP ${p.ip ?? '(none)'}`)],
    [seg(`instance ${p.instance ? `${p.instance.id} (${p.instance.status}, ${p.instance.subnetId})` : 'not known'}`)],
    // Each candidate on its lines (the reading under it), so that 80 columns show them whole.
    ...p.candidates.flatMap((c, i): Line[] => {
      const { groups, from, reading } = candidateParts(c);
      const first: Line = [seg(i === 0 ? 'asks for ' : '      or '), seg(groups), seg(`  from ${from}`, { tone: 'muted' })];
      return reading ? [first, [seg(`         ${reading}`, { tone: 'muted' })]] : [first];
    }),
    hasLine(r),
    [seg(stateText(p), { tone: TONES[p.status], bold: true }), seg(note ? `: ${note}` : '')],
    [seg('read-only here: kubectl sg set workload changes its workload\'s groups, kubectl sg set cluster --provider supernode a pool\'s or eks-config\'s default', { tone: 'muted' })],
  ];
  if (r.missing && p.status !== 'no-cloud') lines.push([seg(`not read: ${r.missing}`, { tone: 'warn' })]);
  lines.push([]);
  if (r.groups.length) lines.push([seg(p.actual ? 'groups of the instance, priority order' : 'groups asked for, priority order (the instance\'s are not known)', { bold: true })]);
  lines.push(...groupViewLines(r.groups));
  return lines;
}
