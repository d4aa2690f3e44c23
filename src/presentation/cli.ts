// Maps the command table onto yargs and turns what a handler returns or throws into an exit
// code. Handlers never call process.exit themselves, so cleanup (restoring nodes, the terminal)
// always runs first.
import yargs, { type Argv } from 'yargs';
import type { CommandSpec } from './command-spec.ts';
import { commands } from './commands/index.ts';
import { withKubeFlags } from './kube-flags.ts';
import { ExitCode } from './exit-codes.ts';
import { BadInputError } from '../domain/bad-input.ts';
import { errorMessage } from '../domain/error-message.ts';

/** With exitProcess(false) yargs still runs a handler after a usage failure: `canRun` stops that. */
function register(y: Argv, spec: CommandSpec, canRun: () => boolean, setCode: (code: number) => void) {
  return y.command(
    spec.command,
    spec.describe,
    (sub) => {
      const withOptions = spec.options ? spec.options(sub) : sub;
      for (const [cmd, what] of spec.examples) withOptions.example(cmd, what);
      return withOptions;
    },
    async (args) => {
      if (canRun()) setCode(await spec.handler(args as Record<string, unknown>));
    },
  );
}

/** What the group words mean in `kubectl sg --help`. */
const GROUPS: Record<string, string> = {
  show: 'Show security groups as they are: cluster, node, pod, group (reads only)',
  set: 'Change security groups: a node\'s list (TKE), a workload\'s pods (ECI), or the cluster\'s setting (plan, confirm, apply, verify)',
};

/** `show node [names..]` → ['show', 'node [names..]']: a second word that is not a <positional> makes a sub-command. */
function groupOf(spec: CommandSpec): [string, string] | undefined {
  const [first, second, ...rest] = spec.command.split(' ');
  return first && second && !/^[<[]/.test(second) ? [first, [second, ...rest].join(' ')] : undefined;
}

/** Registers every spec; specs sharing a first word become sub-commands of one parent (yargs would read `show node` as `show <node>`). */
function registerAll(y: Argv, specs: readonly CommandSpec[], canRun: () => boolean, setCode: (code: number) => void): Argv {
  const done = new Set<string>();
  for (const spec of specs) {
    const group = groupOf(spec)?.[0];
    if (!group) {
      y = register(y, spec, canRun, setCode);
      continue;
    }
    if (done.has(group)) continue;
    done.add(group);
    const children = specs.filter((s) => groupOf(s)?.[0] === group);
    y = y.command(`${group} <command>`, GROUPS[group] ?? `${group} commands`, (sub) => {
      for (const child of children) sub = register(sub, { ...child, command: groupOf(child)![1] }, canRun, setCode);
      return sub.demandCommand(1, `Name what to ${group}: kubectl sg ${group} --help lists them.`);
    });
  }
  return y;
}

/**
 * One line in kubectl's wording from what yargs reported (it may report several: "Did you mean
 * show?" then "Unknown argument: shwo"; it says "Unknown argument: x" for a mistyped verb).
 */
function usageLine(messages: string[], argv: string[]): string {
  const [verb, second] = argv.filter((a) => !a.startsWith('-'));
  const hint = messages.find((m) => m.startsWith('Did you mean'));
  const suggest = (fallback: string) => (hint ? `: ${hint.charAt(0).toLowerCase()}${hint.slice(1)}` : fallback);
  if (verb && !commands.some((c) => c.command.split(' ')[0] === verb)) {
    return `unknown command "${verb}" for "kubectl sg"${suggest(": run 'kubectl sg --help' for the list")}`;
  }
  const children = commands.map(groupOf).filter((g) => g?.[0] === verb).map((g) => g![1].split(' ')[0]!);
  if (!second && children.length > 0) return `name what to ${verb}: kubectl sg ${verb} ${children.join('|')}`;
  if (second && children.length > 0 && !children.includes(second)) {
    return `unknown command "${second}" for "kubectl sg ${verb}"${suggest('')} (choose one of ${children.join(', ')})`;
  }
  const msg = messages.find((m) => m !== hint) ?? hint ?? 'invalid command line';
  const choice = /Argument: ([\w-]+), Given: (".*?"), Choices: (.*)/.exec(msg);
  if (choice) return `invalid value ${choice[2]} for --${choice[1]}: choose one of ${choice[3]!.replaceAll('"', '')}`;
  return msg.replace(/\s*\n\s*/g, ' ');
}

export async function main(argv: string[]): Promise<number> {
  // Hidden: kubectl's plugin completion (kubectl_complete-sg runs `kubectl-sg __complete WORDS...`).
  if (argv[0] === '__complete') return (await import('./completion/complete-run.ts')).runComplete(argv.slice(1));
  let code: number = ExitCode.ok;
  const usage: string[] = [];
  // kubectl's global flags are taken before the verb too (`kubectl sg --as x show node`), as kubectl takes them.
  let y = withKubeFlags(yargs(argv))
    .scriptName('kubectl sg')
    .usage('kubectl sg: see, set and resync the security groups of pod network interfaces\n\nUsage: kubectl sg <command> [flags]')
    .strict()
    .demandCommand(1, 'Name a command: kubectl sg --help lists them.')
    .recommendCommands()
    .version(false)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      usage.push(msg);
      code = ExitCode.usage;
    });
  y = registerAll(y, commands, () => code === ExitCode.ok, (c) => (code = c)) as typeof y;
  try {
    await y.parseAsync();
    if (usage.length > 0) process.stderr.write(`error: ${usageLine(usage, argv)}\n`);
  } catch (err) {
    process.stderr.write(`error: ${errorMessage(err)}\n`);
    if (err instanceof BadInputError) return ExitCode.usage;
    return code === ExitCode.ok ? ExitCode.failure : code;
  }
  return code;
}
