// Maps the command table onto yargs and turns what a handler returns or throws into an exit
// code. Handlers never call process.exit themselves, so cleanup (restoring nodes, the terminal)
// always runs first.
import yargs, { type Argv, type Options } from 'yargs';
import { isGroup, positionalsSyntax, verbsOf, type CommandSpec, type FlagSpec, type FlagSpecs } from './command-spec.ts';
import { commands } from './commands/index.ts';
import { KUBE_FLAGS } from './kube-flags.ts';
import { ExitCode } from './exit-codes.ts';
import { BadInputError } from '../domain/bad-input.ts';
import { errorMessage } from '../domain/error-message.ts';

/** A declared flag as yargs takes it: the same keys, less what only Tab and the types read. */
function yargsOption(f: FlagSpec): Options {
  // yargs reads a key's presence ('default' in option), so none is passed as undefined.
  const { complete: _complete, list: _list, ...option } = f;
  if (!('repeatable' in option)) return option;
  const { repeatable: _repeatable, ...plain } = option;
  return plain;
}

function withFlags<T>(y: Argv<T>, flags: FlagSpecs, inherited: FlagSpecs = {}): Argv<T> {
  for (const [name, f] of Object.entries(flags)) {
    // A verb re-declares kubectl's global flags (its own help text for -n, say); their aliases are
    // already the root's, and yargs would list a second one (`-n, -n, --namespace`).
    const { alias, ...rest } = f;
    y = y.option(name, yargsOption(alias !== undefined && inherited[name]?.alias === alias ? rest : f));
  }
  return y;
}

/** With exitProcess(false) yargs still runs a handler after a usage failure: `canRun` stops that. */
function register(y: Argv, spec: CommandSpec, canRun: () => boolean, setCode: (code: number) => void) {
  const { positionals = [], flags, conflicts = {} } = spec.args;
  return y.command(
    [spec.name, ...positionalsSyntax(spec.args)].join(' '),
    spec.describe,
    (sub) => {
      for (const p of positionals) sub = sub.positional(p.name, { type: 'string', array: p.variadic, describe: p.describe });
      sub = withFlags(sub, flags, KUBE_FLAGS);
      for (const [flag, others] of Object.entries(conflicts)) sub = sub.conflicts(flag, [...others]);
      for (const [cmd, what] of spec.examples) sub = sub.example(cmd, what);
      return sub;
    },
    async (args) => {
      if (canRun()) setCode(await spec.run(args));
    },
  );
}

/** Registers the table: a group's verbs become sub-commands of its word (yargs would read `show node` as `show <node>`). */
function registerAll(y: Argv, canRun: () => boolean, setCode: (code: number) => void): Argv {
  for (const entry of commands) {
    if (!isGroup(entry)) {
      y = register(y, entry, canRun, setCode);
      continue;
    }
    y = y.command(`${entry.group} <command>`, entry.describe, (sub) => {
      for (const child of entry.commands) sub = register(sub, child, canRun, setCode);
      return sub.demandCommand(1, `Name what to ${entry.group}: kubectl sg ${entry.group} --help lists them.`);
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
  if (verb && !verbsOf(commands).some((v) => v.words[0] === verb)) {
    return `unknown command "${verb}" for "kubectl sg"${suggest(": run 'kubectl sg --help' for the list")}`;
  }
  const children = commands.filter(isGroup).find((g) => g.group === verb)?.commands.map((c) => c.name) ?? [];
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
  let y = withFlags(yargs(argv), KUBE_FLAGS)
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
  y = registerAll(y, () => code === ExitCode.ok, (c) => (code = c)) as typeof y;
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
