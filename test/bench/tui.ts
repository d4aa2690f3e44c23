// The TUI on 5,000 nodes: how long from a filter keystroke to the next frame written, measured
// in-process with the app as it ships (the reducer, the frame, Ink with its real options and
// React's production build; the bench starts this file with the plugin's own Node flags), on
// made-up nodes. The terminal is a pair of in-memory streams that
// say they are one (so Ink renders as it does on a TTY, throttle included); keys are typed
// 100 ms apart, slower than Ink's 30 frames a second, so each frame is the answer to one key and
// the throttle's leading edge, not its wait, is what is measured.
import { EventEmitter } from 'node:events';
import { madeUpNodes, MemoryBackend } from '../tui/memory-backend.ts';
import { Keyboard } from '../tui/keyboard.ts';
import { initialState } from '../../src/presentation/tui/state.ts';

class Screen extends EventEmitter {
  readonly isTTY = true;
  readonly columns = 120;
  readonly rows = 40;
  private waiting: ((frame: string) => void) | undefined;
  /** The last frame written. */
  frame = '';

  write(data: string): boolean {
    // A frame is a write with the summary line (Ink also writes cursor and sync sequences).
    if (!data.includes(' shown · ')) return true;
    this.frame = data;
    const w = this.waiting;
    this.waiting = undefined;
    w?.(data);
    return true;
  }

  nextFrame(): Promise<string> {
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

export interface KeystrokeFigures {
  nodes: number;
  keystrokes: number;
  medianMs: number;
  p90Ms: number;
  worstMs: number;
}

/** Between keys: past Ink's render throttle (30 frames a second) and its trailing frame, so each frame answers one key. */
const KEY_GAP_MS = 100;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Types a filter and erases it, again and again; each key's time to its frame is one sample. */
async function measureFilterKeystrokes(o: { nodes: number; keystrokes: number }): Promise<KeystrokeFigures> {
  // React's production build, as the plugin ships it: React reads NODE_ENV when it loads, so
  // React, Ink and the app load only now.
  process.env.NODE_ENV = 'production';
  const [{ createElement }, { render }, { App }] = await Promise.all([import('react'), import('ink'), import('../../src/presentation/tui/app.ts')]);
  const screen = new Screen();
  const keyboard = new Keyboard();
  const backend = new MemoryBackend(madeUpNodes(o.nodes, { driftEvery: 9 }));
  const ink = render(
    createElement(App, { backend, initial: initialState({ size: { columns: screen.columns, rows: screen.rows }, color: true }), onExit: () => {}, followSize: false }),
    { stdout: screen as unknown as NodeJS.WriteStream, stdin: keyboard as unknown as NodeJS.ReadStream, stderr: screen as unknown as NodeJS.WriteStream, exitOnCtrlC: false, patchConsole: false },
  );
  try {
    while (!screen.frame.includes(`${o.nodes} shown`)) await pause(20);
    // The prompt's own frame, then the same gap as between keys: a key typed inside Ink's
    // throttle window after the prompt opened would measure the throttle's wait (~30 ms), not work.
    const prompt = screen.nextFrame();
    keyboard.write('/');
    await prompt;
    await pause(KEY_GAP_MS);
    // Each character narrows the list, each backspace widens it again: both directions count.
    const typed = '10.0.1';
    const keys = [...typed, ...Array.from(typed, () => '\u007F')];
    const samples: number[] = [];
    for (let i = 0; samples.length < o.keystrokes; i++) {
      const frame = screen.nextFrame();
      const t0 = performance.now();
      keyboard.write(keys[i % keys.length]!);
      await frame;
      samples.push(performance.now() - t0);
      await pause(KEY_GAP_MS);
    }
    samples.sort((a, b) => a - b);
    const at = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)]!;
    return { nodes: o.nodes, keystrokes: samples.length, medianMs: at(0.5), p90Ms: at(0.9), worstMs: samples.at(-1)! };
  } finally {
    ink.unmount();
  }
}

/** What a run alone prints its figures after: Ink writes escape codes to the real terminal too. */
export const FIGURES_MARK = 'tui-figures:';

// `node [flags] test/bench/tui.ts [KEYSTROKES]` runs it alone: the bench runs it so, with the
// Node flags the plugin ships with (run.ts), since the young generation's size shapes a frame's time.
if (import.meta.main) {
  const figures = await measureFilterKeystrokes({ nodes: 5000, keystrokes: Number(process.argv[2] ?? 60) });
  console.log(`${FIGURES_MARK}${JSON.stringify(figures)}`);
}
