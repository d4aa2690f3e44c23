// How a resync shows itself: its plan before anything is written (a table and the warnings for
// people; `kind: ResyncPlan` for scripts), a resume's plan, and the result at the end (NODE,
// RESULT, DETAIL; `kind: ResyncResult`). The JSON field names are a contract (docs/changing-groups.md).
import { formatDuration } from '../../domain/duration.ts';
import type { ResyncPlan } from '../../domain/tke/resync-plan.ts';
import type { Step } from '../../domain/tke/resync-steps.ts';
import type { NodeResult } from '../../operations/tke/resync-execution.ts';
import type { ResumeItem } from '../../operations/tke/resync-resume.ts';
import type { Palette } from './color.ts';
import { renderTable } from './table.ts';
import { plural } from '../../domain/plural.ts';

const groups = (g: readonly string[]) => (g.length > 0 ? g.join(',') : '(none)');

export function planJson(plan: ResyncPlan) {
  return {
    method: plan.method,
    ipamdVersion: plan.ipamdVersion,
    globalList: plan.policy.globalList,
    concurrency: plan.concurrency,
    toggleWaitSeconds: plan.toggleWaitMs / 1000,
    timeoutSeconds: plan.timeoutMs / 1000,
    items: plan.nodes.map((n) => ({
      name: n.name,
      instanceId: n.instanceId ?? null,
      now: n.now,
      after: n.after,
      action: n.action,
      method: n.method ?? null,
      notes: n.notes,
      warnings: n.warnings,
      skip: n.skip ?? null,
    })),
    warnings: plan.warnings,
  };
}

export function renderPlan(plan: ResyncPlan, paint: Palette): string {
  const todo = plan.nodes.filter((n) => n.action !== 'skip').length;
  const head =
    `Resync plan: ${todo} of ${plural(plan.nodes.length, 'node')}, ipamd ${plan.ipamdVersion}, method ${plan.method}` +
    `${plan.method === 'toggle' || plan.nodes.some((n) => n.action === 'enable') ? ` (pause ${formatDuration(plan.toggleWaitMs)})` : ''}, ${plan.concurrency} at a time, timeout ${formatDuration(plan.timeoutMs)} per node`;
  const rows = plan.nodes.map((n) => [
    n.name,
    n.action === 'skip' ? paint.dim(groups(n.now)) : groups(n.now),
    n.action === 'skip' ? '' : groups(n.after),
    n.action === 'skip' ? paint.dim('skip') : n.action === 'enable' ? 'toggle ("no" only)' : n.action,
    n.action === 'skip' ? paint.dim(n.skip ?? '') : n.notes.join('; '),
  ]);
  const warnings = plan.warnings.map((w) => `${paint.red(paint.bold('WARNING:'))} ${w}`);
  return [head, renderTable(['node', 'now', 'after', 'method', 'note'], rows).trimEnd(), ...(warnings.length > 0 ? ['', ...warnings] : [])].join('\n') + '\n';
}

const STEP_WORDS: Record<Step, string> = {
  disable: 'set "yes"',
  pause: 'pause',
  enable: 'set "no"',
  'need-sync': 'set need-sync',
  'await-sync': 'wait for ipamd',
  verify: 'verify',
  unmark: 'unmark',
};

const nowWords = (i: ResumeItem) => [i.now.disable === 'yes' ? 'disabled' : undefined, i.now.needSync === 'true' ? 'need-sync pending' : undefined].filter(Boolean).join(', ') || 'done, unverified';

export function resumePlanJson(runId: string | undefined, items: readonly ResumeItem[]) {
  return {
    resume: true,
    runId: runId ?? null,
    items: items.map((i) => ({ name: i.name, runId: i.runId, now: i.now, found: i.found ?? null, steps: i.steps, before: i.before, after: i.after })),
  };
}

export function renderResumePlan(items: readonly ResumeItem[]): string {
  const runs = [...new Set(items.map((i) => i.runId))];
  const head = `Resume: ${plural(items.length, 'node')} marked by ${runs.length === 1 ? `run ${runs[0]}` : `${runs.length} runs`}`;
  const rows = items.map((i) => [i.name, i.runId, nowWords(i), i.steps.map((s) => STEP_WORDS[s]).join(', '), groups(i.after)]);
  return `${head}\n${renderTable(['node', 'run', 'now', 'left to do', 'after'], rows)}`;
}

export interface ResultView {
  runIds: string[];
  items: NodeResult[];
  interrupted: boolean;
  stoppedBecause: string | undefined;
}

/** The command that finishes what a run left, when it left something. */
export function resumeCommand(r: ResultView): string | undefined {
  const left = r.items.filter((i) => i.marked);
  if (left.length === 0) return undefined;
  return `kubectl sg resync --resume${r.runIds.length === 1 ? ` ${r.runIds[0]}` : ''}`;
}

export function resultJson(r: ResultView) {
  return {
    runId: r.runIds.length === 1 ? r.runIds[0] : null,
    interrupted: r.interrupted,
    stopped: r.stoppedBecause ?? null,
    resume: resumeCommand(r) ?? null,
    items: r.items.map((i) => ({ name: i.name, result: i.result, before: i.before, after: i.after, method: i.method, detail: i.detail, marked: i.marked, stillDisabled: i.stillDisabled })),
  };
}

export function renderResult(r: ResultView, paint: Palette): string {
  const cell = (i: NodeResult) => (i.result === 'ok' ? paint.green('ok') : i.result === 'failed' ? paint.red('failed') : paint.yellow('skipped'));
  const table = renderTable(['node', 'result', 'detail'], r.items.map((i) => [i.name, cell(i), i.detail]));
  const n = (k: NodeResult['result']) => r.items.filter((i) => i.result === k).length;
  const total = `${plural(r.items.length, 'node')}: ${n('ok')} ok, ${n('failed')} failed, ${n('skipped')} skipped${r.runIds.length === 1 ? ` (run ${r.runIds[0]})` : ''}`;
  return `${table}${total}\n`;
}

/** What a person must act on after the run, one line each (stderr). */
export function leftOverLines(r: ResultView, paint: Palette): string[] {
  const lines: string[] = [];
  if (r.interrupted) lines.push(`interrupted: nodes in flight were carried to the end or restored; ${r.items.filter((i) => i.detail.startsWith('not started')).length} not started`);
  if (r.stoppedBecause) lines.push(`${paint.red('error:')} the run stopped: ${r.stoppedBecause}`);
  const disabled = r.items.filter((i) => i.stillDisabled);
  const command = resumeCommand(r);
  if (disabled.length > 0) {
    lines.push(
      `${paint.red(paint.bold('STILL DISABLED:'))} ${disabled.map((i) => i.name).join(', ')}: their pods have no security groups; the API server did not take "no"; as soon as it answers: ${command ?? 'kubectl sg resync --resume'} --yes`,
    );
  }
  const marked = r.items.filter((i) => i.marked);
  if (marked.length > 0 && command) {
    lines.push(`${marked.length} node${marked.length === 1 ? ' still carries' : 's still carry'} the run's marker (${marked.map((i) => i.name).slice(0, 5).join(', ')}${marked.length > 5 ? ', …' : ''}): ${command} finishes ${marked.length === 1 ? 'it' : 'them'}`);
  }
  return lines;
}
