// set cluster on TKE super nodes, the work: a pool's default groups or eks-config's. Same contract
// as on TKE and ECI: plan, --dry-run, RBAC (eks-config), the caller's cloud rights (a pool), the
// question (or --yes), one write, read back; then the pods that keep their groups until recreated.
import type { Factory } from '../../operations/factory.ts';
import { renderFields, renderObject } from '../render/object.ts';
import { structuredFormat } from '../render/output.ts';
import type { Palette } from '../render/color.ts';
import { ExitCode } from '../exit-codes.ts';
import { presentPlan } from '../mutation.ts';
import { withInterrupt } from '../interrupt.ts';
import { requireAccess } from '../../operations/write-access.ts';
import { applySuperNodeSetCluster, planSuperNodeSetCluster, superNodeSetClusterAccess, type SuperNodeSetClusterPlan, type SuperNodeSetClusterResult } from '../../operations/supernode/set-cluster.ts';
import { plural } from '../../domain/plural.ts';
import type { SetClusterArgs } from './set-cluster-args.ts';

const ONLY_NEW_PODS = 'only pods created from now on get the new default; running pods keep the groups they were created with until recreated (roll their workloads out)';

const placeJson = (p: SuperNodeSetClusterPlan['place']) => (p.kind === 'pool' ? { kind: 'pool', id: p.id, name: p.name } : { kind: 'eks-config', id: null, name: null });

/** The JSON contract of the plan (kind SetClusterPlan, provider supernode): keep field names stable. */
function planJson(p: SuperNodeSetClusterPlan) {
  return { provider: 'supernode', context: p.context, place: placeJson(p.place), before: p.before, after: p.after, changes: p.changes, noop: p.noop, pods: p.pods, warnings: p.warnings };
}

const resultJson = (r: SuperNodeSetClusterResult, p: SuperNodeSetClusterPlan) => ({
  provider: 'supernode',
  place: placeJson(p.place),
  before: r.before,
  after: r.after,
  changed: r.changed,
  verified: r.verified,
  note: ONLY_NEW_PODS,
  pods: r.pods,
});

function planTable(p: SuperNodeSetClusterPlan, paint: Palette): string {
  const change = p.noop ? [`none: the default is already ${p.after.join(',')}; nothing will be written`] : [...p.changes.removed.map((l) => paint.red(`- ${l}`)), ...p.changes.added.map((l) => paint.green(`+ ${l}`))];
  return renderFields([
    ['Cluster', `context ${p.context}, TKE super nodes`],
    ['Place', p.placeText],
    ['Before', p.before.join(', ') || '(none)'],
    ['After', paint.bold(p.after.join(', '))],
    ['Change', change],
    ['Affects', p.noop ? 'nothing' : ONLY_NEW_PODS],
    ['Pods now', p.pods.length > 0 ? `${plural(p.pods.length, 'pod')} would take the new default when recreated: ${p.pods.join(', ')}` : 'no running pod takes its groups from this default'],
  ]);
}

function resultTable(r: SuperNodeSetClusterResult): string {
  return renderFields([
    ['Changed', r.changed ? `${r.placeText}: ${r.before.join(',') || '(none)'} → ${r.after.join(',')}` : `nothing: the default is already ${r.after.join(',')}`],
    ['Verified', r.verified],
    ['Pods', r.changed ? ONLY_NEW_PODS : 'unchanged'],
  ]);
}

export async function runSuperNodeSetCluster(args: SetClusterArgs, f: Factory): Promise<number> {
  const tkeOnly = args.enable ? '--enable' : args.disable ? '--disable' : args['inherit-primary'] ? '--inherit-primary' : args['ipamd-version'] ? '--ipamd-version' : undefined;
  const kube = f.kube();
  const plan = await planSuperNodeSetCluster(kube, (hints) => f.tencent(hints), args['cluster-id'], { groups: args.groups, pool: args.pool, eksConfig: args['eks-config'] === true, tkeOnly });
  const go = await presentPlan(args, {
    plan,
    kind: 'SetClusterPlan',
    json: planJson,
    table: planTable,
    warnings: plan.warnings,
    noop: plan.noop,
    cloudRights: plan.cloudRights,
    checkAccess: () => requireAccess(kube, superNodeSetClusterAccess(plan)),
    question: `Change the default groups of ${plan.placeText}?`,
  });
  if (go !== true) return go;
  // One write: an interruption lets it finish (or not start).
  const result = await withInterrupt(() => applySuperNodeSetCluster(kube, plan), { stopping: 'stopping: the write in flight finishes', exiting: 'kubectl sg show cluster --provider supernode shows the defaults as they are' });
  const structured = structuredFormat(args.output);
  if (!structured) process.stdout.write('\n');
  process.stdout.write(structured ? renderObject(structured, 'SetClusterResult', resultJson(result, plan)) : resultTable(result));
  return ExitCode.ok;
}
