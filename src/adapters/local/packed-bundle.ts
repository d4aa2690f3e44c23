// Runs a bundle that build.mjs embedded as text (brotli, base64; one function expression
// `(function (exports, require, module) {...})`): the TUI, the Alibaba SDK's modules. Kept as
// text so that commands which never need them do not compile them; unpacked here on first use.
import { Script } from 'node:vm';
import { brotliDecompressSync } from 'node:zlib';

type BundleFunction = (exports: object, require: (id: string) => unknown, module: { exports: object }) => void;

/** The bundles need Node's built-ins only: everything else is inside them. */
function builtin(id: string): unknown {
  const m = process.getBuiltinModule(id);
  if (m === undefined) throw new Error(`an embedded bundle asked for "${id}", which is not a Node built-in: rebuild (npm run build)`);
  return m;
}

/** The bundle's exports; `filename` names it in stack traces. */
export function runPackedBundle<T>(packed: string, filename: string): T {
  const module = { exports: {} };
  const source = brotliDecompressSync(Buffer.from(packed, 'base64')).toString('utf8');
  (new Script(source, { filename }).runInThisContext() as BundleFunction)(module.exports, builtin, module);
  return module.exports as T;
}
