// show node, the work: select nodes, each provider reads its own (operations/providers.ts), render.
import { factoryFor } from '../factory.ts';
import type { ShowNodeArgs } from './show-node-args.ts';
import { writeStructured, structuredFormat } from '../render/output.ts';
import { renderTable } from '../render/table.ts';
import { paletteFor } from '../render/color.ts';
import { ExitCode } from '../exit-codes.ts';
import type { NodeReport } from '../../operations/tke/node-report.ts';
import { resolveClusterId } from '../../operations/tke/addon.ts';
import type { VirtualNodeReport } from '../../operations/eci/node-report.ts';
import type { SuperNodeReport } from '../../operations/supernode/node-report.ts';
import { askedForText, sourceText, stateText } from '../render/supernode-words.ts';
import { NodeReadAheads, nodesByProvider, readNodeReportsByProvider } from '../../operations/providers.ts';
import { stateWords } from '../../domain/tke/node-state.ts';
import { plural } from '../../domain/plural.ts';
import { selectNodes } from '../../operations/node-selection.ts';
import { BadInputError } from '../../domain/bad-input.ts';

function stateCell(r: NodeReport, paint: ReturnType<typeof paletteFor>): string {
  const text = stateWords(r);
  if (r.state === 'in-sync') return paint.green(text);
  if (r.state === 'disabled') return paint.red(text);
  if (r.state === 'drifted') return paint.yellow(text);
  return text;
}

/** `-o wide`: the ENIs that do not count, each with why (`eni-x:direct`), never drift. */
function otherEnisCell(r: NodeReport): string {
  return (r.enis ?? []).filter((e) => e.kind === 'other').map((e) => `${e.id}:${e.reason}`).join(',');
}

/** ENIs whose groups match in all but an order the cloud may have sorted (group-order.ts): said, not called drift. */
function orderUnreadLine(reports: readonly NodeReport[]): string {
  const unread = reports.flatMap((r) => r.orderUnread);
  if (unread.length === 0) return '';
  return `note: ${plural(unread.length, 'ENI')} carry the node's groups listed in ascending ID order, not the priority order of the NodeENIConfig, and no ENI read lists groups otherwise: the cloud may list groups sorted, so their priority cannot be read back; not counted as drift (docs/assumptions.md, "Rule order in GroupSet")\n`;
}

/** Counted ENIs of unknown owner: said under the table, as the plugin cannot tell. */
function unsureLine(reports: readonly NodeReport[]): string {
  const unsure = reports.flatMap((r) => (r.enis ?? []).filter((e) => e.kind === 'shared' && !e.certain));
  if (unsure.length === 0) return '';
  return `note: ${plural(unsure.length, 'secondary ENI')} counted as ipamd's without evidence: ${unsure[0]!.why} (docs/assumptions.md, "Which ENIs count")\n`;
}

/** The JSON contract (docs/commands.md, "JSON output"): keep field names stable. */
function toJson(r: NodeReport) {
  return {
    name: r.name,
    instanceId: r.instanceId ?? null,
    desiredGroups: r.desiredGroups,
    source: r.source,
    hasNec: r.hasNec,
    disabled: r.disabled,
    syncPending: r.syncPending,
    state: r.state,
    inSync: r.inSync ?? null,
    enis:
      r.enis?.map((e) => ({
        id: e.id,
        primary: e.primary,
        kind: e.kind,
        otherReason: e.reason ?? null,
        kindCertain: e.certain,
        kindWhy: e.why,
        groups: e.groups,
        // Only ipamd's shared ENIs are held to the node's groups (docs/assumptions.md, "Which ENIs count").
        inSync: e.kind === 'shared' ? !r.driftedEnis.includes(e.id) : null,
        // The groups match but their priority cannot be read back (group-order.ts).
        orderUnread: r.orderUnread.includes(e.id),
      })) ?? null,
  };
}

/** A virtual node in the same contract: its pods' instances stand for ENIs; `pods` says which pod asked for what. */
function virtualJson(r: VirtualNodeReport) {
  return {
    name: r.name,
    provider: 'eci',
    instanceId: null,
    desiredGroups: r.defaultGroups,
    source: 'eci-profile',
    hasNec: false,
    disabled: false,
    syncPending: false,
    state: r.inSync === undefined ? 'unknown' : r.inSync ? 'in-sync' : 'drifted',
    inSync: r.inSync ?? null,
    enis: r.pods.filter((p) => p.instance?.eniId).map((p) => ({ id: p.instance!.eniId!, primary: true, groups: p.actual ?? [], inSync: p.status === 'ok' })),
    pods: r.pods.map((p) => ({
      namespace: p.namespace,
      name: p.name,
      instanceId: p.instanceId ?? null,
      requestedGroups: p.requested?.groups ?? null,
      source: p.requested?.source ?? null,
      actualGroups: p.actual ?? null,
      status: p.status,
    })),
  };
}

/** One row per pod of each node (a node without pods gets one row saying so): ECI's virtual nodes, super nodes. */
function podRowsTable<P>(nodeHeader: string, reports: readonly { name: string; pods: readonly P[] }[], cells: (p: P) => string[]): string {
  const rows = reports.flatMap((r) => (r.pods.length === 0 ? [[r.name, '(no pods)', '', '', '', '']] : r.pods.map((p) => [r.name, ...cells(p)])));
  return renderTable([nodeHeader, 'pod', 'asked-for', 'source', 'has', 'state'], rows);
}

function virtualTable(reports: readonly VirtualNodeReport[], paint: ReturnType<typeof paletteFor>): string {
  return podRowsTable('virtual-node', reports, (p) => [
    `${p.namespace}/${p.name}`,
    p.requested?.groups.join(',') ?? paint.yellow('(none)'),
    p.requested ? (p.requested.source === 'selector' ? `selector ${p.requested.selector}` : p.requested.source) : '',
    p.actual?.join(',') ?? '',
    p.status === 'ok' ? paint.green('in-sync') : p.status === 'mismatch' ? paint.yellow('differs') : p.status,
  ]);
}

/** A super node in the same contract: its pods' instances stand for ENIs; `pods` says which pod asked for what, under which reading. */
function superNodeJson(r: SuperNodeReport) {
  return {
    name: r.name,
    provider: 'supernode',
    instanceId: null,
    desiredGroups: r.pool?.groups ?? [],
    source: 'pool',
    pool: r.pool ? { id: r.pool.id, name: r.pool.name } : null,
    hasNec: false,
    disabled: false,
    syncPending: false,
    state: r.inSync === undefined ? 'unknown' : r.inSync ? 'in-sync' : 'drifted',
    inSync: r.inSync ?? null,
    enis: [],
    pods: r.pods.map((p) => ({
      namespace: p.namespace,
      name: p.name,
      instanceId: p.instance?.id ?? null,
      requested: p.candidates.map((c) => ({ groups: c.groups ?? null, source: c.source, policies: c.policies ?? null, reading: c.reading })),
      matchedReading: p.matched ? p.matched.reading : null,
      actualGroups: p.actual ?? null,
      status: p.status,
    })),
  };
}

function superNodeTable(reports: readonly SuperNodeReport[], paint: ReturnType<typeof paletteFor>): string {
  return podRowsTable('super-node', reports, (p) => [
    `${p.namespace}/${p.name}`,
    askedForText(p),
    sourceText(p),
    p.actual?.join(',') ?? '',
    p.status === 'ok' ? paint.green(stateText(p)) : paint.yellow(stateText(p)),
  ]);
}

/** show node's items in -o json|yaml, each turned into its JSON shape only when it is written. */
function* nodeItems(reports: readonly NodeReport[], superReports: readonly SuperNodeReport[], virtualReports: readonly VirtualNodeReport[]): Generator<unknown> {
  for (const r of reports) yield toJson(r);
  for (const r of superReports) yield superNodeJson(r);
  for (const r of virtualReports) yield virtualJson(r);
}

/** --chunk-size: kubectl's, a whole number of nodes, 0 for one answer. */
function chunkSizeOf(given: string): number {
  if (!/^\d+$/.test(given.trim())) throw new BadInputError(`--chunk-size "${given}" is not a whole number of nodes >= 0 (default 500; 0 lists them in one answer)`);
  return Number(given);
}

export async function runShowNode(args: ShowNodeArgs): Promise<number> {
  // A malformed --cluster-id is named before anything is read (as show cluster does).
  if (args['cluster-id']) resolveClusterId({ flag: args['cluster-id'] });
  const chunkSize = chunkSizeOf(args['chunk-size']);
  const f = factoryFor(args);
  try {
    const kube = f.kube();
    const ctx = { factory: f, clusterIdFlag: args['cluster-id'] };
    // On a list of several pages, the providers' own reads start with its first page.
    const ahead = await NodeReadAheads.of(ctx, args.provider);
    const selected = await selectNodes(kube, { names: args.names, selector: args.selector, chunkSize, onPage: ahead.onPage });
    const read = await readNodeReportsByProvider(ctx, await nodesByProvider(kube, selected, args.provider), ahead);
    for (const w of read.warnings) process.stderr.write(`warning: ${w}\n`);
    let reports = read.reports.tke ?? [];
    let virtualReports = read.reports.eci ?? [];
    let superReports = read.reports.supernode ?? [];
    if (args.drifted) {
      reports = reports.filter((r) => r.inSync === false);
      virtualReports = virtualReports.filter((r) => r.inSync === false);
      superReports = superReports.filter((r) => r.inSync === false);
    }
    const format = structuredFormat(args.output);
    if (format) {
      writeStructured(format, 'NodeList', nodeItems(reports, superReports, virtualReports));
    } else if (reports.length === 0 && (virtualReports.length > 0 || superReports.length > 0)) {
      const paint = paletteFor(process.stdout);
      process.stdout.write([...(superReports.length > 0 ? [superNodeTable(superReports, paint)] : []), ...(virtualReports.length > 0 ? [virtualTable(virtualReports, paint)] : [])].join('\n'));
    } else if (reports.length === 0) {
      process.stderr.write(args.drifted ? 'No drifted nodes.\n' : 'No nodes found.\n');
    } else {
      const paint = paletteFor(process.stdout);
      const wide = args.output === 'wide';
      const headers = ['name', 'state', 'desired-groups', 'source', ...(wide ? ['instance', 'primary-eni-groups', 'enis', 'drifted-enis', 'other-enis'] : [])];
      const rows = reports.map((r) => [
        r.name,
        stateCell(r, paint),
        r.hasNec ? r.desiredGroups.join(',') : paint.red('(no NEC)'),
        r.source,
        ...(wide
          ? [r.instanceId ?? '', r.primaryGroups?.join(',') ?? '', r.enis ? String(r.enis.filter((e) => e.kind === 'shared').length) : '', r.driftedEnis.join(','), otherEnisCell(r)]
          : []),
      ]);
      process.stdout.write(renderTable(headers, rows));
      process.stderr.write(unsureLine(reports) + orderUnreadLine(reports));
      if (superReports.length > 0) process.stdout.write('\n' + superNodeTable(superReports, paint));
      if (virtualReports.length > 0) process.stdout.write('\n' + virtualTable(virtualReports, paint));
    }
    const bad = reports.some((r) => r.disabled || r.inSync === false) || virtualReports.some((r) => r.inSync === false) || superReports.some((r) => r.inSync === false);
    return args.check && bad ? ExitCode.checkFailed : ExitCode.ok;
  } finally {
    f.close();
  }
}
