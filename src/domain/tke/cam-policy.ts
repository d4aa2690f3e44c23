// Does a set of CAM policies grant some actions? Used by doctor for ipamd's role
// IPAMDofTKE_QCSRole, which needs both ENI security-group actions (seeds 000/001, domain.md
// "Cloud permissions"). Documents are judged, never names: a preset policy may grant the actions
// too, and `cvm:*` or `*` counts.
//
// CAM policy syntax 2.0: {version: "2.0", statement: [{effect, action, resource, condition?,
// principal?}]}; `action` and `resource` are a string or a list; actions are `service:Action`
// with `*` wildcards (older documents write `name/cvm:Action`); an explicit deny wins over any
// allow. A statement counts as a full grant only with resource `*` and no condition: anything
// narrower may or may not cover the ENIs ipamd touches, so it is reported as limited.

export const IPAMD_ROLE_NAME = 'IPAMDofTKE_QCSRole';
export const IPAMD_SG_POLICY_NAME = 'SecurityGroupsAccessForIPAMD';
export const IPAMD_SG_ACTIONS = ['cvm:AssociateNetworkInterfaceSecurityGroups', 'cvm:DisassociateNetworkInterfaceSecurityGroups'] as const;

/** The policy the product documents tell users to create for ipamd's role, verbatim in meaning. */
export const IPAMD_SG_POLICY_DOCUMENT = {
  version: '2.0',
  statement: [{ action: [...IPAMD_SG_ACTIONS], resource: '*', effect: 'allow' }],
};

export interface NamedPolicy {
  name: string;
  /** The parsed policy document (CAM's GetPolicy PolicyDocument). */
  document: unknown;
}

/**
 * allowed: a full grant and no deny that could apply; denied: an unconditional deny on every
 * resource; limited: allowed only for some resources or under a condition (or partly denied);
 * missing: nothing allows it.
 */
export type Verdict = 'allowed' | 'denied' | 'limited' | 'missing';

export interface ActionVerdict {
  action: string;
  verdict: Verdict;
  /** Policies with a statement that allows the action (fully or not). */
  allowedBy: string[];
  /** Policies with a deny statement that matches the action. */
  deniedBy: string[];
  /** What narrows a grant: `policy: resource qcs::...` or `policy: condition`. */
  limits: string[];
}

export interface PolicyEvaluation {
  /** Every action is allowed. */
  granted: boolean;
  actions: ActionVerdict[];
  /** Documents that could not be judged (not an object, wrong version, no statements). */
  unreadable: { name: string; why: string }[];
}

interface Statement {
  effect: 'allow' | 'deny';
  actions: string[];
  /** Resource `*` and no condition. */
  unrestricted: boolean;
  restriction: string | undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function strings(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return undefined;
}

/** Keys of CAM documents are lower case; accept other cases as the console does. */
function field(o: Record<string, unknown>, name: string): unknown {
  if (name in o) return o[name];
  const key = Object.keys(o).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : o[key];
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** `cvm:*`, `*`, `cvm:Associate*`, `name/cvm:AssociateNetworkInterfaceSecurityGroups` against `cvm:Action`. */
export function actionMatches(pattern: string, action: string): boolean {
  const p = pattern.trim().replace(/^name\//i, '');
  if (p === '*') return true;
  return globToRegExp(p).test(action);
}

function readStatements(doc: unknown): { statements: Statement[] } | { error: string } {
  if (!isObject(doc)) return { error: 'the document is not a JSON object' };
  const version = field(doc, 'version');
  if (String(version) !== '2.0' && version !== 2) return { error: `policy syntax version ${JSON.stringify(version ?? null)}, expected "2.0"` };
  const raw = field(doc, 'statement');
  const list = Array.isArray(raw) ? raw : isObject(raw) ? [raw] : undefined;
  if (!list || list.length === 0) return { error: 'the document has no statement' };
  const statements: Statement[] = [];
  for (const s of list) {
    if (!isObject(s)) continue;
    const effect = String(field(s, 'effect') ?? '').toLowerCase();
    const actions = strings(field(s, 'action'));
    if ((effect !== 'allow' && effect !== 'deny') || !actions) continue;
    // A statement without a resource is treated as on every resource (a deny must not be missed).
    const resources = strings(field(s, 'resource')) ?? ['*'];
    const condition = field(s, 'condition');
    const conditional = isObject(condition) && Object.keys(condition).length > 0;
    const everywhere = resources.some((r) => r.trim() === '*');
    const restriction = conditional ? 'condition' : everywhere ? undefined : `resource ${resources.join(', ')}`;
    statements.push({ effect, actions, unrestricted: everywhere && !conditional, restriction });
  }
  return { statements };
}

export function evaluatePolicies(policies: readonly NamedPolicy[], actions: readonly string[]): PolicyEvaluation {
  const unreadable: PolicyEvaluation['unreadable'] = [];
  const read: { name: string; statements: Statement[] }[] = [];
  for (const p of policies) {
    const r = readStatements(p.document);
    if ('error' in r) unreadable.push({ name: p.name, why: r.error });
    else read.push({ name: p.name, statements: r.statements });
  }
  const verdicts = actions.map((action): ActionVerdict => {
    const allowedBy = new Set<string>();
    const deniedBy = new Set<string>();
    const limits: string[] = [];
    let fullAllow = false;
    let fullDeny = false;
    let partialDeny = false;
    for (const p of read) {
      for (const s of p.statements) {
        if (!s.actions.some((a) => actionMatches(a, action))) continue;
        if (s.effect === 'deny') {
          deniedBy.add(p.name);
          if (s.unrestricted) fullDeny = true;
          else {
            partialDeny = true;
            limits.push(`${p.name}: denied for ${s.restriction}`);
          }
        } else {
          allowedBy.add(p.name);
          if (s.unrestricted) fullAllow = true;
          else limits.push(`${p.name}: allowed only for ${s.restriction}`);
        }
      }
    }
    const verdict: Verdict = fullDeny ? 'denied' : fullAllow && !partialDeny ? 'allowed' : allowedBy.size > 0 ? 'limited' : 'missing';
    return { action, verdict, allowedBy: [...allowedBy], deniedBy: [...deniedBy], limits: verdict === 'limited' ? limits : [] };
  });
  return { granted: verdicts.every((v) => v.verdict === 'allowed'), actions: verdicts, unreadable };
}
