// Entry point of the kubectl-sg executable. kubectl runs it as `kubectl-sg ARGS...` when the
// user types `kubectl sg ARGS...`. `version` is answered before the CLI (and yargs) loads:
// it runs constantly in scripts and checks, so it is kept to the start-up budget.
import { renderVersion } from '../src/presentation/commands/version.ts';

// Dependencies' deprecation notices (the cloud SDK's node-fetch uses punycode and url.parse)
// say nothing an operator can act on, and would land in the middle of output they parse.
process.noDeprecation = true;

const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === 'version') {
  process.stdout.write(renderVersion('text') + '\n');
} else {
  const { main } = await import('../src/presentation/cli.ts');
  process.exitCode = await main(argv);
}
