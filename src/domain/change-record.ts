// What kubectl-sg writes down about each change it makes (the audit trail, docs/audit.md): who
// (the Kubernetes user, the cloud identity), when, what object, the groups before and after,
// the run and the command line. The same record goes three ways: a small annotation on the
// changed object (the last change only), a Kubernetes Event on it, and a line of the local log.

/** The object a change was made to, as `history` names it. */
export type ChangeTarget =
  | { kind: 'node'; name: string }
  | { kind: 'workload'; workloadKind: string; namespace: string; name: string }
  | { kind: 'cluster'; provider: 'tke' | 'eci' };

export interface ChangeRecord {
  /** When the change was verified (or given up on), ISO 8601 UTC. */
  at: string;
  runId: string;
  /** The verb, e.g. `set node`. */
  verb: string;
  target: ChangeTarget;
  /** The kubeconfig context the change was made through. */
  context: string;
  /**
   * The API server it was made through: which cluster a line of the local log is about. Context
   * names repeat across clusters (kubeadm's `kubernetes-admin@kubernetes`, a copied kubeconfig),
   * and so do TKE node names (private IPs). '' in lines written before it was kept.
   */
  server: string;
  before: string[];
  after: string[];
  /** The change's result as the verb reported it: ok, failed, not-verified. */
  result: string;
  /** The Kubernetes user (SelfSubjectReview); null when it could not be asked. */
  kubeUser: string | null;
  /** The cloud identity of the key used (an ARN); null when it could not be asked. */
  cloudIdentity: string | null;
  /** The command line, secrets removed. */
  commandLine: string;
}

/** Annotation on the changed object naming its last change; Events and the local log hold the rest. */
export const LAST_CHANGE_ANNOTATION = 'kubectl-sg.io/last-change';
/** Annotation on each Event kubectl-sg writes: the whole record, so `history` reads it back exactly. */
export const EVENT_RECORD_ANNOTATION = 'kubectl-sg.io/change';
export const REPORTING_CONTROLLER = 'kubectl-sg';
export const CHANGE_EVENT_REASON = 'SecurityGroupsChanged';

/**
 * The annotation holds the last change in a few hundred bytes (an object's annotations share
 * 256 KiB in all, and others' tools share them): no command line, and group lists cut short
 * beyond this many characters, the cut said.
 */
export const LAST_CHANGE_MAX_CHARS = 1024;
/** events.k8s.io/v1 `note` is limited to 1 KiB (the API's validation). */
export const EVENT_NOTE_MAX_CHARS = 1024;

const list = (groups: readonly string[]) => groups.join(',') || 'none';

export function targetText(t: ChangeTarget): string {
  if (t.kind === 'node') return `node/${t.name}`;
  if (t.kind === 'workload') return `${t.workloadKind.toLowerCase()}/${t.name} -n ${t.namespace}`;
  return `cluster (${t.provider})`;
}

/** The annotation's value: the last change, compact, within LAST_CHANGE_MAX_CHARS. */
export function lastChangeValue(r: ChangeRecord): string {
  const short = { at: r.at, runId: r.runId, verb: r.verb, kubeUser: r.kubeUser, cloudIdentity: r.cloudIdentity, before: r.before, after: r.after, result: r.result };
  const whole = JSON.stringify(short);
  if (whole.length <= LAST_CHANGE_MAX_CHARS) return whole;
  // Only a list of hundreds of groups gets here (a cloud allows five): kept as a count.
  return JSON.stringify({ ...short, before: [`(${r.before.length} groups)`], after: [`(${r.after.length} groups)`] });
}

/** Where a record was read: the kubeconfig context and the API server it reached. */
export interface ReadFrom {
  context: string;
  server: string;
}

/**
 * Whether a line of the local log is about the cluster `from` reaches: by its API server, or by
 * the context name alone for a line that does not say (written before the server was kept). An
 * annotation or Event is read from the cluster itself, so it is always about that cluster,
 * whatever context its writer used.
 */
export function sameCluster(r: ChangeRecord, from: ReadFrom): boolean {
  return r.server ? r.server === from.server : r.context === '' || r.context === from.context;
}

/** The annotation read back into a record (about the cluster it was read from), or undefined when it is not ours or was edited out of shape. */
export function parseLastChange(value: string | undefined, target: ChangeTarget, from: ReadFrom): ChangeRecord | undefined {
  if (!value) return undefined;
  let v: Partial<ChangeRecord>;
  try {
    v = JSON.parse(value) as Partial<ChangeRecord>;
  } catch {
    return undefined;
  }
  if (typeof v.at !== 'string' || typeof v.runId !== 'string' || !Array.isArray(v.before) || !Array.isArray(v.after)) return undefined;
  return {
    at: v.at,
    runId: v.runId,
    verb: typeof v.verb === 'string' ? v.verb : '',
    target,
    context: from.context,
    server: from.server,
    before: v.before.map(String),
    after: v.after.map(String),
    result: typeof v.result === 'string' ? v.result : '',
    kubeUser: typeof v.kubeUser === 'string' ? v.kubeUser : null,
    cloudIdentity: typeof v.cloudIdentity === 'string' ? v.cloudIdentity : null,
    commandLine: '',
  };
}

/** A whole record read back (an Event's annotation, a log line), or undefined when it is not one. */
export function parseChangeRecord(value: unknown): ChangeRecord | undefined {
  if (typeof value === 'string') {
    try {
      return parseChangeRecord(JSON.parse(value));
    } catch {
      return undefined;
    }
  }
  const v = value as Partial<ChangeRecord> | null;
  if (!v || typeof v !== 'object') return undefined;
  const t = v.target as Partial<ChangeTarget> | undefined;
  if (typeof v.at !== 'string' || typeof v.runId !== 'string' || !Array.isArray(v.before) || !Array.isArray(v.after) || !t || typeof t.kind !== 'string') return undefined;
  return {
    at: v.at,
    runId: v.runId,
    verb: String(v.verb ?? ''),
    target: t as ChangeTarget,
    context: String(v.context ?? ''),
    server: String(v.server ?? ''),
    before: v.before.map(String),
    after: v.after.map(String),
    result: String(v.result ?? ''),
    kubeUser: typeof v.kubeUser === 'string' ? v.kubeUser : null,
    cloudIdentity: typeof v.cloudIdentity === 'string' ? v.cloudIdentity : null,
    commandLine: String(v.commandLine ?? ''),
  };
}

/** The Event's note: one line for `kubectl describe` and `kubectl get events`, within the API's limit. */
export function eventNote(r: ChangeRecord): string {
  const who = `${r.kubeUser ?? 'an unknown Kubernetes user'}${r.cloudIdentity ? ` (cloud: ${r.cloudIdentity})` : ''}`;
  const note = `kubectl sg ${r.verb} by ${who}: security groups ${list(r.before)} -> ${list(r.after)}, ${r.result} (run ${r.runId})`;
  return note.length <= EVENT_NOTE_MAX_CHARS ? note : `${note.slice(0, EVENT_NOTE_MAX_CHARS - 3)}...`;
}

/** kubectl's flags whose values are secrets (`--token T`, `--token=T`), and kubectl-sg's none of its own. */
const SECRET_FLAGS = ['--token', '--password', '--client-key-data', '--secret-key', '--access-key-secret'];
const REDACTED = '<redacted>';

/**
 * The command line as typed, with every secret flag's value replaced, and any word that holds
 * one of the known secret values replaced too (a key pasted into a selector by mistake).
 */
export function redactCommandLine(argv: readonly string[], secrets: readonly string[] = []): string {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const flag = SECRET_FLAGS.find((f) => a === f || a.startsWith(`${f}=`));
    if (flag && a === flag) {
      out.push(a);
      if (i + 1 < argv.length) {
        out.push(REDACTED);
        i++;
      }
      continue;
    }
    if (flag) {
      out.push(`${flag}=${REDACTED}`);
      continue;
    }
    out.push(secrets.some((s) => s.length >= 6 && a.includes(s)) ? REDACTED : a);
  }
  return out.map((w) => (/^[\w@%+=:,./<>-]+$/.test(w) ? w : `'${w.replaceAll("'", "'\\''")}'`)).join(' ');
}
