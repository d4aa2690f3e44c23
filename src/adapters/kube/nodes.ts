// Nodes, read the same way by every provider: the paths of the core API's node list, a node, and
// the watch that follows them. What a provider reads on a node (its labels, annotations) is its own.
import type { V1Node } from '@kubernetes/client-node';
import type { KubeClient, ListOptions, WatchEvent, WatchOptions } from './kube-client.ts';

export const listNodes = (kube: KubeClient, o: ListOptions = {}) => kube.list<V1Node>('/api/v1/nodes', o);
/** Some node, in one small read (limit 1), for what any node tells: the region, the VPC. */
export const firstNode = async (kube: KubeClient): Promise<V1Node | undefined> => (await kube.get<{ items?: V1Node[] }>('/api/v1/nodes?limit=1')).items?.[0];
export const getNode = (kube: KubeClient, name: string) => kube.get<V1Node>(`/api/v1/nodes/${encodeURIComponent(name)}`);
/** Where a watch that follows a read of nodes (or NECs) starts. */
export const nodesVersion = (kube: KubeClient, labelSelector?: string) => kube.listVersion('/api/v1/nodes', labelSelector);
export const watchNodes = (kube: KubeClient, o: WatchOptions, onEvent: (e: WatchEvent<V1Node>) => void) => kube.watch<V1Node>('/api/v1/nodes', o, onEvent);

/**
 * TKE's super node mark (FAQ 457/40027). Here because it decides ownership between providers: a
 * super node may also carry virtual-kubelet's `type` label (not shown on any TKE page; docs/
 * assumptions.md), and must then never be taken for an ECI virtual node.
 */
export const SUPER_NODE_LABEL = { key: 'node.kubernetes.io/instance-type', value: 'eklet' };
export const isSuperNode = (n: V1Node | undefined): boolean => n?.metadata?.labels?.[SUPER_NODE_LABEL.key] === SUPER_NODE_LABEL.value;
