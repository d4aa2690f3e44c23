// Opens the TUI bundle (Ink, React, the views) that build.mjs embeds in the CLI as text:
// compiled here, on the first call, so every other command starts without it. Only types are
// imported from ./index.ts: a value import would put Ink into the CLI's own bundle (which the
// build refuses anyway: Ink has top-level await).
import { Script } from 'node:vm';
import { brotliDecompressSync } from 'node:zlib';
import tuiSource from 'kubectl-sg:tui-source';

export type Tui = typeof import('./index.ts');

type TuiFunction = (exports: object, require: (id: string) => unknown, module: { exports: object }) => void;

/** The bundle needs Node's built-ins only: everything else is inside it. */
function builtin(id: string): unknown {
  const m = process.getBuiltinModule(id);
  if (m === undefined) throw new Error(`the TUI bundle asked for "${id}", which is not a Node built-in: rebuild (npm run build)`);
  return m;
}

let tui: Tui | undefined;

export function loadTui(): Tui {
  if (tui) return tui;
  const module = { exports: {} };
  const source = brotliDecompressSync(Buffer.from(tuiSource, 'base64')).toString('utf8');
  (new Script(source, { filename: 'kubectl-sg/tui.js' }).runInThisContext() as TuiFunction)(module.exports, builtin, module);
  tui = module.exports as Tui;
  return tui;
}
