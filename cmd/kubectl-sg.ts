// Entry point of the kubectl-sg executable. kubectl runs it as `kubectl-sg ARGS...` when the
// user types `kubectl sg ARGS...`. `version`, and a Tab answered moments ago, are answered
// before the CLI loads: they run constantly (scripts, checks, a shell's completion), so they
// are kept to the start-up budget. The CLI itself is text that build.mjs puts beside this file
// (or a single executable carries as an asset), read and compiled only here, when a verb needs
// it, with V8's code cache when there is one (src/adapters/local/code-cache.ts).
import { cliHash } from 'kubectl-sg:cli-source';
import { codeCacheDir, compileCached, type CachedScript } from '../src/adapters/local/code-cache.ts';
import { renderVersion } from '../src/presentation/commands/version.ts';
import { userCacheDir } from '../src/adapters/local/user-cache-dir.ts';
import { completionAnswerFile, readFresh, writeShellAnswer } from '../src/adapters/local/short-lived-cache.ts';
import { readBesideEntry } from '../src/adapters/local/beside-entry.ts';

// Node's built-ins are taken as CommonJS objects (process.getBuiltinModule), not ES module
// imports, here and in the modules bundled with this entry: importing node:fs as an ES module
// takes every export, fs.promises included, which loads readline and the REPL's history; node:os
// and node:module load more, and are taken only where needed. `version` loaded 110 built-ins
// against a one-line plugin's 99, ~1.5 ms of every command's start; now 96.

// Dependencies' deprecation notices (the cloud SDK's node-fetch uses url.parse) say nothing
// an operator can act on, and would land in the middle of output they parse.
process.noDeprecation = true;

interface Cli {
  main(argv: string[]): Promise<number>;
}

type CliFunction = (exports: object, require: NodeJS.Require, module: { exports: object }, importMetaUrl: string) => void;

/** The CLI's text beside this file, or a single executable's asset of that name (cmd/release/single-executable.ts). */
const CLI_TEXT = 'sg-cli.js';

function loadCli(): { cli: Cli; compiled: CachedScript } {
  const compiled = compileCached(readBesideEntry(CLI_TEXT, import.meta.url), { filename: 'kubectl-sg/cli.js', name: `cli-${cliHash}`, dir: codeCacheDir() });
  const module = { exports: {} as Cli };
  const { createRequire } = process.getBuiltinModule('node:module');
  (compiled.script.runInThisContext() as CliFunction)(module.exports, createRequire(import.meta.url), module, import.meta.url);
  return { cli: module.exports, compiled };
}

/** Tab's answer when the same Tab was answered moments ago (short-lived-cache.ts), without the CLI. */
function recentAnswer(words: string[]): string | undefined {
  return readFresh<string>(completionAnswerFile(userCacheDir(), words, process.env, process.cwd()));
}

const argv = process.argv.slice(2);
const recent = argv[0] === '__complete' ? recentAnswer(argv.slice(1)) : undefined;
if (argv.length === 1 && argv[0] === 'version') {
  process.stdout.write(renderVersion('text') + '\n');
} else if (recent !== undefined) {
  process.stdout.write(recent);
  // kubectl_complete-sg's key changes every half minute while this answer lives 30 s: kept under
  // the new key too, the next Tabs are again answered without Node.
  writeShellAnswer(userCacheDir(), process.env.KUBECTL_SG_TAB_KEY, recent);
} else {
  const { cli, compiled } = loadCli();
  process.exitCode = await cli.main(argv);
  compiled.save();
}
