// show group, the work: check the IDs, read groups, rules, limits and usage, render.
import { canPick, pickGroup } from '../tui/pickers.ts';
import { BadInputError } from '../../domain/bad-input.ts';
import { factoryFor } from '../factory.ts';
import type { ShowGroupArgs } from './show-group-args.ts';
import { writeStructured, structuredFormat } from '../render/output.ts';
import { renderFields } from '../render/object.ts';
import { renderTable } from '../render/table.ts';
import { paletteFor, type Palette } from '../render/color.ts';
import { ExitCode } from '../exit-codes.ts';
import { summariseRule } from '../../domain/rule-summary.ts';
import { citationText, sourceJson, sourceOf } from '../../domain/finding-sources.ts';
import type { LintFinding } from '../../domain/rule-lint.ts';
import type { SecurityRule } from '../../domain/security-rule.ts';
import type { EciGroupReport } from '../../operations/eci/group-report.ts';
import { detectProviders, loadProvider } from '../../operations/providers.ts';
import { checkEitherGroupIds, providerForGroupIds, type ProviderName } from '../../domain/provider-choice.ts';
import { isSecurityGroupId } from '../../domain/security-group-id.ts';
import { plural } from '../../domain/plural.ts';
import type { GroupReport } from '../../operations/group-report.ts';

const ruleJson = (r: SecurityRule, i: number) => ({
  index: i + 1,
  protocol: r.protocol,
  ports: r.ports,
  peer: r.peer,
  action: r.action,
  description: r.description ?? null,
  summary: summariseRule(r),
});

const isEci = (g: GroupReport): g is EciGroupReport => 'namedBy' in g;

/** The JSON contract (docs/commands.md, "JSON output"): keep field names stable. ECI groups add provider, type, vpcId and namedBy. */
function toJson(g: GroupReport) {
  return {
    ...(isEci(g) ? { provider: 'eci', type: g.type, vpcId: g.vpcId, namedBy: g.namedBy } : {}),
    id: g.id,
    name: g.name,
    description: g.description,
    isDefault: g.isDefault,
    ingress: g.rules.filter((r) => r.direction === 'ingress').map(ruleJson),
    egress: g.rules.filter((r) => r.direction === 'egress').map(ruleJson),
    ruleLimit: g.ruleLimit ?? null,
    findings: g.findings.map((f) => ({ ...f, source: sourceJson(f.code) })),
    usedBy: g.usedBy ?? null,
    desiredBy: g.desiredBy ?? null,
    usageNote: g.usageNote ?? null,
  };
}

/** ECI: the pods whose instances have the group, the pods that ask for it, where the profile names it. */
function eciUsage(g: EciGroupReport, wide: boolean): string[] {
  const used = g.usedBy ?? [];
  const lines = [used.length === 0 ? 'no ECI instance of this cluster' : plural(used.length, 'ECI instance')];
  const shown = wide ? used : used.slice(0, 5);
  for (const u of shown) lines.push(`  ${u.pod} ${u.instanceId} on ${u.node} (priority ${u.priority})`);
  if (shown.length < used.length) lines.push(`  ... ${used.length - shown.length} more (-o wide lists all)`);
  const asking = g.desiredBy ?? [];
  lines.push(asking.length === 0 ? 'no pod asks for it' : `${asking.length} pod${asking.length === 1 ? ' asks' : 's ask'} for it${wide ? `: ${asking.join(', ')}` : ''}`);
  lines.push(g.namedBy.length === 0 ? 'eci-profile does not name it' : `eci-profile names it: ${g.namedBy.join(', ')}`);
  return lines;
}

function usage(g: GroupReport, wide: boolean): string[] {
  if (isEci(g)) return eciUsage(g, wide);
  if (!g.usedBy || !g.desiredBy) return [g.usageNote ?? 'unknown'];
  const nodes = new Set(g.usedBy.map((u) => u.node));
  const secondary = g.usedBy.filter((u) => !u.primary).length;
  const lines = [
    g.usedBy.length === 0
      ? 'no ENI of this cluster\'s nodes'
      : `${plural(g.usedBy.length, 'ENI')} on ${plural(nodes.size, 'node')} (${secondary} secondary, ${g.usedBy.length - secondary} primary)`,
  ];
  const shown = wide ? g.usedBy : g.usedBy.slice(0, 5);
  for (const u of shown) lines.push(`  ${u.node} ${u.eniId} (${u.primary ? 'primary' : 'secondary'}, priority ${u.priority})`);
  if (shown.length < g.usedBy.length) lines.push(`  ... ${g.usedBy.length - shown.length} more (-o wide lists all)`);
  lines.push(g.desiredBy.length === 0 ? 'no node\'s NEC lists it' : `the NEC of ${plural(g.desiredBy.length, 'node')} lists it${wide ? `: ${g.desiredBy.join(', ')}` : ''}`);
  return lines;
}

/** A lint finding, and on the line below it the document it rests on (docs/findings.md). */
function lintLines(f: LintFinding, paint: Palette): string[] {
  const level = f.level === 'fail' ? paint.red('FAIL') : paint.yellow('WARN');
  const source = sourceOf(f.code);
  return [`${level} ${f.code}: ${f.message}`, ...(source ? [`     ${paint.dim('source:')} ${citationText(source)}`] : [])];
}

function view(g: GroupReport, wide: boolean, paint: Palette): string {
  let out = renderFields([
    ['Group', `${g.id} ${g.name}${isEci(g) ? ` (${g.type}, ${g.vpcId})` : g.isDefault ? ' (default group)' : ''}`],
    ['Description', g.description],
    ['Rules', `${g.rules.length}${g.ruleLimit !== undefined ? ` of at most ${g.ruleLimit}` : ''}`],
    ['Used by', usage(g, wide)],
    ['Lint', g.findings.length === 0 ? [paint.green('no findings')] : g.findings.flatMap((f) => lintLines(f, paint))],
  ]);
  const counter = { ingress: 0, egress: 0 };
  const rows = g.rules.map((r) => [
    r.direction,
    String(++counter[r.direction]),
    r.protocol,
    r.protocol === 'ALL' ? 'all' : r.ports,
    r.peer,
    r.action === 'drop' ? paint.red('DROP') : 'ACCEPT',
    r.description ?? '',
  ]);
  out += '\n' + (rows.length > 0 ? renderTable(['direction', '#', 'protocol', 'ports', 'peer', 'action', 'description'], rows) : 'No rules.\n');
  return out;
}

/** The providers whose groups the picker does not list (it lists Tencent's), and what to do instead. */
const NOT_IN_PICKER: Partial<Record<ProviderName, string>> = {
  eci: 'name one or more Alibaba security groups: kubectl sg show group sg-... (the picker lists Tencent groups only)',
};

export async function runShowGroup(args: ShowGroupArgs): Promise<number> {
  const given = (args.ids ?? []).map(String);
  if (given.length === 0 && !canPick()) {
    throw new BadInputError('name one or more security groups: kubectl sg show group sg-xxxxxxxx (on a terminal, without an ID, a picker opens)');
  }
  // Malformed IDs are named before anything is read: by the forced provider's rule, else by either's.
  if (args.provider) (await loadProvider(args.provider)).checkGroupIds(given);
  else checkEitherGroupIds(given);
  const f = factoryFor(args);
  try {
    const kube = f.kube();
    const name = args.provider ?? providerForGroupIds(await detectProviders(kube), undefined, given, isSecurityGroupId);
    const provider = await loadProvider(name);
    const unpickable = NOT_IN_PICKER[name];
    if (given.length === 0 && unpickable) throw new BadInputError(unpickable);
    const ids = given.length > 0 ? provider.checkGroupIds(given) : [await pickGroup(f, { verb: 'show group' })];
    return render(args, await provider.readGroups({ factory: f, clusterIdFlag: undefined }, ids));
  } finally {
    f.close();
  }
}

function render(args: ShowGroupArgs, reports: GroupReport[]): number {
  const format = structuredFormat(args.output);
  if (format) {
    writeStructured(format, 'SecurityGroupList', reports.map(toJson));
  } else {
    const paint = paletteFor(process.stdout);
    process.stdout.write(reports.map((g) => view(g, args.output === 'wide', paint)).join('\n'));
  }
  return args.check && reports.some((g) => g.findings.some((x) => x.level === 'fail')) ? ExitCode.checkFailed : ExitCode.ok;
}
