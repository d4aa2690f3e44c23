// The simulators that talk to Kubernetes (ipamd, the virtual kubelet, super nodes) import
// @kubernetes/client-node, whose ES modules Node resolves, reads and links file by file on every
// start: ~0.33 s of CPU for an ipamd simulator to be ready, ~0.21 s as one bundled file (measured),
// and a test run starts about 110 of them. vitest's global setup therefore bundles them once per
// run (KUBECTL_SG_SIM_BUNDLES names the directory) and every sandbox of the run starts the
// bundles; without the variable (`npm run sandbox`, the demo, and test/e2e/sandbox.test.ts, which
// clears it) the sandbox starts the TypeScript files as before. The code is the same: each
// file's `import.meta.url` stays its own file's URL, so paths built from it, `createRequire`
// and "am I the main module" checks behave as unbundled. The two cloud emulators are bundled the
// same way: they load no Kubernetes client, but each of a run's ~100 starts stripped the types of
// some fifty TypeScript files (the Tencent emulator ready in 130 ms of CPU as TypeScript, 90 ms
// bundled; medians of 12 interleaved starts).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

export const SIM_BUNDLES_ENV = 'KUBECTL_SG_SIM_BUNDLES';

const sandboxDir = dirname(dirname(fileURLToPath(import.meta.url)));

/** Each simulator's entry (under test/sandbox/) and its bundle's name. */
const SIMULATORS = {
  'tke/ipamd/main.ts': 'ipamd',
  'eci/main.ts': 'virtual-kubelet',
  'supernode/main.ts': 'supernode',
  'tencent/main.ts': 'tencent-emulator',
  'alibaba/main.ts': 'alibaba-emulator',
} as const;

export type SimulatorEntry = keyof typeof SIMULATORS;

const ownImportMetaUrl: Plugin = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (a) => {
      if (a.path.includes('node_modules')) return undefined;
      const text = await readFile(a.path, 'utf8');
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(a.path).href)), loader: 'ts' };
    });
  },
};

/** Bundles every simulator into `outDir` (~0.5 s). */
export async function bundleSimulators(outDir: string): Promise<void> {
  // Loaded here only: a sandbox that merely starts the bundles does not load esbuild.
  const { build } = await import('esbuild');
  await build({
    entryPoints: Object.fromEntries(Object.entries(SIMULATORS).map(([entry, name]) => [name, join(sandboxDir, entry)])),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node26',
    // Readable stack traces in the simulators' logs: names and layout kept.
    keepNames: true,
    // CommonJS dependencies inside an ES module bundle still call require.
    banner: { js: "import { createRequire as __simRequire } from 'node:module'; const require = __simRequire(import.meta.url);" },
    plugins: [ownImportMetaUrl],
    logLevel: 'warning',
  });
}

/** The file to start for a simulator: its bundle when this run made them, else its TypeScript. */
export function simulatorEntry(entry: SimulatorEntry): string {
  const dir = process.env[SIM_BUNDLES_ENV];
  const bundle = dir ? join(dir, `${SIMULATORS[entry]}.mjs`) : undefined;
  return bundle && existsSync(bundle) ? bundle : join(sandboxDir, entry);
}
