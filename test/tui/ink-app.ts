// The TUI as a person uses it, through Ink on a terminal of the test's size (ink-terminal.ts), for
// the component tests: keys in, frames out, on an in-memory backend. Under test/, like the backend
// it drives.
import { createElement } from 'react';
import { expect } from 'vitest';
import { App } from '../../src/presentation/tui/app.ts';
import { initialState, type PickResult, type Purpose, type Size } from '../../src/presentation/tui/state.ts';
import { cellWidth } from '../../src/presentation/tui/line.ts';
import type { MemoryBackend } from './memory-backend.ts';
import { renderIn } from './ink-terminal.ts';

export const KEY = { up: '\u001B[A', down: '\u001B[B', enter: '\r', esc: '\u001B', ctrlC: '\u0003', backspace: '\u007F', shiftUp: '\u001B[1;2A' } as const;
// eslint-disable-next-line no-control-regex
// Trailing spaces go too: a styled cell (the prompt's reverse-video cursor, a padded column) keeps
// them in Ink's frame, and a person does not read them.
export const plain = (s: string | undefined) =>
  (s ?? '')
    .replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');

const cleanups: (() => void)[] = [];

/** Unmounts every app opened since the last call (a test file's afterEach). */
export function closeApps(): void {
  for (const c of cleanups.splice(0)) c();
}

/** Lets promises, React and Ink's pending-escape flush (20 ms) run, until `until` holds or the budget ends. */
export async function settle(until: () => boolean = () => false, rounds = 100): Promise<void> {
  for (let i = 0; i < rounds && !until(); i++) await new Promise((r) => setTimeout(r, 5));
}

export function openApp(backend: MemoryBackend, o: { size?: Size; purpose?: Purpose; groups?: string[] } = {}) {
  const exits: { code: number; result: PickResult | undefined }[] = [];
  const size = o.size ?? { columns: 80, rows: 24 };
  const ui = renderIn(
    createElement(App, {
      backend,
      initial: initialState({ size, color: false, purpose: o.purpose, groups: o.groups }),
      onExit: (code, result) => exits.push({ code, result }),
      followSize: false,
    }),
    size,
  );
  cleanups.push(() => ui.unmount());
  const frame = () => plain(ui.lastFrame());
  const shows = (text: string | RegExp) => (typeof text === 'string' ? frame().includes(text) : text.test(frame()));
  return {
    ui,
    exits,
    frame,
    lines: () => frame().split('\n'),
    async press(...keys: string[]) {
      for (const k of keys) {
        ui.stdin.write(k);
        await settle(() => false, k === KEY.esc ? 6 : 1);
      }
      await settle(() => false, 2);
    },
    waitFor: (text: string | RegExp) => settle(() => shows(text)),
    /** Waits for the text, and fails the test when it never shows. */
    async see(text: string | RegExp) {
      await settle(() => shows(text));
      expect(shows(text), `the frame never showed ${String(text)}:\n${frame()}`).toBe(true);
    },
  };
}

/** Every line of a frame within the terminal: as many lines as rows, none wider than the columns. */
export function fits(lines: string[], size: Size) {
  expect(lines.length).toBe(size.rows);
  for (const l of lines) expect(cellWidth(l)).toBeLessThanOrEqual(size.columns);
}
