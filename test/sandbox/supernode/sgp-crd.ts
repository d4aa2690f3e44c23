// The SecurityGroupPolicy CRD as far as public material shows it: the "Pod 安全组" page's
// sample (apiVersion vpcresources.tke.cloud.tencent.com/v1beta1, kind SecurityGroupPolicy,
// namespaced objects with spec.podSelector or spec.serviceAccountSelector and
// spec.securityGroups.groupIds). The page gives no schema, no status, no plural or short name:
// the plural is Kubernetes' default spelling (inferred), every field the page does not name is
// left open (x-kubernetes-preserve-unknown-fields). The super node simulator applies these
// objects to super-node pods (sgp.ts); which component does in TKE, and how a pod shows the policy
// that matched, is not public (docs/tke-pod-groups.md).
import type { CrdObject } from '../kube/crd-object.ts';
import { SGP_GROUP, SGP_KIND, SGP_PLURAL, SGP_VERSION } from './names.ts';

const OPEN = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } as const;

export const SGP_CRD: CrdObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${SGP_PLURAL}.${SGP_GROUP}` },
  spec: {
    group: SGP_GROUP,
    names: { kind: SGP_KIND, listKind: `${SGP_KIND}List`, plural: SGP_PLURAL, singular: SGP_KIND.toLowerCase() },
    scope: 'Namespaced',
    versions: [
      {
        name: SGP_VERSION,
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec: {
                type: 'object',
                'x-kubernetes-preserve-unknown-fields': true,
                properties: {
                  podSelector: OPEN,
                  serviceAccountSelector: OPEN,
                  securityGroups: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { groupIds: { type: 'array', items: { type: 'string' } } } },
                },
              },
              status: OPEN,
            },
          },
        },
      },
    ],
  },
};
