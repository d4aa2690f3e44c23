// What every command that changes something shares, so that they cannot drift apart: one path
// from the plan to the go-ahead (presentPlan). --dry-run prints the plan and stops; otherwise
// RBAC and the cloud rights are checked, then a person at a terminal confirms, and a script must
// say --yes. A script that forgot --yes is refused before anything is read or written, so it
// fails fast and changes nothing.
import { BadInputError } from '../domain/bad-input.ts';
import { CloudRightsMissingError, type CloudRights } from '../domain/tke/cloud-rights.ts';
import { ExitCode } from './exit-codes.ts';
import { paletteFor, type Palette } from './render/color.ts';
import { missingRightsMessage } from './render/cloud-rights.ts';
import { renderObject } from './render/object.ts';
import { structuredFormat } from './render/output.ts';
import type { ArgsOf, FlagSpecs } from './command-spec.ts';

/** What a mutating verb prints with -o: its plan (with --dry-run) or its result, as a table, JSON or YAML. */
export const MUTATION_OUTPUTS = ['table', 'json', 'yaml'] as const;

export const MUTATION_FLAGS = {
  'dry-run': { type: 'boolean', default: false, describe: 'Print the exact plan and change nothing' },
  yes: { alias: 'y', type: 'boolean', default: false, describe: 'Do not ask for confirmation (needed when stdin is not a terminal)' },
} as const satisfies FlagSpecs;

export type MutationArgs = ArgsOf<{ flags: typeof MUTATION_FLAGS }>;

export class ConfirmationRequiredError extends BadInputError {}

/** Called first by a mutating verb: without a terminal there is no one to ask. */
export function requireConsentMode(args: MutationArgs): void {
  // process.stdin only when it decides: reading it builds a stream for fd 0 (factory.ts says what that costs).
  if (args['dry-run'] || args.yes || process.stdin.isTTY === true) return;
  throw new ConfirmationRequiredError('refusing to change anything without --yes: stdin is not a terminal, so no one can confirm; add --yes to apply, or --dry-run to see the plan');
}

/** The plan has been printed; asks on the terminal. Only "y" or "yes" proceeds. */
async function confirm(question: string): Promise<boolean> {
  // node:readline is loaded only when someone is asked: every other command would pay its start.
  const rl = process.getBuiltinModule('node:readline').createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>((resolve) => {
      rl.on('close', () => resolve(''));
      rl.on('SIGINT', () => rl.close());
      rl.question(`${question} [y/N] `, resolve);
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export interface PlanPresentation<P> {
  plan: P;
  /** JSON/YAML document kind of the plan (with --dry-run). */
  kind: string;
  json: (plan: P) => object;
  table: (plan: P, paint: Palette) => string;
  /** What the plan found worth saying apart from the plan itself: `warning: ...` lines on stderr, first. */
  warnings?: readonly string[];
  /** Nothing to write: no RBAC check, no question. */
  noop: boolean;
  /** Throws when a write of the plan is not allowed (requireAccess). */
  checkAccess: () => Promise<void>;
  /** The caller's own rights for the cloud calls made once confirmed (shown in the plan too); undefined when it makes none. */
  cloudRights: CloudRights | undefined;
  /** With --dry-run: one line on stderr after the plan, what would change. */
  dryRunSummary?: string;
  question: string;
}

/**
 * The plan → confirm half of every mutating verb. RBAC is asked first (unless nothing would be
 * written or it is a dry run): a refusal is then one line with nothing on stdout, and no
 * confirmation is wasted on a write that would fail. Then the warnings; with --dry-run the plan
 * is the output (as a document with -o json|yaml) and nothing else happens; otherwise the plan
 * is shown (on stderr when stdout is kept for the result's document), the cloud rights it shows
 * are held against it (a missing one stops the verb like missing RBAC, an unknown one is a
 * warning), then the person is asked. Returns true to apply, or the exit code to stop with.
 */
export async function presentPlan<P>(args: MutationArgs & { output: string }, p: PlanPresentation<P>): Promise<true | number> {
  const structured = structuredFormat(args.output);
  if (!args['dry-run'] && !p.noop) await p.checkAccess();
  for (const w of p.warnings ?? []) process.stderr.write(`warning: ${w}\n`);
  if (args['dry-run']) {
    process.stdout.write(structured ? renderObject(structured, p.kind, p.json(p.plan)) : p.table(p.plan, paletteFor(process.stdout)));
    if (p.dryRunSummary) process.stderr.write(`${p.dryRunSummary}\n`);
    return ExitCode.ok;
  }
  const planOut = structured ? process.stderr : process.stdout;
  planOut.write(p.table(p.plan, paletteFor(planOut)));
  if (p.noop) return true;
  if (p.cloudRights?.status === 'missing') throw new CloudRightsMissingError(missingRightsMessage(p.cloudRights));
  if (p.cloudRights?.status === 'unknown') process.stderr.write(`warning: the caller's Tencent Cloud rights are unknown (${p.cloudRights.notes.join('; ')}): going on\n`);
  if (!args.yes && !(await confirm(p.question))) {
    process.stderr.write('nothing was changed\n');
    return ExitCode.failure;
  }
  return true;
}
