// Alibaba ECI's views as lines: the virtual nodes, one virtual node's pods (asked for, source,
// has, state: the columns of `show node VNODE`), and one ECI pod (its instance, what it asks for
// and where from, the groups it has with their rules: `show pod`). Pure, like text-views.ts.
import type { VirtualNodeReport } from '../../operations/eci/node-report.ts';
import type { EciPodReport } from '../../operations/eci/pod-report.ts';
import type { EciPodStatus, EciPodView } from '../../operations/eci/pods.ts';
import { plural } from '../../domain/plural.ts';
import { fit, fitGroups, seg, type Line, type Tone } from './line.ts';
import { groupViewLines } from './text-views.ts';

/** A pod's state in `show node`'s words. */
export const POD_STATE: Record<EciPodStatus, { text: string; tone: Tone }> = {
  ok: { text: 'in-sync', tone: 'good' },
  mismatch: { text: 'differs', tone: 'warn' },
  'cannot-tell': { text: 'cannot-tell', tone: 'muted' },
  'no-instance': { text: 'no-instance', tone: 'busy' },
  'instance-not-found': { text: 'instance-not-found', tone: 'bad' },
  'no-cloud': { text: 'no-cloud', tone: 'muted' },
};

/** Why a pod is in its state, one line (docs/eci.md, "States on ECI"). */
const POD_STATE_WHY: Record<EciPodStatus, string> = {
  ok: 'its instance has exactly the groups it asks for now, in order',
  mismatch: 'the request changed after the pod was created (an instance keeps the groups it was created with): roll its workload out',
  'cannot-tell': 'ECI reports one group, the first of several asked for, or the request hangs on a selector with no selectors',
  'no-instance': 'virtual kubelet has not written k8s.aliyun.com/eci-instance-id yet',
  'instance-not-found': 'ECI does not know the instance the pod names',
  'no-cloud': 'the instance was not read (no Alibaba Cloud access)',
};

export const sourceText = (p: EciPodView) => (p.requested ? (p.requested.source === 'selector' ? `selector ${p.requested.selector}` : p.requested.source) : '(none)');

export function vnodeState(r: VirtualNodeReport): { text: string; tone: Tone } {
  if (r.inSync === undefined) return { text: 'unknown', tone: 'muted' };
  return r.inSync ? { text: 'in-sync', tone: 'good' } : { text: 'differs', tone: 'warn' };
}

/** Pods of the virtual nodes by state, for the header. */
export function podCounts(vnodes: readonly VirtualNodeReport[]): { pods: number; inSync: number; differs: number; other: number } {
  let pods = 0;
  let inSync = 0;
  let differs = 0;
  for (const n of vnodes) {
    for (const p of n.pods) {
      pods++;
      if (p.status === 'ok') inSync++;
      else if (p.status === 'mismatch') differs++;
    }
  }
  return { pods, inSync, differs, other: pods - inSync - differs };
}

// ---- the virtual nodes ----

/** in-sync, differs, unknown. */
const STATE = 8;
const PODS = 5;
const DIFFER = 7;
/** One Alibaba ID (23 characters) and a space. */
const DEFAULT = 24;

/** The name takes what the other columns leave, up to 40 cells. */
const vnodeNameWidth = (width: number) => Math.max(12, Math.min(40, width - 2 - 1 - STATE - 1 - PODS - 1 - DIFFER - 1 - DEFAULT));

export function vnodeHeading(width: number): Line {
  const name = vnodeNameWidth(width);
  return [seg(`  ${fit('VIRTUAL NODE', name)} ${fit('STATE', STATE)} ${fit('PODS', PODS)} ${fit('DIFFER', DIFFER)} DEFAULT (eci-profile)`, { bold: true })];
}

export function vnodeRow(r: VirtualNodeReport, width: number, cursor: boolean): Line {
  const name = vnodeNameWidth(width);
  const style = { inverse: cursor };
  const state = vnodeState(r);
  const differs = r.pods.filter((p) => p.status === 'mismatch').length;
  return [
    seg(`  ${fit(r.name, name)} `, style),
    seg(fit(state.text, STATE), { ...style, tone: state.tone }),
    seg(` ${fit(String(r.pods.length), PODS)} ${fit(String(differs), DIFFER)} ${fitGroups(r.defaultGroups, DEFAULT - 1)}`, style),
  ];
}

// ---- one virtual node's pods ----

interface PodColumns {
  pod: number;
  groups: number;
  source: number;
}

/** in-sync, differs; the longer states (instance-not-found) are cut on a narrow terminal. */
const POD_STATE_WIDTH = 8;
/** An Alibaba ID is 23 characters: a groups column shows one whole at least (a cut ID reads like another group). */
const ONE_ID = 23;

/** 80 columns: pod names cut, one ID per groups column (then `+N`); wider terminals give the pod and the groups more. */
function podColumns(width: number): PodColumns {
  const source = width >= 140 ? 22 : width >= 100 ? 12 : 7;
  const rest = width - 2 - 4 - source - POD_STATE_WIDTH;
  const podWanted = Math.max(12, Math.min(40, Math.floor(rest * 0.3)));
  const groups = Math.max(ONE_ID, Math.floor((rest - podWanted) / 2));
  return { pod: Math.max(12, Math.min(40, rest - 2 * groups)), groups, source };
}

/** The virtual node's name and state above its pods. */
export function vnodeTitle(r: VirtualNodeReport | undefined): Line {
  if (!r) return [seg('This virtual node is gone: it was deleted while shown.', { tone: 'warn' })];
  const state = vnodeState(r);
  return [seg(`Virtual node ${r.name}`, { bold: true }), seg('  '), seg(state.text, { tone: state.tone }), seg(`  ${plural(r.pods.length, 'pod')} · default ${r.defaultGroups.join(',') || '(none)'}`)];
}

export function vpodHeading(width: number): Line {
  const c = podColumns(width);
  return [seg(`  ${fit('POD', c.pod)} ${fit('ASKED FOR', c.groups)} ${fit('SOURCE', c.source)} ${fit('HAS', c.groups)} STATE`, { bold: true })];
}

export function vpodRow(p: EciPodView, width: number, cursor: boolean): Line {
  const c = podColumns(width);
  const style = { inverse: cursor };
  const state = POD_STATE[p.status];
  return [
    seg(`  ${fit(`${p.namespace}/${p.name}`, c.pod)} ${p.requested ? fitGroups(p.requested.groups, c.groups) : fit('(none)', c.groups)} ${fit(sourceText(p), c.source)} `, style),
    seg(`${p.actual ? fitGroups(p.actual, c.groups) : fit('?', c.groups)} `, { ...style, tone: p.status === 'mismatch' ? 'warn' : undefined }),
    seg(state.text, { ...style, tone: state.tone }),
  ];
}

// ---- one ECI pod ----

export function eciPodLines(r: EciPodReport): Line[] {
  const p = r.pod;
  const state = POD_STATE[p.status];
  const lines: Line[] = [
    [seg(`Pod ${p.namespace}/${p.name}`, { bold: true }), seg(`  ${p.phase ?? ''}  Alibaba ECI`)],
    [seg(`virtual node ${p.node ?? '(not scheduled)'}   IP ${p.ip ?? '(none)'}`)],
    [seg(`instance ${p.instanceId ?? '(none yet)'}${p.instance ? ` (${p.instance.status}), ENI ${p.instance.eniId ?? '?'}, vSwitch ${p.instance.vSwitchId}` : ''}`)],
    [seg(`asks for ${p.requested?.groups.join(', ') || '(nothing)'}`), seg(`  from ${sourceText(p)}`, { tone: 'muted' })],
    [seg(`has      ${p.actual?.join(', ') ?? '?'}`)],
    [seg(state.text, { tone: state.tone, bold: true }), seg(`: ${POD_STATE_WHY[p.status]}`)],
    [seg(p.owner ? `workload ${p.owner.kind.toLowerCase()}/${p.owner.name}: w sets its groups (the pod template), new pods get them as it rolls out` : 'no workload owns this pod: recreate it with the groups to change them', { tone: 'muted' })],
  ];
  if (r.missing) lines.push([seg(`Alibaba Cloud not asked: ${r.missing}`, { tone: 'warn' })]);
  lines.push([]);
  if (r.groups.length) lines.push([seg(p.actual ? 'groups of the instance, priority order' : 'groups asked for, priority order (the instance\'s are not known)', { bold: true })]);
  lines.push(...groupViewLines(r.groups));
  return lines;
}
