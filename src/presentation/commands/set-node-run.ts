// set node, the work: read the flags, plan (every check before any write), show the plan, stop
// for --dry-run, confirm, write and verify under Ctrl-C handling, show the result.
// With -o json|yaml stdout carries one document: the SetNodePlan with --dry-run, else the
// SetNodeResult (whose items carry before and after too); the plan is then shown on stderr
// when a person is asked to confirm it.
import { refuseOtherProvider } from '../../domain/provider-choice.ts';
import { factoryFor, type CommonArgs } from '../factory.ts';
import { confirm, requireConsentMode, type MutationArgs, type MutationOutput } from '../mutation.ts';
import { canPick, pickGroups, pickNodes } from '../tui/pickers.ts';
import { withInterrupt } from '../interrupt.ts';
import { renderObject } from '../render/object.ts';
import { planJson, planTable, resultJson, resultTable, summary } from '../render/set-node.ts';
import { paletteFor } from '../render/color.ts';
import { ProgressLine } from '../render/progress.ts';
import { ExitCode } from '../exit-codes.ts';
import { describeEdit, groupEditFrom } from '../../domain/tke/group-edit.ts';
import { parseDuration } from '../../domain/duration.ts';
import { applySetNode, prepareSetNode } from '../../operations/tke/set-node.ts';
import { plural } from '../../domain/plural.ts';

/** The command line of `kubectl sg set node`, as yargs parsed it (the command table in set-node.ts). */
export interface SetNodeArgs extends CommonArgs, MutationArgs {
  names?: string[];
  selector?: string;
  groups?: string | string[];
  add?: string | string[];
  remove?: string | string[];
  first: boolean;
  wait: boolean;
  timeout: string;
  output: MutationOutput;
}

/** Below this many nodes a run is short enough to need no progress line. */
const PROGRESS_FROM = 20;


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
    const prepared = await prepareSetNode(f.kube(), (hints) => f.tencent(hints), {
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
