// The security-group flags of tke-eni-ipamd's container args (ipamd < v3.5.0 keeps its global
// setting there), read as ipamd, a Go program, reads them: go-flags.ts has Go's rules, so
// `-enable-security-groups` is the flag itself and `--enable-security-groups=yes` stops ipamd.
// The product documents say a misspelt flag (the `--enable-security-group` typo) silently does
// nothing, so near-misses are reported rather than skipped.
import { GO_BOOL_VALUES, parseGoBool, parseGoFlags, type GoFlag, type GoFlagKind } from './go-flags.ts';

export const ENABLE_FLAG = '--enable-security-groups';
export const GROUPS_FLAG = '--security-groups';
const KINDS: Record<string, GoFlagKind> = { 'enable-security-groups': 'bool', 'security-groups': 'value' };
const KNOWN = Object.keys(KINDS);
const kindOf = (name: string): GoFlagKind | undefined => KINDS[name];

export interface NearMiss {
  /** The flag as written, e.g. `--enable-security-group`. */
  written: string;
  /** The flag it was probably meant to be. */
  meant: string;
}

/** A security-group flag Go refuses: ipamd exits with status 2 and never starts. */
export interface RefusedFlag {
  /** The list item(s) as written, e.g. `--enable-security-groups=yes`. */
  written: string;
  /** Go's own error text. */
  error: string;
  /** What Go would accept in its place. */
  accepts: string;
  /** The item to write instead, when what was meant is plain (`=yes` → `=true`). */
  instead: string | undefined;
}

export interface IpamdSecurityGroupArgs {
  enabled: boolean;
  /** undefined when the flag is absent; [] when present but empty. */
  groups: string[] | undefined;
  nearMisses: NearMiss[];
  refused: RefusedFlag | undefined;
  /** Security-group flags after the first non-flag item, where Go stops reading flags: ipamd never sees them. */
  unread: string[];
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The known flag a Go flag name was probably meant to be (case, `_` or up to two letters off); undefined for a known name itself. */
function nearestKnown(name: string): string | undefined {
  if (KNOWN.includes(name)) return undefined;
  const plain = name.toLowerCase().replace(/_/g, '-');
  return KNOWN.find((flag) => editDistance(plain, flag) <= 2);
}

const ours = (name: string) => KNOWN.includes(name) || nearestKnown(name) !== undefined;

/** What a refused boolean value plainly meant, in words people write for on and off. */
function meantBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (/^(yes|y|on|enabled?)$/i.test(value)) return true;
  if (/^(no|n|off|disabled?)$/i.test(value)) return false;
  return undefined;
}

function refusal(f: GoFlag, args: readonly string[]): RefusedFlag {
  const written = args.slice(f.start, f.end).join(' ');
  if (kindOf(f.name) === 'bool') {
    const meant = meantBool(f.value);
    return { written, error: f.error!, accepts: `-${f.name} or --${f.name}, or =${GO_BOOL_VALUES.join('|')}`, instead: meant === undefined ? undefined : `--${f.name}=${meant}` };
  }
  if (kindOf(f.name) === 'value') return { written, error: f.error!, accepts: `--${f.name}=sg-xxxxxxxx,sg-yyyyyyyy or --${f.name} followed by its value`, instead: undefined };
  return { written, error: f.error!, accepts: 'one or two dashes, then the flag name', instead: undefined };
}

export function readIpamdSecurityGroupArgs(args: readonly string[]): IpamdSecurityGroupArgs {
  const parsed = parseGoFlags(args, kindOf);
  const result: IpamdSecurityGroupArgs = { enabled: false, groups: undefined, nearMisses: [], refused: undefined, unread: [] };
  // Go refuses any bad syntax, and the values of the flags we know; other flags' values are ipamd's business.
  const refused = parsed.flags.find((f) => f.error !== undefined && (kindOf(f.name) !== undefined || f.error.startsWith('bad flag syntax')));
  if (refused) result.refused = refusal(refused, args);
  for (const f of parsed.flags) {
    if (f.error) continue;
    if (f.name === 'enable-security-groups') result.enabled = f.value === undefined || parseGoBool(f.value)!;
    else if (f.name === 'security-groups') result.groups = (f.value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    else {
      const meant = nearestKnown(f.name);
      if (meant) result.nearMisses.push({ written: f.written.split('=')[0]!, meant: `--${meant}` });
    }
  }
  result.unread = args.slice(parsed.stop).filter((a) => /^--?[^-=]/.test(a) && ours(a.replace(/^--?/, '').split('=')[0]!));
  return result;
}

/**
 * The args with the security-group flags set as asked, every other arg kept in place, and
 * near-miss spellings and refused values removed (they never did anything, or stopped ipamd).
 * The flags are written where the first of the old ones stood (else at the end), so that the
 * Deployment's diff shows a change in place. `groups: undefined` removes `--security-groups`
 * (inherit the primary ENI's groups).
 */
export function withIpamdSecurityGroupArgs(
  args: readonly string[],
  want: { enabled: boolean; groups: string[] | undefined },
): string[] {
  const { flags } = parseGoFlags(args, kindOf);
  const drop = new Set<number>();
  for (const f of flags.filter((f) => ours(f.name))) for (let i = f.start; i < f.end; i++) drop.add(i);
  // Before the first non-flag item (or `--`): Go reads no flag after it.
  const at = drop.size > 0 ? Math.min(...drop) : (flags.at(-1)?.end ?? 0);
  const kept = args.filter((_, i) => !drop.has(i));
  const written: string[] = [];
  if (want.enabled) written.push(ENABLE_FLAG);
  if (want.enabled && want.groups && want.groups.length > 0) written.push(`${GROUPS_FLAG}=${want.groups.join(',')}`);
  kept.splice(at, 0, ...written);
  return kept;
}
