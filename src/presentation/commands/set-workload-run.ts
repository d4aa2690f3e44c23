// set workload, the work: read the flags, plan (every check before any write), show the plan,
// stop for --dry-run, confirm, write and wait for the rollout under Ctrl-C handling, show the
// result. With -o json|yaml stdout carries one document, as set node's: the SetWorkloadPlan with
// --dry-run, else the SetWorkloadResult; the plan is then shown on stderr when a person is asked.
import { factoryFor, type CommonArgs } from '../factory.ts';
import { confirm, requireConsentMode, type MutationArgs, type MutationOutput } from '../mutation.ts';
import { withInterrupt } from '../interrupt.ts';
import { renderObject } from '../render/object.ts';
import { paletteFor } from '../render/color.ts';
import { planText, resultTable, workloadName } from '../render/set-workload.ts';
import { ProgressLine } from '../render/progress.ts';
import { ExitCode } from '../exit-codes.ts';
import { BadInputError } from '../../domain/bad-input.ts';
import { parseDuration } from '../../domain/duration.ts';
import { providerFor } from '../../operations/providers.ts';
import { applySetWorkload, prepareSetWorkload, type SetWorkloadPlan, type SetWorkloadRun, type WorkloadResult } from '../../operations/set-workload.ts';
import { plural } from '../../domain/plural.ts';

/** The command line of `kubectl sg set workload`, as yargs parsed it (the command table in set-workload.ts). */
export interface SetWorkloadArgs extends CommonArgs, MutationArgs {
  workload?: string;
  groups?: string | string[];
  wait: boolean;
  timeout: string;
  output: MutationOutput;
}

export class SetWorkloadUsageError extends BadInputError {}


/** The JSON contract of the plan: keep field names stable (items, as set node's plan has them). */
const planJson = (plan: SetWorkloadPlan) => ({
  provider: 'eci',
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
  if (args.groups === undefined) throw new SetWorkloadUsageError('name the groups: kubectl sg set workload KIND/NAME --groups sg-a,sg-b (1 to 5, in the cluster\'s VPC)');
  return Array.isArray(args.groups) ? args.groups.join(',') : String(args.groups);
}

export async function runSetWorkload(args: SetWorkloadArgs): Promise<number> {
  requireConsentMode(args);
  if (args.workload === undefined) throw new SetWorkloadUsageError('name the workload: kubectl sg set workload KIND/NAME -n NAMESPACE --groups sg-a,sg-b (e.g. deployment/web)');
  const groups = groupsFlag(args);
  const timeoutMs = parseDuration(args.timeout, '--timeout');
  const structured = args.output === 'json' || args.output === 'yaml' ? args.output : undefined;
  const f = factoryFor(args);
  try {
    const kube = f.kube();
    await providerFor(kube, args.provider, ['eci'], 'set workload');
    const prepared = await prepareSetWorkload(kube, (hints) => f.alibaba(hints), {
      workload: String(args.workload),
      namespace: kube.target.namespace,
      groups,
      forWrite: !args['dry-run'],
    });
    const plan = prepared.plan;
    for (const w of plan.warnings) process.stderr.write(`warning: ${w}\n`);

    if (args['dry-run']) {
      process.stdout.write(structured ? renderObject(structured, 'SetWorkloadPlan', planJson(plan)) : planText(plan, paletteFor(process.stdout)));
      const replaced = plan.replaces ? `, ${plural(plan.pods.length, 'pod')} replaced` : '';
      process.stderr.write(`dry run: ${workloadName(plan)} ${plan.changed ? `would change${replaced}` : 'is unchanged'}; nothing was written\n`);
      return ExitCode.ok;
    }
    if (!structured) process.stdout.write(planText(plan, paletteFor(process.stdout)));
    if (plan.changed && !args.yes) {
      if (structured) process.stderr.write(planText(plan, paletteFor(process.stderr)));
      const replaced = plan.replaces && plan.pods.length > 0 ? `; ${plural(plan.pods.length, 'pod')} will be replaced` : '';
      if (!(await confirm(`Write the pod template of ${workloadName(plan)} in namespace ${plan.workload.namespace} (${plan.change})${replaced}?`))) {
        process.stderr.write('nothing was changed\n');
        return ExitCode.failure;
      }
    }

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
