// Kubernetes label selectors (matchLabels and matchExpressions with In, NotIn, Exists,
// DoesNotExist) as the objects that carry them state them: read from untyped data with each
// problem said in words, and matched against an object's labels. Shared by eci-profile's
// selectors and TKE's SecurityGroupPolicy, which both hold plain Kubernetes selectors.

export type Labels = Readonly<Record<string, string>>;

export interface LabelRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: LabelRequirement[];
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An object of strings; each value that is not one is a problem, and left out. */
export function stringMap(v: unknown, where: string, problems: string[]): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) {
    problems.push(`${where} must be an object of strings`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'string') out[k] = x;
    else problems.push(`${where}.${k} must be a string, not ${JSON.stringify(x)}`);
  }
  return out;
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** undefined when absent. */
export function parseLabelSelector(v: unknown, where: string, problems: string[]): LabelSelector | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) {
    problems.push(`${where} must be an object with matchLabels`);
    return undefined;
  }
  const matchLabels = stringMap(v.matchLabels, `${where}.matchLabels`, problems);
  const matchExpressions: LabelRequirement[] = [];
  if (v.matchExpressions !== undefined) {
    if (!Array.isArray(v.matchExpressions)) problems.push(`${where}.matchExpressions must be a list`);
    else
      v.matchExpressions.forEach((e: unknown, i) => {
        const at = `${where}.matchExpressions[${i}]`;
        if (!isObject(e) || typeof e.key !== 'string' || typeof e.operator !== 'string' || !OPERATORS.has(e.operator)) {
          problems.push(`${at} needs a key and an operator In, NotIn, Exists or DoesNotExist`);
          return;
        }
        const values = Array.isArray(e.values) ? e.values.filter((x): x is string => typeof x === 'string') : [];
        matchExpressions.push({ key: e.key, operator: e.operator as LabelRequirement['operator'], values });
      });
  }
  return { matchLabels, matchExpressions };
}

function requirementHolds(r: LabelRequirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, r.key);
  switch (r.operator) {
    case 'In':
      return has && r.values.includes(labels[r.key]!);
    case 'NotIn':
      return !has || !r.values.includes(labels[r.key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

/** An absent selector selects everything, as an empty one does. */
export function selects(sel: LabelSelector | undefined, labels: Labels): boolean {
  if (!sel) return true;
  return Object.entries(sel.matchLabels).every(([k, v]) => labels[k] === v) && sel.matchExpressions.every((r) => requirementHolds(r, labels));
}

export const isEmptySelector = (l: LabelSelector | undefined): boolean => !l || (Object.keys(l.matchLabels).length === 0 && l.matchExpressions.length === 0);
