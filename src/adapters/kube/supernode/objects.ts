// The Kubernetes objects of TKE's super nodes: the nodes (label node.kubernetes.io/instance-type:
// eklet), the pods on them, ConfigMap kube-system/eks-config (pod annotation defaults), and the
// SecurityGroupPolicy objects as the cluster serves them (their CRD may be absent).
import type { V1ConfigMap, V1Pod, V1ServiceAccount } from '@kubernetes/client-node';
import { EKS_CONFIG_NAME, EKS_CONFIG_NAMESPACE } from '../../../domain/supernode/eks-config.ts';
import { SGP_GROUP, SGP_PLURAL, SGP_VERSION } from '../../../domain/supernode/security-group-policy.ts';
import { orUndefinedOn404, type KubeClient } from '../kube-client.ts';
import { isSuperNode, SUPER_NODE_LABEL, firstNode, listNodes, type KubeNode } from '../nodes.ts';

export const SUPER_NODE_SELECTOR = `${SUPER_NODE_LABEL.key}=${SUPER_NODE_LABEL.value}`;

/** On a real super-node pod beside hostIP = podIP (docs/tke-pod-groups.md §1); who writes it is not documented. */
const POD_TYPE_ANNOTATION = { key: 'tke.cloud.tencent.com/pod-type', value: 'eklet' };

/** A super-node pod: on a super node, or (its node unknown) marked as one. */
export function isSuperNodePod(pod: V1Pod, node: KubeNode | undefined): boolean {
  return isSuperNode(node) || pod.metadata?.annotations?.[POD_TYPE_ANNOTATION.key] === POD_TYPE_ANNOTATION.value;
}

export const listSuperNodes = (kube: KubeClient) => listNodes(kube, { labelSelector: SUPER_NODE_SELECTOR });

/** Whether any super node exists, in one small read (detection runs on every verb). */
export async function firstSuperNode(kube: KubeClient): Promise<string | undefined> {
  return (await firstNode(kube, SUPER_NODE_SELECTOR))?.metadata?.name;
}

const EKS_CONFIG_PATH = `/api/v1/namespaces/${EKS_CONFIG_NAMESPACE}/configmaps/${EKS_CONFIG_NAME}`;

export const getEksConfig = (kube: KubeClient) => orUndefinedOn404(kube.get<V1ConfigMap>(EKS_CONFIG_PATH));

/** Writes it back whole; its metadata.resourceVersion turns a concurrent edit into a 409. */
export const replaceEksConfig = (kube: KubeClient, configMap: V1ConfigMap) => kube.request<V1ConfigMap>('PUT', EKS_CONFIG_PATH, configMap);

export const createEksConfig = (kube: KubeClient, configMap: V1ConfigMap) => kube.request<V1ConfigMap>('POST', `/api/v1/namespaces/${EKS_CONFIG_NAMESPACE}/configmaps`, configMap);

/** A SecurityGroupPolicy as served: only metadata and spec are read (the schema is not public). */
export interface SecurityGroupPolicyObject {
  metadata?: { namespace?: string; name?: string };
  spec?: unknown;
}

/** Every policy in the cluster; undefined when the API does not serve the kind (the add-on is not installed). */
export const listSecurityGroupPolicies = (kube: KubeClient) => orUndefinedOn404(kube.list<SecurityGroupPolicyObject>(`/apis/${SGP_GROUP}/${SGP_VERSION}/${SGP_PLURAL}`));

export const getServiceAccount = (kube: KubeClient, namespace: string, name: string) =>
  orUndefinedOn404(kube.get<V1ServiceAccount>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/serviceaccounts/${encodeURIComponent(name)}`));
