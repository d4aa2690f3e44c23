// show cluster, the work: read the report (the cloud opened only when needed), warn, render.
import { factoryFor } from '../factory.ts';
import { renderFields, renderObject } from '../render/object.ts';
import { paletteFor, type Palette } from '../render/color.ts';
import { ExitCode } from '../exit-codes.ts';
import { PLACE_NAMES, readClusterReport, type ClusterReport } from '../../operations/cluster-report.ts';
import type { ShowClusterArgs } from './show-cluster.ts';

const WHERE_FOR_VERSION = {
  none: 'nowhere: this ipamd version has no security-group feature (v3.2.0 added it)',
  'deployment-args': 'Deployment kube-system/tke-eni-ipamd args (--enable-security-groups, --security-groups=...); ipamd restarts after an edit',
  'addon-values': 'addon eniipamd values (vpcCni.securityGroups), which TKE renders into ConfigMap kube-system/tke-eni-ipamd (watched, no restart)',
} as const;

/** The JSON contract (README "JSON output"): keep field names stable. */
function toJson(r: ClusterReport) {
  return {
    provider: r.provider,
    context: r.context,
    ipamd: { version: r.ipamd.version ?? null, image: r.ipamd.image ?? null, replicas: r.ipamd.replicas, readyReplicas: r.ipamd.readyReplicas },
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
const list = (groups: string[]) => (groups.length > 0 ? groups.join(', ') : '[] (each node inherits its primary ENI\'s groups)');

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
    ['ipamd', `${r.ipamd.version ?? 'unknown version'} (${r.ipamd.readyReplicas}/${r.ipamd.replicas} ready)`],
    ['Security groups', r.capabilities?.securityGroups === false ? paint.red('not available in this version') : onOff(r.feature.enabled, paint)],
    ['Global list', list(r.feature.globalList)],
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

export async function runShowCluster(args: ShowClusterArgs): Promise<number> {
  const f = factoryFor(args);
  try {
    const report = await readClusterReport(f.kube(), { clusterIdFlag: args['cluster-id'], cloud: (hints) => f.cloud(hints) });
    for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
    if (args.output === 'json' || args.output === 'yaml') process.stdout.write(renderObject(args.output, 'ClusterReport', toJson(report)));
    else process.stdout.write(table(report, args.output === 'wide', paletteFor(process.stdout)));
    return ExitCode.ok;
  } finally {
    f.close();
  }
}
