// `show cluster`: the provider (TKE VPC-CNI when ipamd's Deployment exists), ipamd's version
// and what it can do, the global setting read from every place it may live with the
// disagreements between them, how nodes are resynced on that version, and the nodes by state.
// Reads only: the Deployment, the ConfigMap, nodes and NECs (paged), the addon when the
// version keeps its setting there, and the nodes' ENIs (batched) when the cloud is reachable.
import type { IpamdCapabilities, ResyncMethod } from '../../domain/tke/ipamd-version.ts';
import type { NearMiss } from '../../domain/tke/ipamd-args.ts';
import { countNodes, type NodeCounts } from '../../domain/tke/node-counts.ts';
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import type { ResolvedRegion } from '../../adapters/tencent/index.ts';
import { DISABLE_ANNOTATION, NEED_SYNC_ANNOTATION } from '../../adapters/kube/tke/objects.ts';
import { readClusterSetting, type SettingPlace, type SettingSource, type VersionSource } from './cluster-setting.ts';
import { readNodeReports, type NodeReport } from './node-report.ts';
import { resolveClusterId, TkeAddonReader, type AddonOutcome, type ResolvedClusterId } from './addon.ts';
import { plural } from '../../domain/plural.ts';
import { type CloudOpener, lazyCloud, regionHintsOf } from '../cloud-access.ts';
import { listNodes, type KubeNode } from '../../adapters/kube/nodes.ts';

export class NotVpcCniError extends Error {
  constructor(context: string) {
    super(
      `not a TKE VPC-CNI cluster: context "${context}" has no Deployment kube-system/tke-eni-ipamd ` +
        '(enable VPC-CNI in the TKE console, or check --context; an Alibaba ECI cluster has ConfigMap kube-system/eci-profile: --provider eci)',
    );
    this.name = 'NotVpcCniError';
  }
}

export const PLACE_NAMES: Record<SettingPlace, string> = {
  'deployment-args': 'Deployment kube-system/tke-eni-ipamd args',
  configmap: 'ConfigMap kube-system/tke-eni-ipamd (tke-network-conf.yaml)',
  'addon-values': `addon eniipamd values (vpcCni.securityGroups)`,
};

export interface ResyncInfo {
  method: ResyncMethod;
  command: string;
  effect: string;
}

export const RESYNC: Record<ResyncMethod, ResyncInfo> = {
  'need-sync': {
    method: 'need-sync',
    command: `kubectl annotate node NODE --overwrite ${NEED_SYNC_ANNOTATION}=true`,
    effect:
      'ipamd derives the node\'s groups again from the cluster policy and rebinds its ENIs without unbinding first (no traffic gap); ' +
      'it removes the annotation when done; groups set on the NEC by hand are replaced',
  },
  toggle: {
    method: 'toggle',
    command: `kubectl annotate node NODE --overwrite ${DISABLE_ANNOTATION}=yes, then =no 2-5 s later`,
    effect:
      '"yes" unbinds every group from the node\'s secondary ENIs (pod traffic on the node is interrupted until "no"); ' +
      '"no" binds the cluster policy\'s groups again; groups set on the NEC by hand are replaced',
  },
};

export interface SourceView extends SettingSource {
  authoritative: boolean;
  agrees: boolean;
}

export interface ClusterReport {
  provider: 'tke-vpc-cni';
  context: string;
  ipamd: { version: string | undefined; versionFrom: VersionSource | undefined; image: string | undefined; replicas: number; readyReplicas: number; args: string[] };
  capabilities: IpamdCapabilities | undefined;
  feature: { enabled: boolean; globalList: string[]; place: SettingPlace | undefined };
  sources: SourceView[];
  clusterId: ResolvedClusterId | undefined;
  addon: AddonOutcome;
  resync: ResyncInfo[];
  nodes: NodeCounts;
  /** Each node's row, as show node reads it (the counts above are made from them). */
  nodeReports: NodeReport[];
  cloud: { used: boolean; region: ResolvedRegion | undefined; missing: string | undefined };
  /** One line each: disagreements, near-miss flags, unreadable places, missing cloud. */
  warnings: string[];
  nearMisses: NearMiss[];
}

export interface ClusterReportOptions {
  clusterIdFlag?: string;
  /** Opens the cloud; called at most once, and only when the report needs it. */
  cloud: CloudOpener;
  /** Nodes another provider marks (super nodes, virtual nodes) are not counted; undefined: every node is. */
  nodeOfOther?: (node: KubeNode) => boolean;
}

const describePolicy = (s: { enabled: boolean; globalList: string[] }) =>
  `feature ${s.enabled ? 'on' : 'off'}, global list ${s.globalList.length > 0 ? `[${s.globalList.join(',')}]` : '[] (inherit the primary ENI\'s groups)'}`;

export async function readClusterReport(kube: KubeClient, o: ClusterReportOptions): Promise<ClusterReport> {
  // A malformed --cluster-id is named before anything is read.
  if (o.clusterIdFlag) resolveClusterId({ flag: o.clusterIdFlag });
  const nodesRead = listNodes(kube).then((all) => all.filter((n) => !o.nodeOfOther?.(n)));
  nodesRead.catch(() => {}); // awaited below; not a VPC-CNI cluster may end the report first
  const cloud = lazyCloud(o.cloud);
  const openCloud = async () => cloud(regionHintsOf(await nodesRead));
  const addon = new TkeAddonReader({ clusterIdFlag: o.clusterIdFlag, server: kube.target.server, cloud: openCloud });

  const setting = await readClusterSetting(kube, addon);
  if (!setting.ipamd) throw new NotVpcCniError(kube.target.contextName);
  const nodes = await nodesRead;
  const session = await openCloud();
  const reports = await readNodeReports(kube, nodes, setting.policy, session.cloud?.vpc);

  const counts = countNodes(reports);

  const authoritative = setting.sources.find((s) => s.place === setting.place);
  const sources: SourceView[] = setting.sources.map((s) => ({ ...s, authoritative: s === authoritative, agrees: !setting.disagreements.includes(s) }));
  const warnings: string[] = [];
  for (const d of setting.disagreements) {
    warnings.push(
      `${PLACE_NAMES[d.place]} says ${describePolicy(d)}, but ${PLACE_NAMES[authoritative!.place]}, which counts for ipamd ${setting.version}, says ${describePolicy(authoritative!)}` +
        (d.place === 'configmap' && authoritative!.place === 'addon-values'
          ? ': TKE renders the ConfigMap from the addon, so a hand edit is lost at the next addon update; change the addon\'s values instead'
          : d.place === 'deployment-args'
            ? `: ipamd ${setting.version} ignores these args; remove them so that nobody edits the wrong place`
            : ''),
    );
  }
  for (const m of setting.nearMisses) warnings.push(`ipamd's args have ${m.written}, which ipamd ignores: did you mean ${m.meant}?`);
  warnings.push(...setting.problems);
  if (!session.cloud) {
    if (session.missing !== '--no-cloud') {
      const what = addon.outcome.asked ? 'the addon values and the ENIs\' groups are' : 'the ENIs\' groups are';
      warnings.push(`${session.missing ?? 'no Tencent Cloud access'}: ${what} not read, so node states show as unknown (--no-cloud silences this)`);
    }
  } else if (addon.outcome.asked && addon.outcome.notRead) {
    warnings.push(`addon values not read: ${addon.outcome.notRead}; the global setting shown is the ConfigMap's`);
  }
  const unsure = reports.filter((r) => r.enis?.some((e) => e.kind === 'shared' && !e.certain));
  if (unsure.length > 0) {
    warnings.push(
      `cannot tell ipamd's ENIs from others on ${plural(unsure.length, 'node')}: no ENI's name, description or tags says whose it is, so every secondary ENI is counted and a direct or hand-attached one would show as drift (docs/assumptions.md, "Which ENIs count"; kubectl sg show node -o json, kindWhy)`,
    );
  }
  if (setting.capabilities && !setting.capabilities.securityGroups) {
    warnings.push(`ipamd ${setting.version} predates v3.2.0 and has no security-group feature: upgrade the eniipamd addon first`);
  }

  const ipamd = setting.ipamd;
  return {
    provider: 'tke-vpc-cni',
    context: kube.target.contextName,
    ipamd: { version: setting.version, versionFrom: setting.versionFrom, image: ipamd.image, replicas: ipamd.replicas, readyReplicas: ipamd.readyReplicas, args: ipamd.args },
    capabilities: setting.capabilities,
    feature: { enabled: setting.policy.enabled, globalList: setting.policy.globalList, place: setting.place },
    sources,
    clusterId: addon.outcome.clusterId ?? resolveClusterId({ flag: o.clusterIdFlag, ipamdArgs: ipamd.args, server: kube.target.server }),
    addon: addon.outcome,
    resync: (setting.capabilities?.resyncMethods ?? []).map((m) => RESYNC[m]),
    nodes: counts,
    nodeReports: reports,
    cloud: { used: session.cloud !== undefined, region: session.region, missing: session.missing },
    warnings,
    nearMisses: setting.nearMisses,
  };
}
