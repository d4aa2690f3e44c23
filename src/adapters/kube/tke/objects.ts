// The Kubernetes objects of TKE VPC-CNI, read and written as plain data: the node annotations ipamd reads,
// NodeENIConfigs (one per node), ipamd's Deployment and ConfigMap. Paths and
// names live here so that no other floor spells an API path.
import type { V1ConfigMap, V1Deployment, V1Node } from '@kubernetes/client-node';
import { KubeApiError, type KubeClient, type ListOptions, type WatchEvent, type WatchOptions } from '../kube-client.ts';
import { nodeView, type KubeNode } from '../nodes.ts';

export const NEC_GROUP = 'networking.tke.cloud.tencent.com';
export const NEC_PATH = `/apis/${NEC_GROUP}/v1/nodeeniconfigs`;
export const IPAMD_NAMESPACE = 'kube-system';
export const IPAMD_NAME = 'tke-eni-ipamd';
export const DISABLE_ANNOTATION = 'tke.cloud.tencent.com/disable-node-eni-security-groups';
export const NEED_SYNC_ANNOTATION = 'tke.cloud.tencent.com/need-sync-security-groups';
export const INSTANCE_ID_LABEL = 'cloud.tencent.com/node-instance-id';

export interface NodeEniConfig {
  apiVersion: string;
  kind: 'NodeENIConfig';
  metadata: { name: string; resourceVersion?: string; annotations?: Record<string, string> };
  spec?: { securityGroups?: string[] } & Record<string, unknown>;
  status?: Record<string, unknown>;
}

export const listNecs = (kube: KubeClient, o: ListOptions = {}) => kube.list<NodeEniConfig>(NEC_PATH, o);
export const getNec = (kube: KubeClient, name: string) => kube.get<NodeEniConfig>(`${NEC_PATH}/${encodeURIComponent(name)}`);
/** Where a watch that follows a read of NECs starts. */
export const necsVersion = (kube: KubeClient) => kube.listVersion(NEC_PATH);
export const watchNecs = (kube: KubeClient, o: WatchOptions, onEvent: (e: WatchEvent<NodeEniConfig>) => void) => kube.watch<NodeEniConfig>(NEC_PATH, o, onEvent);
export const getIpamdDeployment = (kube: KubeClient) =>
  kube.get<V1Deployment>(`/apis/apps/v1/namespaces/${IPAMD_NAMESPACE}/deployments/${IPAMD_NAME}`);
export const getIpamdConfigMap = (kube: KubeClient) =>
  kube.get<V1ConfigMap>(`/api/v1/namespaces/${IPAMD_NAMESPACE}/configmaps/${IPAMD_NAME}`);

/**
 * Whether `nodeeniconfigs` is served under networking.tke.cloud.tencent.com/v1, asked by discovery,
 * which every authenticated user may read (unlike CRD objects).
 */
export async function necResourceServed(kube: KubeClient): Promise<boolean> {
  try {
    const list = await kube.get<{ resources?: { name?: string }[] }>(`/apis/${NEC_GROUP}/v1`);
    return (list.resources ?? []).some((r) => r.name === 'nodeeniconfigs');
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 404) return false;
    throw err;
  }
}

/** The CVM instance behind a node: the TKE label, else the providerID `qcloud:///<zone>/<ins-id>`. */
export function instanceIdOf(node: KubeNode): string | undefined {
  const label = node.metadata?.labels?.[INSTANCE_ID_LABEL];
  if (label) return label;
  const m = /^qcloud:\/\/\/[-0-9a-z]*\/(ins-[0-9a-z]+)$/.exec(node.spec?.providerID ?? '');
  return m?.[1];
}

export const MERGE_PATCH = 'application/merge-patch+json';

/**
 * Sets (string) or removes (null) node annotations with one JSON merge patch, touching no other
 * annotation. With `resourceVersion` the apiserver refuses (409) when the node changed since it
 * was read: the caller re-reads and decides again instead of overwriting someone else's edit.
 */
export const patchNodeAnnotations = (kube: KubeClient, name: string, changes: Record<string, string | null>, resourceVersion?: string) =>
  kube.request<V1Node>('PATCH', `/api/v1/nodes/${encodeURIComponent(name)}`, { metadata: { annotations: changes, ...(resourceVersion ? { resourceVersion } : {}) } }, MERGE_PATCH).then(nodeView);

/** Writes the NEC back whole; its metadata.resourceVersion makes a concurrent edit a 409, never a lost update. */
export const replaceNec = (kube: KubeClient, nec: NodeEniConfig) =>
  kube.request<NodeEniConfig>('PUT', `${NEC_PATH}/${encodeURIComponent(nec.metadata.name)}`, nec);

export const replaceIpamdDeployment = (kube: KubeClient, deployment: V1Deployment) =>
  kube.request<V1Deployment>('PUT', `/apis/apps/v1/namespaces/${IPAMD_NAMESPACE}/deployments/${IPAMD_NAME}`, deployment);

export const replaceIpamdConfigMap = (kube: KubeClient, configMap: V1ConfigMap) =>
  kube.request<V1ConfigMap>('PUT', `/api/v1/namespaces/${IPAMD_NAMESPACE}/configmaps/${IPAMD_NAME}`, configMap);
