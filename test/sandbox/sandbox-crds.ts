// Every CRD a sandbox may have: ipamd's (tke/crds.ts) and SecurityGroupPolicy
// (supernode/sgp-crd.ts). A test run's pooled clusters are first ready with these (kube/pool.ts);
// vitest's global setup names them without loading the Kubernetes client.
import type { CrdObject } from './kube/crd-object.ts';
import { SGP_CRD } from './supernode/sgp-crd.ts';
import { ALL_CRDS } from './tke/crds.ts';

export const SANDBOX_CRDS: CrdObject[] = [...ALL_CRDS, SGP_CRD];
