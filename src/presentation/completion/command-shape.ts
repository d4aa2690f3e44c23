// The shape of every verb — its words, positionals and flags, and where Tab finds their values —
// read from the command table, the same data yargs is given, so a verb added to the table
// completes with no further work. Completion never builds yargs (it runs on every Tab).
import { PROVIDERS, type ProviderName } from '../../domain/provider-choice.ts';
import { verbsOf, type CommandSpec, type CommandTable, type CompletionSource, type FlagSpec } from '../command-spec.ts';

export interface FlagShape {
  name: string;
  aliases: string[];
  /** A boolean flag takes no value (and has a --no-x form when it defaults to true). */
  takesValue: boolean;
  /** A boolean that defaults to true: typed as --no-<name>. */
  negatable: boolean;
  array: boolean;
  choices: string[] | undefined;
  describe: string;
  /** Where the value comes from (undefined: free text, nothing offered). */
  source: CompletionSource | undefined;
  /** A comma-separated list: its last element is completed. */
  list: boolean;
}

export interface PositionalShape {
  name: string;
  variadic: boolean;
  source: CompletionSource | undefined;
}

export interface CommandShape {
  /** ['show', 'node'] for `show node [names..]`. */
  words: string[];
  describe: string;
  positionals: PositionalShape[];
  flags: FlagShape[];
  /** Whose clouds the verb's group IDs come from. */
  providers: readonly ProviderName[];
}

function flagOf(name: string, f: FlagSpec): FlagShape {
  const boolean = 'type' in f && f.type === 'boolean';
  return {
    name,
    aliases: f.alias === undefined ? [] : [f.alias],
    takesValue: !boolean,
    negatable: boolean && f.default === true,
    array: 'array' in f && f.array === true,
    choices: 'choices' in f ? [...f.choices] : undefined,
    describe: f.describe,
    source: f.complete,
    list: f.list === true,
  };
}

const HELP: FlagShape = { name: 'help', aliases: ['h'], takesValue: false, negatable: false, array: false, choices: undefined, describe: 'Show help', source: undefined, list: false };

export function commandShape(words: string[], spec: CommandSpec): CommandShape {
  return {
    words,
    describe: spec.describe,
    positionals: (spec.args.positionals ?? []).map((p) => ({ name: p.name, variadic: p.variadic === true, source: p.complete })),
    flags: [...Object.entries(spec.args.flags).map(([name, f]) => flagOf(name, f)), HELP],
    providers: spec.providers ?? PROVIDERS,
  };
}

/** Every verb of the table, as completion reads it. */
export const commandShapes = (table: CommandTable): CommandShape[] => verbsOf(table).map((v) => commandShape(v.words, v.spec));
