// `history`'s reading half: the changes recorded on the objects (last-change annotations), in
// the cluster's Events and in the local log, for one target or all, merged into one timeline
// (domain/change-timeline.ts). Each source is read on its own: one that cannot be read (no
// RBAC for Events, no log on this machine, Events expired) is named with why, and the others
// are still shown.
import { EVENT_RECORD_ANNOTATION, LAST_CHANGE_ANNOTATION, REPORTING_CONTROLLER, parseChangeRecord, parseLastChange, sameCluster, type ChangeRecord, type ChangeTarget, type ReadFrom } from '../domain/change-record.ts';
import { mergeTimeline, type CloudAuditEvent, type SourceStatus, type SourcedRecord, type TimelineEntry } from '../domain/change-timeline.ts';
import { targetMatches, type HistoryTarget } from '../domain/history-target.ts';
import { WORKLOAD_KINDS } from '../domain/workload-ref.ts';
import { errorMessage } from '../domain/error-message.ts';
import { KubeApiError, type KubeClient } from '../adapters/kube/kube-client.ts';
import { listChangeEvents, necRef, nodeRef, objectAnnotations, workloadObjectRef, type ObjectRef } from '../adapters/kube/change-objects.ts';
import { listNecs } from '../adapters/kube/tke/objects.ts';
import { listNodes } from '../adapters/kube/nodes.ts';
import { readChangeLog } from '../adapters/local/change-log.ts';
import { userStateDir } from '../adapters/local/user-state-dir.ts';
import { clusterSettingRef } from './change-recording.ts';
import { readNodeCloudAudit } from './tke/drift-audit.ts';
import { readWorkloadActionTrail } from './eci/drift-audit.ts';
import type { AlibabaOpener } from './eci/set-workload.ts';
import type { CloudOpener } from './cloud-access.ts';

export interface History {
  entries: TimelineEntry[];
  sources: SourceStatus[];
}

/**
 * The objects whose annotation (`ref`) and Events (`eventOn`) hold the target's changes: a node's
 * are on its NodeENIConfig (set node) and on the Node itself (resync), its Events on the Node.
 */
function objectsOf(target: Exclude<HistoryTarget, { kind: 'all' }>): { ref: ObjectRef; eventOn?: ObjectRef; as: ChangeTarget }[] {
  if (target.kind === 'node') {
    const as = { kind: 'node', name: target.name } as const;
    return [
      { ref: necRef(target.name), eventOn: nodeRef(target.name), as },
      { ref: nodeRef(target.name), as },
    ];
  }
  if (target.kind === 'workload') {
    const w = WORKLOAD_KINDS.find((k) => k.kind === target.workloadKind)!;
    const ref = workloadObjectRef(`${w.group}/${w.version}`, w.kind, w.plural, target.namespace, target.name);
    return [{ ref, eventOn: ref, as: { kind: 'workload', workloadKind: w.kind, namespace: target.namespace, name: target.name } }];
  }
  return (['tke', 'eci'] as const).map((provider) => ({ ref: clusterSettingRef(provider), eventOn: clusterSettingRef(provider), as: { kind: 'cluster', provider } }));
}

const notFound = (err: unknown) => err instanceof KubeApiError && err.status === 404;

async function fromAnnotations(kube: KubeClient, target: HistoryTarget, from: ReadFrom): Promise<{ records: ChangeRecord[]; detail: string }> {
  if (target.kind === 'all') {
    const [necs, nodes] = await Promise.all([listNecs(kube).catch((err: unknown) => (notFound(err) ? [] : Promise.reject(err))), listNodes(kube)]);
    const annotated = [...necs, ...nodes].map((o) => ({ name: o.metadata?.name ?? '', annotations: o.metadata?.annotations }));
    const records = annotated.flatMap((o) => parseLastChange(o.annotations?.[LAST_CHANGE_ANNOTATION], { kind: 'node', name: o.name }, from) ?? []);
    return { records, detail: `the NodeENIConfigs' and Nodes' (${necs.length} and ${nodes.length}); name a workload or cluster to read theirs` };
  }
  const records: ChangeRecord[] = [];
  const read: string[] = [];
  for (const o of objectsOf(target)) {
    const annotations = await objectAnnotations(kube, o.ref).catch((err: unknown) => (notFound(err) ? undefined : Promise.reject(err)));
    if (!annotations) continue;
    read.push(`${o.ref.kind} ${o.ref.namespace ? `${o.ref.namespace}/` : ''}${o.ref.name}`);
    const r = parseLastChange(annotations[LAST_CHANGE_ANNOTATION], o.as, from);
    if (r) records.push(r);
  }
  return { records, detail: read.length > 0 ? read.join(', ') : 'no such object' };
}

async function fromEvents(kube: KubeClient, target: HistoryTarget): Promise<ChangeRecord[]> {
  const lists = target.kind === 'all' ? [await listChangeEvents(kube, REPORTING_CONTROLLER)] : await Promise.all(objectsOf(target).flatMap((o) => (o.eventOn ? [listChangeEvents(kube, REPORTING_CONTROLLER, o.eventOn)] : [])));
  return lists.flat().flatMap((a) => parseChangeRecord(a[EVENT_RECORD_ANNOTATION]) ?? []);
}

export interface HistoryOptions {
  env?: NodeJS.ProcessEnv;
  /** Tencent Cloud, for a node's CloudAudit records (tke/drift-audit.ts); undefined with --no-cloud. */
  openTencent?: CloudOpener;
  /** Alibaba Cloud, for a workload's ActionTrail records (eci/drift-audit.ts); undefined with --no-cloud. */
  openAlibaba?: AlibabaOpener;
}

interface CloudRead {
  events: CloudAuditEvent[];
  status: SourceStatus;
}

/** What Tencent CloudAudit recorded about the target's ENIs: asked for a node only. */
async function fromCloudAudit(kube: KubeClient, target: HistoryTarget, open: CloudOpener | undefined): Promise<CloudRead> {
  if (target.kind !== 'node') return { events: [], status: { source: 'cloudaudit', read: false, detail: 'asked for a node only (history node/NAME): it names who changed that node\'s ENIs' } };
  if (!open) return { events: [], status: { source: 'cloudaudit', read: false, detail: '--no-cloud' } };
  return readNodeCloudAudit(kube, open, target.name);
}

/** What Alibaba ActionTrail recorded about the ENIs of the target's pods: asked for a workload only. */
async function fromActionTrail(kube: KubeClient, target: HistoryTarget, open: AlibabaOpener | undefined): Promise<CloudRead> {
  if (target.kind !== 'workload') return { events: [], status: { source: 'actiontrail', read: false, detail: 'asked for a workload only (history workload KIND/NAME): it names who changed its ECI pods\' ENIs' } };
  if (!open) return { events: [], status: { source: 'actiontrail', read: false, detail: '--no-cloud' } };
  return readWorkloadActionTrail(kube, open, target);
}

export async function readHistory(kube: KubeClient, target: HistoryTarget, o: HistoryOptions = {}): Promise<History> {
  const from: ReadFrom = { context: kube.target.contextName, server: kube.target.server };
  const records: SourcedRecord[] = [];
  const sources: SourceStatus[] = [];
  const about = (r: ChangeRecord) => targetMatches(target, r.target);

  const [annotations, events, audit, trail] = await Promise.allSettled([
    fromAnnotations(kube, target, from),
    fromEvents(kube, target),
    fromCloudAudit(kube, target, o.openTencent),
    fromActionTrail(kube, target, o.openAlibaba),
  ]);
  if (annotations.status === 'fulfilled') {
    records.push(...annotations.value.records.filter(about).map((record) => ({ source: 'annotation' as const, record })));
    sources.push({ source: 'annotation', read: true, detail: `last change on ${annotations.value.detail}` });
  } else sources.push({ source: 'annotation', read: false, detail: errorMessage(annotations.reason) });
  if (events.status === 'fulfilled') {
    const mine = events.value.filter(about);
    records.push(...mine.map((record) => ({ source: 'event' as const, record })));
    sources.push({ source: 'event', read: true, detail: `${mine.length} Event(s) by ${REPORTING_CONTROLLER} (the apiserver keeps Events for its --event-ttl, 1 h by default)` });
  } else sources.push({ source: 'event', read: false, detail: errorMessage(events.reason) });

  const dir = userStateDir(o.env ?? process.env);
  try {
    const log = readChangeLog({ dir });
    // The log holds this machine's changes to every cluster: only this one's (sameCluster).
    const mine = log.values.flatMap((v) => parseChangeRecord(v) ?? []).filter((r) => about(r) && sameCluster(r, from));
    records.push(...mine.map((record) => ({ source: 'log' as const, record })));
    const unreadable = log.unreadable > 0 ? `, ${log.unreadable} unreadable line(s) skipped` : '';
    sources.push({ source: 'log', read: true, detail: log.files.length === 0 ? `no change log in ${dir} (no change made from this machine)` : `${mine.length} line(s) of ${log.files.join(', ')}${unreadable}` });
  } catch (err) {
    sources.push({ source: 'log', read: false, detail: errorMessage(err) });
  }

  const settledRead = (r: PromiseSettledResult<CloudRead>, source: 'cloudaudit' | 'actiontrail'): CloudRead =>
    r.status === 'fulfilled' ? r.value : { events: [], status: { source, read: false, detail: errorMessage(r.reason) } };
  const clouds = [settledRead(audit, 'cloudaudit'), settledRead(trail, 'actiontrail')];
  sources.push(...clouds.map((c) => c.status));
  return { entries: mergeTimeline(records, clouds.flatMap((c) => c.events)), sources };
}
