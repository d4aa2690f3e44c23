// Maps the command table onto yargs and turns what a handler returns or throws into an exit
// code. Handlers never call process.exit themselves, so cleanup (restoring nodes, the terminal)
// always runs first.
import yargs from 'yargs';
import type { CommandSpec } from './command-spec.ts';
import { commands } from './commands/index.ts';
import { ExitCode } from './exit-codes.ts';

function register(y: ReturnType<typeof yargs>, spec: CommandSpec, setCode: (code: number) => void) {
  return y.command(
    spec.command,
    spec.describe,
    (sub) => {
      const withOptions = spec.options ? spec.options(sub) : sub;
      for (const [cmd, what] of spec.examples) withOptions.example(cmd, what);
      return withOptions;
    },
    async (args) => setCode(await spec.handler(args as Record<string, unknown>)),
  );
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
      process.stderr.write(`error: ${msg}\n`);
      code = ExitCode.usage;
    });
  for (const spec of commands) y = register(y, spec, (c) => (code = c));
  try {
    await y.parseAsync();
  } catch (err) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return code === ExitCode.ok ? ExitCode.failure : code;
  }
  return code;
}
