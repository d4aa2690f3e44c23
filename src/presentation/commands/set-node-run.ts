// set node, the work: read the flags, plan (every check before any write), then the plan path
// every mutating verb shares (mutation.ts: RBAC, the plan, --dry-run, the question), write and
// verify under Ctrl-C handling, show the result. With -o json|yaml stdout carries one document:
// the SetNodePlan with --dry-run, else the SetNodeResult (whose items carry before and after
// too); the plan is then shown on stderr.
import { refuseOtherProvider } from '../../domain/provider-choice.ts';
import { factoryFor } from '../factory.ts';
import type { SetNodeArgs } from './set-node-args.ts';
import { presentPlan, requireConsentMode } from '../mutation.ts';
import { canPick, pickGroups, pickNodes } from '../tui/pickers.ts';
import { withInterrupt } from '../interrupt.ts';
import { renderObject } from '../render/object.ts';
import { structuredFormat } from '../render/output.ts';
import { planJson, planTable, resultJson, resultTable, summary } from '../render/set-node.ts';
import { paletteFor } from '../render/color.ts';
import { ProgressLine } from '../render/progress.ts';
import { ExitCode } from '../exit-codes.ts';
import { describeEdit, groupEditFrom } from '../../domain/tke/group-edit.ts';
import { parseDuration } from '../../domain/duration.ts';
import { applySetNode, prepareSetNode, setNodeAccess } from '../../operations/tke/set-node.ts';
import { requireAccess } from '../../operations/write-access.ts';
import { plural } from '../../domain/plural.ts';

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
  const structured = structuredFormat(args.output);
  const f = factoryFor(args);
  try {
    const kube = f.kube();
    const prepared = await prepareSetNode(kube, (hints) => f.tencent(hints), {
      names: args.names?.map(String),
      selector: args.selector,
      edit,
      clusterIdFlag: args['cluster-id'],
      forWrite: false,
    });
    const plan = prepared.plan;
    const changing = plan.items.filter((i) => i.changed).length;
    const go = await presentPlan(args, {
      plan,
      kind: 'SetNodePlan',
      json: planJson,
      table: planTable,
      warnings: plan.warnings,
      noop: changing === 0,
      checkAccess: () => requireAccess(kube, setNodeAccess(plan)),
      // Only NodeENIConfigs are written; the cloud is read, never changed.
      cloudRights: undefined,
      dryRunSummary: `dry run: ${plural(changing, 'node')} would change, ${plan.items.length - changing} unchanged; nothing was written`,
      question: `Write the NodeENIConfig of ${plural(changing, 'node')} (${describeEdit(edit)})?`,
    });
    if (go !== true) return go;

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
