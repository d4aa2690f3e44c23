// The TUI (`kubectl sg ui` and the pickers: Ink, React and src/presentation/tui) as a second
// text embedded in the CLI, compiled only when a terminal UI opens (src/presentation/tui/load.ts).
//
// Why apart from the CLI's own text: the CLI is compiled on every command, and Ink with React
// adds ~390 KB to it (measured: compiling the CLI went from 42 ms to 66 ms with them inlined,
// while the same bytes as a string literal cost nothing), so `--help` and completion would pay
// for a UI they never open. Why a separate build: Ink and yoga-layout are ES modules with
// top-level await, which esbuild cannot emit as CommonJS (the CLI's format, see build.mjs), and
// React must be its production build (its development build is 4× the size and slower).
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { brotliCompressSync, constants } from 'node:zlib';

/** Replaces `from` exactly once, or fails the build: a dependency upgrade is reviewed, never silently patched wrong. */
function replaceOnce(text, path, from, to) {
  if (text.split(from).length !== 2) throw new Error(`build-tui: ${path} no longer contains ${JSON.stringify(from)} exactly once; review this plugin`);
  return text.replace(from, () => to);
}

// The three top-level awaits, made synchronous:
// - ink's reconciler awaits React DevTools and its own package.json only with DEV=true (a
//   development aid the plugin does not ship);
// - yoga-layout awaits the instantiation of its WebAssembly, which it carries as a base64 data
//   URI: Emscripten's documented `instantiateWasm` hook instantiates it synchronously instead
//   (the module is small: WebAssembly.Module's synchronous size limit applies to the main
//   thread of browsers only). The hook is handed the data URI by a one-word patch.
const inkWithoutTopLevelAwait = {
  name: 'ink-without-top-level-await',
  setup(b) {
    b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, async (a) => {
      let text = await readFile(a.path, 'utf8');
      text = replaceOnce(text, a.path, "await import('./devtools.js');", '/* kubectl-sg build: no React DevTools */');
      text = replaceOnce(text, a.path, 'const loaded = await loadPackageJson();', 'const loaded = {}; /* kubectl-sg build: default renderer metadata */');
      return { contents: text, loader: 'js' };
    });
    b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (a) => {
      const text = await readFile(a.path, 'utf8');
      return { contents: replaceOnce(text, a.path, 'return h.instantiateWasm(d,\na)', 'return h.instantiateWasm(d,a,H)'), loader: 'js' };
    });
    b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, async (a) => {
      const text = await readFile(a.path, 'utf8');
      const sync = [
        'const emscripten = {',
        '  instantiateWasm(imports, receive, dataUri) {',
        "    const bytes = Buffer.from(dataUri.slice(dataUri.indexOf(',') + 1), 'base64');",
        '    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);',
        '    receive(instance);',
        '    return instance.exports;',
        '  },',
        '};',
        'loadYoga(emscripten); // runs the module to the end synchronously, filling `emscripten`',
        'const Yoga = wrapAssembly(emscripten);',
      ].join('\n');
      return { contents: replaceOnce(text, a.path, 'const Yoga = wrapAssembly(await loadYoga());', sync), loader: 'js' };
    });
  },
};

/**
 * Provides `kubectl-sg:tui-source` to the CLI's build: the TUI bundle's CommonJS text, wrapped
 * as one function expression `(function (exports, require, module) {...})`, brotli-compressed
 * and base64-encoded.
 */
export function embedTui(common) {
  return {
    name: 'embed-tui',
    setup(b) {
      b.onResolve({ filter: /^kubectl-sg:tui-source$/ }, (a) => ({ path: a.path, namespace: 'embed-tui' }));
      b.onLoad({ filter: /.*/, namespace: 'embed-tui' }, async () => {
        const tui = await build({
          ...common,
          entryPoints: ['src/presentation/tui/index.ts'],
          format: 'cjs',
          write: false,
          plugins: [inkWithoutTopLevelAwait],
          define: { ...common.define, 'process.env.NODE_ENV': '"production"', 'import.meta.url': 'undefined' },
        });
        const source = `(function (exports, require, module) {${tui.outputFiles[0].text}\n})`;
        // Compressed, as base64: the CLI's text carries it as a short run of plain characters,
        // which every command's parse skims over; as JavaScript it was 460 KB of escaped quotes
        // (escaped twice: once in the CLI's text, again in the executable's) and cost `version`
        // and `--help` ~10 ms of CPU each (measured). Unpacked in ~2 ms when the UI opens.
        const packed = brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }).toString('base64');
        return { contents: `export default ${JSON.stringify(packed)};`, loader: 'js' };
      });
    },
  };
}
