// show pod, the work: pod → node → ENI by IP → groups and their rules, rendered.
import { factoryFor } from '../factory.ts';
import { renderFields, renderObject } from '../render/object.ts';
import { renderTable } from '../render/table.ts';
import { paletteFor, type Palette } from '../render/color.ts';
import { ExitCode } from '../exit-codes.ts';
import { shortList } from '../../domain/rule-summary.ts';
import { readPodReport, type PodReport } from '../../operations/pod-report.ts';
import type { ShowPodArgs } from './show-pod.ts';

/** The JSON contract (README "JSON output"): keep field names stable. */
function toJson(r: PodReport) {
  return {
    namespace: r.namespace,
    name: r.name,
    phase: r.phase ?? null,
    node: r.node ?? null,
    instanceId: r.instanceId ?? null,
    ip: r.ip ?? null,
    hostNetwork: r.hostNetwork,
    status: r.status,
    note: r.note ?? null,
    vpcId: r.vpcId ?? null,
    eni: r.eni ? { id: r.eni.id, primary: r.eni.primary, instanceId: r.eni.instanceId ?? null, subnetId: r.eni.subnetId, onPodNode: r.eni.onPodNode } : null,
    groups: r.groups.map((g) => ({
      id: g.id,
      name: g.name ?? null,
      description: g.description ?? null,
      ingress: g.rules?.ingress ?? null,
      egress: g.rules?.egress ?? null,
    })),
    nec: r.nec ?? null,
    matchesNec: r.matchesNec ?? null,
  };
}

function view(r: PodReport, wide: boolean, paint: Palette): string {
  const fields: [string, string | string[]][] = [
    ['Pod', `${r.namespace}/${r.name} (${r.phase ?? 'unknown phase'})`],
    ['Node', r.node ? `${r.node}${r.instanceId ? ` (${r.instanceId})` : ''}` : 'none'],
    ['IP', r.ip ? `${r.ip}${r.hostNetwork ? ' (host network)' : ''}` : 'none'],
  ];
  if (r.nec) {
    const flags = [r.nec.disabled ? paint.red('node disabled') : '', r.nec.syncPending ? 'sync pending' : ''].filter(Boolean);
    const desired = r.nec.exists ? r.nec.desiredGroups.join(', ') || '[]' : paint.yellow('no NEC for this node');
    fields.push(['Node NEC', flags.length > 0 ? `${desired} (${flags.join(', ')})` : desired]);
  }
  if (r.eni) {
    const where = r.eni.onPodNode ? 'on the pod\'s node' : paint.yellow(`attached to ${r.eni.instanceId ?? 'no instance'}, not the pod's node`);
    fields.push(['ENI', `${r.eni.id} (${r.eni.primary ? 'primary' : 'secondary'}, ${r.eni.subnetId}, ${where})`]);
    const ids = r.groups.map((g) => g.id).join(', ') || 'none';
    let verdict = '';
    if (r.matchesNec === true) verdict = paint.green('match the node\'s NEC');
    else if (r.matchesNec === false) {
      verdict = paint.yellow(
        r.nec?.disabled ? 'the node is disabled, yet the ENI has groups' : `DIFFER from the node's NEC [${r.nec?.desiredGroups.join(',') ?? ''}]${r.nec?.syncPending ? ' (sync pending)' : ''}`,
      );
    } else if (r.eni.primary) verdict = 'the instance\'s groups (the NEC governs secondary ENIs only)';
    fields.push(['Groups', verdict ? `${ids}: ${verdict}` : ids]);
  }
  if (r.note) fields.push(['Note', r.note]);
  let out = renderFields(fields);
  if (r.groups.length > 0) {
    const max = wide ? Number.POSITIVE_INFINITY : 3;
    const cell = (d: { count: number; rules: string[] } | undefined) => (d ? `${d.count}: ${shortList(d.rules, max)}` : '');
    const rows = r.groups.map((g, i) => [
      String(i + 1),
      g.id,
      g.name ?? paint.red('(not found)'),
      cell(g.rules?.ingress),
      cell(g.rules?.egress),
      ...(wide ? [g.description ?? ''] : []),
    ]);
    out += '\n' + renderTable(['#', 'group', 'name', 'ingress', 'egress', ...(wide ? ['description'] : [])], rows);
  }
  return out;
}

export async function runShowPod(args: ShowPodArgs): Promise<number> {
  const f = factoryFor(args);
  try {
    const kube = f.kube();
    const report = await readPodReport(kube, kube.target.namespace, args.name, { clusterIdFlag: args['cluster-id'], cloud: (hints) => f.cloud(hints) });
    if (args.output === 'json' || args.output === 'yaml') process.stdout.write(renderObject(args.output, 'PodReport', toJson(report)));
    else process.stdout.write(view(report, args.output === 'wide', paletteFor(process.stdout)));
    return ExitCode.ok;
  } finally {
    f.close();
  }
}
