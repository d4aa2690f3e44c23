// Nodes, read the same way by every provider: the paths of the core API's node list, a node, and
// the watch that follows them. What a provider reads on a node (its labels, annotations) is its own.
import type { V1Node, V1NodeAddress } from '@kubernetes/client-node';
import type { KubeClient, ListOptions, WatchEvent, WatchOptions } from './kube-client.ts';

/**
 * What the plugin reads of a node, and all it keeps. A real node is mostly what no verb reads:
 * status.images (every image on it, with its names and size), managedFields, the conditions'
 * times and most of their messages, the rest of nodeInfo. Every read below cuts a node to this as
 * it arrives, a page at a time, so a 5,000-node run never holds 5,000 whole nodes; a field a verb
 * needs is added here (the type makes a read of any other field a compile error). Nodes are only
 * ever patched, never written back whole, so what is dropped cannot be lost.
 */
export interface KubeNode {
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string>; resourceVersion?: string };
  spec?: { providerID?: string };
  status?: {
    addresses?: V1NodeAddress[];
    /** Each condition's type and status; Ready's reason and message too (doctor says why a node is not ready). */
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    capacity?: Record<string, string>;
    allocatable?: Record<string, string>;
    nodeInfo?: { kubeletVersion?: string };
  };
}

export function nodeView(n: V1Node): KubeNode {
  const { metadata: m, spec, status: s } = n;
  return {
    metadata: m && { name: m.name, labels: m.labels, annotations: m.annotations, resourceVersion: m.resourceVersion },
    spec: spec && { providerID: spec.providerID },
    status: s && {
      addresses: s.addresses,
      conditions: s.conditions?.map((c) => (c.type === 'Ready' ? { type: c.type, status: c.status, reason: c.reason, message: c.message } : { type: c.type, status: c.status })),
      capacity: s.capacity,
      allocatable: s.allocatable,
      nodeInfo: s.nodeInfo && { kubeletVersion: s.nodeInfo.kubeletVersion },
    },
  };
}

export const listNodes = (kube: KubeClient, o: ListOptions = {}, onPage?: (nodes: readonly KubeNode[], more: boolean) => void) =>
  kube.list<V1Node, KubeNode>('/api/v1/nodes', o, nodeView, onPage);
/**
 * Some node (of those the selector picks), in one small read (limit 1): for what any node tells
 * (the region, the VPC), or whether a provider's nodes exist at all.
 */
export async function firstNode(kube: KubeClient, labelSelector?: string): Promise<KubeNode | undefined> {
  const q = new URLSearchParams({ limit: '1', ...(labelSelector ? { labelSelector } : {}) });
  const n = (await kube.get<{ items?: V1Node[] }>(`/api/v1/nodes?${q}`)).items?.[0];
  return n && nodeView(n);
}
export const getNode = async (kube: KubeClient, name: string) => nodeView(await kube.get<V1Node>(`/api/v1/nodes/${encodeURIComponent(name)}`));
/** Where a watch that follows a read of nodes (or NECs) starts. */
export const nodesVersion = (kube: KubeClient, labelSelector?: string) => kube.listVersion('/api/v1/nodes', labelSelector);
export const watchNodes = (kube: KubeClient, o: WatchOptions, onEvent: (e: WatchEvent<KubeNode>) => void) =>
  kube.watch<V1Node>('/api/v1/nodes', o, (e) => onEvent({ type: e.type, object: nodeView(e.object) }));

/**
 * TKE's super node mark (FAQ 457/40027). Here because it decides ownership between providers: a
 * super node may also carry virtual-kubelet's `type` label (not shown on any TKE page; docs/
 * assumptions.md), and must then never be taken for an ECI virtual node.
 */
export const SUPER_NODE_LABEL = { key: 'node.kubernetes.io/instance-type', value: 'eklet' };
export const isSuperNode = (n: KubeNode | undefined): boolean => n?.metadata?.labels?.[SUPER_NODE_LABEL.key] === SUPER_NODE_LABEL.value;
