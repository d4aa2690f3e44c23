// Request parameters of the RPC style: flat name → string pairs from the query (and a form
// body), read by each action with the checks the API reference documents: required names
// (MissingParameter), integer ranges and JSON-array ID lists (InvalidParameter), and paging
// tokens. NextToken is opaque to clients; here it encodes the offset and what was asked, so a
// token from another query is refused instead of silently paging something else.
import { invalidParameter, missingParameter } from './errors.ts';

export type Params = Map<string, string>;

export function required(p: Params, name: string): string {
  const v = p.get(name);
  if (v === undefined || v === '') throw missingParameter(name);
  return v;
}

export function optional(p: Params, name: string): string | undefined {
  const v = p.get(name);
  return v === undefined || v === '' ? undefined : v;
}

export function integer(p: Params, name: string, range: { min: number; max: number; default: number }): number {
  const v = optional(p, name);
  if (v === undefined) return range.default;
  if (!/^-?\d+$/.test(v)) throw invalidParameter(name, `"${v}" is not an integer`);
  const n = Number(v);
  if (n < range.min || n > range.max) throw invalidParameter(name, `${n} is out of range, valid values are ${range.min} to ${range.max}`);
  return n;
}

export function oneOf<T extends string>(p: Params, name: string, values: readonly T[], fallback: T): T {
  const v = optional(p, name);
  if (v === undefined) return fallback;
  if (!(values as readonly string[]).includes(v)) throw invalidParameter(name, `"${v}" is not one of ${values.join(', ')}`);
  return v as T;
}

/** A JSON array of strings given as one parameter (SecurityGroupIds, ContainerGroupIds), at most `max`. */
export function jsonIds(p: Params, name: string, max: number): string[] | undefined {
  const v = optional(p, name);
  if (v === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    throw invalidParameter(name, 'it must be a JSON array of strings, e.g. ["id-1","id-2"]');
  }
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) throw invalidParameter(name, 'it must be a JSON array of strings, e.g. ["id-1","id-2"]');
  if (parsed.length > max) throw invalidParameter(name, `at most ${max} IDs are allowed, got ${parsed.length}`);
  return parsed as string[];
}

/** The offset a NextToken stands for; `query` names what was asked (a token is only valid for the same query). */
export function tokenOffset(p: Params, query: string): number {
  const token = optional(p, 'NextToken');
  if (token === undefined) return 0;
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const sep = text.lastIndexOf('#');
  const offset = Number(text.slice(sep + 1));
  if (sep < 0 || text.slice(0, sep) !== query || !Number.isInteger(offset) || offset <= 0) {
    throw invalidParameter('NextToken', 'it is not a token this query returned');
  }
  return offset;
}

/** The NextToken of a page ending at `end` of `total`: "" on the last page, as the APIs answer. */
export function nextToken(query: string, end: number, total: number): string {
  return end < total ? Buffer.from(`${query}#${end}`, 'utf8').toString('base64url') : '';
}
