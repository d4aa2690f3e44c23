// resync, the work: check the command line, read and plan, then the plan path every mutating
// verb shares (mutation.ts: RBAC, the plan, --dry-run, the question), run with Ctrl-C/SIGTERM
// turned into a clean stop, show the result. --resume takes the same path from the nodes'
// markers instead of a selection.
import { refuseOtherProvider } from '../../domain/provider-choice.ts';
import { BadInputError } from '../../domain/bad-input.ts';
import { parseDuration, formatDuration } from '../../domain/duration.ts';
import { defaultConcurrency, DOCUMENTED_PAUSE_MS, IN_SYNC, type MethodChoice } from '../../domain/tke/resync-plan.ts';
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import type { VpcApi } from '../../adapters/tencent/vpc.ts';
import { requireAccess } from '../../operations/write-access.ts';
import { executeResync, type ExecutionJob, type ExecutionProgress, type NodeResult } from '../../operations/tke/resync-execution.ts';
import { RunJournal } from '../../operations/tke/resync-journal.ts';
import { prepareResync, runNewResync, skippedResults, type ResyncRequest } from '../../operations/tke/resync.ts';
import { prepareResume, resumeJobsOf } from '../../operations/tke/resync-resume.ts';
import { ExitCode } from '../exit-codes.ts';
import { factoryFor } from '../factory.ts';
import type { ResyncArgs } from './resync-args.ts';
import { withInterrupt } from '../interrupt.ts';
import { presentPlan, requireConsentMode } from '../mutation.ts';
import { canPick, pickNodes } from '../tui/pickers.ts';
import { paletteFor } from '../render/color.ts';
import { renderObject } from '../render/object.ts';
import { structuredFormat } from '../render/output.ts';
import { ProgressLine } from '../render/progress.ts';
import { leftOverLines, planJson, renderPlan, renderResult, renderResumePlan, resultJson, resumePlanJson, type ResultView } from '../render/resync.ts';
import { plural } from '../../domain/plural.ts';
import type { CloudOpener } from '../../operations/cloud-access.ts';

const PATCH_NODES = [{ verb: 'patch', group: '', resource: 'nodes' }];

/** The command line as a request; every mistake is one line naming it (exit 2). */
function requestOf(args: ResyncArgs): ResyncRequest & { resume: string | undefined } {
  const names = args.names ?? [];
  const selector = args.selector;
  const resume = args.resume;
  if (resume !== undefined) {
    const also = [names.length > 0 && 'node names', selector !== undefined && '-l', args.all && '--all', args.drifted && '--drifted', args.method !== undefined && '--method', args.force && '--force'].filter(Boolean);
    if (also.length > 0) throw new BadInputError(`--resume finishes the nodes an earlier run marked, with the method that run used: drop ${also.join(', ')}`);
  } else if (args.all) {
    const also = [names.length > 0 && `node names (${names.join(', ')})`, selector !== undefined && '-l', args.drifted && '--drifted'].filter(Boolean);
    if (also.length > 0) throw new BadInputError(`--all resyncs every node: drop ${also.join(', ')}, or drop --all`);
  } else if (names.length > 0 && (selector !== undefined || args.drifted)) {
    throw new BadInputError(`name nodes, or select them with ${selector !== undefined ? '-l' : '--drifted'}, not both`);
  } else if (names.length === 0 && selector === undefined && !args.drifted) {
    throw new BadInputError('name the nodes to resync: NAME..., -l SELECTOR, --all or --drifted (or --resume to finish an interrupted run)');
  }
  if (args.force && args.drifted) throw new BadInputError('--force resyncs nodes in sync too, --drifted only nodes that are not: drop one');
  if (selector !== undefined && selector.trim() === '') throw new BadInputError('-l is empty: give a label selector, e.g. -l pool=web');
  if (args.cloud === false) throw new BadInputError('--no-cloud cannot be used: resync verifies every node\'s ENIs in the cloud');
  let concurrency: number | undefined;
  if (args.concurrency !== undefined) {
    concurrency = Number(args.concurrency);
    if (!/^\d+$/.test(args.concurrency.trim()) || concurrency < 1) throw new BadInputError(`--concurrency "${args.concurrency}" is not a whole number of nodes >= 1 (default: 40 with the toggle, 100 with need-sync)`);
  }
  const toggleWaitMs = parseDuration(args['toggle-wait'], '--toggle-wait');
  const timeoutMs = parseDuration(args.timeout, '--timeout');
  if (timeoutMs <= toggleWaitMs) throw new BadInputError(`--timeout ${args.timeout} must be longer than --toggle-wait ${args['toggle-wait']}: each node's pause is part of its time`);
  return {
    names,
    selector,
    all: args.all,
    drifted: args.drifted,
    force: args.force,
    method: args.method ?? 'auto',
    concurrency,
    toggleWaitMs,
    timeoutMs,
    clusterIdFlag: args['cluster-id'],
    ipamdVersionFlag: args['ipamd-version'],
    resume: resume === undefined ? undefined : resume.trim(),
  };
}

/**
 * The work is done and the process is on its way out: a signal now (the first one) must not
 * kill it by its default action — to a caller that would read as "died mid-run" — but still
 * says the verb was interrupted: exit 130.
 */
function answerLateSignals(): void {
  const late = () => process.once('exit', () => void (process.exitCode = ExitCode.interrupted));
  process.once('SIGINT', late);
  process.once('SIGTERM', late);
}

/** Ctrl-C/SIGTERM before the first write: the verb ends at once, nothing changed (exit 130). */
class StoppedBeforeWriting extends Error {}

/** `work`, unless the signal comes first (then what `work` does or fails with no longer matters). */
function orStop<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  work.catch(() => {});
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(new StoppedBeforeWriting());
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

/** The result: NODE/RESULT/DETAIL or `kind: ResyncResult` on stdout, what is left to act on on stderr; the exit code. */
function report(args: ResyncArgs, view: ResultView): number {
  const format = structuredFormat(args.output);
  if (format) process.stdout.write(renderObject(format, 'ResyncResult', resultJson(view)));
  else if (view.items.length > 0) process.stdout.write(renderResult(view, paletteFor(process.stdout)));
  for (const line of leftOverLines(view, paletteFor(process.stderr))) process.stderr.write(`${line}\n`);
  if (view.interrupted) return ExitCode.interrupted;
  return view.stoppedBecause || view.items.some((r) => r.result === 'failed') ? ExitCode.failure : ExitCode.ok;
}

/** Nothing to do: an empty plan or result for scripts, one line for people. */
function nothingToDo(args: ResyncArgs, plan: () => object, view: ResultView, line: string): number {
  const format = structuredFormat(args.output);
  if (format && args['dry-run']) process.stdout.write(renderObject(format, 'ResyncPlan', plan()));
  else report(args, view);
  process.stderr.write(`${line}\n`);
  return ExitCode.ok;
}

interface RunInput {
  args: ResyncArgs;
  kube: KubeClient;
  vpc: VpcApi;
  jobs: ExecutionJob[];
  /** Results known before the run: nodes the plan skips. */
  skipped: NodeResult[];
  /** Node order of the summary. */
  order: string[];
  journals: Map<string, RunJournal>;
  concurrency: number;
  toggleWaitMs: number;
  timeoutMs: number;
  label: string;
  signal: AbortSignal;
}

/** Runs the jobs (the signal stops them cleanly), then reports. */
/** The progress line of a run: nodes done and failed, in flight, and how many are without groups right now. */
function progressLine(label: string): { update: (p: ExecutionProgress) => void; end: () => void } {
  const line = new ProgressLine(label);
  return {
    update: (p) => line.update({ done: p.done, failed: p.failed, total: p.total, detail: `${p.inFlight} in flight${p.unbound > 0 ? `, ${p.unbound} without groups now` : ''}` }),
    end: () => line.end(),
  };
}

async function runAndReport(i: RunInput): Promise<number> {
  const progress = progressLine(i.label);
  const result = await executeResync({
    kube: i.kube,
    vpc: i.vpc,
    jobs: i.jobs,
    concurrency: i.concurrency,
    toggleWaitMs: i.toggleWaitMs,
    timeoutMs: i.timeoutMs,
    signal: i.signal,
    journals: i.journals,
    onProgress: progress.update,
  });
  progress.end();
  const runOf = new Map(i.jobs.map((j) => [j.name, j.runId]));
  for (const [runId, journal] of i.journals) journal.setFinished(!result.items.some((r) => r.marked && runOf.get(r.name) === runId));
  const byName = new Map([...i.skipped, ...result.items].map((r) => [r.name, r]));
  return report(i.args, {
    runIds: [...new Set(i.jobs.map((j) => j.runId))],
    items: i.order.map((n) => byName.get(n)).filter((r): r is NodeResult => r !== undefined),
    interrupted: result.interrupted,
    stoppedBecause: result.stoppedBecause,
  });
}

const noRun = (items: NodeResult[] = []): ResultView => ({ runIds: [], items, interrupted: false, stoppedBecause: undefined });

async function resyncNew(args: ResyncArgs, r: ResyncRequest, kube: KubeClient, openCloud: CloudOpener, signal: AbortSignal): Promise<number> {
  const prepared = await orStop(signal, prepareResync(kube, openCloud, r));
  const { plan } = prepared;
  if (plan.nodes.length === 0) return nothingToDo(args, () => planJson(plan), noRun(), r.drifted ? 'No drifted nodes: nothing to resync.' : 'No nodes: nothing to resync.');
  const todo = plan.nodes.filter((n) => n.action !== 'skip');
  const skipped = skippedResults(plan);
  const how = plan.method === 'toggle' ? `the toggle (each node's pods lose their groups for about ${formatDuration(plan.toggleWaitMs)})` : 'need-sync';
  const go = await presentPlan(args, {
    plan,
    kind: 'ResyncPlan',
    json: planJson,
    table: renderPlan,
    noop: todo.length === 0,
    checkAccess: () => orStop(signal, requireAccess(kube, PATCH_NODES)),
    // Only nodes are patched: ipamd, not the caller, makes the cloud calls.
    cloudRights: undefined,
    question: `Resync ${plural(todo.length, 'node')} with ${how}?`,
  });
  if (go !== true) return go;
  if (todo.length === 0) {
    const inSync = plan.nodes.some((n) => n.skip === IN_SYNC) ? ' (--force resyncs those in sync anyway)' : '';
    return nothingToDo(args, () => planJson(plan), noRun(skipped), `Nothing to resync: every node selected is skipped${inSync}.`);
  }
  if (signal.aborted) throw new StoppedBeforeWriting();

  let progress: ReturnType<typeof progressLine> | undefined;
  const outcome = await runNewResync(kube, prepared, {
    signal,
    warn: (m) => process.stderr.write(`warning: ${m}\n`),
    onProgress: (p) => progress?.update(p),
    onStart: (runId, journalPath) => {
      progress = progressLine(`resync ${runId}`);
      process.stderr.write(`resync ${runId}: ${plural(todo.length, 'node')}, ${plan.concurrency} at a time; journal ${journalPath}; Ctrl-C stops and restores the nodes in flight\n`);
    },
  });
  progress?.end();
  return report(args, { runIds: [outcome.runId], items: outcome.items, interrupted: outcome.interrupted, stoppedBecause: outcome.stoppedBecause });
}

async function resyncResume(args: ResyncArgs, r: ResyncRequest & { resume: string | undefined }, kube: KubeClient, openCloud: CloudOpener, signal: AbortSignal): Promise<number> {
  const runId = r.resume === '' ? undefined : r.resume;
  const prepared = await orStop(signal, prepareResume(kube, openCloud, { runId, clusterIdFlag: r.clusterIdFlag, onJournalError: (m) => process.stderr.write(`warning: ${m}\n`) }));
  if (prepared.items.length === 0 || !prepared.vpc) {
    const line = runId ? `Run ${runId} is finished: no node carries its marker.` : 'No interrupted resync runs: no node carries kubectl-sg.io/resync-run.';
    return nothingToDo(args, () => resumePlanJson(runId, []), { ...noRun(), runIds: runId ? [runId] : [] }, line);
  }
  const go = await presentPlan(args, {
    plan: prepared.items,
    kind: 'ResyncPlan',
    json: (items) => resumePlanJson(runId, items),
    table: (items) => renderResumePlan(items),
    noop: false,
    checkAccess: () => orStop(signal, requireAccess(kube, PATCH_NODES)),
    cloudRights: undefined,
    question: `Finish ${plural(prepared.items.length, 'node')}?`,
  });
  if (go !== true) return go;
  if (signal.aborted) throw new StoppedBeforeWriting();
  const runs = [...new Set(prepared.items.map((i) => i.runId))];
  return runAndReport({
    args,
    kube,
    vpc: prepared.vpc,
    jobs: resumeJobsOf(prepared),
    skipped: [],
    order: prepared.items.map((i) => i.name),
    journals: prepared.journals,
    // A resume unbinds nothing (it only sets "no" where a run left "yes"): need-sync's pace.
    concurrency: r.concurrency ?? defaultConcurrency('need-sync'),
    toggleWaitMs: r.toggleWaitMs,
    timeoutMs: r.timeoutMs,
    label: `resume ${runs.length === 1 ? runs[0] : `${runs.length} runs`}`,
    signal,
  });
}

export async function runResync(args: ResyncArgs): Promise<number> {
  requireConsentMode(args);
  refuseOtherProvider(args.provider, 'tke', 'resync');

  // On a terminal, no selection opens the nodes picker (drifted nodes selected); without one, requestOf names what is missing.
  if (canPick() && !args.names?.length && args.selector === undefined && !args.all && !args.drifted && args.resume === undefined) {
    const picker = factoryFor(args);
    try {
      args.names = await pickNodes(picker, { verb: 'resync', clusterIdFlag: args['cluster-id'] });
    } finally {
      picker.close();
    }
  }
  const request = requestOf(args);
  const toggleWaitMs = request.toggleWaitMs;
  if (request.resume === undefined && (toggleWaitMs < DOCUMENTED_PAUSE_MS.min || toggleWaitMs > DOCUMENTED_PAUSE_MS.max)) {
    process.stderr.write(`warning: --toggle-wait ${formatDuration(toggleWaitMs)} is outside the documented 2-5 s pause between "yes" and "no"\n`);
  }
  const f = factoryFor(args);
  try {
    const kube = f.kube();
    const openCloud: CloudOpener = (hints) => f.tencent(hints);
    // The whole verb, not only the run, takes Ctrl-C/SIGTERM over: before the first write it ends
    // the verb with nothing changed; after the last, it still answers 130, as the run was asked to stop.
    return await withInterrupt(async (signal) => {
      try {
        const code = request.resume !== undefined ? await resyncResume(args, request, kube, openCloud, signal) : await resyncNew(args, request, kube, openCloud, signal);
        return signal.aborted ? ExitCode.interrupted : code;
      } catch (err) {
        if (!(err instanceof StoppedBeforeWriting)) throw err;
        process.stderr.write('Stopped before any change: nothing was written.\n');
        return ExitCode.interrupted;
      } finally {
        answerLateSignals();
      }
    }, { stopping: 'stopping: no new node is started; nodes in flight are set back to "no" or finished, then verified', exiting: 'nodes still marked are finished or restored by kubectl sg resync --resume' });
  } finally {
    f.close();
  }
}
