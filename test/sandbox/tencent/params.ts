// Request parameter validation, shared by every action. The API refuses parameters it does not
// define (UnknownParameter: "passing undefined parameters causes an error"), wrong types
// (InvalidParameter) and missing required ones (MissingParameter). Numbers may arrive as
// strings (GET requests, and fields the SDK types as String such as DescribeSecurityGroups'
// Offset/Limit), so integer fields accept both.
import { ApiError, err, invalidParameter, missingParameter, unknownParameter } from './errors.ts';

export type ParamType = 'string' | 'int' | 'bool' | 'string[]' | 'filters' | 'objects';

export interface ParamSpec {
  type: ParamType;
  required?: boolean;
}

export type Schema = Record<string, ParamSpec>;

export interface Filter {
  Name: string;
  Values: string[];
}

export type Params = Record<string, unknown>;

const TYPE_NAMES: Record<ParamType, string> = {
  string: 'String',
  int: 'Integer',
  bool: 'Boolean',
  'string[]': 'Array of String',
  filters: 'Array of Filter',
  objects: 'Array of Object',
};

function wrongType(name: string, type: ParamType): ApiError {
  return invalidParameter(`The value type of parameter \`${name}\` is wrong: expected ${TYPE_NAMES[type]}.`);
}

/** Validate and normalise `params` against `schema` (ints become numbers, bools booleans). */
export function validate(params: Params, schema: Schema): Params {
  const out: Params = {};
  for (const key of Object.keys(params)) {
    if (!(key in schema)) throw unknownParameter(key);
  }
  for (const [name, spec] of Object.entries(schema)) {
    const v = params[name];
    if (v === undefined || v === null) {
      if (spec.required) throw missingParameter(name);
      continue;
    }
    switch (spec.type) {
      case 'string':
        if (typeof v !== 'string') throw wrongType(name, spec.type);
        out[name] = v;
        break;
      case 'int': {
        const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
        if (!Number.isInteger(n)) throw wrongType(name, spec.type);
        out[name] = n;
        break;
      }
      case 'bool':
        if (typeof v === 'boolean') out[name] = v;
        else if (typeof v === 'string' && /^(true|false)$/i.test(v)) out[name] = v.toLowerCase() === 'true';
        else throw wrongType(name, spec.type);
        break;
      case 'string[]':
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw wrongType(name, spec.type);
        out[name] = v;
        if (spec.required && v.length === 0) throw missingParameter(`${name}.N`);
        break;
      case 'filters':
        out[name] = v; // shape checked by parseFilters, whose error codes differ per service
        break;
      case 'objects':
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x))) throw wrongType(name, spec.type);
        out[name] = v; // each object's fields are the action's to check
        break;
    }
  }
  return out;
}

export interface FilterCodes {
  /** A Filter that is not an object {Name, Values}. */
  notDict: string;
  /** Values that is not a list of strings. */
  valuesNotList: string;
  /** A Name the action does not know. */
  invalidKey: string;
}

export const VPC_FILTER_CODES: FilterCodes = {
  notDict: 'InvalidParameter.FilterNotDict',
  valuesNotList: 'InvalidParameter.FilterValuesNotList',
  invalidKey: 'InvalidParameter.FilterInvalidKey',
};

/** Check the Filters parameter: a list of {Name, Values}; names must satisfy `known`. */
export function parseFilters(raw: unknown, known: (name: string) => boolean, codes: FilterCodes): Filter[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw err(codes.notDict, 'Filters must be a list of {Name, Values}.');
  return raw.map((f, i) => {
    if (typeof f !== 'object' || f === null || Array.isArray(f) || typeof (f as Filter).Name !== 'string') {
      throw err(codes.notDict, `Filters.${i} must be an object {Name, Values}.`);
    }
    const { Name, Values } = f as { Name: string; Values: unknown };
    for (const k of Object.keys(f)) if (k !== 'Name' && k !== 'Values') throw unknownParameter(`Filters.${i}.${k}`);
    if (!Array.isArray(Values) || !Values.every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')) {
      throw err(codes.valuesNotList, `Filters.${i}.Values must be a list.`);
    }
    if (!known(Name)) throw err(codes.invalidKey, `The filter name \`${Name}\` is not supported.`);
    return { Name, Values: Values.map(String) };
  });
}

/** GET requests carry flattened parameters (Filters.0.Values.1=x); rebuild the JSON shape. */
export function unflatten(query: URLSearchParams): Params {
  const root: Record<string, unknown> = {};
  for (const [key, value] of query) {
    const parts = key.split('.');
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(parts[i + 1]!);
      const slot = Array.isArray(node) ? Number(part) : part;
      const container = node as Record<string | number, unknown>;
      if (last) container[slot] = value;
      else {
        if (container[slot] === undefined) container[slot] = nextIsIndex ? [] : {};
        node = container[slot] as Record<string, unknown> | unknown[];
      }
    }
  }
  return root;
}

/** Offset/Limit paging with the API's rules: Limit default 20, at most `max`. */
export function page<T>(items: T[], offset: number | undefined, limit: number | undefined, codes: { range: string }, max = 100): T[] {
  const off = offset ?? 0;
  const lim = limit ?? 20;
  if (off < 0) throw err(codes.range, `Offset must be >= 0, got ${off}.`);
  if (lim < 0 || lim > max) throw err(codes.range, `Limit must be between 0 and ${max}, got ${lim}.`);
  return items.slice(off, off + lim);
}
