// Entry point of the kubectl-sg executable. kubectl runs it as `kubectl-sg ARGS...` when the
// user types `kubectl sg ARGS...`. `version` is answered before the CLI loads: it runs
// constantly in scripts and checks, so it is kept to the start-up budget. The CLI itself is
// embedded as text by build.mjs and compiled only here, when a verb needs it, with V8's code
// cache when there is one (src/adapters/local/code-cache.ts).
import { createRequire } from 'node:module';
import cliSource, { cliHash } from 'kubectl-sg:cli-source';
import { codeCacheDir, compileCached, type CachedScript } from '../src/adapters/local/code-cache.ts';
import { renderVersion } from '../src/presentation/commands/version.ts';

// Dependencies' deprecation notices (the cloud SDK's node-fetch uses url.parse) say nothing
// an operator can act on, and would land in the middle of output they parse.
process.noDeprecation = true;

interface Cli {
  main(argv: string[]): Promise<number>;
}

type CliFunction = (exports: object, require: NodeJS.Require, module: { exports: object }, importMetaUrl: string) => void;

function loadCli(): { cli: Cli; compiled: CachedScript } {
  const compiled = compileCached(cliSource, { filename: 'kubectl-sg/cli.js', name: `cli-${cliHash}`, dir: codeCacheDir() });
  const module = { exports: {} as Cli };
  (compiled.script.runInThisContext() as CliFunction)(module.exports, createRequire(import.meta.url), module, import.meta.url);
  return { cli: module.exports, compiled };
}

const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === 'version') {
  process.stdout.write(renderVersion('text') + '\n');
} else {
  const { cli, compiled } = loadCli();
  process.exitCode = await cli.main(argv);
  compiled.save();
}
