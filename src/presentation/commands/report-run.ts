// report, the work: which contexts, a factory bound to each, the rows read side by side
// (operations/fleet-report.ts), then one table, JSON/YAML document or Prometheus text; exit 3
// when a cluster has a drifted or disabled node, whatever else the rows say.
import { factoryFor } from '../factory.ts';
import type { ReportArgs } from './report-args.ts';
import { renderObject } from '../render/object.ts';
import { renderTable } from '../render/table.ts';
import { structuredFormat } from '../render/output.ts';
import { paletteFor, type Palette } from '../render/color.ts';
import { ProgressLine } from '../render/progress.ts';
import { renderPrometheus, type MetricFamily, type Sample } from '../render/prometheus.ts';
import { ExitCode } from '../exit-codes.ts';
import { fleetContexts, readFleet } from '../../operations/fleet-report.ts';
import { fleetNeedsAttention, fleetTotals, type FleetClusterRow, type FleetRow, type FleetTotals, type PodGroupCounts } from '../../domain/fleet-totals.ts';
import type { NodeCounts } from '../../domain/tke/node-counts.ts';
import { parseDuration } from '../../domain/duration.ts';
import { BadInputError } from '../../domain/bad-input.ts';
import { plural } from '../../domain/plural.ts';
import type { ProviderName } from '../../domain/provider-choice.ts';

const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

/** The JSON/YAML contract (docs/commands.md, "JSON output"): keep field names stable. */
function rowJson(r: FleetRow) {
  if (!r.reachable) return { context: r.context, reachable: false, reason: r.reason };
  return {
    context: r.context,
    reachable: true,
    providers: r.providers,
    ipamdVersion: orNull(r.ipamdVersion),
    virtualKubeletVersions: orNull(r.virtualKubeletVersions),
    featureEnabled: orNull(r.featureEnabled),
    nodes: orNull(r.nodes),
    pods: orNull(r.pods),
    eciPods: orNull(r.eciPods),
    lintFailures: orNull(r.lintFailures),
    doctorFailures: orNull(r.doctorFailures),
    notes: r.notes,
  };
}

const dash = '-';
const num = (n: number | undefined) => (n === undefined ? dash : String(n));
const versions = (r: FleetClusterRow) => [...(r.ipamdVersion ? [`ipamd ${r.ipamdVersion}`] : []), ...(r.virtualKubeletVersions ?? []).map((v) => `vk ${v}`)].join(', ') || dash;
const podCell = (p: PodGroupCounts | undefined, paint: Palette) =>
  p === undefined ? dash : `${p.withGroups} with, ${p.withoutGroups > 0 ? paint.red(`${p.withoutGroups} without`) : '0 without'}${p.unknown > 0 ? `, ${p.unknown} unknown` : ''}`;
const warn = (n: number | undefined, paint: Palette, paintIt: (s: string) => string) => (n !== undefined && n > 0 ? paintIt(String(n)) : num(n));

function nodeCells(n: NodeCounts | undefined, paint: Palette): string[] {
  if (!n) return [dash, dash, dash, dash];
  return [String(n.inSync), warn(n.drifted, paint, paint.yellow), warn(n.disabled, paint, paint.red), String(n.syncPending)];
}

function table(rows: readonly FleetRow[], t: FleetTotals, paint: Palette): string {
  const headers = ['context', 'providers', 'versions', 'feature', 'in sync', 'drifted', 'disabled', 'pending', 'pods', 'eci pods', 'lint', 'doctor', 'status'];
  const body = rows.map((r) =>
    r.reachable
      ? [
          r.context,
          r.providers.join(',') || 'none',
          versions(r),
          r.featureEnabled === undefined ? dash : r.featureEnabled ? paint.green('on') : paint.yellow('off'),
          ...nodeCells(r.nodes, paint),
          podCell(r.pods, paint),
          podCell(r.eciPods, paint),
          warn(r.lintFailures, paint, paint.red),
          warn(r.doctorFailures, paint, paint.red),
          r.notes.length > 0 ? paint.yellow(`read, ${plural(r.notes.length, 'part')} not (see warnings)`) : 'read',
        ]
      : [r.context, dash, dash, dash, dash, dash, dash, dash, dash, dash, dash, dash, paint.red(`unreachable: ${r.reason}`)],
  );
  const total = [
    `TOTAL (${plural(t.clusters, 'cluster')})`,
    '',
    '',
    '',
    ...nodeCells(t.nodes, paint),
    podCell(t.pods, paint),
    podCell(t.eciPods, paint),
    warn(t.lintFailures, paint, paint.red),
    warn(t.doctorFailures, paint, paint.red),
    t.unreachable > 0 ? paint.red(`${t.unreachable} unreachable`) : 'all read',
  ].map((c) => c || ' ');
  return renderTable(headers, [...body, total]);
}

const NODE_STATES: [keyof NodeCounts, string][] = [
  ['inSync', 'in_sync'],
  ['drifted', 'drifted'],
  ['disabled', 'disabled'],
  ['syncPending', 'sync_pending'],
  ['noNec', 'no_nec'],
  ['unknown', 'unknown'],
];
const POD_GROUPS: [keyof PodGroupCounts, string][] = [
  ['withGroups', 'with'],
  ['withoutGroups', 'without'],
  ['unknown', 'unknown'],
];

/** provider_info's version label: the component that carries out each provider's groups. */
const VERSION_OF: Record<ProviderName, (r: FleetClusterRow) => string> = {
  tke: (r) => r.ipamdVersion ?? '',
  // eklet, which runs super-node pods, is managed by TKE and states no version in the cluster.
  supernode: () => '',
  eci: (r) => (r.virtualKubeletVersions ?? []).join(','),
};

/** The metric names and labels are part of the contract (docs/commands.md, "report"): dashboards and alerts key on them. */
function metrics(rows: readonly FleetRow[]): MetricFamily[] {
  const read = rows.filter((r): r is FleetClusterRow => r.reachable);
  const per = (f: (r: FleetClusterRow) => Sample[]) => read.flatMap(f);
  const gauge = (name: string, help: string, samples: Sample[]): MetricFamily => ({ name: `kubectl_sg_${name}`, help, type: 'gauge', samples });
  return [
    gauge('cluster_up', 'Whether kubectl-sg could read the cluster (1) or not (0).', rows.map((r) => ({ labels: { cluster: r.context }, value: r.reachable ? 1 : 0 }))),
    gauge(
      'provider_info',
      'A provider the cluster runs, with its ipamd (tke) or virtual kubelet (eci) version; always 1.',
      per((r) => r.providers.map((provider) => ({ labels: { cluster: r.context, provider, version: VERSION_OF[provider](r) }, value: 1 }))),
    ),
    gauge('feature_enabled', 'Whether the TKE VPC-CNI security-group feature is on.', per((r) => (r.featureEnabled === undefined ? [] : [{ labels: { cluster: r.context, provider: 'tke' }, value: r.featureEnabled ? 1 : 0 }]))),
    gauge('nodes', 'TKE nodes by the state of their ENIs\' security groups.', per((r) => (r.nodes ? NODE_STATES.map(([k, state]) => ({ labels: { cluster: r.context, provider: 'tke', state }, value: r.nodes![k] })) : []))),
    gauge(
      'pods',
      'Pods by whether they have the security groups they should: with, without, or unknown.',
      per((r) =>
        (
          [
            ['tke', r.pods],
            ['eci', r.eciPods],
          ] as const
        ).flatMap(([provider, p]) => (p ? POD_GROUPS.map(([k, groups]) => ({ labels: { cluster: r.context, provider, groups }, value: p[k] })) : [])),
      ),
    ),
    gauge('lint_failures', 'Failed lint findings over the security groups the cluster uses.', per((r) => (r.lintFailures === undefined ? [] : [{ labels: { cluster: r.context }, value: r.lintFailures }]))),
    gauge('doctor_failures', 'Failed kubectl sg doctor checks.', per((r) => (r.doctorFailures === undefined ? [] : [{ labels: { cluster: r.context }, value: r.doctorFailures }]))),
  ];
}

export async function runReport(args: ReportArgs): Promise<number> {
  const timeoutMs = parseDuration(args['cluster-timeout'], '--cluster-timeout', { allowZero: true });
  if (!Number.isInteger(args.concurrency) || args.concurrency < 1) throw new BadInputError(`--concurrency must be a whole number >= 1, got "${args.concurrency}"`);
  const contexts = fleetContexts({ all: args['all-contexts'], named: args.contexts, context: args.context, kubeconfig: args.kubeconfig });
  const progress = process.stderr.isTTY ? new ProgressLine('reading clusters') : undefined;
  let done = 0;
  let failed = 0;
  progress?.update({ done, failed, total: contexts.length }, true);
  const rows = await readFleet(contexts, (context) => factoryFor({ ...args, context }), {
    concurrency: args.concurrency,
    timeoutMs,
    noCloud: args.cloud === false,
    provider: args.provider,
    onRow: (row) => {
      done++;
      if (!row.reachable) failed++;
      progress?.update({ done, failed, total: contexts.length });
    },
  });
  progress?.end();
  for (const r of rows) if (r.reachable) for (const n of r.notes) process.stderr.write(`warning: context ${r.context}: ${n}\n`);

  const totals = fleetTotals(rows);
  const format = structuredFormat(args.output);
  if (args.output === 'prometheus') process.stdout.write(renderPrometheus(metrics(rows)));
  else if (format) process.stdout.write(renderObject(format, 'FleetReport', { items: rows.map(rowJson), total: totals }));
  else process.stdout.write(table(rows, totals, paletteFor(process.stdout)));
  return fleetNeedsAttention(rows) ? ExitCode.checkFailed : ExitCode.ok;
}
