// The V8 code cache of the embedded CLI (cmd/code-cache.ts), as a user meets it: written once
// under the user's cache directory, used silently after that, and never able to break a command:
// damaged, truncated or unwritable, the command prints exactly what it prints without a cache.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, type RunResult, runPlugin } from './run.ts';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kubectl-sg-code-cache-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `kubectl sg ARGS` with its cache under a directory of its own. */
const sg = (cacheHome: string, args: string[], env: NodeJS.ProcessEnv = {}): RunResult =>
  runPlugin([...args], { XDG_CACHE_HOME: cacheHome, KUBECTL_SG_CACHE: '', KUBECTL_SG_CODE_CACHE: '', ...env });
const cacheDir = (cacheHome: string) => join(cacheHome, 'kubectl-sg', 'code-cache');
const cacheFiles = (cacheHome: string) => {
  try {
    return readdirSync(cacheDir(cacheHome));
  } catch {
    return [];
  }
};
let n = 0;
const fresh = () => join(root, `home-${n++}`);

/** What a command prints with no cache at all: the reference for every other run. */
const reference = (args: string[]) => {
  const home = fresh();
  const r = sg(home, args, { KUBECTL_SG_CODE_CACHE: 'off' });
  expect(cacheFiles(home)).toEqual([]);
  return r;
};

describe('the code cache of the embedded CLI', () => {
  it('is written once, by the first command that loads the CLI, and then only read', () => {
    const home = fresh();
    expect(sg(home, ['version']).code).toBe(0);
    expect(cacheFiles(home)).toEqual([]); // `version` never loads the CLI

    const help = reference(['--help']);
    const first = sg(home, ['--help']);
    expect(first).toEqual(help);
    const files = cacheFiles(home);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^cli-[0-9a-f]{16}-node${process.version.replaceAll('.', '\\.')}-${process.arch}\\.v8cache$`));
    const file = join(cacheDir(home), files[0]!);
    const written = statSync(file);
    expect(written.mode & 0o777).toBe(0o600);
    expect(written.size).toBeGreaterThan(10_000);

    for (const args of [['--help'], ['show', 'node', '--help'], ['frobnicate']]) {
      expect(sg(home, args)).toEqual(reference(args));
    }
    const after = statSync(file);
    expect([after.ino, after.mtimeMs, after.size]).toEqual([written.ino, written.mtimeMs, written.size]);
    expect(cacheFiles(home)).toEqual(files); // no temporary file left behind
  });

  it('ignores and replaces a damaged or truncated cache, printing nothing about it', () => {
    const args = ['show', 'cluster', '--help'];
    const expected = reference(args);
    const home = fresh();
    expect(sg(home, args)).toEqual(expected);
    const file = join(cacheDir(home), cacheFiles(home)[0]!);
    const good = readFileSync(file);

    const damages: [string, Buffer][] = [
      ['a flipped byte in the middle', Buffer.from(good).fill(good[good.length >> 1]! ^ 0xff, good.length >> 1, (good.length >> 1) + 1)],
      ['a flipped byte near the end', Buffer.from(good).fill(good[good.length - 16]! ^ 0xff, good.length - 16, good.length - 15)],
      ['cut short', good.subarray(0, good.length >> 1)],
      ['not a cache at all', Buffer.from('garbage\n')],
      ['empty', Buffer.alloc(0)],
    ];
    for (const [what, bytes] of damages) {
      writeFileSync(file, bytes);
      expect(sg(home, args), what).toEqual(expected);
      const replaced = readFileSync(file);
      expect(replaced.equals(bytes), `${what}: not replaced`).toBe(false);
      expect(replaced.length, what).toBeGreaterThan(10_000);
    }
  });

  it('keeps only the four most recently used caches of other builds, and no stale temporary file', () => {
    const home = fresh();
    const dir = cacheDir(home);
    mkdirSync(dir, { recursive: true });
    const day = 24 * 3600;
    const now = Date.now() / 1000;
    // Six other builds used 1..6 days ago, one 40 days ago, a temporary file of a run that died.
    const others = [1, 2, 3, 4, 5, 6, 40].map((age) => [`cli-${String(age).padStart(16, '0')}-node${process.version}-${process.arch}.v8cache`, age] as const);
    for (const [name, age] of [...others, ['cli-dead.v8cache.123.tmp', 2] as const]) {
      writeFileSync(join(dir, name), 'x');
      utimesSync(join(dir, name), now - age * day, now - age * day);
    }
    writeFileSync(join(dir, 'notes.txt'), 'not ours');
    expect(sg(home, ['--help']).code).toBe(0);
    const left = cacheFiles(home).sort();
    const mine = left.filter((f) => !others.some(([name]) => name === f) && f !== 'notes.txt');
    expect(mine).toHaveLength(1);
    expect(left).toEqual([...mine, ...others.filter(([, age]) => age <= 4).map(([name]) => name), 'notes.txt'].sort());
  });

  it('never stands in the way: an unusable cache directory, or KUBECTL_SG_CODE_CACHE=off', () => {
    const args = ['show', 'node', '--help'];
    const expected = reference(args);
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, 'not a directory\n');
    expect(sg(join(blocker, 'cache'), args)).toEqual(expected);
    expect(sg('/proc/kubectl-sg-no-such-dir', args)).toEqual(expected);

    const home = fresh();
    expect(sg(home, args, { KUBECTL_SG_CODE_CACHE: 'off' })).toEqual(expected);
    expect(cacheFiles(home)).toEqual([]);
    // KUBECTL_SG_CACHE, the project's cache directory, takes precedence over XDG_CACHE_HOME.
    const own = fresh();
    expect(sg(home, args, { KUBECTL_SG_CACHE: own })).toEqual(expected);
    expect(cacheFiles(home)).toEqual([]);
    expect(readdirSync(join(own, 'code-cache'))).toHaveLength(1);
  });
});

describe("Tab's recent answers", () => {
  it('answer the same Tab again before the CLI loads, and another Tab through the CLI', () => {
    const home = fresh();
    const tab = ['__complete', 'show', ''];
    const first = sg(home, tab);
    expect(first.code).toBe(0);
    // What `kubectl sg show` has: its subcommands (docs/commands.md), then cobra's directive line.
    expect(first.stdout.split('\n').map((l) => l.split('\t')[0])).toEqual(expect.arrayContaining(['cluster', 'node', 'pod', 'group']));
    expect(cacheFiles(home)).toHaveLength(1); // the CLI loaded, and left its code cache
    const answers = join(home, 'kubectl-sg', 'completion', 'answers');
    expect(readdirSync(answers)).toHaveLength(1);

    // Without its code cache, a run that loads the CLI would write it again: the same Tab does not.
    rmSync(cacheDir(home), { recursive: true });
    expect(sg(home, tab)).toEqual(first);
    expect(cacheFiles(home)).toEqual([]);

    // Another Tab is answered by the CLI (and kept too).
    const other = sg(home, ['__complete', 'show', 'node', '--']);
    expect(other.code).toBe(0);
    expect(other.stdout).toContain('--selector');
    expect(cacheFiles(home)).toHaveLength(1);
    expect(readdirSync(answers)).toHaveLength(2);
  });
});
