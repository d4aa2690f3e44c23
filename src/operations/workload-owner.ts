// The workload that owns a pod, which is what an operator changes to change its groups: walked up
// through ReplicaSets and Jobs to a Deployment or CronJob, each owner read once per verb.
import type { V1Pod } from '@kubernetes/client-node';
import type { KubeClient } from '../adapters/kube/kube-client.ts';
import { getOwner } from '../adapters/kube/workloads.ts';

export interface WorkloadOwner {
  kind: string;
  name: string;
}

/** Kinds whose owner is the workload an operator edits: a ReplicaSet's Deployment, a Job's CronJob. */
const OWNER_RESOURCES: Record<string, { apiVersion: string; plural: string }> = {
  ReplicaSet: { apiVersion: 'apps/v1', plural: 'replicasets' },
  Job: { apiVersion: 'batch/v1', plural: 'jobs' },
};

export class OwnerWalker {
  private readonly cache = new Map<string, Promise<WorkloadOwner | undefined>>();
  private readonly kube: KubeClient;
  constructor(kube: KubeClient) {
    this.kube = kube;
  }

  async of(pod: V1Pod): Promise<WorkloadOwner | undefined> {
    const ref = pod.metadata?.ownerReferences?.find((r) => r.controller) ?? pod.metadata?.ownerReferences?.[0];
    if (!ref) return undefined;
    const via = OWNER_RESOURCES[ref.kind];
    if (!via) return { kind: ref.kind, name: ref.name };
    const key = `${pod.metadata?.namespace}/${ref.kind}/${ref.name}`;
    let found = this.cache.get(key);
    if (!found) {
      found = getOwner(this.kube, via.apiVersion, via.plural, pod.metadata?.namespace ?? '', ref.name).then((o) => {
        const up = o?.metadata.ownerReferences?.find((r) => r.controller) ?? o?.metadata.ownerReferences?.[0];
        return up ? { kind: up.kind, name: up.name } : { kind: ref.kind, name: ref.name };
      });
      this.cache.set(key, found);
    }
    return found;
  }
}

