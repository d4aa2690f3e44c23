// A painted line must read, character by character, with the styles of its segments, and must be
// the very string Ink's tokenizer writes back after taking it apart (else Ink takes every line
// apart twice a frame). The oracle is that tokenizer itself, the one Ink renders with.
import { describe, expect, it } from 'vitest';
// Ink's own dependency, not ours: the code that decides whether a painted line is taken apart once.
import { styledCharsFromTokens, styledCharsToString, tokenize } from '@alcalzone/ansi-tokenize';
import type { Line, Segment, Tone } from './line.ts';
import { paintLine } from './paint.ts';
import { frame } from './frame.ts';
import { initialState } from './state.ts';
import { start, update } from './update.ts';
import { madeUpNodes, MemoryBackend } from '../../../test/tui/memory-backend.ts';

const writtenBack = (s: string) => styledCharsToString(styledCharsFromTokens(tokenize(s)));

/** Each visible character with the SGR codes on for it, as a terminal reads them. */
const cells = (s: string) => styledCharsFromTokens(tokenize(s)).map((c) => `${c.value}:${c.styles.map((x) => x.code.slice(2, -1)).sort().join(',')}`);

const TONE_CODE: Record<Tone, string> = { good: '32', warn: '33', bad: '31', busy: '36', accent: '34', muted: '2' };

/** The same cells, built from the segments alone. */
function expectedCells(line: Line, color: boolean): string[] {
  const out: string[] = [];
  for (const s of line) {
    const codes: string[] = [];
    if (s.bold) codes.push('1');
    if (s.tone === 'muted' || (color && s.tone)) codes.push(TONE_CODE[s.tone!]);
    if (s.inverse) codes.push('7');
    for (const ch of s.text) out.push(`${ch}:${codes.sort().join(',')}`);
  }
  // Blanks at the end are left out unless in reverse video.
  while (out.length && / :(?!.*7)/.test(out.at(-1)!)) out.pop();
  // A line with nothing to show is one plain blank, so that it still takes a row.
  return out.length ? out : [' :'];
}

/** A small deterministic generator, so a failure names a line that can be run again. */
function* randomLines(count: number): Generator<Line> {
  let seed = 7;
  // The high bits of the linear congruential step: its low bits repeat in short cycles.
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), Math.floor(seed / 2 ** 16) % n);
  const tones: (Tone | undefined)[] = [undefined, 'good', 'warn', 'bad', 'busy', 'accent', 'muted'];
  for (let i = 0; i < count; i++) {
    const line: Segment[] = [];
    for (let j = next(6); j >= 0; j--) {
      const tone = tones[next(tones.length)];
      line.push({ text: ['ab', 'x', ' ', '组名', 'sg-1 '][next(5)]!, ...(tone ? { tone } : {}), ...(next(2) ? { bold: true } : {}), ...(next(4) === 0 ? { inverse: true } : {}) });
    }
    yield line;
  }
}

describe('paintLine', () => {
  it('gives each character the styles of its segment, with and without colour', () => {
    for (const line of randomLines(400)) {
      for (const color of [true, false]) expect(cells(paintLine(line, color)), JSON.stringify(line)).toEqual(expectedCells(line, color));
    }
  });

  it('is the string Ink writes back, for any run of styles', () => {
    for (const line of randomLines(400)) {
      const painted = paintLine(line, true);
      expect(writtenBack(painted), JSON.stringify(line)).toBe(painted);
    }
  });

  it('is the string Ink writes back for every line of a real frame, and an empty line still takes a row', async () => {
    const backend = new MemoryBackend(madeUpNodes(50, { driftEvery: 3 }));
    let state = start(initialState({ size: { columns: 120, rows: 40 }, color: true })).state;
    state = update(state, { type: 'nodes', reports: await backend.nodes(''), selector: '' }).state;
    const lines = frame(state);
    expect(lines.some((l) => l.some((s) => s.inverse)) && lines.some((l) => l.some((s) => s.tone))).toBe(true);
    for (const line of lines) {
      const painted = paintLine(line, true);
      expect(writtenBack(painted)).toBe(painted);
    }
    expect(paintLine([], true)).toBe(' ');
    expect(paintLine([{ text: '   ', tone: 'good' }], true)).toBe(' ');
  });
});
