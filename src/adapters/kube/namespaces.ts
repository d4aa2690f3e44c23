// Namespaces, read the same way by every provider: completion lists their names, ECI reads their
// labels (a namespace selector of eci-profile may pick the pods of a whole namespace).
import { orUndefinedOn404, type KubeClient } from './kube-client.ts';

export interface NamespaceObject {
  metadata: { name: string; labels?: Record<string, string> };
}

export const getNamespace = (kube: KubeClient, name: string) => orUndefinedOn404(kube.get<NamespaceObject>(`/api/v1/namespaces/${encodeURIComponent(name)}`));

export const listNamespaces = (kube: KubeClient) => kube.list<NamespaceObject>('/api/v1/namespaces');
