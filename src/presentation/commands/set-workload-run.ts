// set workload, the work: read the flags, plan (every check before any write), then the plan
// path every mutating verb shares (mutation.ts: RBAC, the plan, --dry-run, the question), write
// and wait for the rollout under Ctrl-C handling, show the result. With -o json|yaml stdout
// carries one document, as set node's: the SetWorkloadPlan with --dry-run, else the
// SetWorkloadResult; the plan is then shown on stderr.
import { factoryFor } from '../factory.ts';
import type { SetWorkloadArgs } from './set-workload-args.ts';
import { presentPlan, requireConsentMode } from '../mutation.ts';
import { withInterrupt } from '../interrupt.ts';
import { renderObject } from '../render/object.ts';
import { structuredFormat } from '../render/output.ts';
import { paletteFor } from '../render/color.ts';
import { planText, resultTable, workloadName } from '../render/set-workload.ts';
import { ProgressLine } from '../render/progress.ts';
import { ExitCode } from '../exit-codes.ts';
import { BadInputError } from '../../domain/bad-input.ts';
import { parseDuration } from '../../domain/duration.ts';
import { providerFor } from '../../operations/providers.ts';
import { requireAccess } from '../../operations/write-access.ts';
import { applySetWorkload, setWorkloadAccess, type PreparedTemplateWrite, type SetWorkloadPlan, type SetWorkloadRequest, type SetWorkloadRun, type WorkloadResult } from '../../operations/workload-template-write.ts';
import { prepareSetWorkload } from '../../operations/eci/set-workload.ts';
import { prepareSuperNodeSetWorkload } from '../../operations/supernode/set-workload.ts';
import type { Factory } from '../../operations/factory.ts';
import type { ProviderName } from '../../domain/provider-choice.ts';
import { plural } from '../../domain/plural.ts';

export class SetWorkloadUsageError extends BadInputError {}


/** The providers whose pods take their groups from a template annotation, and how each plans the change. */
const SERVES = ['eci', 'supernode'] as const;
const PREPARE: Record<(typeof SERVES)[number], (f: Factory, args: SetWorkloadArgs, req: SetWorkloadRequest) => Promise<PreparedTemplateWrite>> = {
  eci: (f, _args, req) => prepareSetWorkload(f.kube(), (hints) => f.alibaba(hints), req),
  supernode: (f, args, req) => prepareSuperNodeSetWorkload(f.kube(), (hints) => f.tencent(hints), args['cluster-id'], req),
};

/** The JSON contract of the plan: keep field names stable (items, as set node's plan has them). */
const planJson = (provider: ProviderName) => (plan: SetWorkloadPlan) => ({
  provider,
  change: plan.change,
  items: [
    {
      name: workloadName(plan),
      namespace: plan.workload.namespace,
      before: plan.before,
      after: plan.after,
      changed: plan.changed,
      notes: plan.notes,
      annotation: plan.annotation,
      pods: plan.pods.map((p) => ({ name: p.name, node: p.node ?? null, instanceId: p.instanceId ?? null, groups: p.groups ?? null, replaced: plan.replaces })),
      rollout: plan.rollout,
    },
  ],
  warnings: plan.warnings,
});

/** The JSON contract of the result: keep field names stable. */
const resultJson = (run: SetWorkloadRun) => {
  const o = run.outcome;
  const count = (r: WorkloadResult) => (o.result === r ? 1 : 0);
  return {
    items: [{ name: o.name, namespace: o.namespace, before: o.before, after: o.after, result: o.result, pods: o.pods ?? null, detail: o.detail }],
    summary: { ok: count('ok'), failed: count('failed'), unchanged: count('unchanged'), notVerified: count('not-verified') },
    interrupted: run.interrupted,
  };
};

const summary = (run: SetWorkloadRun) => `${run.outcome.name}: ${run.outcome.result}${run.interrupted ? ' (interrupted)' : ''}`;

/** --groups given once or repeated (yargs makes an array of a repeated flag). */
function groupsFlag(args: SetWorkloadArgs): string {
  if (args.groups === undefined) throw new SetWorkloadUsageError('name the groups: kubectl sg set workload KIND/NAME --groups sg-a,sg-b (in priority order)');
  return Array.isArray(args.groups) ? args.groups.join(',') : String(args.groups);
}

export async function runSetWorkload(args: SetWorkloadArgs): Promise<number> {
  requireConsentMode(args);
  if (args.workload === undefined) throw new SetWorkloadUsageError('name the workload: kubectl sg set workload KIND/NAME -n NAMESPACE --groups sg-a,sg-b (e.g. deployment/web)');
  const groups = groupsFlag(args);
  const timeoutMs = parseDuration(args.timeout, '--timeout');
  const structured = structuredFormat(args.output);
  const f = factoryFor(args);
  try {
    const kube = f.kube();
    const provider = (await providerFor(kube, args.provider, SERVES, 'set workload')) as (typeof SERVES)[number];
    const prepared = await PREPARE[provider](f, args, { workload: String(args.workload), namespace: kube.target.namespace, groups });
    const plan = prepared.plan;
    const replaced = plan.replaces && plan.pods.length > 0 ? `; ${plural(plan.pods.length, 'pod')} will be replaced` : '';
    const go = await presentPlan(args, {
      plan,
      kind: 'SetWorkloadPlan',
      json: planJson(provider),
      table: planText,
      warnings: plan.warnings,
      noop: !plan.changed,
      checkAccess: () => requireAccess(kube, setWorkloadAccess(prepared)),
      // Only the workload is written; the cloud is read, never changed.
      cloudRights: undefined,
      dryRunSummary: `dry run: ${workloadName(plan)} ${plan.changed ? `would change${plan.replaces ? `, ${plural(plan.pods.length, 'pod')} replaced` : ''}` : 'is unchanged'}; nothing was written`,
      question: `Write the pod template of ${workloadName(plan)} in namespace ${plan.workload.namespace} (${plan.change})${replaced}?`,
    });
    if (go !== true) return go;

    const progress = plan.changed && plan.replaces && args.wait ? new ProgressLine(`${workloadName(plan)}: new pods carrying the groups`) : undefined;
    const say = { stopping: 'stopping: the workload stays written, the wait for its pods ends', exiting: `kubectl rollout status ${workloadName(plan)} -n ${plan.workload.namespace} shows where the rollout stands` };
    const run = await withInterrupt(
      (signal) =>
        applySetWorkload(prepared, {
          signal,
          wait: args.wait,
          timeoutMs,
          onProgress: (inSync, wanted) => progress?.update({ done: inSync, failed: 0, total: wanted }),
        }),
      say,
    );
    progress?.end();

    process.stdout.write(structured ? renderObject(structured, 'SetWorkloadResult', resultJson(run)) : resultTable(run, paletteFor(process.stdout)));
    process.stderr.write(`${summary(run)}\n`);
    if (run.interrupted) return ExitCode.interrupted;
    return run.outcome.result === 'failed' ? ExitCode.failure : ExitCode.ok;
  } finally {
    f.close();
  }
}
