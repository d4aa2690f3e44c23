// IPv4 and IPv6 addresses, CIDR blocks and address ranges as intervals of numbers, so a rule's
// peer and a packet's address can be compared: is the one wholly inside the other, apart from
// it, or do they only overlap? (`reach` asks it of every rule; docs/reach.md.)

export type Family = 4 | 6;

/** Every address from `first` to `last`, both included, of one family. */
export interface AddressRange {
  family: Family;
  first: bigint;
  last: bigint;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseV4(text: string): bigint | undefined {
  const m = V4.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return octets.reduce((n, o) => (n << 8n) | BigInt(o), 0n);
}

function parseV6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.split('::').length > 2) return undefined;
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const groups = (part: string | undefined): number[] | undefined => {
    if (part === undefined || part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (const [i, p] of pieces.entries()) {
      // An IPv4 tail (::ffff:10.0.0.1) counts as two groups.
      if (i === pieces.length - 1 && p.includes('.')) {
        const v4 = parseV4(p);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return undefined;
    }
    return out;
  };
  const h = groups(head);
  const t = groups(tail);
  if (!h || !t) return undefined;
  const missing = 8 - h.length - t.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  return [...h, ...Array<number>(tail === undefined ? 0 : missing).fill(0), ...t].reduce((n, g) => (n << 16n) | BigInt(g), 0n);
}

/** One address, either family; undefined when it is not one. */
export function parseAddress(text: string): { family: Family; value: bigint } | undefined {
  const v4 = parseV4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = text.includes(':') ? parseV6(text) : undefined;
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

const bitsOf = (family: Family) => (family === 4 ? 32n : 128n);

/**
 * `10.0.0.0/16`, `2001:db8::/32`, a lone address, or a range `10.0.0.1-10.0.0.100` (the form
 * Tencent address templates take). Host bits under the prefix are ignored, as a block means the
 * whole block. undefined when the text is none of these.
 */
export function parseRange(text: string): AddressRange | undefined {
  const t = text.trim();
  const dash = t.indexOf('-');
  if (dash > 0) {
    const a = parseAddress(t.slice(0, dash));
    const b = parseAddress(t.slice(dash + 1));
    if (!a || !b || a.family !== b.family || a.value > b.value) return undefined;
    return { family: a.family, first: a.value, last: b.value };
  }
  const [addr, prefix, extra] = t.split('/');
  if (extra !== undefined || addr === undefined) return undefined;
  const a = parseAddress(addr);
  if (!a) return undefined;
  const bits = bitsOf(a.family);
  if (prefix === undefined) return { family: a.family, first: a.value, last: a.value };
  if (!/^\d{1,3}$/.test(prefix) || BigInt(prefix) > bits) return undefined;
  const host = bits - BigInt(prefix);
  const mask = (1n << host) - 1n;
  return { family: a.family, first: a.value & ~mask, last: (a.value & ~mask) | mask };
}

/**
 * Where `inner` lies against the union of `outer`: wholly inside it (`all`), apart from it
 * (`none`), or partly (`some`). Other families never overlap.
 */
export function coverage(inner: AddressRange, outer: readonly AddressRange[]): 'all' | 'some' | 'none' {
  const same = outer.filter((r) => r.family === inner.family && r.last >= inner.first && r.first <= inner.last).sort((a, b) => (a.first < b.first ? -1 : 1));
  if (same.length === 0) return 'none';
  let next = inner.first;
  for (const r of same) {
    if (r.first > next) return 'some';
    if (r.last >= next) next = r.last + 1n;
    if (next > inner.last) return 'all';
  }
  return 'some';
}
