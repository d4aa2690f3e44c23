// kubectl's table layout: upper-case headers, columns separated by three spaces, no borders,
// "<none>" for an empty cell, so that operators' awk/grep habits keep working.
import { visibleLength } from './color.ts';

export function renderTable(headers: string[], rows: string[][]): string {
  const cells = rows.map((r) => headers.map((_, i) => (r[i] === undefined || r[i] === '' ? '<none>' : r[i]!)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => visibleLength(r[i]!))));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - visibleLength(c) + 3)))
      .join('')
      .trimEnd();
  return [line(headers.map((h) => h.toUpperCase())), ...cells.map(line)].join('\n') + '\n';
}
