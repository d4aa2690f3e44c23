// set cluster on ECI, the work: the default group of new ECI pods in eci-profile. Same contract
// as on TKE: plan, --dry-run, RBAC, question (or --yes), write, read back; then the workloads
// whose running pods keep the old group until they roll out.
import type { Factory } from '../../operations/factory.ts';
import { renderFields, renderObject } from '../render/object.ts';
import { structuredFormat } from '../render/output.ts';
import { renderTable } from '../render/table.ts';
import { paletteFor, type Palette } from '../render/color.ts';
import { ExitCode } from '../exit-codes.ts';
import { presentPlan } from '../mutation.ts';
import { withInterrupt } from '../interrupt.ts';
import { requireAccess } from '../../operations/write-access.ts';
import {
  applyEciSetCluster,
  eciDefaultGroupIntent,
  eciSetClusterAccess,
  ECI_PROFILE_PLACE,
  planEciSetCluster,
  type EciSetClusterPlan,
  type EciSetClusterResult,
  type StaleWorkload,
} from '../../operations/eci/set-cluster.ts';
import { refuseSuperNodePlaces, type SetClusterArgs } from './set-cluster-args.ts';
import { profileReloadJson, profileReloadLines } from '../render/eci-profile-reload.ts';
import { plural } from '../../domain/plural.ts';

const ONLY_NEW_PODS = 'only pods created from now on get the new default; running pods keep the group they were created with until their workload rolls out';

const staleJson = (w: StaleWorkload) => ({ kind: w.kind, namespace: w.namespace, name: w.name, pods: w.pods });

/** The JSON contract of the ECI plan (kind SetClusterPlan, provider eci): keep field names stable. */
function planJson(p: EciSetClusterPlan) {
  return {
    provider: 'eci',
    context: p.context,
    place: 'eci-profile',
    before: { securityGroupId: p.before ?? null },
    after: { securityGroupId: p.after },
    group: { id: p.group.id, name: p.group.name, type: p.group.type, vpcId: p.group.vpcId },
    changes: p.changes,
    noop: p.noop,
    staleWorkloads: p.staleWorkloads.map(staleJson),
    profileChanges: profileReloadJson(p.profileReload),
    warnings: p.warnings,
  };
}

function resultJson(r: EciSetClusterResult) {
  return {
    provider: 'eci',
    place: 'eci-profile',
    before: { securityGroupId: r.before ?? null },
    after: { securityGroupId: r.after },
    changed: r.changed,
    verified: r.verified,
    note: ONLY_NEW_PODS,
    staleWorkloads: r.staleWorkloads.map(staleJson),
    profileChanges: profileReloadJson(r.profileReload),
    warnings: r.warnings,
  };
}

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

function planTable(p: EciSetClusterPlan, paint: Palette): string {
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

function resultTable(r: EciSetClusterResult, paint: Palette): string {
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

export async function runEciSetCluster(args: SetClusterArgs, f: Factory): Promise<number> {
  refuseSuperNodePlaces(args, 'Alibaba ECI');
  const group = eciDefaultGroupIntent({ groups: args.groups, enable: args.enable, disable: args.disable, inheritPrimary: args['inherit-primary'] });
  const structured = structuredFormat(args.output);
  const kube = f.kube();
  const plan = await planEciSetCluster(kube, { group, openCloud: (hints) => f.alibaba(hints) });
  const go = await presentPlan(args, {
    plan,
    kind: 'SetClusterPlan',
    json: planJson,
    table: planTable,
    noop: plan.noop,
    // The ECI profile is a Kubernetes object: nothing is written in the cloud.
    cloudRights: undefined,
    checkAccess: () => requireAccess(kube, eciSetClusterAccess(plan)),
    question: `Change ${ECI_PROFILE_PLACE}?`,
  });
  if (go !== true) return go;
  // One write: an interruption lets it finish (or not start); either way the profile is whole.
  const result = await withInterrupt(() => applyEciSetCluster(kube, plan), { stopping: 'stopping: the write in flight finishes', exiting: 'kubectl sg show cluster shows the default as it is' });
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
  if (!structured) process.stdout.write('\n');
  process.stdout.write(structured ? renderObject(structured, 'SetClusterResult', resultJson(result)) : resultTable(result, paletteFor(process.stdout)));
  return ExitCode.ok;
}
