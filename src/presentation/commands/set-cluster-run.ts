// set cluster, the work: refuse a script without --yes, read the flags, plan (with the caller's
// own cloud rights for the addon write), then the plan path every mutating verb shares
// (mutation.ts: RBAC, the plan, --dry-run, those rights, the question), apply and verify, then say which existing
// nodes now differ from the policy and how to resync them. With -o json|yaml stdout carries one
// document (the plan with --dry-run, else the result); the plan then goes to stderr, for the
// question and the log.
import { factoryFor } from '../factory.ts';
import { renderFields, renderObject } from '../render/object.ts';
import { structuredFormat } from '../render/output.ts';
import { renderTable } from '../render/table.ts';
import { paletteFor, type Palette } from '../render/color.ts';
import { ExitCode } from '../exit-codes.ts';
import { presentPlan, requireConsentMode } from '../mutation.ts';
import { withInterrupt } from '../interrupt.ts';
import { describePolicy, settingIntent } from '../../domain/tke/cluster-setting-change.ts';
import type { ClusterPolicy } from '../../domain/cluster-policy.ts';
import { PLACE_NAMES } from '../../operations/tke/cluster-report.ts';
import { accessFor, applySetCluster, cloudRightsFor, planSetCluster, type SetClusterPlan, type SetClusterResult } from '../../operations/tke/set-cluster.ts';
import type { CloudRights } from '../../domain/tke/cloud-rights.ts';
import { cloudRightsJson, cloudRightsLines } from '../render/cloud-rights.ts';
import { requireAccess } from '../../operations/write-access.ts';
import { providerFor } from '../../operations/providers.ts';
import type { Factory } from '../../operations/factory.ts';
import { PROVIDERS, type ProviderName } from '../../domain/provider-choice.ts';
import { runEciSetCluster } from './set-cluster-eci-run.ts';
import { runSuperNodeSetCluster } from './set-cluster-supernode-run.ts';
import { refuseSuperNodePlaces } from './set-cluster-args.ts';
import type { SetClusterArgs } from './set-cluster-args.ts';
import { plural } from '../../domain/plural.ts';
import { lazyCloud } from '../../operations/cloud-access.ts';

const policyJson = (p: ClusterPolicy) => ({ enabled: p.enabled, globalList: p.globalList });

/** The plan as shown: with the caller's cloud rights for the calls made once confirmed. */
type ShownPlan = SetClusterPlan & { cloudRights: CloudRights | undefined };

/** The JSON contract of the plan: keep field names stable. */
function planJson(p: ShownPlan) {
  return {
    context: p.context,
    ipamd: { version: p.version },
    place: p.place,
    placeReason: p.placeReason,
    clusterId: p.clusterId ? { id: p.clusterId.id, source: p.clusterId.source } : null,
    before: policyJson(p.before),
    after: policyJson(p.after),
    changes: p.changes,
    noop: p.noop,
    warnings: p.warnings,
    cloudRights: cloudRightsJson(p.cloudRights),
  };
}

/** The JSON contract of the result: keep field names stable. */
function resultJson(r: SetClusterResult) {
  return {
    place: r.place,
    before: policyJson(r.before),
    after: policyJson(r.after),
    changed: r.changed,
    verified: r.verified,
    warnings: r.warnings,
    interrupted: r.interrupted,
    nodesDiffering: r.nodesDiffering ?? null,
    nodesPending: r.nodesPending,
    nodesNote: r.nodesNote ?? null,
    resyncCommand: r.resyncCommand ?? null,
  };
}

function planTable(p: ShownPlan, paint: Palette): string {
  const change = p.noop
    ? [`none: ${PLACE_NAMES[p.place]} already says ${describePolicy(p.after)}; nothing will be written`]
    : [...p.changes.removed.map((l) => paint.red(`- ${l}`)), ...p.changes.added.map((l) => paint.green(`+ ${l}`))];
  return renderFields([
    ['Cluster', `context ${p.context}, ipamd ${p.version}`],
    ['Place', PLACE_NAMES[p.place]],
    ['Why there', p.placeReason],
    ['Before', describePolicy(p.before)],
    ['After', paint.bold(describePolicy(p.after))],
    ['Change', change],
    ...(p.cloudRights ? [['Cloud rights', cloudRightsLines(p.cloudRights, paint)] as const] : []),
    ['Warnings', p.warnings.map((w) => paint.yellow(w))],
  ]);
}

function resultTable(r: SetClusterResult, paint: Palette): string {
  const fields: [string, string | string[]][] = [
    ['Changed', r.changed ? `${PLACE_NAMES[r.place]}: ${describePolicy(r.before)} → ${describePolicy(r.after)}` : `nothing: ${PLACE_NAMES[r.place]} already says ${describePolicy(r.after)}`],
  ];
  if (r.changed) fields.push(['Verified', r.verified]);
  if (r.interrupted) return renderFields(fields);
  const differing = r.nodesDiffering;
  let nodes: string;
  if (differing === undefined) nodes = r.nodesNote ?? 'not compared';
  else if (r.nodesNote) nodes = r.nodesNote;
  else if (differing.length === 0) nodes = 'every existing node\'s NEC already matches the policy';
  else nodes = paint.yellow(`${plural(differing.length, 'existing node')} differ from the policy: their NEC keeps the groups it has until they are resynced`);
  fields.push(['Nodes', r.nodesPending.length > 0 ? [nodes, `${r.nodesPending.length} node(s) whose NEC lists no groups yet get the policy's from ipamd itself`] : nodes]);
  if (r.resyncCommand) fields.push(['Resync', r.resyncCommand]);
  let out = renderFields(fields);
  if (differing && differing.length > 0) {
    out += '\n' + renderTable(['name', 'nec-groups', 'policy-groups'], differing.map((d) => [d.name, d.necGroups.join(','), d.policyGroups.join(',')]));
  }
  return out;
}

/** What `set cluster` changes on each provider: the flags mean different things (ECI has one default group and no on/off). */
const SET_CLUSTER: Record<ProviderName, (args: SetClusterArgs, f: Factory) => Promise<number>> = {
  tke: setTkeCluster,
  supernode: runSuperNodeSetCluster,
  eci: runEciSetCluster,
};


export async function runSetCluster(args: SetClusterArgs): Promise<number> {
  requireConsentMode(args);
  const f = factoryFor(args);
  try {
    return await SET_CLUSTER[await providerFor(f.kube(), args.provider, PROVIDERS, 'set cluster')](args, f);
  } finally {
    f.close();
  }
}

async function setTkeCluster(args: SetClusterArgs, f: Factory): Promise<number> {
  refuseSuperNodePlaces(args, 'TKE VPC-CNI');
  const kube = f.kube();
  const intent = settingIntent({ enable: args.enable, disable: args.disable, groups: args.groups, inheritPrimary: args['inherit-primary'] });
  const structured = structuredFormat(args.output);
  const cloud = lazyCloud((hints) => f.tencent(hints));
  const plan = await planSetCluster(kube, { intent, clusterIdFlag: args['cluster-id'], ipamdVersionFlag: args['ipamd-version'], cloud });
  const cloudRights = await cloudRightsFor(plan, cloud);
  const go = await presentPlan(args, {
    plan: { ...plan, cloudRights },
    kind: 'SetClusterPlan',
    json: planJson,
    table: planTable,
    noop: plan.noop,
    checkAccess: () => requireAccess(kube, accessFor(plan)),
    cloudRights,
    question: `Change ${PLACE_NAMES[plan.place]}?`,
  });
  if (go !== true) return go;
  const result = await withInterrupt((signal) =>
    applySetCluster(kube, plan, { clusterIdFlag: args['cluster-id'], cloud, signal, progress: (line) => process.stderr.write(`${line}\n`) }),
    { stopping: 'stopping: a write in flight finishes, the wait for ipamd ends', exiting: 'kubectl sg show cluster shows the setting as it is' },
  );
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
  if (!structured) process.stdout.write('\n');
  process.stdout.write(structured ? renderObject(structured, 'SetClusterResult', resultJson(result)) : resultTable(result, paletteFor(process.stdout)));
  if (result.interrupted) {
    process.stderr.write(
      result.changed
        ? 'interrupted: the change was written and read back; stopped waiting for ipamd\'s side to take it (kubectl sg show cluster tells where it is)\n'
        : 'interrupted before anything was written: nothing was changed\n',
    );
    return ExitCode.interrupted;
  }
  return ExitCode.ok;
}
