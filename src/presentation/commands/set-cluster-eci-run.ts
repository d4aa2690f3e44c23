// set cluster on ECI, the work: the default group of new ECI pods in eci-profile. Same contract
// as on TKE: plan, --dry-run, RBAC, question (or --yes), write, read back; then the workloads
// whose running pods keep the old group until they roll out.
import type { Factory } from '../../operations/factory.ts';
import { structuredFormat } from '../render/output.ts';
import { renderObject } from '../render/object.ts';
import { paletteFor } from '../render/color.ts';
import { eciPlanTable, eciResultTable, ONLY_NEW_PODS } from '../render/eci-set-cluster.ts';
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
import { profileReloadJson } from '../render/eci-profile-reload.ts';

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
    table: eciPlanTable,
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
  process.stdout.write(structured ? renderObject(structured, 'SetClusterResult', resultJson(result)) : eciResultTable(result, paletteFor(process.stdout)));
  return ExitCode.ok;
}
