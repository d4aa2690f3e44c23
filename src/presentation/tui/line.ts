// A frame is lines of styled segments: plain data that tests read as text and Ink paints.
// Widths are terminal cells: CJK characters (security-group names are often Chinese) take two.

export type Tone = 'good' | 'warn' | 'bad' | 'busy' | 'muted' | 'accent';

export interface Segment {
  text: string;
  tone?: Tone;
  bold?: boolean;
  /** The cursor row and the title bar: reverse video, which reads without colour too. */
  inverse?: boolean;
}

export type Line = Segment[];

// East Asian Wide and Fullwidth blocks (Unicode UAX #11), enough for names and descriptions.
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

// Below U+1100 nothing is wide, and each character is one UTF-16 unit.
const ALL_NARROW = /^[\u0000-\u10ff]*$/;

export function cellWidth(text: string): number {
  // Most of a frame's text is ASCII: one test of the string, not one per character.
  if (ALL_NARROW.test(text)) return text.length;
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

/** Cut to `width` cells, marking the cut with `…`; never longer than `width`. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (cellWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = WIDE.test(ch) ? 2 : 1;
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

/** Exactly `width` cells: cut, or padded on the right. */
export function fit(text: string, width: number): string {
  const cut = truncate(text, width);
  return cut + ' '.repeat(Math.max(0, width - cellWidth(cut)));
}

export const seg = (text: string, style: Omit<Segment, 'text'> = {}): Segment => ({ text, ...style });

export const lineText = (l: Line) => l.map((s) => s.text).join('');

/** Cuts a line to `width` cells, segment by segment. */
export function clip(l: Line, width: number): Line {
  const out: Line = [];
  let left = width;
  for (const s of l) {
    if (left <= 0) break;
    const w = cellWidth(s.text);
    if (w <= left) {
      out.push(s);
      left -= w;
    } else {
      out.push({ ...s, text: truncate(s.text, left) });
      left = 0;
    }
  }
  return out;
}

/** Drops the first `cells` cells of a line (a text scrolled left); a wide character cut in half goes whole. */
export function shiftLine(l: Line, cells: number): Line {
  if (cells <= 0) return l;
  const out: Line = [];
  let skip = cells;
  for (const s of l) {
    if (skip <= 0) {
      out.push(s);
      continue;
    }
    let text = '';
    for (const ch of s.text) {
      if (skip > 0) skip -= cellWidth(ch);
      else text += ch;
    }
    if (text) out.push({ ...s, text });
  }
  return out;
}

/** Pads a line with spaces to `width` cells (a full-width bar keeps its background). */
export function padLine(l: Line, width: number, style: Omit<Segment, 'text'> = {}): Line {
  const used = l.reduce((n, s) => n + cellWidth(s.text), 0);
  return used >= width ? clip(l, width) : [...l, { text: ' '.repeat(width - used), ...style }];
}

/**
 * Groups in a fixed width: as many IDs as fit, then `+N` for the rest, so a cell never cuts an
 * ID in half (a half ID reads like a different group).
 */
export function fitGroups(groups: readonly string[], width: number): string {
  if (groups.length === 0) return fit('(none)', width);
  const full = groups.join(',');
  if (full.length <= width) return fit(full, width);
  for (let n = groups.length - 1; n >= 1; n--) {
    const text = `${groups.slice(0, n).join(',')}+${groups.length - n}`;
    if (text.length <= width) return fit(text, width);
  }
  return fit(`${groups.length} groups`, width);
}
