// Opens the app full-screen and gives the terminal back as it was found: Ink enters the
// alternate screen, hides the cursor and puts stdin in raw mode, and undoes all three when the
// app unmounts, which it also does from its exit hook when the process ends on an error. A
// SIGINT, SIGTERM or SIGHUP from outside does not kill the process here: it becomes an event,
// so a run in progress stops safely (nodes in flight restored) before the app closes. Ctrl-C
// typed at the keyboard is a key in raw mode (see keys.ts).
import { createElement as h } from 'react';
import { render } from 'ink';
import { colorEnabled } from '../render/color.ts';
import type { UiBackend } from './backend.ts';
import { App } from './app.ts';
import { initialState, type PickResult, type StartOptions } from './state.ts';
import type { AppEvent } from './step.ts';

export interface OpenOptions extends Omit<StartOptions, 'size' | 'color'> {
  backend: UiBackend;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
}

export interface Closed {
  /** 0 when left with q; 130 when cancelled, interrupted or left with ctrl-c. */
  code: number;
  /** What a picker picked; undefined when cancelled. */
  result: PickResult | undefined;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export async function openApp(o: OpenOptions): Promise<Closed> {
  const stdout = o.stdout ?? process.stdout;
  const stdin = o.stdin ?? process.stdin;
  let closed: Closed = { code: 130, result: undefined };
  let dispatch: ((e: AppEvent) => void) | undefined;
  const initial = initialState({ ...o, size: { columns: stdout.columns || 80, rows: stdout.rows || 24 }, color: colorEnabled(stdout, o.env ?? process.env) });
  const ink = render(
    h(App, {
      backend: o.backend,
      initial,
      connect: (d) => (dispatch = d),
      onExit: (code, result) => {
        closed = { code, result };
        ink.unmount();
      },
    }),
    // interactive: Ink would otherwise render nothing but the last frame whenever CI is set in the
    // environment (is-in-ci), even on a TTY; the app is only opened on a terminal (canPick).
    { stdout, stdin, stderr: process.stderr, exitOnCtrlC: false, alternateScreen: true, interactive: true, patchConsole: true },
  );
  const onSignal = (name: NodeJS.Signals) => {
    if (dispatch) dispatch({ type: 'signal', name });
    else ink.unmount();
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    await ink.waitUntilExit();
  } finally {
    for (const s of SIGNALS) process.off(s, onSignal);
    // Ink leaves stdin reading but unref'd. Stopped and ref'd again, it neither keeps the process
    // alive now nor lets it end while a verb waits for an answer after its picker (set node's
    // confirmation reads stdin again).
    stdin.pause();
    stdin.ref();
  }
  return closed;
}
