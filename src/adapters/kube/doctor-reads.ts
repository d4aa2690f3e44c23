// Kubernetes reads only doctor makes: whether the API server serves the NodeENIConfig resource
// (discovery, which every authenticated user may read, unlike CRD objects), Warning Events on
// nodes by reason, and who the caller is (SelfSubjectReview, as `kubectl auth whoami`).
import type { CoreV1Event } from '@kubernetes/client-node';
import { KubeApiError, type KubeClient } from './kube-client.ts';
import { NEC_GROUP } from './tke-objects.ts';

/** Whether `nodeeniconfigs` is served under networking.tke.cloud.tencent.com/v1. */
export async function necResourceServed(kube: KubeClient): Promise<boolean> {
  try {
    const list = await kube.get<{ resources?: { name?: string }[] }>(`/apis/${NEC_GROUP}/v1`);
    return (list.resources ?? []).some((r) => r.name === 'nodeeniconfigs');
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 404) return false;
    throw err;
  }
}

export interface NodeEvent {
  node: string;
  reason: string;
  message: string;
  count: number;
  last: Date | undefined;
}

/** Events of `reason` on Node objects, in every namespace (node events live in `default`). */
export async function listNodeEvents(kube: KubeClient, reason: string, type = 'Warning'): Promise<NodeEvent[]> {
  const events = await kube.list<CoreV1Event>('/api/v1/events', { fieldSelector: `involvedObject.kind=Node,reason=${reason},type=${type}` });
  return events.map((e) => {
    const when = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp;
    const last = when === undefined ? undefined : new Date(when as unknown as string);
    return {
      node: e.involvedObject?.name ?? '',
      reason: e.reason ?? reason,
      message: (e.message ?? '').replace(/\s+/g, ' ').trim(),
      count: e.count ?? e.series?.count ?? 1,
      last: last && !Number.isNaN(last.getTime()) ? last : undefined,
    };
  });
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
