// Bundles the plugin into one executable file, dist/kubectl-sg, that kubectl finds on PATH.
// The version comes from package.json so that there is one place to bump it.
import { build } from 'esbuild';
import { chmod, mkdir, readFile } from 'node:fs/promises';

// The development build runs on the project's own Node 26 (node_modules/.bin/node, brought in
// by the `node` devDependency), never on whatever `node` a shell finds first: the shebang names
// the interpreter that ran this build. Release executables carry their runtime inside (npm run dist).
if (Number(process.versions.node.split('.')[0]) < 26) {
  console.error(`build.mjs: Node ${process.version} found; run it as \`npm run build\` so the project's Node 26 is used`);
  process.exit(1);
}

const pkg = JSON.parse(await readFile(new URL('./package.json', import.meta.url), 'utf8'));
await mkdir('dist', { recursive: true });

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

const result = await build({
  entryPoints: ['cmd/kubectl-sg.ts'],
  outfile: 'dist/kubectl-sg',
  bundle: true,
  platform: 'node',
  target: 'node26',
  format: 'esm',
  minify: true,
  legalComments: 'none',
  metafile: true,
  banner: {
    // esbuild's ESM output has no `require`; some CommonJS dependencies need one.
    js: `#!${process.execPath}\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);`,
  },
  define: { KUBECTL_SG_VERSION: JSON.stringify(pkg.version) },
  plugins: [slimSdk],
  logLevel: 'warning',
});
await chmod('dist/kubectl-sg', 0o755);

if (process.argv.includes('--analyze')) {
  const { analyzeMetafile } = await import('esbuild');
  console.log(await analyzeMetafile(result.metafile));
}
