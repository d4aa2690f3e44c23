// A frame's line as one string with its own SGR codes (ECMA-48), written exactly as Ink writes
// a line back after taking it apart. Ink (its Output, with @alcalzone/ansi-tokenize) splits every
// Text into styled characters, joins each line again with the fewest codes from one character's
// style to the next, and splits that line once more; the second split is a cache hit only when
// the joined line is the string it was given. A line painted here is that string, so each line is
// taken apart once a frame instead of twice: most of a keystroke's time on 5,000 nodes is that
// work (docs/benchmarks.md, "A line painted as Ink writes it back").
import type { Line, Segment, Tone } from './line.ts';
import { SGR } from '../render/color.ts';

/** One style: the code that turns it on and the one that turns it off. Bold and dim share 22. */
interface Style {
  on: number;
  off: number;
}

const BOLD: Style = { on: SGR.bold, off: 22 };
const DIM: Style = { on: SGR.dim, off: 22 };
const INVERSE: Style = { on: SGR.inverse, off: 27 };
// The tones' hues (muted is dim, not a hue); every hue is turned off by 39.
const HUES: Record<Exclude<Tone, 'muted'>, Style> = {
  good: { on: SGR.green, off: 39 },
  warn: { on: SGR.yellow, off: 39 },
  bad: { on: SGR.red, off: 39 },
  busy: { on: SGR.cyan, off: 39 },
  accent: { on: SGR.blue, off: 39 },
};

const ALL_STYLES: readonly Style[] = [BOLD, DIM, INVERSE, ...Object.values(HUES)];

/** Bold and dim may both be on, though one code turns both off. */
const isIntensity = (s: Style) => s.off === 22;

function stylesOf(s: Segment, color: boolean): Style[] {
  const styles: Style[] = [];
  if (s.bold) styles.push(BOLD);
  if (s.tone === 'muted') styles.push(DIM);
  else if (color && s.tone) styles.push(HUES[s.tone]);
  if (s.inverse) styles.push(INVERSE);
  return styles;
}

/** The codes from one set of styles to the next: what is no longer on turned off (last on, first off), then what is new. */
function codesBetween(from: readonly Style[], to: readonly Style[]): number[] {
  const offsInTo = new Set(to.map((s) => s.off));
  const onsInTo = new Set(to.map((s) => s.on));
  const onsInFrom = new Set(from.map((s) => s.on));
  const undone = from.filter((s) => (isIntensity(s) ? !onsInTo.has(s.on) : !offsInTo.has(s.off)));
  // 22 turns off both bold and dim, so one that stays must be turned on again.
  const undoesIntensity = undone.some(isIntensity);
  const codes = [...undone.reverse().map((s) => s.off), ...to.filter((s) => !onsInFrom.has(s.on) || (undoesIntensity && isIntensity(s))).map((s) => s.on)];
  return [...new Set(codes)];
}

/** The styles on after `codes`, as a terminal (and Ink) reads them. */
function after(styles: readonly Style[], codes: readonly number[]): Style[] {
  let on = [...styles];
  for (const code of codes) {
    const started = ALL_STYLES.find((s) => s.on === code);
    if (!started) on = on.filter((s) => s.off !== code);
    else if (isIntensity(started)) {
      if (!on.includes(started)) on.push(started);
    } else on = [...on.filter((s) => s.off !== started.off), started];
  }
  return on;
}

const written = (codes: readonly number[]) => codes.map((c) => `\u001B[${c}m`).join('');

/**
 * One line of a frame. Blanks at its end show nothing unless in reverse video (the cursor row, the
 * title bar): left out, Ink has that much less to take apart each frame. An empty line is one
 * blank, so that it still takes a row.
 */
export function paintLine(line: Line, color: boolean): string {
  let end = line.length;
  while (end > 0 && !line[end - 1]!.inverse && line[end - 1]!.text.trimEnd() === '') end--;
  let out = '';
  let on: Style[] = [];
  for (let j = 0; j < end; j++) {
    const s = line[j]!;
    const text = j === end - 1 && !s.inverse ? s.text.trimEnd() : s.text;
    if (text === '') continue;
    const codes = codesBetween(on, stylesOf(s, color));
    out += written(codes) + text;
    on = after(on, codes);
  }
  return out === '' ? ' ' : out + written(codesBetween(on, []));
}
