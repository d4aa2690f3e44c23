// How a set node shows itself: its plan before anything is written (NODE, NOW, AFTER, NOTE for
// people), its result (NODE, RESULT, ENIS, DETAIL) and summary line; the JSON field names are a
// contract (docs/changing-groups.md). Shared by the verb and the TUI, which shows the same plan and result.
import { describeEdit } from '../../domain/tke/group-edit.ts';
import type { SetNodePlan } from '../../domain/tke/set-node-plan.ts';
import type { NodeOutcome, NodeResult, SetNodeRun } from '../../operations/tke/set-node.ts';
import type { Palette } from './color.ts';
import { renderTable } from './table.ts';

const list = (groups: readonly string[]) => groups.join(',');

/** The JSON contract of the plan: keep field names stable. */
export const planJson = (plan: SetNodePlan) => ({
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
export const resultJson = (run: SetNodeRun) => {
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
