// show node, the work: select nodes, find the cloud, read the setting, report, render.
import { factoryFor } from '../factory.ts';
import { renderStructured } from '../render/output.ts';
import { renderTable } from '../render/table.ts';
import { paletteFor } from '../render/color.ts';
import { ExitCode } from '../exit-codes.ts';
import { readClusterSetting } from '../../operations/cluster-setting.ts';
import { readNodeReports, selectNodes, type NodeReport } from '../../operations/node-report.ts';
import { regionHintsOf, resolveClusterId, TkeAddonReader } from '../../operations/tke-addon.ts';
import type { ShowNodeArgs } from './show-node.ts';

function stateCell(r: NodeReport, paint: ReturnType<typeof paletteFor>): string {
  const text = r.state === 'drifted' ? `drifted (${r.driftedEnis.length} ENI${r.driftedEnis.length === 1 ? '' : 's'})` : r.state;
  if (r.state === 'in-sync') return paint.green(text);
  if (r.state === 'disabled') return paint.red(text);
  if (r.state === 'drifted') return paint.yellow(text);
  return text;
}

/** The JSON contract (README "JSON output"): keep field names stable. */
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
    enis: r.enis?.map((e) => ({ id: e.id, primary: e.primary, groups: e.groups, inSync: e.primary ? null : !r.driftedEnis.includes(e.id) })) ?? null,
  };
}

export async function runShowNode(args: ShowNodeArgs): Promise<number> {
  // A malformed --cluster-id is named before anything is read (as show cluster does).
  if (args['cluster-id']) resolveClusterId({ flag: args['cluster-id'] });
  const f = factoryFor(args);
  try {
    const kube = f.kube();
    const nodes = await selectNodes(kube, { names: args.names, selector: args.selector });
    const access = await f.cloud(regionHintsOf(nodes));
    if (access.missing && access.missing !== '--no-cloud') process.stderr.write(`warning: ${access.missing}; showing Kubernetes state only (--no-cloud silences this)\n`);
    // From v3.5.0 the global list that counts is the addon's values, which TKE renders into the
    // ConfigMap: read them as show cluster does, through the session just opened (no cloud, no
    // call: the ConfigMap's list is then the one nodes are compared with). The NECs and ENIs are
    // read meanwhile.
    const addon = new TkeAddonReader({ clusterIdFlag: args['cluster-id'], server: kube.target.server, cloud: async () => access });
    const setting = readClusterSetting(kube, addon);
    let reports = await readNodeReports(kube, nodes, setting.then((s) => s.policy), access.cloud?.vpc);
    if (access.cloud && addon.outcome.asked && addon.outcome.notRead) {
      process.stderr.write(`warning: addon values not read: ${addon.outcome.notRead}; sources are judged against the ConfigMap's global list\n`);
    }
    if (args.drifted) reports = reports.filter((r) => r.inSync === false);
    if (args.output === 'json' || args.output === 'yaml') {
      process.stdout.write(renderStructured(args.output, { kind: 'NodeList', items: reports.map(toJson) }));
    } else if (reports.length === 0) {
      process.stderr.write(args.drifted ? 'No drifted nodes.\n' : 'No nodes found.\n');
    } else {
      const paint = paletteFor(process.stdout);
      const wide = args.output === 'wide';
      const headers = ['name', 'state', 'desired-groups', 'source', ...(wide ? ['instance', 'primary-eni-groups', 'enis', 'drifted-enis'] : [])];
      const rows = reports.map((r) => [
        r.name,
        stateCell(r, paint),
        r.hasNec ? r.desiredGroups.join(',') : paint.red('(no NEC)'),
        r.source,
        ...(wide
          ? [r.instanceId ?? '', r.primaryGroups?.join(',') ?? '', r.enis ? String(r.enis.filter((e) => !e.primary).length) : '', r.driftedEnis.join(',')]
          : []),
      ]);
      process.stdout.write(renderTable(headers, rows));
    }
    const bad = reports.some((r) => r.disabled || r.inSync === false);
    return args.check && bad ? ExitCode.checkFailed : ExitCode.ok;
  } finally {
    f.close();
  }
}
