// `history`'s one timeline: the same change is found in up to three places (the object's
// annotation, its Event, the local log) and shown once, saying where it was found; changes the
// cloud's audit service recorded (made by kubectl-sg's ipamd, or by anyone behind its back) sit
// beside them. Newest first.
import { targetText, type ChangeRecord } from './change-record.ts';

/** Where a line of the timeline was read. */
export type HistorySource = 'annotation' | 'event' | 'log' | 'cloudaudit' | 'actiontrail';
export const HISTORY_SOURCES: readonly HistorySource[] = ['annotation', 'event', 'log', 'cloudaudit', 'actiontrail'];

/** How far back the clouds' audit services are asked (CloudAudit covers the last 90 days; a week keeps the answer short). */
export const AUDIT_WINDOW_DAYS = 7;

/** A change to an ENI's groups as the cloud's audit service recorded it. */
export interface CloudAuditEvent {
  source: 'cloudaudit' | 'actiontrail';
  at: string;
  /** The API action, e.g. AssociateNetworkInterfaceSecurityGroups. */
  eventName: string;
  /** The ENI (or other resource) it changed. */
  resource: string;
  /** Who made the call: the key's identity as the audit service names it. */
  identity: string;
  /** The groups the call named, when the record says. */
  groups: string[] | null;
  /** The node or pod the ENI belongs to, when known. */
  about: string;
}

export interface TimelineEntry {
  at: string;
  /** `kubectl-sg` for a recorded change, else the audit service's event name. */
  what: string;
  /** node/NAME, deployment/NAME -n NS, cluster (tke), or the ENI. */
  target: string;
  kubeUser: string | null;
  cloudIdentity: string | null;
  before: string[] | null;
  after: string[] | null;
  /** What a call the audit service recorded did with the groups it named; null for kubectl-sg's own changes. */
  call: { did: 'bound' | 'unbound' | 'set'; groups: string[] | null } | null;
  result: string | null;
  runId: string | null;
  commandLine: string | null;
  sources: HistorySource[];
}

/** Whether `history` could read a source, and what it read or why not. */
export interface SourceStatus {
  source: HistorySource;
  read: boolean;
  detail: string;
}

export interface SourcedRecord {
  source: 'annotation' | 'event' | 'log';
  record: ChangeRecord;
}

/** Binding adds the named groups, unbinding takes them off; any other call (an attribute change) sets the list. */
function callEffect(eventName: string): 'bound' | 'unbound' | 'set' {
  if (/^Associate|JoinSecurityGroup/.test(eventName)) return 'bound';
  if (/^Disassociate|LeaveSecurityGroup/.test(eventName)) return 'unbound';
  return 'set';
}

/** One line per change (run and object), the sources that hold it merged; the fullest copy wins field by field. */
export function mergeTimeline(records: readonly SourcedRecord[], cloud: readonly CloudAuditEvent[] = []): TimelineEntry[] {
  const byKey = new Map<string, TimelineEntry>();
  for (const { source, record: r } of records) {
    const key = `${r.runId}\u0000${targetText(r.target)}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, {
        at: r.at,
        what: `kubectl sg ${r.verb}`.trim(),
        target: targetText(r.target),
        kubeUser: r.kubeUser,
        cloudIdentity: r.cloudIdentity,
        before: r.before,
        after: r.after,
        call: null,
        result: r.result || null,
        runId: r.runId,
        commandLine: r.commandLine || null,
        sources: [source],
      });
      continue;
    }
    if (!seen.sources.includes(source)) seen.sources.push(source);
    seen.kubeUser ??= r.kubeUser;
    seen.cloudIdentity ??= r.cloudIdentity;
    seen.commandLine ??= r.commandLine || null;
    seen.result ??= r.result || null;
  }
  const entries = [...byKey.values()];
  for (const e of entries) e.sources.sort((a, b) => HISTORY_SOURCES.indexOf(a) - HISTORY_SOURCES.indexOf(b));
  for (const c of cloud) {
    entries.push({
      at: c.at,
      what: c.eventName,
      target: c.about ? `${c.resource} (${c.about})` : c.resource,
      kubeUser: null,
      cloudIdentity: c.identity,
      before: null,
      after: null,
      call: { did: callEffect(c.eventName), groups: c.groups },
      result: null,
      runId: null,
      commandLine: null,
      sources: [c.source],
    });
  }
  // ISO 8601 UTC strings of the same shape sort as their times; ties keep a stable order.
  return entries.sort((a, b) => (Date.parse(b.at) || 0) - (Date.parse(a.at) || 0));
}
