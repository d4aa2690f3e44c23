// One Node single executable application: the bundle (dist/kubectl-sg, an ES module) injected
// into a platform's official Node binary by `node --build-sea`, with the texts beside it (the
// CLI's, the TUI's, the Alibaba SDK's: dist/sg-*.js) as assets, which the entry reads with
// node:sea's getAsset. The Node that
// builds must be the exact version of the binary injected into; a V8 code cache only loads on
// the platform that made it, so it may be asked for only when the target is the platform building.
//
// Nothing of the building machine may reach the executable (a release is rebuilt bit for bit
// elsewhere, docs/release.md): Node records the config's `main` as the script's name, so the
// bundle is copied beside the config and named relatively, and the development build's shebang
// (the absolute path of the project's Node, build.mjs) is left out: the executable is its own
// interpreter.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run, type Log } from './build-cache.ts';

export interface SeaOptions {
  /** The bundle: one ES module file, with the texts it reads (besideTexts) in the same directory. */
  main: string;
  /** The official Node binary of the target platform (stripped). */
  executable: string;
  output: string;
  /** Only for a target that is the building platform. */
  useCodeCache: boolean;
}

/** The name the executable knows its script by (in stack traces, for one). */
export const SEA_SCRIPT_NAME = 'kubectl-sg';
/**
 * The texts beside the bundle that the entry reads (src/adapters/local/beside-entry.ts): the CLI,
 * the TUI, the Alibaba SDK's modules, `sg-NAME.js` each (build.mjs), carried as assets by name.
 */
export function besideTexts(bundleDir: string): string[] {
  return readdirSync(bundleDir).filter((f) => /^sg-[a-z0-9-]+\.js$/.test(f)).sort();
}

/**
 * The bundle's text with its `#!` first line emptied: the same on every machine, and still
 * numbered as dist/kubectl-sg is (a stack trace's line numbers point into the same text).
 */
export function withoutShebang(source: Buffer): Buffer {
  if (source[0] !== 0x23 || source[1] !== 0x21) return source;
  const eol = source.indexOf(0x0a);
  return eol < 0 ? Buffer.alloc(0) : source.subarray(eol);
}

/**
 * Node's flags on the bundle's `#!` line (build.mjs puts them there), which the executable, being
 * its own interpreter, takes as its execArgv instead.
 */
export function shebangNodeFlags(source: Buffer): string[] {
  if (source[0] !== 0x23 || source[1] !== 0x21) return [];
  const eol = source.indexOf(0x0a);
  return source.subarray(2, eol < 0 ? source.length : eol).toString('utf8').trim().split(/\s+/).slice(1);
}

export async function buildSingleExecutable(o: SeaOptions, log: Log): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-sg-sea-'));
  try {
    const bundle = readFileSync(o.main);
    writeFileSync(join(dir, SEA_SCRIPT_NAME), withoutShebang(bundle));
    const texts = besideTexts(dirname(o.main));
    for (const t of texts) writeFileSync(join(dir, t), readFileSync(join(dirname(o.main), t)));
    const config = join(dir, 'sea-config.json');
    writeFileSync(
      config,
      JSON.stringify({
        main: SEA_SCRIPT_NAME,
        mainFormat: 'module',
        executable: o.executable,
        output: o.output,
        // The warning is for the developer building it; a user of the plugin can act on nothing.
        disableExperimentalSEAWarning: true,
        useCodeCache: o.useCodeCache,
        useSnapshot: false,
        execArgv: shebangNodeFlags(bundle),
        assets: Object.fromEntries(texts.map((t) => [t, t])),
      }),
    );
    await run(process.execPath, ['--build-sea', 'sea-config.json'], { cwd: dir, env: process.env, log, capture: true });
    return statSync(o.output).size;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
