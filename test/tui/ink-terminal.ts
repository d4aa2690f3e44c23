// Ink on an in-memory terminal of the size a test gives: keys in, the last frame out.
//
// Not ink-testing-library: its screen had 100 columns and no rows, and for a screen without rows
// Ink asks terminal-size on every layout. With no terminal at hand (a vitest worker) that starts
// `tput cols` and `tput lines` each time: ~17 s of the workers' time in a whole test run went to
// those processes (a CPU profile of every worker, 2026-12-08, docs/testing.md). Run from a
// terminal, it answered with that terminal's size instead, so Ink laid frames out for the
// developer's window rather than the test's.
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import type { ReactElement } from 'react';
import type { Size } from '../../src/presentation/tui/state.ts';
import { Keyboard } from './keyboard.ts';

/** The screen Ink writes to. In Ink's debug mode every write is a whole frame. */
class Screen extends EventEmitter {
  lastFrame: string | undefined;
  readonly columns: number;
  readonly rows: number;
  constructor(size: Size) {
    super();
    this.columns = size.columns;
    this.rows = size.rows;
  }
  write = (chunk: string, done?: () => void): boolean => {
    if (chunk !== '') this.lastFrame = chunk;
    done?.();
    return true;
  };
}

export interface InkTerminal {
  /** The last frame Ink drew, escape sequences and all. */
  lastFrame(): string | undefined;
  stdin: { write(keys: string): void };
  unmount(): void;
}

/** Renders `tree` with Ink on a terminal of `size`. */
export function renderIn(tree: ReactElement, size: Size): InkTerminal {
  const screen = new Screen(size);
  const keyboard = new Keyboard();
  const ink = render(tree, {
    stdout: screen as unknown as NodeJS.WriteStream,
    stderr: new Screen(size) as unknown as NodeJS.WriteStream,
    stdin: keyboard as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return { lastFrame: () => screen.lastFrame, stdin: keyboard, unmount: () => ink.unmount() };
}
