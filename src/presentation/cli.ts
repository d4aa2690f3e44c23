// Maps the command table onto yargs and turns what a handler returns or throws into an exit
// code. Handlers never call process.exit themselves, so cleanup (restoring nodes, the terminal)
// always runs first.
import yargs from 'yargs';
import type { CommandSpec } from './command-spec.ts';
import { commands } from './commands/index.ts';
import { ExitCode } from './exit-codes.ts';
import { BadInputError } from '../domain/bad-input.ts';

/** With exitProcess(false) yargs still runs a handler after a usage failure: `canRun` stops that. */
function register(y: ReturnType<typeof yargs>, spec: CommandSpec, canRun: () => boolean, setCode: (code: number) => void) {
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

/** One line in kubectl's wording: yargs says "Unknown argument: x" for a mistyped verb and spreads some errors over lines. */
function kubectlStyle(msg: string, argv: string[]): string {
  const verb = argv.find((a) => !a.startsWith('-'));
  if (verb && !commands.some((c) => c.command.split(' ')[0] === verb) && msg.startsWith('Unknown argument')) {
    return `unknown command "${verb}" for "kubectl sg": run 'kubectl sg --help' for the list`;
  }
  const choice = /Argument: ([\w-]+), Given: (".*?"), Choices: (.*)/.exec(msg);
  if (choice) return `invalid value ${choice[2]} for --${choice[1]}: choose one of ${choice[3]!.replaceAll('"', '')}`;
  return msg.replace(/\s*\n\s*/g, ' ');
}

export async function main(argv: string[]): Promise<number> {
  let code: number = ExitCode.ok;
  let y = yargs(argv)
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
      process.stderr.write(`error: ${kubectlStyle(msg, argv)}\n`);
      code = ExitCode.usage;
    });
  for (const spec of commands) y = register(y, spec, () => code === ExitCode.ok, (c) => (code = c));
  try {
    await y.parseAsync();
  } catch (err) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (err instanceof BadInputError) return ExitCode.usage;
    return code === ExitCode.ok ? ExitCode.failure : code;
  }
  return code;
}
