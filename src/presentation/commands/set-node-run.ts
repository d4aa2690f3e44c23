// set node, the work: read the flags, plan (every check before any write), show the plan, stop
// for --dry-run, confirm, write and verify under Ctrl-C handling, show the result.
// With -o json|yaml stdout carries one document: the SetNodePlan with --dry-run, else the
// SetNodeResult (whose items carry before and after too); the plan is then shown on stderr
// when a person is asked to confirm it.
import { refuseOtherProvider } from '../../domain/provider-choice.ts';
import { factoryFor } from '../factory.ts';
import { confirm, requireConsentMode } from '../mutation.ts';
import { canPick, pickGroups, pickNodes } from '../tui/pickers.ts';
import { withInterrupt } from '../interrupt.ts';
import { renderObject } from '../render/object.ts';
import { renderTable } from '../render/table.ts';
import { paletteFor, type Palette } from '../render/color.ts';
import { ProgressLine } from '../render/progress.ts';
import { ExitCode } from '../exit-codes.ts';
import { describeEdit, groupEditFrom } from '../../domain/group-edit.ts';
import { parseDuration } from '../../domain/duration.ts';
import type { SetNodePlan } from '../../domain/set-node-plan.ts';
import { applySetNode, prepareSetNode, type NodeOutcome, type NodeResult, type SetNodeRun } from '../../operations/set-node.ts';
import type { SetNodeArgs } from './set-node.ts';

/** Below this many nodes a run is short enough to need no progress line. */
const PROGRESS_FROM = 20;

const list = (groups: readonly string[]) => groups.join(',');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The JSON contract of the plan: keep field names stable. */
const planJson = (plan: SetNodePlan) => ({
  ipamd: { version: plan.ipamd.version },
  change: describeEdit(plan.edit),
  items: plan.items.map((i) => ({ name: i.name, before: i.before, after: i.after, changed: i.changed, notes: i.notes })),
  warnings: plan.warnings,
});

function counts(outcomes: readonly NodeOutcome[]): Record<NodeResult, number> {
  const c: Record<NodeResult, number> = { ok: 0, failed: 0, unchanged: 0, 'not-verified': 0 };
  for (const o of outcomes) c[o.result]++;
  return c;
}

/** The JSON contract of the result: keep field names stable. */
const resultJson = (run: SetNodeRun) => {
  const c = counts(run.outcomes);
  return {
    items: run.outcomes.map((o) => ({ name: o.name, before: o.before, after: o.after, result: o.result, enis: o.enis ?? null, detail: o.detail })),
    summary: { ok: c.ok, failed: c.failed, unchanged: c.unchanged, notVerified: c['not-verified'] },
    interrupted: run.interrupted,
  };
};

export function planTable(plan: SetNodePlan, paint: Palette): string {
  const rows = plan.items.map((i) => [i.name, list(i.before), i.changed ? list(i.after) : paint.dim('(unchanged)'), i.notes.join('; ')]);
  return renderTable(['node', 'now', 'after', 'note'], rows);
}

export function resultTable(run: SetNodeRun, paint: Palette): string {
  const cell: Record<NodeResult, (s: string) => string> = { ok: paint.green, failed: paint.red, unchanged: (s) => s, 'not-verified': paint.yellow };
  const rows = run.outcomes.map((o) => [
    o.name,
    cell[o.result](o.result),
    o.enis ? `${o.enis.filter((e) => e.inSync).length}/${o.enis.length}` : '',
    o.detail,
  ]);
  return renderTable(['node', 'result', 'enis', 'detail'], rows);
}

export function summary(run: SetNodeRun): string {
  const c = counts(run.outcomes);
  const parts = [`${c.ok} ok`, `${c.failed} failed`, `${c.unchanged} unchanged`, `${c['not-verified']} not verified`];
  return `${parts.join(', ')}${run.interrupted ? ' (interrupted)' : ''}`;
}

/** On a terminal, what the command line left out (nodes, groups) is picked on screen; without one the checks below name it. */
async function pickWhatIsMissing(args: SetNodeArgs): Promise<void> {
  const needNodes = !args.names?.length && args.selector === undefined;
  const needGroups = args.groups === undefined && args.add === undefined && args.remove === undefined;
  if (!canPick() || (!needNodes && !needGroups)) return;
  const f = factoryFor(args);
  try {
    if (needNodes) args.names = await pickNodes(f, { verb: 'set node', clusterIdFlag: args['cluster-id'] });
    if (needGroups) args.groups = (await pickGroups(f, { verb: 'set node', nodes: args.names, clusterIdFlag: args['cluster-id'] })).join(',');
  } finally {
    f.close();
  }
}

export async function runSetNode(args: SetNodeArgs): Promise<number> {
  refuseOtherProvider(args.provider, 'tke', 'set node');
  requireConsentMode(args);
  await pickWhatIsMissing(args);
  // The flags alone are checked before anything is read (the node choice, first thing in prepare).
  const edit = groupEditFrom(args);
  const timeoutMs = parseDuration(args.timeout, '--timeout');
  const structured = args.output === 'json' || args.output === 'yaml' ? args.output : undefined;
  const f = factoryFor(args);
  try {
    const prepared = await prepareSetNode(f.kube(), (hints) => f.cloud(hints), {
      names: args.names?.map(String),
      selector: args.selector,
      edit,
      clusterIdFlag: args['cluster-id'],
      forWrite: !args['dry-run'],
    });
    const plan = prepared.plan;
    const changing = plan.items.filter((i) => i.changed).length;
    for (const w of plan.warnings) process.stderr.write(`warning: ${w}\n`);

    if (args['dry-run']) {
      process.stdout.write(structured ? renderObject(structured, 'SetNodePlan', planJson(plan)) : planTable(plan, paletteFor(process.stdout)));
      process.stderr.write(`dry run: ${plural(changing, 'node')} would change, ${plan.items.length - changing} unchanged; nothing was written\n`);
      return ExitCode.ok;
    }
    if (!structured) process.stdout.write(planTable(plan, paletteFor(process.stdout)));
    if (changing > 0 && !args.yes) {
      if (structured) process.stderr.write(planTable(plan, paletteFor(process.stderr)));
      if (!(await confirm(`Write the NodeENIConfig of ${plural(changing, 'node')} (${describeEdit(edit)})?`))) {
        process.stderr.write('nothing was changed\n');
        return ExitCode.failure;
      }
    }

    const progress = changing >= PROGRESS_FROM ? new ProgressLine('set node') : undefined;
    const say = { stopping: 'stopping: NEC writes in flight finish, nothing else is started', exiting: 'kubectl sg show node shows where each node stands' };
    const run = await withInterrupt((signal) =>
      applySetNode(prepared, {
        signal,
        wait: args.wait,
        timeoutMs,
        onProgress: (phase, done, total) => progress?.update({ done, failed: 0, total, detail: phase }),
      }),
      say,
    );
    progress?.end();

    process.stdout.write(structured ? renderObject(structured, 'SetNodeResult', resultJson(run)) : resultTable(run, paletteFor(process.stdout)));
    process.stderr.write(`${summary(run)}\n`);
    if (run.interrupted) return ExitCode.interrupted;
    return run.outcomes.some((o) => o.result === 'failed') ? ExitCode.failure : ExitCode.ok;
  } finally {
    f.close();
  }
}
