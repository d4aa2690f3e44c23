// Workloads as far as their pod template, read the same way by every provider whose pods take
// their groups from a template annotation (ECI, TKE super nodes): where each kind lives in the
// API, the template's place in it, reads and whole writes guarded by resourceVersion, and the
// owners a pod's controller chain goes through.
import type { V1PodTemplateSpec } from '@kubernetes/client-node';
import type { WorkloadKind } from '../../domain/workload-ref.ts';
import { orUndefinedOn404, type KubeClient } from './kube-client.ts';

/** Where a workload kind lives in the API. */
export interface WorkloadResource {
  apiVersion: string;
  plural: string;
}

/** A workload as far as its pod template: the template is at spec.template, or spec.jobTemplate.spec.template for a CronJob. */
export interface WorkloadObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; uid?: string; generation?: number; ownerReferences?: { kind: string; name: string }[] };
  spec: { template?: V1PodTemplateSpec; jobTemplate?: { spec?: { template?: V1PodTemplateSpec } }; [k: string]: unknown };
  [k: string]: unknown;
}

const workloadPath = (r: WorkloadResource, namespace: string, name?: string) =>
  `/${r.apiVersion.includes('/') ? 'apis' : 'api'}/${r.apiVersion}/namespaces/${encodeURIComponent(namespace)}/${r.plural}${name ? `/${encodeURIComponent(name)}` : ''}`;

export const resourceOf = (w: WorkloadKind): WorkloadResource => ({ apiVersion: `${w.group}/${w.version}`, plural: w.plural });

export function templateOf(obj: WorkloadObject, w: WorkloadKind): V1PodTemplateSpec | undefined {
  let at: unknown = obj;
  for (const key of w.templatePath) at = (at as Record<string, unknown> | undefined)?.[key];
  return at as V1PodTemplateSpec | undefined;
}

/** The value of one annotation of the template; undefined when it has none. */
export const templateAnnotation = (obj: WorkloadObject, w: WorkloadKind, key: string): string | undefined => templateOf(obj, w)?.metadata?.annotations?.[key];

/** Every workload of one kind in a namespace. */
export const listWorkloads = (kube: KubeClient, w: WorkloadKind, namespace: string) => kube.list<WorkloadObject>(workloadPath(resourceOf(w), namespace));

export const getWorkload = (kube: KubeClient, r: WorkloadResource, namespace: string, name: string) =>
  orUndefinedOn404(kube.get<WorkloadObject>(workloadPath(r, namespace, name)));

/** Writes the workload back whole, guarded by its resourceVersion like every write of the plugin. */
export const replaceWorkload = (kube: KubeClient, r: WorkloadResource, w: WorkloadObject) =>
  kube.request<WorkloadObject>('PUT', workloadPath(r, w.metadata.namespace ?? '', w.metadata.name), w);

/** Owner of a pod or ReplicaSet/Job, as far as needed to walk up to the workload. */
export const getOwner = (kube: KubeClient, apiVersion: string, plural: string, namespace: string, name: string) =>
  orUndefinedOn404(kube.get<{ metadata: { name: string; ownerReferences?: { apiVersion: string; kind: string; name: string; controller?: boolean }[] } }>(workloadPath({ apiVersion, plural }, namespace, name)));

