// TKE 2018-05-25: DescribeClusters and the addon API the ipamd configuration lives in from
// v3.5.0 on (addon `eniipamd`). Fields from tke_models.d.ts; documented behaviour:
// - Addon.RawValues is base64 of the whole values JSON; UpdateAddon takes RawValues the same
//   way, with UpdateStrategy `merge` (default: add or update the given keys) or `replace`
//   (the new values replace the old ones whole); AddonVersion optional, but one of
//   AddonVersion and RawValues is required; DryRun only checks.
// - DescribeAddonValues: Values is the JSON of the installed addon's values, "" when the addon
//   is not installed; DefaultValues the chart defaults.
// - DescribeAddon eniipamd answers ResourceNotFound when the cluster has no such addon (seen on
//   clusters without VPC-CNI); the sandbox installs ipamd as an addon from v3.5.0 on.
// - 20 requests/s for the addon actions.
// Choices (inferred): an unknown cluster ID answers InvalidParameter.ClusterNotFound (a TKE
// code, "cluster ID does not exist"); RawValues that is not base64 of a JSON object answers
// InvalidParameter.Param; `merge` merges objects key by key and replaces arrays; DescribeClusters
// answers 20/s and returns no cluster for unknown IDs.
import { err, missingParameter } from '../errors.ts';
import { page, parseFilters, type Params } from '../params.ts';
import { isPlainObject, type CloudState } from '../state.ts';
import type { ActionContext, ServiceDef } from './types.ts';

const CLS_ID = /^cls-[a-z0-9]{8}$/;
const CBS_VALUES = { tolerations: [] as unknown[], rbac: { create: true } };

function clusterShape(state: CloudState): Record<string, unknown> {
  const s = state.scenario;
  return {
    ClusterId: s.clusterId,
    ClusterName: s.clusterName,
    ClusterDescription: '',
    ClusterVersion: '1.30.0',
    ClusterOs: 'tlinux3.1x86_64',
    ClusterType: 'MANAGED_CLUSTER',
    ClusterNetworkSettings: {
      ClusterCIDR: '',
      IgnoreClusterCIDRConflict: false,
      MaxNodePodNum: 64,
      MaxClusterServiceNum: 1024,
      Ipvs: false,
      VpcId: s.vpc.id,
      Cni: true,
      KubeProxyMode: 'iptables',
      ServiceCIDR: '172.20.252.0/22',
      Subnets: [state.podSubnetId],
      IgnoreServiceCIDRConflict: false,
      IsDualStack: false,
      CiliumMode: '',
      SubnetId: state.nodeSubnetId,
    },
    ClusterNodeNum: state.instances.size,
    ProjectId: 0,
    TagSpecification: [],
    ClusterStatus: 'Running',
    Property: JSON.stringify({ NodeNameType: 'lan-ip', NetworkType: 'VPC-CNI', VpcCniType: 'tke-route-eni', IsNonStaticIpMode: true }),
    ClusterMaterNodeNum: 0,
    ImageId: 'img-eb30mz89',
    OsCustomizeType: 'GENERAL',
    ContainerRuntime: 'containerd',
    CreatedTime: '2026-01-05T02:00:00Z',
    DeletionProtection: false,
    EnableExternalNode: false,
    ClusterLevel: state.instances.size > 1000 ? 'L5000' : state.instances.size > 100 ? 'L1000' : 'L100',
    AutoUpgradeClusterLevel: true,
    QGPUShareEnable: false,
    RuntimeVersion: '1.6.9',
    ClusterEtcdNodeNum: 0,
    CdcId: '',
  };
}

export function requireCluster(ctx: ActionContext, id: string): void {
  if (!CLS_ID.test(id) || !ctx.home || id !== ctx.state.scenario.clusterId) {
    throw err('InvalidParameter.ClusterNotFound', `The cluster \`${id}\` does not exist in region ${ctx.region}.`);
  }
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64');

function addonList(state: CloudState) {
  const list = [
    { AddonName: 'cbs', AddonVersion: '1.1.7', RawValues: b64(CBS_VALUES), Phase: 'Succeeded', Reason: '', CreateTime: state.addon.createTime },
  ];
  if (state.addon.installed) {
    list.push({
      AddonName: state.addon.name,
      AddonVersion: state.addon.version,
      RawValues: b64(state.addon.values),
      Phase: state.addon.phase,
      Reason: '',
      CreateTime: state.addon.createTime,
    });
  }
  return list;
}

function describeClusters(p: Params, ctx: ActionContext) {
  const ids = p.ClusterIds as string[] | undefined;
  const filters = parseFilters(p.Filters, (n) => ['ClusterName', 'ClusterType', 'ClusterStatus', 'vpc-id', 'tag-key', 'tag-value', 'Tags'].includes(n) || n.startsWith('tag:'), {
    notDict: 'InvalidParameter.Param',
    valuesNotList: 'InvalidParameter.Param',
    invalidKey: 'InvalidParameter.Param',
  });
  const s = ctx.state.scenario;
  let clusters = ctx.home ? [clusterShape(ctx.state)] : [];
  if (ids) {
    if (ids.length > 100) throw err('InvalidParameter.Param', 'At most 100 ClusterIds per request.');
    clusters = clusters.filter(() => ids.includes(s.clusterId));
  }
  const type = p.ClusterType as string | undefined;
  if (type !== undefined) clusters = clusters.filter(() => type === 'MANAGED_CLUSTER');
  for (const f of filters) {
    const ok =
      f.Name === 'ClusterName' ? f.Values.includes(s.clusterName) :
      f.Name === 'ClusterType' ? f.Values.includes('MANAGED_CLUSTER') :
      f.Name === 'ClusterStatus' ? f.Values.includes('Running') :
      f.Name === 'vpc-id' ? f.Values.includes(s.vpc.id) : false;
    if (!ok) clusters = [];
  }
  const items = page(clusters, p.Offset as number | undefined, p.Limit as number | undefined, { range: 'InvalidParameter.Param' });
  return { TotalCount: clusters.length, Clusters: items };
}

function describeAddon(p: Params, ctx: ActionContext) {
  requireCluster(ctx, p.ClusterId as string);
  const name = p.AddonName as string | undefined;
  const list = addonList(ctx.state).filter((a) => !name || a.AddonName === name);
  if (name && list.length === 0) throw err('ResourceNotFound', `The addon \`${name}\` is not installed in cluster ${String(p.ClusterId)}.`);
  return { Addons: list };
}

function describeAddonValues(p: Params, ctx: ActionContext) {
  requireCluster(ctx, p.ClusterId as string);
  const name = p.AddonName as string;
  const { addon } = ctx.state;
  if (name === addon.name) {
    return { Values: addon.installed ? JSON.stringify(addon.values) : '', DefaultValues: JSON.stringify(addon.defaults) };
  }
  if (name === 'cbs') return { Values: JSON.stringify(CBS_VALUES), DefaultValues: JSON.stringify(CBS_VALUES) };
  throw err('ResourceNotFound', `The addon \`${name}\` does not exist.`);
}

function decodeRawValues(raw: string): Record<string, unknown> {
  const compact = raw.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    throw err('InvalidParameter.Param', 'RawValues must be base64 of a JSON object.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(compact, 'base64').toString('utf8'));
  } catch {
    throw err('InvalidParameter.Param', 'RawValues must be base64 of a JSON object: the decoded text is not JSON.');
  }
  if (!isPlainObject(parsed)) throw err('InvalidParameter.Param', 'RawValues must be base64 of a JSON object.');
  return parsed;
}

function updateAddon(p: Params, ctx: ActionContext) {
  requireCluster(ctx, p.ClusterId as string);
  const name = p.AddonName as string;
  const version = p.AddonVersion as string | undefined;
  const raw = p.RawValues as string | undefined;
  if (version === undefined && raw === undefined) throw missingParameter('RawValues');
  const strategy = (p.UpdateStrategy as string | undefined) ?? 'merge';
  if (strategy !== 'merge' && strategy !== 'replace') throw err('InvalidParameter.Param', `UpdateStrategy must be merge or replace, got \`${strategy}\`.`);
  if (version !== undefined && !/^\d+\.\d+\.\d+$/.test(version)) throw err('InvalidParameter.Param', `AddonVersion \`${version}\` is not a valid version (like 3.5.8).`);
  const { addon } = ctx.state;
  if (name !== addon.name || !addon.installed) throw err('ResourceNotFound', `The addon \`${name}\` is not installed in cluster ${String(p.ClusterId)}.`);
  const values = raw === undefined ? undefined : decodeRawValues(raw);
  if (p.DryRun === true) return {};
  ctx.state.updateAddon({ values, strategy, version });
  return {};
}

export const tkeService: ServiceDef = {
  service: 'tke',
  versions: ['2018-05-25'],
  actions: {
    DescribeClusters: {
      params: { ClusterIds: { type: 'string[]' }, Offset: { type: 'int' }, Limit: { type: 'int' }, Filters: { type: 'filters' }, ClusterType: { type: 'string' } },
      read: true,
      cam: 'tke:DescribeClusters',
      camResource: 'cluster',
      ratePerSecond: 20,
      regional: true,
      handler: describeClusters,
    },
    DescribeAddon: {
      params: { ClusterId: { type: 'string', required: true }, AddonName: { type: 'string' } },
      read: true,
      cam: 'tke:DescribeAddon',
      camResource: 'cluster',
      ratePerSecond: 20,
      regional: true,
      handler: describeAddon,
    },
    DescribeAddonValues: {
      params: { ClusterId: { type: 'string', required: true }, AddonName: { type: 'string', required: true } },
      read: true,
      cam: 'tke:DescribeAddonValues',
      camResource: 'cluster',
      ratePerSecond: 20,
      regional: true,
      handler: describeAddonValues,
    },
    UpdateAddon: {
      params: {
        ClusterId: { type: 'string', required: true },
        AddonName: { type: 'string', required: true },
        AddonVersion: { type: 'string' },
        RawValues: { type: 'string' },
        UpdateStrategy: { type: 'string' },
        DryRun: { type: 'bool' },
      },
      read: false,
      cam: 'tke:UpdateAddon',
      camResource: 'cluster',
      ratePerSecond: 20,
      regional: true,
      handler: updateAddon,
    },
  },
};
