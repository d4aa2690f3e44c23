// reach, the work: read both sides, evaluate the legs, render the verdict and the deciding rules
// (every rule looked at with --explain). Exit 0 allowed, 3 denied, 1 unknown.
import { factoryFor } from '../factory.ts';
import type { ReachArgs } from './reach-args.ts';
import { renderFields, renderObject } from '../render/object.ts';
import { renderTable } from '../render/table.ts';
import { structuredFormat } from '../render/output.ts';
import { paletteFor, type Palette } from '../render/color.ts';
import { ExitCode } from '../exit-codes.ts';
import { describePacket, type LegVerdict, type RuleRef } from '../../domain/reach/match.ts';
import { parseDestination, parseSource } from '../../domain/reach/target.ts';
import type { Leg } from '../../domain/reach/verdict.ts';
import type { ReachReport, ReachSideReport } from '../../operations/reach-legs.ts';
import { loadProvider, reachProvider } from '../../operations/providers.ts';

const EXIT: Record<LegVerdict, number> = { allowed: ExitCode.ok, denied: ExitCode.checkFailed, unknown: ExitCode.failure };

const ruleJson = (r: RuleRef) => ({ group: r.group, direction: r.direction, position: r.position, ...(r.priority !== undefined ? { priority: r.priority } : {}), action: r.action, rule: r.text });

/** The JSON contract (docs/reach.md, "Output"): keep field names stable. */
function legJson(leg: Leg) {
  const r = leg.result;
  return {
    evaluated: r !== undefined,
    verdict: r?.verdict ?? null,
    decidedBy: r?.decidedBy ? ruleJson(r.decidedBy) : null,
    default: r && !r.decidedBy ? (r.fallback ?? null) : null,
    reason: r?.reason ?? null,
    note: leg.note ?? null,
    steps: (r?.steps ?? []).map((s) => ({ ...ruleJson(s.rule), match: s.match, why: s.why })),
  };
}

const sideJson = (s: ReachSideReport) => ({
  named: s.named,
  address: s.address,
  eni: s.eni ? { id: s.eni.id, primary: s.eni.primary, instanceId: s.eni.instanceId ?? null } : null,
  groups: s.groups ?? null,
  note: s.note ?? null,
});

function toJson(r: ReachReport) {
  return {
    provider: r.provider,
    vpcId: r.vpcId,
    packet: { protocol: r.packet.protocol, port: r.packet.port ?? null },
    source: sideJson(r.source),
    destination: sideJson(r.destination),
    verdict: r.verdict,
    reason: r.reason,
    egress: legJson(r.egress),
    ingress: legJson(r.ingress),
  };
}

const ruleWords = (r: RuleRef) => `${r.group} ${r.direction} rule ${r.position}${r.priority !== undefined ? ` (priority ${r.priority})` : ''}: ${r.text}`;

/** The verdict in its colour: upper case for the answer, lower case within a leg. */
function paintVerdict(v: LegVerdict, paint: Palette, upper = true): string {
  const word = upper ? v.toUpperCase() : v;
  if (v === 'allowed') return paint.green(word);
  if (v === 'denied') return paint.red(word);
  return paint.yellow(word);
}

function sideLine(s: ReachSideReport): string {
  if (!s.eni) return s.named === s.address ? s.address : `${s.named} (${s.address})`;
  const groups = s.groups && s.groups.length > 0 ? s.groups.join(', ') : 'no groups';
  return `${s.named}${s.named === s.address ? '' : ` (${s.address})`}, ${s.eni.id}${s.eni.primary ? ' (primary)' : ''}: ${groups}`;
}

function legLines(side: ReachSideReport, leg: Leg, paint: Palette): string[] {
  const r = leg.result;
  if (!r) return [sideLine(side), `not evaluated: ${leg.note ?? 'its groups are not known'}`];
  const by = r.verdict === 'unknown' ? r.reason : r.decidedBy ? `by ${ruleWords(r.decidedBy)}` : r.fallback;
  const lines = [sideLine(side), `${paintVerdict(r.verdict, paint, false)}: ${by}`];
  if (side.note && side.eni) lines.push(`note: ${side.note}`);
  return lines;
}

/** --explain: every rule looked at, in order, and why it did or did not match. */
function stepsTable(title: string, leg: Leg): string {
  const r = leg.result;
  if (!r) return `\n${title}: not evaluated (${leg.note ?? 'its groups are not known'})\n`;
  const rows = r.steps.map((s, i) => [String(i + 1), s.rule.group, String(s.rule.position), ...(s.rule.priority !== undefined ? [String(s.rule.priority)] : []), s.rule.text, s.match, s.why]);
  const head = ['step', 'group', '#', ...(r.steps.some((s) => s.rule.priority !== undefined) ? ['priority'] : []), 'rule', 'match', 'why'];
  const end = r.decidedBy ? '' : `then: ${r.fallback}\n`;
  return `\n${title}, in evaluation order:\n` + (rows.length > 0 ? renderTable(head, rows) : 'no rules in this direction\n') + end;
}

function view(r: ReachReport, explain: boolean, paint: Palette): string {
  const what = `${describePacket(r.packet)} from ${r.source.named} to ${r.destination.named}`;
  let out = renderFields([
    ['Verdict', `${paintVerdict(r.verdict, paint)}: ${what}`],
    ['Reason', r.reason],
    ['Egress', legLines(r.source, r.egress, paint)],
    ['Ingress', legLines(r.destination, r.ingress, paint)],
    ...(r.verdict === 'allowed' ? [['Replies', 'allowed too: security groups are stateful'] as const] : []),
  ]);
  if (explain) out += stepsTable(`Egress of ${r.source.named}`, r.egress) + stepsTable(`Ingress of ${r.destination.named}`, r.ingress);
  return out;
}

export async function runReach(args: ReachArgs): Promise<number> {
  // Both sides are checked before anything is read: a wrong one is exit 2 and nothing else.
  const source = parseSource(String(args.source));
  const destination = parseDestination(String(args.destination));
  const f = factoryFor(args);
  try {
    const kube = f.kube();
    const provider = await loadProvider(args.provider ?? (await reachProvider(kube, [source, destination.side])));
    const report = await provider.reach({ factory: f, clusterIdFlag: args['cluster-id'] }, source, destination);
    const format = structuredFormat(args.output);
    if (format) process.stdout.write(renderObject(format, 'Reach', toJson(report)));
    else process.stdout.write(view(report, args.explain, paletteFor(process.stdout)));
    return EXIT[report.verdict];
  } finally {
    f.close();
  }
}
