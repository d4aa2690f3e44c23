// Runs a bundle that build.mjs wrote beside the entry as text (one function expression
// `(function (exports, require, module) {...})`): the TUI, the Alibaba SDK's modules. Apart from
// the CLI's own text so that commands which never need them neither read nor compile them; read
// here on first use, and compiled with V8's code cache (code-cache.ts) like the CLI itself: the
// Alibaba SDK's ~550 KB took ~20 ms to compile on every ECI command.
import { codeCacheDir, compileCached } from './code-cache.ts';
import { readBesideEntry } from './beside-entry.ts';

type BundleFunction = (exports: object, require: (id: string) => unknown, module: { exports: object }) => void;

/** What build.mjs hands the CLI: the text's file name beside the entry, and a hash of it that names its code cache. */
export interface SideBundle {
  file: string;
  hash: string;
}

/** The bundles need Node's built-ins only: everything else is inside them. */
function builtin(id: string): unknown {
  const m = process.getBuiltinModule(id);
  if (m === undefined) throw new Error(`a bundle beside the entry asked for "${id}", which is not a Node built-in: rebuild (npm run build)`);
  return m;
}

/**
 * The bundle's exports; `name` (e.g. `tui`) names it in stack traces and in the code cache.
 * `entryUrl`: where the texts lie, the entry's URL (in the CLI's bundle import.meta.url is it).
 */
export function runSideBundle<T>(bundle: SideBundle, name: string, entryUrl: string = import.meta.url): T {
  const module = { exports: {} };
  const compiled = compileCached(readBesideEntry(bundle.file, entryUrl), { filename: `kubectl-sg/${name}.js`, name: `${name}-${bundle.hash}`, dir: codeCacheDir() });
  (compiled.script.runInThisContext() as BundleFunction)(module.exports, builtin, module);
  // Saved once its top level ran: the functions that run compiled are in the cache too.
  compiled.save();
  return module.exports as T;
}
