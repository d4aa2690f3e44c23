// Commands are data (wrangler's habit): each verb is one defineCommand declaration — its words,
// positionals, flags, examples, the providers it serves, where Tab finds its values — and that
// one table feeds yargs (cli.ts), --help, completion (completion/command-shape.ts) and the
// generated command reference (docs/commands.md, cmd/command-reference.ts). The type of the
// arguments a verb's run function takes is inferred from its declared flags and positionals,
// so the parser and the code that reads what it parsed cannot disagree.
import type { ProviderName } from '../domain/provider-choice.ts';
import type { ValueKind } from '../operations/completion-values.ts';

/** Where Tab completion finds a value: something in the cluster or the cloud, or a file name. */
export type CompletionSource = ValueKind | 'files';

interface FlagCommon {
  describe: string;
  alias?: string;
  /** Accepted, but not listed in --help (still offered by Tab). */
  hidden?: boolean;
  /** What Tab offers for the value. */
  complete?: CompletionSource;
  /** A comma-separated list (--groups sg-a,sg-b): Tab completes its last element. */
  list?: boolean;
}

export type FlagSpec =
  | (FlagCommon & {
      type: 'string';
      default?: string;
      /** Always an array, one element per time the flag is given. */
      array?: boolean;
      /** Given more than once, yargs makes an array of it: the run function takes either. */
      repeatable?: boolean;
      /** 1: a value that starts with a dash is the flag's value, as kubectl (pflag) reads it. */
      nargs?: 1;
    })
  | (FlagCommon & { type: 'boolean'; default?: boolean })
  | (FlagCommon & { type: 'number'; default?: number })
  | (FlagCommon & { choices: readonly string[]; default?: string });

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export interface PositionalSpec {
  name: string;
  describe: string;
  /** <name>: yargs refuses the command line without it. */
  required?: boolean;
  /** [names..]: any number. */
  variadic?: boolean;
  complete?: CompletionSource;
}

/** A verb's arguments: its flags (shared ones spread in) and its positionals, in order. */
export interface ArgsSpec {
  flags: FlagSpecs;
  positionals?: readonly PositionalSpec[];
  /** Flags that may not be given together: yargs refuses the pair (exit 2). */
  conflicts?: Readonly<Record<string, readonly string[]>>;
}

type FlagValue<F> = F extends { choices: readonly (infer C)[] }
  ? C
  : F extends { type: 'boolean' }
    ? boolean
    : F extends { type: 'number' }
      ? number
      : F extends { array: true }
        ? string[]
        : F extends { repeatable: true }
          ? string | string[]
          : string;

type Simplify<T> = { -readonly [K in keyof T]: T[K] } & {};

/** A flag with a default always has a value; one without may be absent. */
type FlagArgs<Fs> = { -readonly [K in keyof Fs as Fs[K] extends { default: unknown } ? K : never]: FlagValue<Fs[K]> } & {
  -readonly [K in keyof Fs as Fs[K] extends { default: unknown } ? never : K]?: FlagValue<Fs[K]>;
};

type PositionalValue<P> = P extends { variadic: true } ? string[] : string;
type PositionalArgs<Ps> = Ps extends readonly PositionalSpec[]
  ? { -readonly [P in Ps[number] as P extends { required: true } ? P['name'] : never]: PositionalValue<P> } & {
      -readonly [P in Ps[number] as P extends { required: true } ? never : P['name']]?: PositionalValue<P>;
    }
  : {};

/** The parsed command line a verb's run function is handed, inferred from its ArgsSpec. */
export type ArgsOf<A extends ArgsSpec> = Simplify<FlagArgs<A['flags']> & PositionalArgs<A['positionals']>>;

/** Declares a verb's arguments; `const` keeps the literal types (choices, names) the args are inferred from. */
export const defineArgs = <const A extends ArgsSpec>(args: A): A => args;

/** What a run function returns: the exit code. */
type Run<A> = (args: A) => Promise<number> | number;

/** One verb as the command table holds it, its argument type erased (cli.ts hands it what yargs parsed). */
export interface CommandSpec {
  /** The verb's word, within its group when it has one ('node' of `show node`). */
  name: string;
  describe: string;
  args: ArgsSpec;
  /** Example invocations shown in --help, as [command line, what it does]. */
  examples: readonly (readonly [string, string])[];
  /** The providers a verb of fewer than all works on: completion offers only their clouds' groups. */
  providers?: readonly ProviderName[];
  run(args: Record<string, unknown>): Promise<number>;
}

/** Verbs under one word (`show node`, `show pod`): the word's own help lists them. */
export interface CommandGroup {
  group: string;
  describe: string;
  commands: readonly CommandSpec[];
}

export type CommandTable = readonly (CommandSpec | CommandGroup)[];

export const isGroup = (entry: CommandSpec | CommandGroup): entry is CommandGroup => 'group' in entry;

/** Every verb of a table with its full words (['show', 'node']), in the table's order. */
export function verbsOf(table: CommandTable): { words: string[]; spec: CommandSpec }[] {
  return table.flatMap((e) => (isGroup(e) ? e.commands.map((spec) => ({ words: [e.group, spec.name], spec })) : [{ words: [e.name], spec: e }]));
}

/** The positionals as yargs spells them after the verb: `<name>`, `[names..]`. */
export function positionalsSyntax(args: ArgsSpec): string[] {
  return (args.positionals ?? []).map((p) => {
    const inner = p.variadic ? `${p.name}..` : p.name;
    return p.required ? `<${inner}>` : `[${inner}]`;
  });
}

export function defineCommand<const A extends ArgsSpec>(d: {
  name: string;
  describe: string;
  args: A;
  examples: readonly (readonly [string, string])[];
  providers?: readonly ProviderName[];
  /** The run function, loaded only when the verb runs: --help and Tab never load it, nor the cloud SDKs behind it. */
  load: () => Promise<Run<ArgsOf<A>>>;
}): CommandSpec {
  return {
    name: d.name,
    describe: d.describe,
    args: d.args,
    examples: d.examples,
    providers: d.providers,
    // yargs parsed the command line from `args`, so what it hands over has the inferred shape.
    run: async (parsed) => (await d.load())(parsed as ArgsOf<A>),
  };
}
