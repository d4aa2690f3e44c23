// Bundles the plugin into one executable file, dist/kubectl-sg, that kubectl finds on PATH.
//
// Start-up is a budget: `version`, `--help` and Tab completion run constantly. Node parses
// every byte of the file it starts, used or not (measured: ~20 ms for 400 KB, plus the
// eager top-level code of the cloud SDK's HTTP stack). So the executable is a small entry
// that carries the CLI as a string and compiles it only when a verb needs it: scanning a
// string literal costs next to nothing, and one file stays one file (also inside a Node
// single executable, which cannot load chunks from disk).
import { build } from 'esbuild';
import { chmod, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';

// The TUI (`kubectl sg ui` and the pickers: Ink, React and src/presentation/tui) as a second
// text embedded in the CLI, compiled only when a terminal UI opens (src/presentation/tui/load.ts).
//
// Why apart from the CLI's own text: the CLI is compiled on every command, and Ink with React
// adds ~390 KB to it (measured: compiling the CLI went from 42 ms to 66 ms with them inlined,
// while the same bytes as a string literal cost nothing), so `--help` and completion would pay
// for a UI they never open. Why a separate build: Ink and yoga-layout are ES modules with
// top-level await, which esbuild cannot emit as CommonJS (the CLI's format, see build.mjs), and
// React must be its production build (its development build is 4× the size and slower).

/** Replaces `from` exactly once, or fails the build: a dependency upgrade is reviewed, never silently patched wrong. */
function replaceOnce(text, path, from, to) {
  if (text.split(from).length !== 2) throw new Error(`embed-tui: ${path} no longer contains ${JSON.stringify(from)} exactly once; review this plugin`);
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
 * A bundle as a text of its own beside the entry (dist/sg-NAME.js; an asset of the same name in a
 * single executable): its CommonJS output wrapped as one function expression
 * `(function (exports, require, module) {...})`, run by src/adapters/local/side-bundle.ts. Not a
 * string inside the CLI's text: as JavaScript it was 460 KB of escaped quotes every command's
 * parse skimmed, and compressed it had to be unpacked (brotli, ~2.5 ms, and node:zlib loaded,
 * ~3 ms) on every ECI command and every TUI. Returns what the CLI is handed to find and run it.
 */
async function sideBundle(name, options) {
  const out = await build({ ...options, format: 'cjs', write: false, metafile: false });
  const source = `(function (exports, require, module) {${out.outputFiles[0].text}\n})`;
  const file = `sg-${name}.js`;
  await writeFile(`dist/${file}`, source);
  // Names the bundle's code cache: a cache made for another build is never even read.
  return { file, hash: createHash('sha256').update(source).digest('hex').slice(0, 16) };
}

/**
 * Provides `kubectl-sg:tui-source` to the CLI's build: where the TUI bundle lies (sideBundle).
 */
function embedTui(common) {
  return {
    name: 'embed-tui',
    setup(b) {
      b.onResolve({ filter: /^kubectl-sg:tui-source$/ }, (a) => ({ path: a.path, namespace: 'embed-tui' }));
      b.onLoad({ filter: /.*/, namespace: 'embed-tui' }, async () => {
        const bundle = await sideBundle('tui', {
          ...common,
          entryPoints: ['src/presentation/tui/index.ts'],
          plugins: [inkWithoutTopLevelAwait],
          define: { ...common.define, 'process.env.NODE_ENV': '"production"', 'import.meta.url': 'undefined' },
        });
        return { contents: `export default ${JSON.stringify(bundle)};`, loader: 'js' };
      });
    },
  };
}

/**
 * The Alibaba Cloud SDK modules the ECI adapter loads with import() (credential providers,
 * openapi-core's signer) pull in lodash, moment, xml and websocket libraries: ~550 KB the CLI's
 * text would carry for every command, TKE ones and `--help` included. They go into a second
 * text beside the entry, like the TUI's, read on the first ECI call. Each listed specifier becomes
 * a stub that asks that text for the module; an @alicloud import not listed fails the build, so
 * the list cannot silently fall behind src/adapters/alibaba.
 */
const ALIBABA_SDK_MODULES = [
  '@alicloud/credentials/dist/src/providers/static_ak.js',
  '@alicloud/credentials/dist/src/providers/static_sts.js',
  '@alicloud/credentials/dist/src/providers/oidc_role_arn.js',
  '@alicloud/credentials/dist/src/providers/cli_profile.js',
  '@alicloud/credentials/dist/src/providers/profile.js',
  '@alicloud/credentials/dist/src/providers/ecs_ram_role.js',
  '@alicloud/openapi-core/dist/utils.js',
];

/**
 * Inside the Alibaba SDK's text, these dependencies initialise only when first used. Loading the
 * credential providers and the signer ran all of them, and the built-ins they take, on every ECI
 * command:
 * - lodash and moment (through @darabonba/typescript's index), websocket, XML and SOCKS
 *   libraries, which the plugin's JSON calls over its own agent never reach: ~25 ms;
 * - httpx (with node:zlib, which loads Node's 14 zip modules), the HTTP client of only the
 *   credential providers that fetch (ECS RAM role, OIDC, URI), and https-proxy-agent (with
 *   node:assert), which only @darabonba/typescript's websocket client uses: ~9 ms;
 * - the @alicloud/credentials index, which loads every provider (the external-process one takes
 *   node:child_process and with it node:dgram; RAM role ARN's debug takes node:tty), and
 *   @darabonba/typescript (node:worker_threads among others): openapi-core's utilities name both
 *   at load but use them only in functions the signer does not call, and the plugin loads its
 *   providers by path: ~30 ms. An ECI command now loads the same built-ins as a TKE one.
 * Each becomes a stand-in with the same export names (read from the real module here, at build
 * time) whose getters, and call for a module that is a function, load the real one:
 * TypeScript's import helpers copy getters without reading them, so the stand-in is all an
 * import touches until something is used (test/adapters/alibaba/bundled-sdk.test.ts runs a
 * provider's fetch through the shipped text; the ECI end-to-end files sign every call with
 * openapi-core's signer against an emulator that checks the signature).
 */
const LAZY_IN_ALIBABA_SDK = ['lodash', 'moment', 'ws', 'xml2js', 'socks-proxy-agent', 'httpx', 'https-proxy-agent', '@alicloud/credentials', '@darabonba/typescript'];

function lazyModules(names) {
  const ns = 'lazy-module';
  const filter = new RegExp(`^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
  return {
    name: ns,
    setup(b) {
      b.onResolve({ filter }, async (a) => {
        if (a.pluginData === ns) return undefined; // the stand-in's own require of the real module
        const real = await b.resolve(a.path, { resolveDir: a.resolveDir, kind: a.kind, importer: a.importer, pluginData: ns });
        if (real.errors.length > 0) return { errors: real.errors };
        return { path: real.path, namespace: ns, pluginData: { specifier: a.path, resolveDir: a.resolveDir } };
      });
      b.onLoad({ filter: /.*/, namespace: ns }, (a) => {
        const mod = createRequire(a.path)(a.path);
        const names = Object.getOwnPropertyNames(mod).filter((k) => !['length', 'name', 'prototype', 'arguments', 'caller', '__esModule'].includes(k));
        return {
          contents: [
            'let real;',
            `const load = () => (real ??= require(${JSON.stringify(a.path)}));`,
            typeof mod === 'function'
              ? 'const shim = function (...args) { return new.target ? Reflect.construct(load(), args, new.target) : load().apply(this, args); };'
              : 'const shim = {};',
            mod.__esModule ? 'Object.defineProperty(shim, "__esModule", { value: true });' : '',
            `for (const k of ${JSON.stringify(names)}) Object.defineProperty(shim, k, { enumerable: true, configurable: true, get: () => load()[k] });`,
            'module.exports = shim;',
          ].join('\n'),
          loader: 'js',
          resolveDir: dirname(a.path),
          pluginData: ns,
        };
      });
    },
  };
}

function lazyAlibabaSdk(common) {
  const ns = 'lazy-alibaba-sdk';
  return {
    name: ns,
    setup(b) {
      b.onResolve({ filter: /^@alicloud\// }, (a) => {
        if (!ALIBABA_SDK_MODULES.includes(a.path)) throw new Error(`${ns}: ${a.path} (imported by ${a.importer}) is not in ALIBABA_SDK_MODULES in build.mjs`);
        return { path: a.path, namespace: ns };
      });
      b.onResolve({ filter: /^kubectl-sg:alibaba-sdk$/ }, (a) => ({ path: a.path, namespace: `${ns}-text` }));
      b.onLoad({ filter: /.*/, namespace: ns }, (a) => ({ contents: `module.exports = require('kubectl-sg:alibaba-sdk')(${JSON.stringify(a.path)});`, loader: 'js' }));
      b.onLoad({ filter: /.*/, namespace: `${ns}-text` }, async () => {
        const bundle = await sideBundle('alibaba-sdk', {
          ...common,
          plugins: [lazyModules(LAZY_IN_ALIBABA_SDK)],
          stdin: { contents: `module.exports = {${ALIBABA_SDK_MODULES.map((m) => `${JSON.stringify(m)}: () => require(${JSON.stringify(m)})`).join(',')}};`, resolveDir: process.cwd(), loader: 'js' },
        });
        // Read and run once, on the first ECI call (src/adapters/local/side-bundle.ts).
        const loader = `
          const { runSideBundle } = require('./src/adapters/local/side-bundle.ts');
          let modules;
          module.exports = (id) => (modules ??= runSideBundle(${JSON.stringify(bundle)}, 'alibaba-sdk'))[id]();`;
        return { contents: loader, loader: 'js', resolveDir: dirname(fileURLToPath(import.meta.url)) };
      });
    },
  };
}

// The development build runs on the project's own Node 26 (node_modules/.bin/node, brought in
// by the `node` devDependency), never on whatever `node` a shell finds first: the shebang names
// the interpreter that ran this build. Release executables carry their runtime inside (npm run dist).
if (Number(process.versions.node.split('.')[0]) < 26) {
  console.error(`build.mjs: Node ${process.version} found; run it as \`npm run build\` so the project's Node 26 is used`);
  process.exit(1);
}

const pkg = JSON.parse(await readFile(new URL('./package.json', import.meta.url), 'utf8'));
await mkdir('dist', { recursive: true });
/**
 * Where the entry finds the CLI's text: beside itself, named as cmd/kubectl-sg.ts and
 * cmd/release/single-executable.ts expect; not `kubectl-*`, which `kubectl plugin list` would
 * take for a plugin.
 */
const CLI_TEXT = 'dist/sg-cli.js';

// The cloud SDK's HTTP stack drags in two big modules the plugin never needs: whatwg-url
// (node-fetch's fallback for a URL class Node always has; 280 KB with tr46) and form-data
// (multipart uploads; 134 KB of mime-db). Replacing them keeps start-up down (measured: the
// SDK core 532 KB → 89 KB, import ~71 ms → ~36 ms) and stops the punycode deprecation notice.
const slimSdk = {
  name: 'slim-sdk',
  setup(b) {
    const stubs = {
      'whatwg-url': 'module.exports = { URL: globalThis.URL, URLSearchParams: globalThis.URLSearchParams };',
      'form-data': "module.exports = class FormData { constructor() { throw new Error('kubectl-sg sends no multipart requests'); } };",
    };
    b.onResolve({ filter: /^(whatwg-url|form-data)$/ }, (a) => ({ path: a.path, namespace: 'slim-sdk' }));
    b.onLoad({ filter: /.*/, namespace: 'slim-sdk' }, (a) => ({ contents: stubs[a.path], loader: 'js' }));
  },
};

// yargs renders a command's whole help text right after starting its handler (cacheHelpMessage,
// in case the handler later calls showHelp, which ours never do): ~15-20 ms of cliui layout
// and Unicode width measurement on every command that is not a help request. `--help` still
// renders it, on demand. The build fails if yargs no longer has that exact call, so an upgrade
// is reviewed rather than silently patched wrong.
const noHelpPrerender = {
  name: 'no-help-prerender',
  setup(b) {
    b.onLoad({ filter: /[\\/]yargs[\\/]build[\\/]lib[\\/]command\.js$/ }, async (a) => {
      const text = await readFile(a.path, 'utf8');
      const call = 'yargs.getInternalMethods().getUsageInstance().cacheHelpMessage();';
      if (text.split(call).length !== 2) throw new Error(`no-help-prerender: ${a.path} no longer calls cacheHelpMessage() exactly once; review this plugin`);
      return { contents: text.replace(call, '/* kubectl-sg build: help is rendered only when asked for */'), loader: 'js' };
    });
  },
};

// yargs's platform shim imports node:assert for two invariant checks (strictEqual and
// notStrictEqual), so every command loaded assert and its diff machinery: ~3 ms of CPU
// (measured, `node -e "require('assert')"` against `node -e 0`). The checks are kept, made
// with Object.is as assert makes them. A failed check throws a plain Error instead of assert's:
// one fails on every command (yargs's package.json search, which finds nothing here, see
// noPackageJsonSearch, asserts that it found one and swallows the error), and loading assert
// to build an error nobody reads cost ~1.5 ms of every command's CPU.
const lazyAssert = {
  name: 'lazy-assert',
  setup(b) {
    b.onResolve({ filter: /^(node:)?assert$/ }, (a) => (/[\\/]yargs[\\/]/.test(a.importer) ? { path: 'assert', namespace: 'lazy-assert' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-assert' }, () => ({
      contents: [
        'function failed(message, fallback) {',
        '  return message instanceof Error ? message : new Error(message ?? fallback);',
        '}',
        'export function strictEqual(actual, expected, message) {',
        '  if (!Object.is(actual, expected)) throw failed(message, "yargs: expected values to be strictly equal");',
        '}',
        'export function notStrictEqual(actual, expected, message) {',
        '  if (Object.is(actual, expected)) throw failed(message, "yargs: expected values to be strictly unequal");',
        '}',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

// yargs guesses its program's version on every start, before the CLI turns --version off: it
// lists the working directory and each one above it until one holds a package.json, and parses
// that (~5 ms of CPU from /tmp, more under a crowded directory, measured with --cpu-prof). The
// guess and pkgConf (which kubectl-sg does not use) are the only callers of its search
// (escalade/sync), which here finds nothing, as if no directory held a package.json.
const noPackageJsonSearch = {
  name: 'no-package-json-search',
  setup(b) {
    b.onResolve({ filter: /^escalade\/sync$/ }, (a) => (/[\\/]yargs[\\/]/.test(a.importer) ? { path: 'escalade/sync', namespace: 'no-package-json-search' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'no-package-json-search' }, () => ({ contents: 'export default function findUp() { return undefined; }', loader: 'js' }));
  },
};

// string-width (yargs's and cliui's copies) builds Unicode-property regexes (\p{RGI_Emoji} in
// v-mode alone ~10 ms) and an Intl.Segmenter when its module loads, i.e. on every command. The
// help text it measures is printable ASCII, whose width is its length: each copy is replaced by
// a module that answers that case at once and loads the real one (same file, same version) on
// the first string that is not plain ASCII.
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (a) => {
      if (a.pluginData === 'lazy-string-width') return undefined; // the lookup just below
      const real = await b.resolve(a.path, { resolveDir: a.resolveDir, kind: a.kind, importer: a.importer, pluginData: 'lazy-string-width' });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: 'lazy-string-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (a) => ({
      contents: [
        'let real;',
        'export default function stringWidth(text, options) {',
        '  if (typeof text === "string" && /^[\\x20-\\x7e]*$/.test(text)) return text.length;',
        `  real ??= require(${JSON.stringify(a.path)}).default;`,
        '  return real(text, options);',
        '}',
      ].join('\n'),
      loader: 'js',
      resolveDir: dirname(a.path),
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node26',
  minify: true,
  legalComments: 'none',
  metafile: true,
  define: { KUBECTL_SG_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
};

// 1. The CLI (yargs, verbs, adapters) as CommonJS text, to be compiled on demand.
// CommonJS has no import.meta; ESM dependencies (yargs) that read import.meta.url get the
// executable's own URL, which the entry passes in as `importMetaUrl`.
const cli = await build({
  ...common,
  entryPoints: ['src/presentation/cli.ts'],
  format: 'cjs',
  write: false,
  plugins: [slimSdk, noHelpPrerender, lazyStringWidth, lazyAssert, noPackageJsonSearch, embedTui(common), lazyAlibabaSdk(common)],
  define: { ...common.define, 'import.meta.url': 'importMetaUrl' },
});
// Wrapped as one function expression, the way Node wraps a CommonJS module, so that the entry
// compiles it as a vm.Script: unlike compileFunction, a Script can hand V8's code cache back
// after it ran (src/adapters/local/code-cache.ts), which then holds the functions the run compiled too.
const cliSource = `(function (exports, require, module, importMetaUrl) {${cli.outputFiles[0].text}\n})`;
// Names the code cache: a cache made for another build of the CLI is never even read.
const cliHash = createHash('sha256').update(cliSource).digest('hex').slice(0, 16);

// The CLI's text goes beside the entry, not into it: as a string literal of the entry it was
// ~1 MB that every command's parse scanned (~4 ms of CPU, `version` included, measured), even
// when the code cache then spared compiling it. A single executable carries it as an asset.
await writeFile(CLI_TEXT, cliSource);

// 2. The entry, with the CLI's hash as an export of a virtual module.
const embedCli = {
  name: 'embed-cli',
  setup(b) {
    b.onResolve({ filter: /^kubectl-sg:cli-source$/ }, (a) => ({ path: a.path, namespace: 'embed-cli' }));
    b.onLoad({ filter: /.*/, namespace: 'embed-cli' }, () => ({ contents: `export const cliHash = ${JSON.stringify(cliHash)};`, loader: 'js' }));
  },
};
// Node's flags for the plugin, on the shebang line (one word: the kernel passes the rest of the
// line as one argument), and from there into each single executable's execArgv
// (cmd/release/single-executable.ts). The young generation otherwise grows to what V8 derives
// from the machine's memory: on 5,000 nodes `show node` peaked at 235 MiB, with 4 MiB semi-spaces
// at 175 MiB for the same CPU (docs/benchmarks.md). 8 MiB: the TUI allocates a few MB a keystroke
// (Ink takes each frame apart), and with 4 MiB a frame met a collection about twice as often
// (median keystroke 9.6-14.8 against 7.6-10.3 ms), for 2-4 MiB more at the peak of `show node`
// on 5,000 nodes. A small command never fills even 4.
const NODE_FLAGS = '--max-semi-space-size=8';
const entry = await build({
  ...common,
  entryPoints: ['cmd/kubectl-sg.ts'],
  outfile: 'dist/kubectl-sg',
  format: 'esm',
  banner: {
    // Only the interpreter line: the entry calls no `require` (the CLI, CommonJS, is handed one
    // made when it loads), and loading node:module for every command cost start-up.
    js: `#!${process.execPath} ${NODE_FLAGS}`,
  },
  plugins: [embedCli],
});
await chmod('dist/kubectl-sg', 0o755);
// kubectl's plugin completion runs kubectl_complete-sg from PATH: beside the plugin in dist/ as in
// the release archives (npm run dist), so `kubectl sg <Tab>` completes with dist/ on PATH.
await copyFile('cmd/kubectl_complete-sg', 'dist/kubectl_complete-sg');

if (process.argv.includes('--analyze')) {
  const { analyzeMetafile } = await import('esbuild');
  console.log(await analyzeMetafile(cli.metafile));
  console.log(await analyzeMetafile(entry.metafile));
}
