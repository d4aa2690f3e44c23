// Bundles beside the entry run from their text, compiled with a code cache of their own that is
// written once and then only read, and that can never change what the bundle does. Each run is a process
// of its own, as a command is: within one process V8 keeps what it compiled and would not even
// look at the cache a second time.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const bundle = { file: 'sg-demo.js', hash: 'c0ffee0123456789' };
const runner = `
  import { runSideBundle } from ${JSON.stringify(new URL('./side-bundle.ts', import.meta.url).href)};
  process.stdout.write(runSideBundle(JSON.parse(process.env.BUNDLE), 'demo', process.env.ENTRY).answer(...process.argv.slice(1)));`;

let cache: string;
/** Where the "entry" lies, with the bundle's text beside it. */
let entryDir: string;
beforeEach(() => {
  cache = mkdtempSync(join(tmpdir(), 'kubectl-sg-side-'));
  entryDir = mkdtempSync(join(tmpdir(), 'kubectl-sg-entry-'));
  writeFileSync(join(entryDir, bundle.file), '(function (exports, require, module) { const { join } = require("node:path"); module.exports = { answer: (a, b) => join(a, b) + "!" }; })');
});
afterEach(() => {
  rmSync(cache, { recursive: true, force: true });
  rmSync(entryDir, { recursive: true, force: true });
});

/** One process running the bundle's `answer(a, b)`. */
const run = (a: string, b: string, env: NodeJS.ProcessEnv = {}) =>
  execFileSync(process.execPath, ['--input-type=module', '-e', runner, a, b], { env: { ...process.env, BUNDLE: JSON.stringify(bundle), ENTRY: pathToFileURL(join(entryDir, 'kubectl-sg')).href, KUBECTL_SG_CACHE: cache, KUBECTL_SG_CODE_CACHE: '', ...env }, encoding: 'utf8' });
const files = () => readdirSync(join(cache, 'code-cache'));
const cacheFile = () => join(cache, 'code-cache', files()[0]!);

describe('runSideBundle', () => {
  it('runs the bundle and writes its cache once, named by bundle and hash', () => {
    expect(run('a', 'b')).toBe('a/b!');
    expect(files()).toEqual([`demo-c0ffee0123456789-node${process.version}-${process.arch}.v8cache`]);
    const written = readFileSync(cacheFile());
    const mtime = statSync(cacheFile()).mtimeMs;
    expect(run('x', 'y')).toBe('x/y!');
    expect(readFileSync(cacheFile()).equals(written)).toBe(true);
    expect(statSync(cacheFile()).mtimeMs).toBe(mtime);
  });

  it('runs the same with a damaged cache, and replaces it', () => {
    run('a', 'b');
    writeFileSync(cacheFile(), 'not a code cache at all');
    expect(run('p', 'q')).toBe('p/q!');
    expect(readFileSync(cacheFile(), 'utf8')).not.toBe('not a code cache at all');
  });

  it('writes nothing with KUBECTL_SG_CODE_CACHE=off', () => {
    expect(run('m', 'n', { KUBECTL_SG_CODE_CACHE: 'off' })).toBe('m/n!');
    expect(() => files()).toThrow();
  });
});
