// Commands are declared as data (wrangler's habit): one table feeds yargs, help and, later,
// completion and the command reference (docs/commands.md), so they cannot drift apart.
import type { Argv } from 'yargs';
import type { ProviderName } from '../domain/provider-choice.ts';

export interface CommandSpec {
  /** yargs command string, e.g. 'show node [names..]'. */
  command: string;
  describe: string;
  /** Example invocations shown in --help, as [command line, what it does]. */
  examples: [string, string][];
  options?: (y: Argv) => Argv;
  /** The providers a verb of fewer than all works on: completion offers only their clouds' groups. */
  providers?: readonly ProviderName[];
  handler: (args: Record<string, unknown>) => Promise<number> | number;
}
