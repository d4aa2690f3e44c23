// TKE 2018-05-25: the cluster, and the `eniipamd` addon whose values hold ipamd's global
// security-group setting from v3.5.0 on (`vpcCni.securityGroups`).
// The wire carries the addon's values as base64 of a JSON document (RawValues); this module
// decodes and encodes it, so callers work with the document. What to change in it, and whether
// to send it whole with `replace` or as a patch with `merge`, is the caller's decision.
import type {
  DescribeAddonResponse,
  DescribeAddonValuesResponse,
  DescribeClustersResponse,
} from 'tencentcloud-sdk-nodejs/tencentcloud/services/tke/v20180525/tke_models.js';
import type { CloudCaller } from './clients.ts';
import { CloudError } from './errors.ts';

export interface TkeCluster {
  id: string;
  name: string;
  /** Running, Creating, Abnormal, ... */
  status: string;
  version: string;
  /** MANAGED_CLUSTER or INDEPENDENT_CLUSTER. */
  type: string;
  vpcId: string;
  /** The subnet of the nodes. */
  subnetId: string | undefined;
  /** Pod subnets (VPC-CNI). */
  podSubnetIds: string[];
  /** Whether the cluster's network settings say VPC-CNI. */
  cni: boolean;
  /** From the cluster's Property document: `GR` or `VPC-CNI`. */
  networkType: string | undefined;
  /** `tke-route-eni` (shared ENI, where security groups apply) or `tke-direct-eni`. */
  vpcCniType: string | undefined;
  nodeCount: number;
}

export interface Addon {
  name: string;
  /** Like `3.11.0`, without the `v` of the image tag. */
  version: string;
  /** Succeeded, Running, Installing, Upgrading, InstallFailed, ... */
  phase: string;
  reason: string | undefined;
  /** RawValues decoded; undefined when absent or not base64 JSON (see valuesError). */
  values: Record<string, unknown> | undefined;
  valuesError: string | undefined;
}

export interface AddonValues {
  /** The installed addon's values rendered over the chart's defaults; undefined when not installed. */
  values: Record<string, unknown> | undefined;
  defaults: Record<string, unknown> | undefined;
}

export interface UpdateAddonOptions {
  /** `replace`: the values given become the addon's values; `merge` (the API's default): added or updated key by key. Omitted: the API's default. */
  strategy?: 'merge' | 'replace';
  /** Also move the addon to this version (`3.11.0`). */
  version?: string;
  /** Only check the update. */
  dryRun?: boolean;
}

export interface TkeApi {
  /** undefined when the region has no such cluster. */
  describeCluster(clusterId: string): Promise<TkeCluster | undefined>;
  /** undefined when the addon is not installed (ResourceNotFound: for eniipamd, VPC-CNI is off or ipamd predates v3.5.0). */
  describeAddon(clusterId: string, name: string): Promise<Addon | undefined>;
  describeAddonValues(clusterId: string, name: string): Promise<AddonValues>;
  /** Sends `values` whole, base64-encoded as RawValues. */
  updateAddonValues(clusterId: string, name: string, values: Record<string, unknown>, o?: UpdateAddonOptions): Promise<void>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseObject(json: string | undefined): { value: Record<string, unknown> | undefined; error: string | undefined } {
  if (!json) return { value: undefined, error: undefined };
  try {
    const v = JSON.parse(json) as unknown;
    return isObject(v) ? { value: v, error: undefined } : { value: undefined, error: 'not a JSON object' };
  } catch {
    return { value: undefined, error: 'not JSON' };
  }
}

export function decodeRawValues(raw: string | undefined): { value: Record<string, unknown> | undefined; error: string | undefined } {
  if (!raw) return { value: undefined, error: undefined };
  const compact = raw.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return { value: undefined, error: 'RawValues is not base64' };
  const r = parseObject(Buffer.from(compact, 'base64').toString('utf8'));
  return r.error ? { value: undefined, error: `RawValues is base64 but ${r.error}` } : r;
}

export function encodeRawValues(values: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64');
}

function property(text: string | undefined): Record<string, unknown> {
  return parseObject(text).value ?? {};
}

export function tkeApi(api: CloudCaller): TkeApi {
  return {
    async describeCluster(clusterId) {
      const r = await api.call<DescribeClustersResponse>('tke', 'DescribeClusters', { ClusterIds: [clusterId] });
      const c = (r.Clusters ?? []).find((x) => x.ClusterId === clusterId);
      if (!c) return undefined;
      const net = c.ClusterNetworkSettings ?? {};
      const prop = property(c.Property);
      return {
        id: c.ClusterId ?? clusterId,
        name: c.ClusterName ?? '',
        status: c.ClusterStatus ?? '',
        version: c.ClusterVersion ?? '',
        type: c.ClusterType ?? '',
        vpcId: net.VpcId ?? '',
        subnetId: net.SubnetId || undefined,
        podSubnetIds: [...(net.Subnets ?? [])],
        cni: net.Cni === true,
        networkType: typeof prop.NetworkType === 'string' ? prop.NetworkType : undefined,
        vpcCniType: typeof prop.VpcCniType === 'string' ? prop.VpcCniType : undefined,
        nodeCount: c.ClusterNodeNum ?? 0,
      };
    },

    async describeAddon(clusterId, name) {
      let r: DescribeAddonResponse;
      try {
        r = await api.call<DescribeAddonResponse>('tke', 'DescribeAddon', { ClusterId: clusterId, AddonName: name });
      } catch (e) {
        if (e instanceof CloudError && e.code === 'ResourceNotFound') return undefined;
        throw e;
      }
      const a = (r.Addons ?? []).find((x) => x.AddonName === name);
      if (!a) return undefined;
      const decoded = decodeRawValues(a.RawValues);
      return {
        name,
        version: a.AddonVersion ?? '',
        phase: a.Phase ?? '',
        reason: a.Reason || undefined,
        values: decoded.value,
        valuesError: decoded.error,
      };
    },

    async describeAddonValues(clusterId, name) {
      const r = await api.call<DescribeAddonValuesResponse>('tke', 'DescribeAddonValues', { ClusterId: clusterId, AddonName: name });
      return { values: parseObject(r.Values).value, defaults: parseObject(r.DefaultValues).value };
    },

    async updateAddonValues(clusterId, name, values, o = {}) {
      await api.call('tke', 'UpdateAddon', {
        ClusterId: clusterId,
        AddonName: name,
        RawValues: encodeRawValues(values),
        ...(o.strategy ? { UpdateStrategy: o.strategy } : {}),
        ...(o.version ? { AddonVersion: o.version } : {}),
        ...(o.dryRun ? { DryRun: true } : {}),
      });
    },
  };
}
