// Pods, read the same way by every provider: one by name, a namespace's, those bound to any node,
// to one node, or holding one IP.
import type { V1Pod } from '@kubernetes/client-node';
import type { KubeClient } from './kube-client.ts';
import type { KubeNode } from './nodes.ts';

export const getPod = (kube: KubeClient, namespace: string, name: string) =>
  kube.get<V1Pod>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`);
export const listPods = (kube: KubeClient, namespace: string) => kube.list<V1Pod>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`);
/** Every pod bound to a node, in every namespace (the fleet report counts them by their node's state). */
export const listScheduledPods = (kube: KubeClient) => kube.list<V1Pod>('/api/v1/pods', { fieldSelector: 'spec.nodeName!=' });

/** Pods bound to one node, in every namespace. */
export const listPodsOnNode = (kube: KubeClient, node: string) => kube.list<V1Pod>('/api/v1/pods', { fieldSelector: `spec.nodeName=${node}` });

/** Pods holding one IP, in every namespace (the apiserver's status.podIP field selector). */
export const listPodsByIp = (kube: KubeClient, ip: string) => kube.list<V1Pod>('/api/v1/pods', { fieldSelector: `status.podIP=${ip}` });

/** Every pod bound to the given nodes (a virtual or super node's pods), a read per node. */
export async function podsOnNodes(kube: KubeClient, nodes: readonly KubeNode[]): Promise<V1Pod[]> {
  return (await Promise.all(nodes.map((n) => listPodsOnNode(kube, n.metadata?.name ?? '')))).flat();
}
