// Opens the TUI bundle (Ink, React, the views) that build.mjs writes beside the entry as text:
// compiled here, on the first call, so every other command starts without it. Only types are
// imported from ./index.ts: a value import would put Ink into the CLI's own bundle (which the
// build refuses anyway: Ink has top-level await).
import tuiSource from 'kubectl-sg:tui-source';
import { runSideBundle } from '../../adapters/local/side-bundle.ts';

export type Tui = typeof import('./index.ts');

let tui: Tui | undefined;

export function loadTui(): Tui {
  tui ??= runSideBundle<Tui>(tuiSource, 'tui');
  return tui;
}
