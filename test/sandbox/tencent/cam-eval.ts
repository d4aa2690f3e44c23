// CAM policy evaluation: does a set of policy documents (syntax version 2.0) allow an action?
//
// - `statement[].action` is a string or a list; entries are `service:Action` with `*` wildcards
//   anywhere (`cvm:*`, `*`, `vpc:Describe*`, `*:Get*`); compared case-insensitively.
// - `statement[].resource` is a string or a list of six-segment `qcs:...` resources with `*`
//   wildcards; missing means `*`. The emulator knows one resource string per request (see
//   `resourceFor`), which covers the policies that matter here (`*` or a service-wide pattern).
// - An explicit deny wins over any allow; no allow means denied.
// - Statements with a `condition` are not evaluated by the emulator: an allow with a condition
//   is ignored (so it does not grant) and a deny with a condition applies (fails closed).
//   This is a simplification, listed here so that it is easy to change.
import type { PolicyDocument } from './state.ts';

export type Decision = { allowed: true } | { allowed: false; reason: 'no-allow' | 'explicit-deny' };

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? ['*'] : Array.isArray(v) ? v : [v]);

function matchesAny(patterns: string[], value: string): boolean {
  return patterns.some((p) => p === '*' || globToRegExp(p).test(value));
}

export function evaluate(documents: PolicyDocument[], camAction: string, resource: string): Decision {
  let allowed = false;
  for (const doc of documents) {
    for (const st of doc.statement ?? []) {
      const effect = String(st.effect ?? '').toLowerCase();
      if (!matchesAny(asList(st.action), camAction)) continue;
      if (!matchesAny(asList(st.resource), resource)) continue;
      if (effect === 'deny') return { allowed: false, reason: 'explicit-deny' };
      if (effect === 'allow' && st.condition === undefined) allowed = true;
    }
  }
  return allowed ? { allowed: true } : { allowed: false, reason: 'no-allow' };
}

/** The resource a request is checked against, in CAM's six-segment form. */
export function resourceFor(camAction: string, region: string, uin: string, resourceType: string, resourceId = '*'): string {
  const service = camAction.split(':')[0] ?? '*';
  return `qcs::${service}:${region}:uin/${uin}:${resourceType}/${resourceId}`;
}

/** Parse a policy document as CAM stores it (a JSON string); undefined when it is not one. */
export function parsePolicyDocument(text: string): PolicyDocument | undefined {
  try {
    const doc = JSON.parse(text) as PolicyDocument;
    if (typeof doc !== 'object' || doc === null || !Array.isArray(doc.statement)) return undefined;
    return doc;
  } catch {
    return undefined;
  }
}
