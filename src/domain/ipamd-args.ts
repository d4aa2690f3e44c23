// The security-group flags of tke-eni-ipamd's container args (ipamd < v3.5.0 keeps its global
// setting there). Real Deployments mix `--flag=value` and `--flag` `value` as separate list
// items, so both are read. A misspelt flag is silently ignored by ipamd (the documented
// `--enable-security-group` typo), so near-misses are reported rather than skipped.

export const ENABLE_FLAG = '--enable-security-groups';
export const GROUPS_FLAG = '--security-groups';
const KNOWN = [ENABLE_FLAG, GROUPS_FLAG];

export interface NearMiss {
  /** The item as written, e.g. `--enable-security-group`. */
  written: string;
  /** The flag it was probably meant to be. */
  meant: string;
}

export interface IpamdSecurityGroupArgs {
  enabled: boolean;
  /** undefined when the flag is absent; [] when present but empty. */
  groups: string[] | undefined;
  nearMisses: NearMiss[];
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

/** Normalises `-flag`, `--flag` and case so that only spelling differences count as a miss. */
function nearestKnown(name: string): string | undefined {
  const plain = '--' + name.replace(/^-+/, '').toLowerCase().replace(/_/g, '-');
  for (const flag of KNOWN) {
    if (plain === flag && name !== flag) return flag;
    if (plain !== flag && editDistance(plain, flag) <= 2) return flag;
  }
  return undefined;
}

interface Item {
  name: string;
  value: string | undefined;
}

/**
 * How many list items starting at `i` make up one flag: a `--flag value` pair is two, except
 * for the boolean enable flag, which (as in Go's flag packages) takes no separate value.
 */
function itemsOfFlag(args: readonly string[], i: number): number {
  const arg = args[i]!;
  const next = args[i + 1];
  if (arg.includes('=') || next === undefined || next.startsWith('-')) return 1;
  return arg === ENABLE_FLAG ? 1 : 2;
}

/** Splits args into flags with their values, joining `--flag value` pairs. */
function flags(args: readonly string[]): Item[] {
  const out: Item[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-')) continue;
    const eq = arg.indexOf('=');
    if (eq >= 0) out.push({ name: arg.slice(0, eq), value: arg.slice(eq + 1) });
    else if (itemsOfFlag(args, i) === 2) out.push({ name: arg, value: args[++i] });
    else out.push({ name: arg, value: undefined });
  }
  return out;
}

export function readIpamdSecurityGroupArgs(args: readonly string[]): IpamdSecurityGroupArgs {
  const result: IpamdSecurityGroupArgs = { enabled: false, groups: undefined, nearMisses: [] };
  for (const { name, value } of flags(args)) {
    if (name === ENABLE_FLAG) {
      result.enabled = !/^(false|0|f)$/i.test(value ?? '');
    } else if (name === GROUPS_FLAG) {
      result.groups = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    } else {
      const meant = nearestKnown(name);
      if (meant) result.nearMisses.push({ written: name, meant });
    }
  }
  return result;
}

/**
 * The args with the security-group flags set as asked, every other arg kept in place, and
 * near-miss spellings removed (they never did anything and would mislead the next reader).
 * The flags are written where the first of the old ones stood (else at the end), so that the
 * Deployment's diff shows a change in place. `groups: undefined` removes `--security-groups`
 * (inherit the primary ENI's groups).
 */
export function withIpamdSecurityGroupArgs(
  args: readonly string[],
  want: { enabled: boolean; groups: string[] | undefined },
): string[] {
  const kept: string[] = [];
  let at: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const name = arg.split('=')[0]!;
    const ours = arg.startsWith('-') && (KNOWN.includes(name) || nearestKnown(name) !== undefined);
    if (ours) {
      at ??= kept.length;
      i += itemsOfFlag(args, i) - 1; // its separate-item value goes with it
    } else kept.push(arg);
  }
  const written: string[] = [];
  if (want.enabled) written.push(ENABLE_FLAG);
  if (want.enabled && want.groups && want.groups.length > 0) written.push(`${GROUPS_FLAG}=${want.groups.join(',')}`);
  kept.splice(at ?? kept.length, 0, ...written);
  return kept;
}
