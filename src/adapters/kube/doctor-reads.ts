// Kubernetes reads only doctor makes: Warning Events on
// objects of a kind (nodes and NECs for ipamd, eci-profile's ConfigMap), and who the caller is (SelfSubjectReview, as `kubectl auth whoami`).
import type { CoreV1Event } from '@kubernetes/client-node';
import { KubeApiError, type KubeClient } from './kube-client.ts';
import type { WarningEventFacts } from '../../domain/tke/ipamd-events.ts';

/** An event as doctor reads it: the domain's facts of a Warning event, without the kind asked for. */
export type ObjectEvent = Omit<WarningEventFacts, 'kind'>;

/**
 * Events about objects of `kind` (and of that `name`, `reason`), of `type`, in `namespace` or in
 * every namespace (node events live in `default`, others beside their object).
 */
export async function listEvents(kube: KubeClient, o: { kind: string; name?: string; reason?: string; type?: string; namespace?: string }): Promise<ObjectEvent[]> {
  const fields = [`involvedObject.kind=${o.kind}`, ...(o.name ? [`involvedObject.name=${o.name}`] : []), ...(o.reason ? [`reason=${o.reason}`] : []), `type=${o.type ?? 'Warning'}`];
  const path = o.namespace ? `/api/v1/namespaces/${encodeURIComponent(o.namespace)}/events` : '/api/v1/events';
  const events = await kube.list<CoreV1Event>(path, { fieldSelector: fields.join(',') });
  return events.map((e) => {
    const when = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp;
    const last = when === undefined ? undefined : new Date(when as unknown as string);
    return {
      name: e.involvedObject?.name ?? '',
      reason: e.reason ?? o.reason ?? '',
      message: (e.message ?? '').replace(/\s+/g, ' ').trim(),
      component: e.source?.component || e.reportingComponent || '',
      count: e.count ?? e.series?.count ?? 1,
      last: last && !Number.isNaN(last.getTime()) ? last : undefined,
    };
  });
}

/** Events of `type` on objects of each of `kinds`, whatever their reason (one list call per kind: a field selector cannot OR). */
export async function listEventsOfKinds<K extends string>(kube: KubeClient, kinds: readonly K[], type = 'Warning'): Promise<(ObjectEvent & { kind: K })[]> {
  const lists = await Promise.all(kinds.map(async (kind) => (await listEvents(kube, { kind, type })).map((e) => ({ ...e, kind }))));
  return lists.flat();
}

/** The caller's user name; undefined when the API server does not offer SelfSubjectReview (before 1.28). */
export async function whoAmI(kube: KubeClient): Promise<string | undefined> {
  try {
    const r = await kube.request<{ status?: { userInfo?: { username?: string } } }>('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
    });
    return r.status?.userInfo?.username || undefined;
  } catch (err) {
    if (err instanceof KubeApiError && (err.status === 404 || err.status === 403)) return undefined;
    throw err;
  }
}
