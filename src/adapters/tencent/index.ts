// The Tencent Cloud adapter as the verbs see it. Resolve the credential (credentials.ts) and the
// region (region.ts) first — each says where it came from, for doctor — then create the cloud.
// Creating it loads no SDK module: each service's client is loaded by its first call.
import { camApi, type CamApi } from './cam.ts';
import { cloudAuditApi, type CloudAuditApi } from './cloudaudit.ts';
import { CloudClients, type CloudClientsOptions } from './clients.ts';
import { cvmApi, type CvmApi } from './cvm.ts';
import { stsApi, type StsApi } from './sts.ts';
import { tkeApi, type TkeApi } from './tke.ts';
import { superNodeApi, type SuperNodeApi } from './tke-supernodes.ts';
import { vpcApi, type VpcApi } from './vpc.ts';

export interface TencentCloud {
  vpc: VpcApi;
  cvm: CvmApi;
  cam: CamApi;
  tke: TkeApi;
  /** TKE's super node pools and the container instances of their pods. */
  superNodes: SuperNodeApi;
  sts: StsApi;
  cloudAudit: CloudAuditApi;
  /** The call path underneath: loaded services, proxy decisions, close(). */
  clients: CloudClients;
}

export function createTencentCloud(o: CloudClientsOptions): TencentCloud {
  const clients = new CloudClients(o);
  return { vpc: vpcApi(clients), cvm: cvmApi(clients), cam: camApi(clients), tke: tkeApi(clients), superNodes: superNodeApi(clients), sts: stsApi(clients), cloudAudit: cloudAuditApi(clients), clients };
}

export { CloudClients, type CallEvent, type CloudCaller, type CloudClientsOptions, type ServiceName } from './clients.ts';
export { CloudCredential, maskSecretId, resolveCredential, type CredentialLookup, type CredentialLookupOptions, type CredentialSource } from './credentials.ts';
export { CloudError, type CloudErrorKind } from './errors.ts';
export { ProxyConfigError, proxyFor, type Env, type ProxyDecision } from '../net/proxy.ts';
export { RegionError, isRegion, regionFromLabel, resolveRegion, type RegionSource, type ResolvedRegion } from './region.ts';
export type { RetryPolicy } from '../net/retry.ts';
export type { Addon, AddonValues, TkeApi, TkeCluster, UpdateAddonOptions } from './tke.ts';
export type { AttachedPolicy, CamApi, CamPolicy, CamRole } from './cam.ts';
export type { CvmApi, Instance } from './cvm.ts';
export type { ContainerInstance, SuperNodeApi, SuperNodePool } from './tke-supernodes.ts';
export type { StsApi } from './sts.ts';
export type { Eni, SecurityGroup, SecurityGroupLimits, TemplateKind, VpcApi } from './vpc.ts';
