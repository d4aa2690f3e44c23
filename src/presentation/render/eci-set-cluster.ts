// set cluster --provider eci's plan and result for people, as the CLI prints them and the TUI
// shows them: the one line of eci-profile that changes, when it takes effect, and the workloads
// whose running pods keep the old default until they roll out.
import { renderFields } from './object.ts';
import { renderTable } from './table.ts';
import type { Palette } from './color.ts';
import { profileReloadLines } from './eci-profile-reload.ts';
import { ECI_PROFILE_PLACE, type EciSetClusterPlan, type EciSetClusterResult, type StaleWorkload } from '../../operations/eci/set-cluster.ts';
import { plural } from '../../domain/plural.ts';

export const ONLY_NEW_PODS = 'only pods created from now on get the new default; running pods keep the group they were created with until their workload rolls out';

/** How a workload's pods get recreated, so that they take the new default. */
function howToMove(w: StaleWorkload): string {
  const ref = `${w.kind.toLowerCase()}/${w.name}`;
  if (['Deployment', 'StatefulSet', 'DaemonSet'].includes(w.kind)) return `kubectl rollout restart ${ref} -n ${w.namespace}`;
  if (w.kind === 'CronJob') return 'its next Job';
  if (w.kind === 'Job') return 'a new Job (a finished Job keeps its pods)';
  return 'delete and recreate the pod';
}

function staleTable(workloads: readonly StaleWorkload[]): string {
  return renderTable(['namespace', 'workload', 'pods', 'to-move-them'], workloads.map((w) => [w.namespace, `${w.kind.toLowerCase()}/${w.name}`, w.pods.join(','), howToMove(w)]));
}

export function eciPlanTable(p: EciSetClusterPlan, paint: Palette): string {
  const change = p.noop ? [`none: the default is already ${p.after}; nothing will be written`] : [...p.changes.removed.map((l) => paint.red(`- ${l}`)), ...p.changes.added.map((l) => paint.green(`+ ${l}`))];
  let out = renderFields([
    ['Cluster', `context ${p.context}, Alibaba ECI`],
    ['Place', ECI_PROFILE_PLACE],
    ['Before', p.before ?? '(none)'],
    ['After', paint.bold(`${p.after} ${p.group.name} (${p.group.type}, ${p.group.vpcId})`)],
    ['Change', change],
    ['Affects', p.noop ? 'nothing' : ONLY_NEW_PODS],
    ['Takes effect', p.noop ? 'nothing changes' : profileReloadLines(p.profileReload, paint)],
    ['Warnings', p.warnings.map((w) => paint.yellow(w))],
  ]);
  if (p.staleWorkloads.length > 0) out += `\nWorkloads whose running pods keep ${p.before} until they roll out:\n` + staleTable(p.staleWorkloads);
  return out;
}

export function eciResultTable(r: EciSetClusterResult, paint: Palette): string {
  const fields: [string, string | string[]][] = [
    ['Changed', r.changed ? `${ECI_PROFILE_PLACE}: ${r.before ?? '(none)'} → ${r.after}` : `nothing: the default is already ${r.after}`],
    ['Verified', r.verified],
    ['Pods', r.changed ? ONLY_NEW_PODS : 'unchanged'],
  ];
  if (r.changed) fields.push(['Takes effect', profileReloadLines(r.profileReload, paint)]);
  if (r.changed && r.staleWorkloads.length > 0) {
    fields.push(['Roll out', paint.yellow(`${plural(r.staleWorkloads.length, 'workload')} still run pods with ${r.before}, listed below with how to move them`)]);
  }
  let out = renderFields(fields);
  if (r.changed && r.staleWorkloads.length > 0) out += '\n' + staleTable(r.staleWorkloads);
  return out;
}
