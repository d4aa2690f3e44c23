// history, the work: the target is checked before anything is read (exit 2 on a bad one), then
// every source is read (operations/change-history.ts) and shown as one timeline, newest first,
// followed by which sources were read and why the others were not.
import { factoryFor } from '../factory.ts';
import type { HistoryArgs } from './history-args.ts';
import { renderObject } from '../render/object.ts';
import { renderTable } from '../render/table.ts';
import { paletteFor, type Palette } from '../render/color.ts';
import { ExitCode } from '../exit-codes.ts';
import { structuredFormat } from '../render/output.ts';
import { parseHistoryTarget, type HistoryTarget } from '../../domain/history-target.ts';
import type { SourceStatus, TimelineEntry } from '../../domain/change-timeline.ts';
import { readHistory, type History } from '../../operations/change-history.ts';

const groups = (g: string[] | null) => (g === null ? '?' : g.join(',') || 'none');

function change(e: TimelineEntry): string {
  if (e.call) return `${e.call.did} ${groups(e.call.groups)}`;
  return `${groups(e.before)} -> ${groups(e.after)}`;
}

function table(h: History, paint: Palette): string {
  const rows = h.entries.map((e) => [
    e.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    e.target,
    e.what,
    e.kubeUser ?? '-',
    e.cloudIdentity ?? '-',
    change(e) || '-',
    e.result ?? '-',
    e.runId ?? '-',
    e.sources.join(','),
  ]);
  const body = rows.length > 0 ? renderTable(['time', 'target', 'what', 'kubernetes user', 'cloud identity', 'groups', 'result', 'run', 'sources'], rows) : 'No change recorded.\n';
  return `${body}\n${sourcesText(h.sources, paint)}`;
}

function sourcesText(sources: readonly SourceStatus[], paint: Palette): string {
  return `Sources:\n${sources.map((s) => `  ${s.source}: ${s.read ? paint.green('read') : paint.yellow('not read')}: ${s.detail}`).join('\n')}\n`;
}

const json = (target: HistoryTarget, h: History) => ({ target, items: h.entries, sources: h.sources });

export async function runHistory(args: HistoryArgs): Promise<number> {
  const asked = parseHistoryTarget((args.target ?? []).map(String), '');
  const f = factoryFor(args);
  try {
    const kube = f.kube();
    const target = asked.kind === 'workload' ? { ...asked, namespace: args.namespace ?? kube.target.namespace } : asked;
    const cloud = args.cloud !== false;
    const h = await readHistory(kube, target, { openTencent: cloud ? (hints) => f.tencent(hints) : undefined, openAlibaba: cloud ? (hints) => f.alibaba(hints) : undefined });
    const format = structuredFormat(args.output);
    if (format) process.stdout.write(renderObject(format, 'History', json(target, h)));
    else process.stdout.write(table(h, paletteFor(process.stdout)));
    return h.sources.some((s) => s.read) ? ExitCode.ok : ExitCode.failure;
  } finally {
    f.close();
  }
}
