// The Kubernetes objects of Alibaba ECI: the eci-profile ConfigMap (the cluster's default group
// and selectors, hot-updated by the virtual kubelet), virtual-kubelet nodes and the pods on them
// (workloads and their templates: ../workloads.ts).
import type { V1ConfigMap, V1Deployment, V1Pod } from '@kubernetes/client-node';
import { ECI_PROFILE_NAME, ECI_PROFILE_NAMESPACE } from '../../../domain/eci/profile.ts';
import { VIRTUAL_KUBELET_NAMESPACE } from '../../../domain/eci/profile-reload.ts';
import { orUndefinedOn404, type KubeClient } from '../kube-client.ts';
import { isSuperNode, SUPER_NODE_LABEL, firstNode, listNodes, type KubeNode } from '../nodes.ts';

const PROFILE_PATH = `/api/v1/namespaces/${ECI_PROFILE_NAMESPACE}/configmaps/${ECI_PROFILE_NAME}`;
/** The label virtual-kubelet puts on its node (ACK's virtual node, ECI's kubelet). */
const VIRTUAL_NODE_LABEL = { key: 'type', value: 'virtual-kubelet' };
/** A TKE super node that also carries the label is not ECI's (nodes.ts, SUPER_NODE_LABEL). */
export const VIRTUAL_NODE_SELECTOR = `${VIRTUAL_NODE_LABEL.key}=${VIRTUAL_NODE_LABEL.value},${SUPER_NODE_LABEL.key}!=${SUPER_NODE_LABEL.value}`;
/** Every other node (a TKE node's region label is Tencent's, a virtual node's Alibaba's). */
export const NON_VIRTUAL_NODE_SELECTOR = `${VIRTUAL_NODE_LABEL.key}!=${VIRTUAL_NODE_LABEL.value}`;

export const isVirtualNode = (n: KubeNode | undefined): boolean => n?.metadata?.labels?.[VIRTUAL_NODE_LABEL.key] === VIRTUAL_NODE_LABEL.value && !isSuperNode(n);

export const getEciProfile = (kube: KubeClient) => orUndefinedOn404(kube.get<V1ConfigMap>(PROFILE_PATH));

/** Writes the profile back whole; its metadata.resourceVersion turns a concurrent edit into a 409. */
export const replaceEciProfile = (kube: KubeClient, profile: V1ConfigMap) => kube.request<V1ConfigMap>('PUT', PROFILE_PATH, profile);

export const listVirtualNodes = (kube: KubeClient) => listNodes(kube, { labelSelector: VIRTUAL_NODE_SELECTOR });

/** Whether any virtual-kubelet node exists, in one small read (detection runs on every verb). */
export async function firstVirtualNode(kube: KubeClient): Promise<string | undefined> {
  return (await firstNode(kube, VIRTUAL_NODE_SELECTOR))?.metadata?.name;
}

/** The Deployments of kube-system: virtual kubelet's is among them in an ACK dedicated cluster. */
export const listVirtualKubeletNamespaceDeployments = (kube: KubeClient) => kube.list<V1Deployment>(`/apis/apps/v1/namespaces/${VIRTUAL_KUBELET_NAMESPACE}/deployments`);


/** Written back on the pod by virtual kubelet once the instance exists: its ECI instance (container group) ID. */
export const ECI_INSTANCE_ID_ANNOTATION = 'k8s.aliyun.com/eci-instance-id';

/** Whether a pod is an ECI pod: on a virtual-kubelet node, or carrying an ECI instance ID. */
export function isEciPod(pod: V1Pod, node: KubeNode | undefined): boolean {
  return isVirtualNode(node) || pod.metadata?.annotations?.[ECI_INSTANCE_ID_ANNOTATION] !== undefined;
}
