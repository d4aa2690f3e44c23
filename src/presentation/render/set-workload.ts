// set workload's plan and result for people, as the CLI prints them and the TUI shows them.
import { renderTable } from './table.ts';
import type { Palette } from './color.ts';
import type { SetWorkloadPlan, SetWorkloadRun, WorkloadResult } from '../../operations/workload-template-write.ts';

const list = (groups: readonly string[] | undefined) => (groups === undefined ? '' : groups.join(','));
export const workloadName = (plan: SetWorkloadPlan) => `${plan.workload.kind.toLowerCase()}/${plan.workload.name}`;

export function planText(plan: SetWorkloadPlan, paint: Palette): string {
  const out: string[] = [];
  const where = `${workloadName(plan)} in namespace ${plan.workload.namespace}`;
  if (plan.changed) {
    out.push(`${where}, pod template annotations:`);
    for (const l of plan.annotation.removed) out.push(paint.red(`- ${l}`));
    for (const l of plan.annotation.added) out.push(paint.green(`+ ${l}`));
  } else {
    out.push(`${where}: the pod template already names ${list(plan.after)} ${paint.dim('(unchanged)')}`);
  }
  if (plan.pods.length === 0) out.push(`no pod of ${workloadName(plan)} runs now`);
  else {
    const after = plan.replaces ? list(plan.after) : paint.dim('(kept)');
    const rows = plan.pods.map((p) => [p.name, p.node ?? '', p.instanceId ?? '', list(p.groups), after]);
    out.push(renderTable(['pod', 'node', 'instance', 'groups now', 'after'], rows).trimEnd());
  }
  if (plan.changed) out.push(`rollout: ${plan.rollout}`);
  for (const n of plan.notes) out.push(`note: ${n}`);
  return out.join('\n') + '\n';
}

export function resultTable(run: SetWorkloadRun, paint: Palette): string {
  const o = run.outcome;
  const cell: Record<WorkloadResult, (s: string) => string> = { ok: paint.green, failed: paint.red, unchanged: (s) => s, 'not-verified': paint.yellow };
  const pods = o.pods ? `${o.pods.filter((p) => p.inSync).length}/${o.pods.length}` : '';
  return renderTable(['workload', 'namespace', 'result', 'pods', 'detail'], [[o.name, o.namespace, cell[o.result](o.result), pods, o.detail]]);
}
