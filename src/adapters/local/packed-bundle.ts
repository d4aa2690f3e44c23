// Runs a bundle that build.mjs embedded as text (brotli, base64; one function expression
// `(function (exports, require, module) {...})`): the TUI, the Alibaba SDK's modules. Kept as
// text so that commands which never need them do not compile them; unpacked here on first use,
// and compiled with V8's code cache (code-cache.ts) like the CLI itself: the Alibaba SDK's
// ~550 KB took ~20 ms to compile on every ECI command.
import { brotliDecompressSync } from 'node:zlib';
import { codeCacheDir, compileCached } from './code-cache.ts';

type BundleFunction = (exports: object, require: (id: string) => unknown, module: { exports: object }) => void;

/** What build.mjs embeds: the packed text, and a hash of it that names its code cache. */
export interface PackedBundle {
  packed: string;
  hash: string;
}

/** The bundles need Node's built-ins only: everything else is inside them. */
function builtin(id: string): unknown {
  const m = process.getBuiltinModule(id);
  if (m === undefined) throw new Error(`an embedded bundle asked for "${id}", which is not a Node built-in: rebuild (npm run build)`);
  return m;
}

/** The bundle's exports; `name` (e.g. `tui`) names it in stack traces and in the code cache. */
export function runPackedBundle<T>(bundle: PackedBundle, name: string): T {
  const module = { exports: {} };
  const source = brotliDecompressSync(Buffer.from(bundle.packed, 'base64')).toString('utf8');
  const compiled = compileCached(source, { filename: `kubectl-sg/${name}.js`, name: `${name}-${bundle.hash}`, dir: codeCacheDir() });
  (compiled.script.runInThisContext() as BundleFunction)(module.exports, builtin, module);
  // Saved once its top level ran: the functions that run compiled are in the cache too.
  compiled.save();
  return module.exports as T;
}
