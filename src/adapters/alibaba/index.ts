// The Alibaba Cloud adapter as the verbs see it (the ECI provider). Resolve the credential
// (credentials.ts) and the region (region.ts) first — each says where it came from, for doctor —
// then create the cloud. Creating it loads nothing from the SDK: openapi-core's signer is loaded
// by the first call.
import type { AlibabaCredential } from './credentials.ts';
import { ecsApi, type AlibabaEni, type AlibabaGroupDetail, type AlibabaSecurityGroup } from './ecs.ts';
import { eciApi, type ContainerGroup } from './eci.ts';
import { callerArn } from './sts.ts';
import { eniGroupChanges, type TrailAnswer } from './actiontrail.ts';
import { RpcClient, type AlibabaService, type RpcOptions } from './rpc.ts';
import type { Env, ProxyDecision } from '../net/proxy.ts';

export interface AlibabaCloud {
  region: string;
  /** Batches of 100; unknown IDs come back in missing. */
  describeSecurityGroups(ids: readonly string[]): Promise<{ found: AlibabaSecurityGroup[]; missing: string[] }>;
  /** Every group of the region (or of one VPC), paging by NextToken. */
  listSecurityGroups(vpcId?: string): Promise<AlibabaSecurityGroup[]>;
  /** undefined when the group does not exist. All permissions, paged. */
  describeSecurityGroupAttribute(id: string): Promise<AlibabaGroupDetail | undefined>;
  /** The ENI holding a private address in a VPC (a database's, an ECI instance's); undefined when none does. */
  describeEniByIp(ip: string, vpcId: string): Promise<AlibabaEni | undefined>;
  /** A prefix list's CIDR blocks; undefined when it does not exist. */
  describePrefixList(id: string): Promise<string[] | undefined>;
  /** Batches of 20. SecurityGroupId "sg-a,sg-b" is split (assumption, see eci.ts). */
  describeContainerGroups(ids: readonly string[]): Promise<{ found: ContainerGroup[]; missing: string[] }>;
  /** The caller's ARN (STS GetCallerIdentity), for the audit trail. */
  callerArn(): Promise<string | undefined>;
  /** Who changed these ENIs' groups in [fromMs, toMs] (ActionTrail LookupEvents). */
  eniGroupChanges(enis: ReadonlyArray<{ id: string; about: string }>, fromMs: number, toMs: number): Promise<TrailAnswer>;
  /** How connections to a service's host are made (doctor prints it); throws ProxyConfigError for an unusable setting. */
  proxyDecision(service: AlibabaService): ProxyDecision;
  close(): void;
}

export interface AlibabaCloudOptions extends Omit<RpcOptions, 'env' | 'credential' | 'region'> {
  credential: AlibabaCredential;
  region: string;
  env: Env;
}

export function createAlibabaCloud(o: AlibabaCloudOptions): AlibabaCloud {
  const rpc = new RpcClient(o);
  const ecs = ecsApi(rpc);
  const eci = eciApi(rpc);
  return {
    region: o.region,
    describeSecurityGroups: ecs.describeSecurityGroups,
    listSecurityGroups: ecs.listSecurityGroups,
    describeSecurityGroupAttribute: ecs.describeSecurityGroupAttribute,
    describeEniByIp: ecs.describeEniByIp,
    describePrefixList: ecs.describePrefixList,
    describeContainerGroups: eci.describeContainerGroups,
    callerArn: () => callerArn(rpc),
    eniGroupChanges: (enis, fromMs, toMs) => eniGroupChanges(rpc, enis, fromMs, toMs),
    proxyDecision: (service) => rpc.proxyDecision(service),
    close: () => rpc.close(),
  };
}

export { AlibabaCredential, maskAccessKeyId, resolveAlibabaCredential, type AlibabaCredentialLookup, type AlibabaCredentialLookupOptions, type AlibabaCredentialSource } from './credentials.ts';
export { AlibabaApiError, type AlibabaErrorKind } from './errors.ts';
export { AlibabaRegionError, AlibabaRegionError as RegionError, alibabaRegionFromHint, resolveAlibabaRegion, type AlibabaRegionSource, type ResolvedAlibabaRegion } from './region.ts';
export { containerGroupSecurityGroups, CONTAINER_GROUP_BATCH, type ContainerGroup } from './eci.ts';
export { GROUP_ID_BATCH, toPorts, toRule, type AlibabaEni, type AlibabaGroupDetail, type AlibabaSecurityGroup } from './ecs.ts';
export type { AlibabaCallEvent, AlibabaService } from './rpc.ts';
