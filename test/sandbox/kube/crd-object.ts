// A CustomResourceDefinition as written on the wire (apiextensions.k8s.io/v1): how the sandbox
// defines its CRDs (tke/crds.ts, supernode/sgp-crd.ts), and what cluster.ts applies and the pool
// starts its clusters with.
export interface CrdObject {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}
