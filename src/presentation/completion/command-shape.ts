// The shape of every verb — its words, positionals and flags — read from the command table,
// the same data yargs is given, so a verb added to the table completes with no further work.
// A spec's options are a function of a yargs Argv; here it is handed a recorder that notes
// .option and .options and ignores everything else, so completion never builds yargs.
import type { Argv } from 'yargs';
import { PROVIDERS, type ProviderName } from '../../domain/provider-choice.ts';
import type { CommandSpec } from '../command-spec.ts';

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
}

export interface PositionalShape {
  name: string;
  variadic: boolean;
}

export interface CommandShape {
  /** ['show', 'node'] for 'show node [names..]'. */
  words: string[];
  describe: string;
  positionals: PositionalShape[];
  flags: FlagShape[];
  /** Whose clouds the verb's group IDs come from. */
  providers: readonly ProviderName[];
}

interface OptionLike {
  alias?: string | readonly string[];
  type?: string;
  array?: boolean;
  choices?: readonly unknown[];
  describe?: string;
  description?: string;
  desc?: string;
  default?: unknown;
}

function flagOf(name: string, o: OptionLike): FlagShape {
  const aliases = o.alias === undefined ? [] : typeof o.alias === 'string' ? [o.alias] : [...o.alias];
  return {
    name,
    aliases,
    takesValue: o.type !== 'boolean',
    negatable: o.type === 'boolean' && o.default === true,
    array: o.array === true || o.type === 'array',
    choices: o.choices?.map(String),
    describe: o.describe ?? o.description ?? o.desc ?? '',
  };
}

/** An Argv stand-in that records the flags a spec declares. */
function recordFlags(spec: CommandSpec): FlagShape[] {
  const flags: FlagShape[] = [];
  const recorder: object = new Proxy(
    {},
    {
      get(_target, method) {
        return (...args: unknown[]) => {
          if ((method === 'option' || method === 'options') && typeof args[0] === 'string') flags.push(flagOf(args[0], (args[1] ?? {}) as OptionLike));
          else if (method === 'options' && typeof args[0] === 'object' && args[0] !== null) {
            for (const [name, o] of Object.entries(args[0] as Record<string, OptionLike>)) flags.push(flagOf(name, o));
          }
          return recorder;
        };
      },
    },
  );
  spec.options?.(recorder as Argv);
  return flags;
}

export function commandShape(spec: CommandSpec): CommandShape {
  const parts = spec.command.split(' ').filter(Boolean);
  const words = parts.filter((p) => !/^[<[]/.test(p));
  const positionals = parts
    .filter((p) => /^[<[]/.test(p))
    .map((p) => {
      const inner = p.slice(1, -1);
      return { name: inner.replace(/\.\.$/, ''), variadic: inner.endsWith('..') };
    });
  const help: FlagShape = { name: 'help', aliases: ['h'], takesValue: false, negatable: false, array: false, choices: undefined, describe: 'Show help' };
  return { words, describe: spec.describe, positionals, flags: [...recordFlags(spec), help], providers: spec.providers ?? PROVIDERS };
}
