// show pod, the work: pod → node → ENI by IP → groups and their rules, rendered.
import { cannotTellWhy } from '../../domain/eci/reported-groups.ts';
import { factoryFor } from '../factory.ts';
import type { ShowPodArgs } from './show-pod-args.ts';
import { renderFields, renderObject } from '../render/object.ts';
import { renderTable } from '../render/table.ts';
import { structuredFormat } from '../render/output.ts';
import { paletteFor, type Palette } from '../render/color.ts';
import { ExitCode } from '../exit-codes.ts';
import { shortList } from '../../domain/rule-summary.ts';
import type { PodReport } from '../../operations/tke/pod-report.ts';
import type { EciPodReport } from '../../operations/eci/pod-report.ts';
import type { SuperNodePodReport } from '../../operations/supernode/pod-report.ts';
import { candidateWords, READINGS, SUPERNODE_NOTES } from '../render/supernode-words.ts';
import { podProvider, readPodReportOf, type PodReportOf } from '../../operations/providers.ts';
import type { ProviderName } from '../../domain/provider-choice.ts';
import { findPod } from '../../operations/pod-lookup.ts';
import type { GroupView } from '../../operations/group-view.ts';

/** The groups in priority order, rules summarised (every rule with wide). */
function groupsTable(groups: readonly GroupView[], wide: boolean, paint: Palette): string {
  if (groups.length === 0) return '';
  const max = wide ? Number.POSITIVE_INFINITY : 3;
  const cell = (d: { count: number; rules: string[] } | undefined) => (d ? `${d.count}: ${shortList(d.rules, max)}` : '');
  const rows = groups.map((g, i) => [
    String(i + 1),
    g.id,
    g.name ?? paint.red('(not found)'),
    cell(g.rules?.ingress),
    cell(g.rules?.egress),
    ...(wide ? [g.description ?? ''] : []),
  ]);
  return '\n' + renderTable(['#', 'group', 'name', 'ingress', 'egress', ...(wide ? ['description'] : [])], rows);
}

const groupJson = (g: GroupView) => ({
  id: g.id,
  name: g.name ?? null,
  description: g.description ?? null,
  ingress: g.rules?.ingress ?? null,
  egress: g.rules?.egress ?? null,
});

/** The JSON contract (docs/commands.md, "JSON output"): keep field names stable. */
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
    groups: r.groups.map(groupJson),
    nec: r.nec ?? null,
    matchesNec: r.matchesNec ?? null,
  };
}

const ECI_NOTES: Record<EciPodReport['pod']['status'], string | null> = {
  ok: null,
  mismatch: 'the instance\'s groups differ from what the pod asks for now: ECI reads the groups only when the pod is created, so recreate it (roll its workload out)',
  'cannot-tell': null, // names the groups: eciNote()
  'no-instance': 'virtual kubelet has not created the ECI instance yet (no k8s.aliyun.com/eci-instance-id on the pod)',
  'instance-not-found': 'ECI does not know the instance named by k8s.aliyun.com/eci-instance-id in this region (--region?)',
  'no-cloud': 'the instance\'s actual groups were not read (no Alibaba Cloud access)',
};

/** What the pod's request hangs on when it comes from a selector with no selectors (undocumented: every pod, or none). */
function emptySelectorNote(e: NonNullable<EciPodReport['pod']['emptySelector']>): string {
  const what = `eci-profile selector "${e.name}" names no namespaceSelector or objectSelector, and whether ECI applies such a selector to every pod or to none is not documented`;
  const otherwise = e.otherwise?.groups.join(',') ?? 'nothing';
  if (e.instanceHas === 'selector') return `${what}: ECI applied it to this pod (its instance has the selector's groups)`;
  if (e.instanceHas === 'otherwise') return `${what}: its instance has ${otherwise}, what the pod asks for if the selector applies to no pod — or the pod was created before the selector was added; which one cannot be told`;
  return `${what}: this pod asks for the selector's groups if it applies to every pod, else for ${otherwise}`;
}

function eciNote(r: EciPodReport): string | null | undefined {
  const p = r.pod;
  const oneReported = p.status === 'cannot-tell' && p.emptySelector?.instanceHas !== 'otherwise';
  const status = oneReported ? cannotTellWhy(p.actual ?? [], p.requested?.groups ?? []) : (ECI_NOTES[p.status] ?? (p.status === 'no-cloud' ? r.missing : null));
  const notes = [status, p.emptySelector ? emptySelectorNote(p.emptySelector) : null].filter((n) => !!n);
  return notes.length > 0 ? notes.join('; ') : null;
}

/** The head of the contract for a pod that is its own instance (ECI, super nodes): never on the host network. */
function instancePodJson<S extends string>(provider: ProviderName, p: { namespace: string; name: string; phase: string | undefined; node: string | undefined; ip: string | undefined; status: S }, instanceId: string | undefined) {
  return { provider, namespace: p.namespace, name: p.name, phase: p.phase ?? null, node: p.node ?? null, instanceId: instanceId ?? null, ip: p.ip ?? null, hostNetwork: false, status: p.status };
}

/** The ECI form of the same contract: the ENI is the instance's; `requested` and `matchesRequested` replace the NEC fields. */
function eciJson(r: EciPodReport) {
  const p = r.pod;
  const i = p.instance;
  return {
    ...instancePodJson('eci', p, p.instanceId),
    note: eciNote(r) ?? null,
    vpcId: i?.vpcId ?? null,
    eni: i?.eniId ? { id: i.eniId, primary: true, instanceId: p.instanceId ?? null, subnetId: i.vSwitchId, onPodNode: true } : null,
    groups: r.groups.map(groupJson),
    requested: p.requested ? { groups: p.requested.groups, source: p.requested.source, selector: p.requested.source === 'selector' ? p.requested.selector : null } : null,
    matchesRequested: p.status === 'ok' ? true : p.status === 'mismatch' ? false : null,
    owner: p.owner ?? null,
    nec: null,
    matchesNec: null,
  };
}

function eciView(r: EciPodReport, wide: boolean, paint: Palette): string {
  const p = r.pod;
  const req = p.requested;
  const from = !req ? '' : req.source === 'annotation' ? 'its k8s.aliyun.com/eci-security-group annotation' : req.source === 'selector' ? `eci-profile selector "${req.selector}"` : 'the eci-profile default';
  const fields: [string, string | string[]][] = [
    ['Pod', `${p.namespace}/${p.name} (${p.phase ?? 'unknown phase'})`],
    ['Node', `${p.node ?? 'none'} (ECI virtual node)`],
    ['Instance', p.instanceId ? `${p.instanceId}${p.instance ? ` (${p.instance.status}, ${p.instance.vSwitchId}${p.instance.eniId ? `, ${p.instance.eniId}` : ''})` : ''}` : 'none yet'],
    ['IP', p.ip ?? 'none'],
    ['Asked for', req ? `${req.groups.join(', ')} (from ${from})` : paint.yellow('nothing: no annotation, selector or profile default')],
    [
      'Has',
      p.actual
        ? `${p.actual.join(', ') || 'none'}: ${p.status === 'ok' ? paint.green('as asked') : p.status === 'cannot-tell' ? paint.yellow('CANNOT TELL whether this is what it asks for (see Note)') : paint.yellow('DIFFERENT from what it asks for')}`
        : `unknown (${p.status === 'no-cloud' ? (r.missing ?? 'no cloud') : p.status})`,
    ],
  ];
  if (p.owner) fields.push(['Owner', `${p.owner.kind}/${p.owner.name}: change its groups with kubectl sg set workload ${p.owner.kind.toLowerCase()}/${p.owner.name} -n ${p.namespace} --groups ...`]);
  const note = eciNote(r);
  if (note) fields.push(['Note', note]);
  return renderFields(fields) + groupsTable(r.groups, wide, paint);
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
  return renderFields(fields) + groupsTable(r.groups, wide, paint);
}

const supernodeNote = (r: SuperNodePodReport): string | null => SUPERNODE_NOTES[r.pod.status] ?? (r.pod.status === 'no-cloud' ? (r.missing ?? null) : null);

/** The same contract: `requested` lists every candidate (one per reading where they differ), `matchedReading` which one the instance has. */
function supernodeJson(r: SuperNodePodReport) {
  const p = r.pod;
  const i = p.instance;
  return {
    ...instancePodJson('supernode', p, i?.id),
    note: supernodeNote(r),
    vpcId: i?.vpcId ?? null,
    eni: null,
    groups: r.groups.map(groupJson),
    requested: p.candidates.map((c) => ({ groups: c.groups ?? null, source: c.source, policies: c.policies ?? null, reading: c.reading })),
    matchedReading: p.matched ? p.matched.reading : null,
    matchesRequested: p.status === 'ok' ? true : p.status === 'mismatch' ? false : null,
    nec: null,
    matchesNec: null,
  };
}

function supernodeView(r: SuperNodePodReport, wide: boolean, paint: Palette): string {
  const p = r.pod;
  const fields: [string, string | string[]][] = [
    ['Pod', `${p.namespace}/${p.name} (${p.phase ?? 'unknown phase'})`],
    ['Node', `${p.node ?? 'none'} (TKE super node)`],
    ['Instance', p.instance ? `${p.instance.id} (${p.instance.status}, ${p.instance.subnetId})` : 'not known'],
    ['IP', p.ip ?? 'none'],
    ['Asked for', p.candidates.length === 1 ? candidateWords(p.candidates[0]!) : p.candidates.map((c, i) => `${i === 0 ? '' : 'or '}${candidateWords(c)}`)],
    [
      'Has',
      p.actual
        ? `${p.actual.join(', ') || 'none'}: ${p.status === 'ok' ? paint.green(`as asked${p.matched?.reading ? ` ${READINGS[p.matched.reading]}` : ''}`) : p.status === 'mismatch' ? paint.yellow('DIFFERENT from what it asks for') : paint.yellow('CANNOT TELL whether this is what it asks for')}`
        : `unknown (${p.status === 'no-cloud' ? (r.missing ?? 'no cloud') : p.status})`,
    ],
  ];
  const note = supernodeNote(r);
  if (note) fields.push(['Note', note]);
  return renderFields(fields) + groupsTable(r.groups, wide, paint);
}

/** Each provider's pod report, rendered its own way (one JSON contract: kind PodReport). */
const POD_VIEWS: { [N in ProviderName]: { json: (r: PodReportOf<N>) => object; view: (r: PodReportOf<N>, wide: boolean, paint: Palette) => string } } = {
  tke: { json: toJson, view },
  supernode: { json: supernodeJson, view: supernodeView },
  eci: { json: eciJson, view: eciView },
};

function render<N extends ProviderName>(shown: { provider: N; report: PodReportOf<N> }, args: ShowPodArgs): void {
  const how = POD_VIEWS[shown.provider];
  const format = structuredFormat(args.output);
  if (format) process.stdout.write(renderObject(format, 'PodReport', how.json(shown.report)));
  else process.stdout.write(how.view(shown.report, args.output === 'wide', paletteFor(process.stdout)));
}

export async function runShowPod(args: ShowPodArgs): Promise<number> {
  const f = factoryFor(args);
  try {
    const kube = f.kube();
    const found = await findPod(kube, kube.target.namespace, args.name);
    // The pod's node says its provider (a virtual-kubelet node is ECI's), unless --provider does.
    render(await readPodReportOf({ factory: f, clusterIdFlag: args['cluster-id'] }, found, await podProvider(found, args.provider)), args);
    return ExitCode.ok;
  } finally {
    f.close();
  }
}
