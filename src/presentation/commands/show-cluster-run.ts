// show cluster, the work: read the report (the cloud opened only when needed), warn, render.
import { factoryFor } from '../factory.ts';
import type { ShowClusterArgs } from './show-cluster-args.ts';
import { renderFields, renderObject } from '../render/object.ts';
import { structuredFormat } from '../render/output.ts';
import { paletteFor, type Palette } from '../render/color.ts';
import { ExitCode } from '../exit-codes.ts';
import { PLACE_NAMES, type ClusterReport } from '../../operations/tke/cluster-report.ts';
import type { EciClusterReport, GroupLookup } from '../../operations/eci/cluster-report.ts';
import type { GroupLookup as SuperNodeGroupLookup, SuperNodeClusterReport } from '../../operations/supernode/cluster-report.ts';
import { profileReloadJson, profileReloadLines } from '../render/eci-profile-reload.ts';
import { providersShown, readClusterReports } from '../../operations/providers.ts';
import { emptyListDisputed, EMPTY_LIST_READINGS_TEXT } from '../../domain/cluster-policy.ts';
import type { VersionSource } from '../../operations/tke/cluster-setting.ts';
import { plural } from '../../domain/plural.ts';

const WHERE_FOR_VERSION = {
  none: 'nowhere: this ipamd version has no security-group feature (v3.2.0 added it)',
  'deployment-args': 'Deployment kube-system/tke-eni-ipamd args (--enable-security-groups, --security-groups=...); ipamd restarts after an edit',
  'addon-values': 'addon eniipamd values (vpcCni.securityGroups), which TKE renders into ConfigMap kube-system/tke-eni-ipamd (watched, no restart)',
} as const;

/** The JSON contract (docs/commands.md, "JSON output"): keep field names stable. */
/** Said after the version when the image tag did not name it. */
const VERSION_FROM: Record<VersionSource, string> = {
  'image-tag': '',
  addon: ' (from the addon eniipamd\'s AddonVersion: the image names no version)',
  flag: ' (from --ipamd-version: neither the image nor the addon names it)',
};

function toJson(r: ClusterReport) {
  return {
    provider: r.provider,
    context: r.context,
    ipamd: { version: r.ipamd.version ?? null, versionFrom: r.ipamd.versionFrom ?? null, image: r.ipamd.image ?? null, replicas: r.ipamd.replicas, readyReplicas: r.ipamd.readyReplicas },
    capabilities: r.capabilities ?? null,
    feature: { enabled: r.feature.enabled, globalList: r.feature.globalList, place: r.feature.place ?? null },
    sources: r.sources.map((s) => ({ place: s.place, enabled: s.enabled, globalList: s.globalList, authoritative: s.authoritative, agrees: s.agrees })),
    clusterId: r.clusterId ? { id: r.clusterId.id, source: r.clusterId.source } : null,
    region: r.cloud.region ? { region: r.cloud.region.region, source: r.cloud.region.source } : null,
    addon: r.addon.asked
      ? { read: r.addon.notRead === undefined, installed: r.addon.installed ?? null, version: r.addon.version ?? null, phase: r.addon.phase ?? null, notRead: r.addon.notRead ?? null }
      : null,
    resync: r.resync.map((m) => ({ method: m.method, command: m.command, effect: m.effect })),
    nodes: r.nodes,
    warnings: r.warnings,
  };
}

const onOff = (enabled: boolean, paint: Palette) => (enabled ? paint.green('on') : paint.yellow('off'));
/** An empty list on v3.5+ is read two ways (cluster-policy.ts emptyListDisputed): both are named. */
const list = (groups: string[], disputed: boolean) =>
  groups.length > 0 ? groups.join(', ') : disputed ? `[] (${EMPTY_LIST_READINGS_TEXT}; kubectl sg show node shows what each node got)` : '[] (each node inherits its primary ENI\'s groups)';

function table(r: ClusterReport, wide: boolean, paint: Palette): string {
  const n = r.nodes;
  const counts = [
    `${n.inSync} in sync`,
    n.drifted > 0 ? paint.yellow(`${n.drifted} drifted`) : '0 drifted',
    n.disabled > 0 ? paint.red(`${n.disabled} disabled`) : '0 disabled',
    `${n.syncPending} sync pending`,
    n.noNec > 0 ? paint.yellow(`${n.noNec} without NEC`) : '0 without NEC',
    ...(n.unknown > 0 ? [`${n.unknown} unknown (cloud not asked)`] : []),
  ];
  const fields: [string, string | string[]][] = [
    ['Provider', `TKE VPC-CNI (context ${r.context})`],
    ['ipamd', `${r.ipamd.version ?? 'unknown version'}${VERSION_FROM[r.ipamd.versionFrom ?? 'image-tag']} (${r.ipamd.readyReplicas}/${r.ipamd.replicas} ready)`],
    ['Security groups', r.capabilities?.securityGroups === false ? paint.red('not available in this version') : onOff(r.feature.enabled, paint)],
    ['Global list', list(r.feature.globalList, emptyListDisputed(r.feature, r.ipamd.version))],
    ['Lives in', r.capabilities ? WHERE_FOR_VERSION[r.capabilities.globalSetting] : 'unknown (ipamd version unknown)'],
    [
      'Read from',
      r.sources.map((s) => {
        const verdict = s.authoritative ? paint.bold('counts') : s.agrees ? 'agrees' : paint.red('DISAGREES');
        return `${PLACE_NAMES[s.place]}: ${s.enabled ? 'on' : 'off'}, [${s.globalList.join(',')}] (${verdict})`;
      }),
    ],
    ['Addon', r.addon.asked ? (r.addon.notRead ? `values not read: ${r.addon.notRead}` : `eniipamd ${r.addon.version} (${r.addon.phase})`) : 'not used by this version'],
    ['Cluster ID', r.clusterId ? `${r.clusterId.id} (from ${r.clusterId.from})` : 'unknown (pass --cluster-id)'],
    ['Region', r.cloud.region ? `${r.cloud.region.region} (from ${r.cloud.region.source === 'cluster' ? `the nodes' region label "${r.cloud.region.from}"` : r.cloud.region.from})` : 'unknown'],
    [
      'Resync',
      r.resync.length === 0
        ? ['none in this version']
        : r.resync.flatMap((m, i) => [`${m.method}${i === 0 ? ' (recommended)' : ''}: ${m.command}`, `  ${m.effect}`]),
    ],
    ['Nodes', `${n.total}: ${counts.join(', ')}`],
  ];
  if (wide) {
    fields.push(
      ['Image', r.ipamd.image ?? ''],
      ['Args', r.ipamd.args.join(' ')],
      ['Strong sync', r.capabilities ? (r.capabilities.strongSync ? 'yes (v3.3.2+: ENIs follow the node\'s list exactly)' : 'no (ENIs that have groups keep them)') : ''],
    );
  }
  return renderFields(fields);
}

const groupJson = (l: GroupLookup) => ({ id: l.id, found: l.group === undefined ? null : l.group !== null, name: l.group?.name ?? null, type: l.group?.type ?? null, vpcId: l.group?.vpcId ?? null });

/** The ECI part of the JSON contract (docs/commands.md, "JSON output"): `eci` in ClusterReport. */
function eciJson(r: EciClusterReport) {
  const p = r.profile.parsed;
  return {
    profile: { exists: r.profile.exists, problems: p.problems, events: r.profile.events.map((e) => ({ reason: e.reason, message: e.message, count: e.count })) },
    defaultGroup: r.defaultGroup ? groupJson(r.defaultGroup) : null,
    vpcId: p.vpcId ?? null,
    vSwitchIds: p.vSwitchIds,
    selectors: r.selectors.map((s, i) => ({ order: i + 1, name: s.name, namespaceLabels: s.namespaceLabels, podLabels: s.podLabels, noSelectors: s.noSelectors, groups: s.groups?.map(groupJson) ?? null })),
    virtualNodes: r.virtualNodes,
    profileChanges: profileReloadJson(r.profileReload),
    region: r.cloud.region ? { region: r.cloud.region.region, source: r.cloud.region.source } : null,
  };
}

const labels = (l: Record<string, string>) => Object.entries(l).map(([k, v]) => `${k}=${v}`).join(',') || 'any';

function groupText(l: GroupLookup, paint: Palette): string {
  if (l.group === undefined) return `${l.id} (not looked up: no cloud)`;
  if (l.group === null) return `${l.id} ${paint.red('(does not exist)')}`;
  return `${l.id} ${l.group.name} (${l.group.type}, ${l.group.vpcId})`;
}

function eciTable(r: EciClusterReport, context: string, paint: Palette): string {
  const p = r.profile.parsed;
  const fields: [string, string | string[]][] = [
    ['Provider', `Alibaba ECI (context ${context})`],
    ['Profile', r.profile.exists ? (p.problems.length > 0 ? paint.red(`ConfigMap kube-system/eci-profile is malformed: ${p.problems.join('; ')}`) : 'ConfigMap kube-system/eci-profile') : paint.red('no ConfigMap kube-system/eci-profile')],
    ['Default group', r.defaultGroup ? groupText(r.defaultGroup, paint) : paint.yellow('none (securityGroupId is empty)')],
    ['VPC', p.vpcId ?? paint.yellow('none (vpcId is empty)')],
    ['vSwitches', p.vSwitchIds.length > 0 ? p.vSwitchIds.join(', ') : paint.yellow('none')],
    [
      'Selectors',
      r.selectors.length === 0
        ? ['none: every pod without its own annotation gets the default group']
        : r.selectors.map((s, i) => `${i + 1}. ${s.name}: ${s.noSelectors ? paint.yellow('no namespaceSelector or objectSelector: every pod or none, not documented') : `namespaces ${labels(s.namespaceLabels)}, pods ${labels(s.podLabels)}`} -> ${s.groups ? s.groups.map((g) => groupText(g, paint)).join(', ') : 'no group (its effect sets none)'}`),
    ],
    ['Order', 'a pod\'s own k8s.aliyun.com/eci-security-group annotation, else the first selector above that matches and sets one, else the default group; read when the pod is created'],
    ['Virtual nodes', r.virtualNodes.length === 0 ? [paint.yellow('none')] : r.virtualNodes.map((n) => `${n.name} (${n.ready ? 'Ready' : paint.yellow('not Ready')}, ${plural(n.pods, 'pod')})`)],
    ['Profile changes', profileReloadLines(r.profileReload, paint)],
    ['Region', r.cloud.region ? `${r.cloud.region.region} (from ${r.cloud.region.source})` : `unknown${r.cloud.missing ? `: ${r.cloud.missing}` : ''}`],
  ];
  if (r.profile.events.length > 0) fields.push(['Events', r.profile.events.map((e) => `${e.reason}: ${e.message} (x${e.count})`)]);
  return renderFields(fields);
}

const lookupJson = (l: SuperNodeGroupLookup) => ({ id: l.id, found: l.name === undefined ? null : l.name !== null, name: l.name ?? null });
const lookupText = (l: SuperNodeGroupLookup, paint: Palette) => (l.name === undefined ? `${l.id} (not looked up: no cloud)` : l.name === null ? `${l.id} ${paint.red('(does not exist)')}` : `${l.id} ${l.name}`);

/** The super node part of the JSON contract (docs/commands.md, "JSON output"): `supernode` in ClusterReport. */
function supernodeJson(r: SuperNodeClusterReport) {
  return {
    clusterId: r.clusterId ?? null,
    pools: r.pools?.map((p) => ({ id: p.id, name: p.name, lifeState: p.lifeState, subnetIds: p.subnetIds, nodes: p.nodeNames, groups: p.groups.map(lookupJson) })) ?? null,
    poolsMissing: r.poolsMissing ?? null,
    eksConfig: { exists: r.eksConfig.exists, groups: r.eksConfig.groups?.map(lookupJson) ?? null, problem: r.eksConfig.problem ?? null },
    regionDefaultGroup: r.regionDefault ?? null,
    securityGroupPolicies:
      r.policies?.map((p) => ({ namespace: p.namespace, name: p.name, podSelector: p.podSelector ?? null, serviceAccountSelector: p.serviceAccountSelector ?? null, groups: p.groups.map(lookupJson), selects: p.selects, problems: p.problems })) ??
      null,
    superNodes: r.superNodes,
    region: r.cloud.region ?? null,
  };
}

function supernodeTable(r: SuperNodeClusterReport, context: string, paint: Palette): string {
  const groups = (ls: readonly SuperNodeGroupLookup[]) => ls.map((l) => lookupText(l, paint)).join(', ');
  const fields: [string, string | string[]][] = [
    ['Provider', `TKE super nodes (context ${context}${r.clusterId ? `, cluster ${r.clusterId}` : ''})`],
    ['Pools', r.pools ? (r.pools.length === 0 ? [paint.yellow('none')] : r.pools.map((p) => `${p.id} ${p.name} (${p.lifeState}): ${groups(p.groups)}`)) : [paint.yellow(`not read: ${r.poolsMissing ?? 'no cloud'}`)]],
    [
      'eks-config',
      !r.eksConfig.exists
        ? 'no ConfigMap kube-system/eks-config: no cluster default'
        : r.eksConfig.problem
          ? paint.red(`malformed: ${r.eksConfig.problem}`)
          : r.eksConfig.groups
            ? `default ${groups(r.eksConfig.groups)}`
            : 'no default group (pod.annotations names none)',
    ],
    ['Region default', r.regionDefault ? `${r.regionDefault.id} ${r.regionDefault.name}` : 'not found (or not looked up)'],
    [
      'Policies',
      r.policies === undefined
        ? ['SecurityGroupPolicy is not served (the add-on is not installed)']
        : r.policies.length === 0
          ? ['none']
          : r.policies.map((p) => `${p.namespace}/${p.name}: ${groups(p.groups)}${p.problems.length > 0 ? paint.red(` (${p.problems.join('; ')})`) : ''}; selects ${p.selects.length > 0 ? p.selects.join(', ') : 'no pod by its labels'}`),
    ],
    [
      'Order',
      [
        'a pod\'s own eks.tke.cloud.tencent.com/security-group-id, else eks-config\'s, else the pool\'s groups (newer pages) or the region\'s default group (older pages); read when the pod is created',
        'a SecurityGroupPolicy selecting the pod: before or after the annotation, not documented (docs/assumptions.md)',
      ],
    ],
    ['Super nodes', r.superNodes.length === 0 ? [paint.yellow('none')] : r.superNodes.map((n) => `${n.name} (${n.ready ? 'Ready' : paint.yellow('not Ready')}, ${plural(n.pods, 'pod')})`)],
    ['Region', r.cloud.region ?? `unknown${r.cloud.missing ? `: ${r.cloud.missing}` : ''}`],
  ];
  return renderFields(fields);
}

export async function runShowCluster(args: ShowClusterArgs): Promise<number> {
  const f = factoryFor(args);
  try {
    const kube = f.kube();
    // The forced provider's report, else every provider's the cluster runs (TKE's says when there is neither).
    const { tke: report, supernode, eci } = await readClusterReports({ factory: f, clusterIdFlag: args['cluster-id'] }, await providersShown(kube, args.provider));
    for (const w of [...(report?.warnings ?? []), ...(supernode?.warnings ?? []), ...(eci?.warnings ?? [])]) process.stderr.write(`warning: ${w}\n`);
    const format = structuredFormat(args.output);
    if (format) {
      const providers = [...(report ? ['tke-vpc-cni'] : []), ...(supernode ? ['supernode'] : []), ...(eci ? ['eci'] : [])];
      // `supernode` only when shown, so that the TKE and ECI shapes stay as they were.
      const sn = supernode ? { supernode: supernodeJson(supernode) } : {};
      const body = report
        ? { ...toJson(report), providers, eci: eci ? eciJson(eci) : null, ...sn }
        : { provider: providers[0], providers, context: kube.target.contextName, eci: eci ? eciJson(eci) : null, ...sn, warnings: [...(supernode?.warnings ?? []), ...(eci?.warnings ?? [])] };
      process.stdout.write(renderObject(format, 'ClusterReport', body));
    } else {
      const paint = paletteFor(process.stdout);
      const parts = [
        ...(report ? [table(report, args.output === 'wide', paint)] : []),
        ...(supernode ? [supernodeTable(supernode, kube.target.contextName, paint)] : []),
        ...(eci ? [eciTable(eci, kube.target.contextName, paint)] : []),
      ];
      process.stdout.write(parts.join('\n'));
    }
    return ExitCode.ok;
  } finally {
    f.close();
  }
}
