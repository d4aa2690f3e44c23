// Which of Node's built-in modules a run of the plugin loaded: Node's own record of them
// (process.moduleLoadList), printed to stderr as the process exits by a file that NODE_OPTIONS
// preloads. A start-up budget is kept by what a command does not load.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function builtinsProbe(): { env: NodeJS.ProcessEnv; loaded: (stderr: string) => string[] } {
  const probe = join(mkdtempSync(join(tmpdir(), 'kubectl-sg-probe-')), 'builtins.cjs');
  writeFileSync(probe, "process.on('exit', () => process.stderr.write('BUILTINS ' + process.moduleLoadList.join(',') + '\\n'));\n");
  return { env: { NODE_OPTIONS: `--require ${probe}` }, loaded: (stderr) => /BUILTINS (.*)/.exec(stderr)?.[1]?.split(',') ?? [] };
}
