// The Kubernetes side of the audit trail: who the caller is (SelfSubjectReview), the last-change
// annotation on a changed object (a merge patch of metadata.annotations only: a workload's pod
// template is never touched, so nothing rolls out), and the Events kubectl-sg writes on it.
// Events are written through events.k8s.io/v1 (reportingController, action, note) and read
// through core/v1, whose field selectors (involvedObject.*) every supported apiserver serves.
import type { KubeClient } from './kube-client.ts';

/** An object a change is recorded on: enough to patch it and to name it in an Event. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  /** undefined for cluster-scoped objects (Node, NodeENIConfig). */
  namespace?: string;
  name: string;
  /** Its API path. */
  path: string;
}

const ns = (n: string) => encodeURIComponent(n);

export const nodeRef = (name: string): ObjectRef => ({ apiVersion: 'v1', kind: 'Node', name, path: `/api/v1/nodes/${ns(name)}` });
export const necRef = (name: string): ObjectRef => ({
  apiVersion: 'networking.tke.cloud.tencent.com/v1',
  kind: 'NodeENIConfig',
  name,
  path: `/apis/networking.tke.cloud.tencent.com/v1/nodeeniconfigs/${ns(name)}`,
});
export const deploymentRef = (namespace: string, name: string): ObjectRef => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  namespace,
  name,
  path: `/apis/apps/v1/namespaces/${ns(namespace)}/deployments/${ns(name)}`,
});
export const configMapRef = (namespace: string, name: string): ObjectRef => ({ apiVersion: 'v1', kind: 'ConfigMap', namespace, name, path: `/api/v1/namespaces/${ns(namespace)}/configmaps/${ns(name)}` });
/** A workload of set workload: `group/version`, its kind and plural. */
export const workloadObjectRef = (apiVersion: string, kind: string, plural: string, namespace: string, name: string): ObjectRef => ({
  apiVersion,
  kind,
  namespace,
  name,
  path: `/apis/${apiVersion}/namespaces/${ns(namespace)}/${plural}/${ns(name)}`,
});

interface SelfSubjectReview {
  status?: { userInfo?: { username?: string; groups?: string[] } };
}

/** The caller's user name as the apiserver authenticated it (authentication.k8s.io/v1, Kubernetes 1.28+). */
export async function whoAmI(kube: KubeClient): Promise<string | undefined> {
  const r = await kube.request<SelfSubjectReview>('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
  return r.status?.userInfo?.username || undefined;
}

/** Sets one annotation of the object; every other field and annotation stays. */
export async function annotateObject(kube: KubeClient, ref: ObjectRef, key: string, value: string): Promise<void> {
  await kube.request('PATCH', ref.path, { metadata: { annotations: { [key]: value } } }, 'application/merge-patch+json');
}

export async function objectAnnotations(kube: KubeClient, ref: ObjectRef): Promise<Record<string, string>> {
  const o = await kube.get<{ metadata?: { annotations?: Record<string, string> } }>(ref.path);
  return o.metadata?.annotations ?? {};
}

export interface ChangeEvent {
  regarding: ObjectRef;
  reason: string;
  /** What was done, e.g. SetNode (events.k8s.io/v1 `action`, at most 128 characters). */
  action: string;
  note: string;
  reportingController: string;
  /** The host that made the change (`reportingInstance`). */
  reportingInstance: string;
  eventTime: string;
  annotations: Record<string, string>;
}

/** Events of cluster-scoped objects live in `default`, as the kubelet's Node events do. */
const eventNamespace = (ref: ObjectRef) => ref.namespace ?? 'default';

export async function createChangeEvent(kube: KubeClient, e: ChangeEvent): Promise<void> {
  const r = e.regarding;
  await kube.request('POST', `/apis/events.k8s.io/v1/namespaces/${ns(eventNamespace(r))}/events`, {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { generateName: `${r.name}.kubectl-sg-`, namespace: eventNamespace(r), annotations: e.annotations },
    // MicroTime: the apiserver parses exactly six fractional digits.
    eventTime: e.eventTime.replace(/(\.\d{3})?Z$/, (_m, ms: string | undefined) => `${(ms ?? '.000')}000Z`),
    reportingController: e.reportingController,
    reportingInstance: e.reportingInstance,
    action: e.action,
    reason: e.reason,
    type: 'Normal',
    note: e.note,
    regarding: { apiVersion: r.apiVersion, kind: r.kind, name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}) },
  });
}

interface CoreEvent {
  metadata?: { annotations?: Record<string, string> };
  reportingComponent?: string;
}

/** The annotations of kubectl-sg's Events about the object (or about every object, when none is named). */
export async function listChangeEvents(kube: KubeClient, controller: string, regarding?: ObjectRef): Promise<Record<string, string>[]> {
  const fields = [`reportingComponent=${controller}`];
  if (regarding) fields.push(`involvedObject.kind=${regarding.kind}`, `involvedObject.name=${regarding.name}`);
  const path = regarding ? `/api/v1/namespaces/${ns(eventNamespace(regarding))}/events` : '/api/v1/events';
  const events = await kube.list<CoreEvent>(path, { fieldSelector: fields.join(',') });
  return events.filter((e) => e.reportingComponent === controller).map((e) => e.metadata?.annotations ?? {});
}
