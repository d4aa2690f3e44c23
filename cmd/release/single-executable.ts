// One Node single executable application: the bundle (dist/kubectl-sg, an ES module) injected
// into a platform's official Node binary by `node --build-sea`. The Node that builds must be the
// exact version of the binary injected into; a V8 code cache only loads on the platform that
// made it, so it may be asked for only when the target is the platform building.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, type Log } from './build-cache.ts';

export interface SeaOptions {
  /** The bundle: one ES module file. */
  main: string;
  /** The official Node binary of the target platform (stripped). */
  executable: string;
  output: string;
  /** Only for a target that is the building platform. */
  useCodeCache: boolean;
}

export async function buildSingleExecutable(o: SeaOptions, log: Log): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-sg-sea-'));
  try {
    const config = join(dir, 'sea-config.json');
    writeFileSync(
      config,
      JSON.stringify({
        main: o.main,
        mainFormat: 'module',
        executable: o.executable,
        output: o.output,
        // The warning is for the developer building it; a user of the plugin can act on nothing.
        disableExperimentalSEAWarning: true,
        useCodeCache: o.useCodeCache,
        useSnapshot: false,
      }),
    );
    await run(process.execPath, ['--build-sea', config], { cwd: dir, env: process.env, log, capture: true });
    return statSync(o.output).size;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
