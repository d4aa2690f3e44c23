// May the caller itself make the Tencent Cloud calls a verb makes after the confirmation? Told
// before the question, so that a missing right is named with its fix before anything is written
// instead of surfacing as a failed write half-way. Who the caller is comes from STS
// GetCallerIdentity, its rights from the CAM policies attached to it, judged by the evaluator
// doctor uses for ipamd's role (cam-policy.ts). What cannot be told is "unknown", never a guess:
// the verb then goes on, and the cloud itself still refuses what is not allowed.
// Shapes and readings: docs/assumptions.md "The caller's own cloud rights".
import { evaluatePolicies, type NamedPolicy, type Verdict } from './cam-policy.ts';

/** STS GetCallerIdentity's answer (sts_models.d.ts GetCallerIdentityResponse). */
export interface CallerIdentity {
  arn: string;
  /** The root account's UIN. */
  accountId: string;
  /** The account's UIN for a user; `roleId:sessionName` for a role; `uin:name` for a federated user. */
  userId: string;
  principalId: string;
  /** `CAMUser`, `CAMRole`, ... */
  type: string;
}

/** Whose policies say what the caller may do. */
export type CallerKind =
  | { kind: 'root' }
  | { kind: 'user'; uin: number }
  | { kind: 'role'; roleId: string }
  /** Rights that cannot be read from attached policies (a federation token's own policy, an unknown type). */
  | { kind: 'other'; why: string };

const ASSUMED_ROLE = /^qcs::sts:[^:]*:assumed-role\/(\d+)/;
const FEDERATED = /^qcs::sts:[^:]*:federated-user\//;

export function callerKind(c: CallerIdentity): CallerKind {
  const role = ASSUMED_ROLE.exec(c.arn);
  if (role) return { kind: 'role', roleId: role[1]! };
  if (FEDERATED.test(c.arn)) return { kind: 'other', why: 'a federated user (GetFederationToken): its rights are the token\'s own policy, which cannot be read back' };
  if (/^\d+$/.test(c.userId)) return c.userId === c.accountId ? { kind: 'root' } : { kind: 'user', uin: Number(c.userId) };
  return { kind: 'other', why: `caller type ${c.type || '(none)'} (${c.arn}) is not a user or a role whose policies can be listed` };
}

export type RightsStatus = 'ok' | 'missing' | 'unknown';

export interface ActionRight {
  action: string;
  verdict: Verdict | 'unknown';
  /** Policies whose deny statement matches it. */
  deniedBy: string[];
}

export interface CloudRights {
  /** ok: every action allowed; missing: some certainly not (named in `missing`); unknown: cannot be told. */
  status: RightsStatus;
  /** The caller's ARN; undefined when not known. */
  caller: string | undefined;
  actions: ActionRight[];
  /** Actions nothing allows, or a deny forbids. */
  missing: string[];
  /** A policy that grants the missing actions (attach it to the caller); undefined when none is missing. */
  fix: object | undefined;
  /** Why the answer is unknown, or what narrows it, one line each. */
  notes: string[];
}

/** The custom policy that grants exactly these actions, in the CAM syntax the console takes. */
export function grantPolicy(actions: readonly string[]): object {
  return { version: '2.0', statement: [{ effect: 'allow', action: [...actions], resource: '*' }] };
}

export function unknownRights(actions: readonly string[], why: string, caller?: string): CloudRights {
  return { status: 'unknown', caller, actions: actions.map((action) => ({ action, verdict: 'unknown', deniedBy: [] })), missing: [], fix: undefined, notes: [why] };
}

/** The root account may do everything (CAM: the root account owns every resource). */
export function rootRights(actions: readonly string[], caller: string): CloudRights {
  return { status: 'ok', caller, actions: actions.map((action) => ({ action, verdict: 'allowed', deniedBy: [] })), missing: [], fix: undefined, notes: ['the root account, which holds every right'] };
}

/**
 * The caller's rights from the policies attached to it. A deny is certain; "nothing allows it"
 * is certain only when every attached document could be read; a grant narrowed to some
 * resources or a condition may or may not cover the call, so it makes the answer unknown.
 */
export function judgeRights(actions: readonly string[], policies: readonly NamedPolicy[], caller: string): CloudRights {
  const e = evaluatePolicies(policies, actions);
  const notes = e.unreadable.map((u) => `policy ${u.name} could not be judged: ${u.why}`);
  const certain = e.unreadable.length === 0;
  const missing: string[] = [];
  for (const v of e.actions) {
    if (v.verdict === 'denied') {
      missing.push(v.action);
      notes.push(`${v.action} is denied by ${v.deniedBy.join(', ')}: remove that deny statement too`);
    } else if (v.verdict === 'missing' && certain) missing.push(v.action);
    else if (v.verdict === 'limited') notes.push(`${v.action}: ${v.limits.join('; ')}`);
  }
  const undecided = e.actions.some((v) => v.verdict === 'limited' || (v.verdict === 'missing' && !certain));
  const status: RightsStatus = missing.length > 0 ? 'missing' : undecided ? 'unknown' : 'ok';
  return {
    status,
    caller,
    actions: e.actions.map((v) => ({ action: v.action, verdict: v.verdict === 'missing' && !certain ? 'unknown' : v.verdict, deniedBy: v.deniedBy })),
    missing,
    fix: missing.length > 0 ? grantPolicy(missing) : undefined,
    notes,
  };
}

/**
 * A missing right, named with its fix, before anything was written: exit 1. Here, not beside the
 * check: the mutating verbs' shared flags module throws it, and loading the check (the Tencent
 * adapters) with it put the whole cloud SDK on every command's start, `--help` included.
 */
export class CloudRightsMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CloudRightsMissingError';
  }
}
