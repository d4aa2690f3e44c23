// Command-line flags read exactly as Go's standard `flag` package reads them, for programs such
// as tke-eni-ipamd that are written in Go. The rules, from Go's src/flag/flag.go
// (FlagSet.parseOne) and src/flag/doc.go ("Command line flag syntax"):
// - `-flag` and `--flag` are the same flag; names are case-sensitive.
// - `-flag=value`, and `-flag value` for non-boolean flags only: a boolean never takes the next
//   item, and a non-boolean takes it whatever it looks like (even `-x`).
// - A boolean's value goes through strconv.ParseBool: 1 0 t f T F true false TRUE FALSE True
//   False; anything else is "invalid boolean value" and the program exits with status 2
//   (flag.ExitOnError, what flag.Parse uses).
// - `---x`, `-=x` are "bad flag syntax"; a non-boolean last with no value "needs an argument".
// - Parsing stops before the first non-flag item (`-` is one) or after `--`: later items,
//   flag-like or not, are positional and never read as flags.
// Go also refuses a flag the program does not define; a caller that knows only some of the
// program's flags cannot tell that, so an unknown flag is read with a guess (see kindOf).

export type GoFlagKind = 'bool' | 'value';

export interface GoFlag {
  /** Without dashes, e.g. `enable-security-groups`. */
  name: string;
  /** As written, e.g. `-enable-security-groups=yes`. */
  written: string;
  /** undefined: a boolean written without `=` (true), or a flag whose value is missing. */
  value: string | undefined;
  /** The list items the flag spans: [start, end). */
  start: number;
  end: number;
  /** Why Go refuses this flag; the program would not start. */
  error?: string;
}

export interface GoFlagParse {
  /** Every flag up to where Go stops, erroneous ones included (Go itself stops at the first error). */
  flags: GoFlag[];
  /** The first flag Go refuses: the program exits with status 2 before doing anything. */
  refused: GoFlag | undefined;
  /** Index of the first item Go no longer reads as a flag (args.length when it read them all). */
  stop: number;
}

/** What strconv.ParseBool accepts, the only values of a Go boolean flag. */
export const GO_BOOL_VALUES = ['1', '0', 't', 'f', 'T', 'F', 'true', 'false', 'TRUE', 'FALSE', 'True', 'False'] as const;

/** strconv.ParseBool; undefined for what Go refuses. */
export function parseGoBool(text: string): boolean | undefined {
  const i = (GO_BOOL_VALUES as readonly string[]).indexOf(text);
  return i < 0 ? undefined : i % 2 === 0;
}

/**
 * `kindOf(name)`: the caller's knowledge of the program's flags; undefined = not known. An unknown
 * flag without `=` is guessed to take the next item unless that item looks like a flag: the
 * separate form is the one real Deployments use for values (`--clusterid cls-…`), and an unknown
 * boolean followed by a plain word is as unlikely as that word being meant positionally.
 */
export function parseGoFlags(args: readonly string[], kindOf: (name: string) => GoFlagKind | undefined): GoFlagParse {
  const flags: GoFlag[] = [];
  let i = 0;
  for (; i < args.length; ) {
    const s = args[i]!;
    if (s.length < 2 || s[0] !== '-') break;
    const dashes = s[1] === '-' ? 2 : 1;
    if (s === '--') {
      i++;
      break;
    }
    const body = s.slice(dashes);
    const start = i++;
    if (body.length === 0 || body[0] === '-' || body[0] === '=') {
      flags.push({ name: body, written: s, value: undefined, start, end: i, error: `bad flag syntax: ${s}` });
      continue;
    }
    const eq = body.indexOf('=', 1);
    const name = eq < 0 ? body : body.slice(0, eq);
    let value = eq < 0 ? undefined : body.slice(eq + 1);
    const kind = kindOf(name);
    let error: string | undefined;
    if (kind === 'bool') {
      if (value !== undefined && parseGoBool(value) === undefined) error = `invalid boolean value "${value}" for -${name}: parse error`;
    } else if (value === undefined) {
      const next = args[i];
      if (next !== undefined && (kind === 'value' || !next.startsWith('-'))) {
        value = next;
        i++;
      } else if (kind === 'value') error = `flag needs an argument: ${s}`;
    }
    flags.push({ name, written: s, value, start, end: i, ...(error ? { error } : {}) });
  }
  return { flags, refused: flags.find((f) => f.error !== undefined), stop: i };
}
