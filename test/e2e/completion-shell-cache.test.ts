// kubectl_complete-sg answers a Tab it answered in this half minute without starting Node, and
// starts Node whenever anything the answer depends on changed: the words, the working directory,
// the environment, a kubeconfig file's contents, the half minute. Run by the shells a /bin/sh
// is on the machines the plugin ships for (dash on Debian and Ubuntu, bash on macOS), with the
// clock a `date` of the test's own, and a `kubectl-sg` stand-in that says when Node was asked.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distDir } from './run.ts';

const SHELLS = [['dash'], ['bash', '--posix']].filter(([sh]) => spawnSync(sh!, ['-c', 'exit 0']).status === 0);
const script = join(distDir, 'kubectl_complete-sg');

let root: string;
/** `date` that prints the file clock/now for `date +%s` (not a variable: the environment is part of the key). */
let clockDir: string;
/** `kubectl-sg` that prints what it was asked, instead of starting Node. */
let standIn: string;
/** Where the shell finds `kubectl-sg`: the plugin or the stand-in, the same PATH either way. */
let binDir: string;

/** Which `kubectl-sg` the next Tab finds. */
function kubectlSg(which: 'plugin' | 'stand-in'): void {
  rmSync(join(binDir, 'kubectl-sg'), { force: true });
  symlinkSync(which === 'plugin' ? join(distDir, 'kubectl-sg') : standIn, join(binDir, 'kubectl-sg'));
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kubectl-sg-tab-cache-'));
  clockDir = join(root, 'clock');
  binDir = join(root, 'bin');
  standIn = join(root, 'stand-in');
  mkdirSync(clockDir);
  mkdirSync(binDir);
  writeFileSync(join(clockDir, 'date'), `#!/bin/sh\ncat ${join(clockDir, 'now')}\n`);
  writeFileSync(standIn, '#!/bin/sh\nprintf "node asked: %s key=%s\\n" "$*" "$KUBECTL_SG_TAB_KEY"\n');
  chmodSync(join(clockDir, 'date'), 0o755);
  chmodSync(standIn, 0o755);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.each(SHELLS)('kubectl_complete-sg under %s', (...shell) => {
  let home: string;
  let kubeconfig: string;
  // 1,000,000,020 is the first second of a half minute (33,333,334 × 30).
  const T0 = 1_000_000_020;
  const env = (o: { now?: number | string; extra?: NodeJS.ProcessEnv } = {}): NodeJS.ProcessEnv => {
    writeFileSync(join(clockDir, 'now'), `${o.now ?? T0}\n`);
    return { PATH: [clockDir, binDir, '/usr/bin', '/bin'].join(':'), HOME: home, KUBECONFIG: kubeconfig, ...o.extra };
  };
  /** The words after `kubectl sg`, as kubectl passes them; the plugin answers only when `node` says so. */
  const tab = (words: string[], e: NodeJS.ProcessEnv, cwd = home, node: 'plugin' | 'stand-in' = 'stand-in') => {
    kubectlSg(node);
    const r = spawnSync(shell[0]!, [...shell.slice(1), script, ...words], { env: e, cwd, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r.stdout;
  };
  const fromNode = (words: string[]) => expect.stringMatching(new RegExp(`^node asked: __complete ${words.join(' ')} key=\\d+-\\d+\\n$`));

  beforeAll(() => {
    home = mkdtempSync(join(root, 'home-'));
    kubeconfig = join(home, 'config');
    writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\ncurrent-context: a\n');
  });

  it('keeps the answer Node gave, and prints it again without Node for the rest of the half minute', () => {
    const words = ['show', ''];
    const first = tab(words, env(), home, 'plugin');
    expect(first.split('\n').map((l) => l.split('\t')[0])).toEqual(expect.arrayContaining(['node', 'pod', ':4']));
    expect(readdirSync(join(home, '.cache', 'kubectl-sg', 'completion', 'tab'))).toHaveLength(1);
    expect(tab(words, env())).toBe(first);
    expect(tab(words, env({ now: T0 + 29 }))).toBe(first);
    expect(tab(words, env({ now: T0 + 30 }))).toEqual(fromNode(words));
  });

  it('keeps the answer again in the next half minute when Node answers it from its own cache', () => {
    const words = ['set', 'c'];
    const first = tab(words, env(), home, 'plugin');
    // The plugin's own cache still holds the answer (it lives 30 s of real time): it prints it
    // without the CLI, and keeps it under the script's new key as well.
    expect(tab(words, env({ now: T0 + 30 }), home, 'plugin')).toBe(first);
    expect(tab(words, env({ now: T0 + 31 }))).toBe(first);
  });

  it('asks Node when the words, the directory, the environment or a kubeconfig changed', () => {
    const words = ['set', ''];
    const first = tab(words, env(), home, 'plugin');
    expect(tab(words, env())).toBe(first);
    expect(tab(['set', 'n'], env())).toEqual(fromNode(['set', 'n']));
    expect(tab(['set', '', ''], env())).toEqual(fromNode(['set', '', '']));
    expect(tab(words, env(), root)).toEqual(fromNode(words));
    expect(tab(words, env({ extra: { TENCENTCLOUD_REGION: 'ap-shanghai' } }))).toEqual(fromNode(words));
    writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\ncurrent-context: b\n');
    expect(tab(words, env())).toEqual(fromNode(words));
    writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\ncurrent-context: a\n');
    expect(tab(words, env())).toBe(first);
  });

  it('honours KUBECTL_SG_CACHE and XDG_CACHE_HOME as the plugin does', () => {
    for (const [extra, dir] of [
      [{ KUBECTL_SG_CACHE: join(home, 'own') }, join(home, 'own')],
      [{ XDG_CACHE_HOME: join(home, 'xdg') }, join(home, 'xdg', 'kubectl-sg')],
    ] as const) {
      const first = tab(['history', ''], env({ extra }), home, 'plugin');
      expect(readdirSync(join(dir, 'completion', 'tab'))).toHaveLength(1);
      expect(tab(['history', ''], env({ extra }))).toBe(first);
    }
  });

  it('always asks Node without a cache directory or a clock it can read', () => {
    const words = ['show', ''];
    tab(words, env(), home, 'plugin');
    expect(tab(words, { ...env(), HOME: '' })).toBe('node asked: __complete show  key=\n');
    expect(tab(words, env({ now: 'Mon Dec  7 05:00:00 UTC 2026' }))).toBe('node asked: __complete show  key=\n');
    expect(tab(words, env({ now: '' }))).toBe('node asked: __complete show  key=\n');
  });
});
