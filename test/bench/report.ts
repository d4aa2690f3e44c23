// The bench's figures and how they are printed: a markdown table for docs/benchmarks.md, or JSON.
import type { CmdResult, Stats } from './measure.ts';

export type Unit = 'ms' | 'KiB' | 's' | 'calls' | 'bytes';

export interface Side {
  /** What was run or counted, e.g. `kubectl get nodes,nec -o json`. */
  label: string;
  unit: Unit;
  median: number;
  p90?: number;
  /** Extra words for the table cell, e.g. a breakdown of calls. */
  detail?: string;
}

export interface Figure {
  id: string;
  section: string;
  figure: string;
  ours: Side;
  baseline?: Side;
  ratio?: { median: number; p90?: number };
  /** Upper bound on the median ratio; undefined: printed for information. */
  target?: number;
  verdict: 'meets target' | 'over target' | 'info';
}

export function figure(f: Omit<Figure, 'ratio' | 'verdict'>): Figure {
  let ratio: Figure['ratio'];
  if (f.baseline && f.baseline.median > 0) {
    ratio = { median: f.ours.median / f.baseline.median };
    if (f.ours.p90 !== undefined && f.baseline.p90 !== undefined && f.baseline.p90 > 0) ratio.p90 = f.ours.p90 / f.baseline.p90;
  }
  const verdict = f.target === undefined || !ratio ? 'info' : ratio.median <= f.target + 1e-9 ? 'meets target' : 'over target';
  return { ...f, ratio, verdict };
}

export const wallSide = (r: CmdResult): Side => ({ label: r.cmd.label, unit: 'ms', median: r.wall.median, p90: r.wall.p90 });
export const rssSide = (r: CmdResult): Side | undefined =>
  r.rss ? { label: r.cmd.label, unit: 'KiB', median: r.rss.median, p90: r.rss.p90 } : undefined;
export const cpuSide = (r: CmdResult): Side | undefined =>
  r.cpu ? { label: r.cmd.label, unit: 's', median: r.cpu.median, p90: r.cpu.p90 } : undefined;

function num(x: number, unit: Unit): string {
  switch (unit) {
    case 'ms':
      return x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`;
    case 's':
      return `${x.toFixed(2)} s`;
    case 'KiB':
      return `${(x / 1024).toFixed(1)} MiB`;
    case 'calls':
      return `${x}`;
    case 'bytes':
      return `${x.toLocaleString('en-US')} bytes (${(x / 1024).toFixed(1)} KiB)`;
  }
}

function cell(s: Side | undefined): string {
  if (!s) return '–';
  let out = num(s.median, s.unit);
  if (s.p90 !== undefined) out += ` (p90 ${num(s.p90, s.unit)})`;
  if (s.detail) out += `: ${s.detail}`;
  return out;
}

const times = (x: number) => `${x.toFixed(2)}×`;

function ratioCell(f: Figure): string {
  if (!f.ratio) return '–';
  let out = times(f.ratio.median);
  if (f.ratio.p90 !== undefined) out += ` (p90 ${times(f.ratio.p90)})`;
  if (f.ours.unit === 'ms' && f.baseline) out += `, ${f.ours.median >= f.baseline.median ? '+' : '−'}${num(Math.abs(f.ours.median - f.baseline.median), 'ms')}`;
  return out;
}

const escape = (s: string) => s.replace(/\|/g, '\\|');

export function markdownTable(figures: Figure[]): string {
  const rows = [
    '| figure | ours | baseline | ratio | target | verdict |',
    '|---|---|---|---|---|---|',
    ...figures.map((f) =>
      [
        '',
        escape(f.figure),
        escape(cell(f.ours)),
        escape(f.baseline ? `${cell(f.baseline)}` : '–'),
        ratioCell(f),
        f.target === undefined ? '–' : `≤ ${Number(f.target.toPrecision(f.target >= 0.1 ? 3 : 2))}×`,
        f.verdict === 'info' ? '–' : f.verdict,
        '',
      ].join(' | ').trim(),
    ),
  ];
  return rows.join('\n');
}

export function statsJson(s: Stats | undefined) {
  return s && { n: s.n, median: round(s.median), p90: round(s.p90), min: round(s.min), max: round(s.max) };
}

export const round = (x: number) => Math.round(x * 100) / 100;
