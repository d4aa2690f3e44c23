// Entry point of the kubectl-sg executable. kubectl runs it as `kubectl-sg ARGS...` when the
// user types `kubectl sg ARGS...`. `version` is answered before the CLI loads: it runs
// constantly in scripts and checks, so it is kept to the start-up budget. The CLI itself is
// embedded as text by build.mjs and compiled only here, when a verb needs it.
import { createRequire } from 'node:module';
import { compileFunction } from 'node:vm';
import cliSource from 'kubectl-sg:cli-source';
import { renderVersion } from '../src/presentation/commands/version.ts';

// Dependencies' deprecation notices (the cloud SDK's node-fetch uses url.parse) say nothing
// an operator can act on, and would land in the middle of output they parse.
process.noDeprecation = true;

interface Cli {
  main(argv: string[]): Promise<number>;
}

function loadCli(): Cli {
  const module = { exports: {} as Cli };
  const run = compileFunction(cliSource, ['exports', 'require', 'module', 'importMetaUrl'], { filename: 'kubectl-sg/cli.js' });
  run(module.exports, createRequire(import.meta.url), module, import.meta.url);
  return module.exports;
}

const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === 'version') {
  process.stdout.write(renderVersion('text') + '\n');
} else {
  process.exitCode = await loadCli().main(argv);
}
