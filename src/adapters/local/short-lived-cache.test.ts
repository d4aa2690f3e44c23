// Tab's short-lived cache: fresh entries are read back, stale or damaged ones are misses, and an
// answer is named by everything it depends on.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPLETION_TTL_MS, completionAnswerFile, readFresh, writeFresh, writeShellAnswer } from './short-lived-cache.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubectl-sg-short-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readFresh / writeFresh', () => {
  it('reads back within the TTL and misses after it', () => {
    const file = join(dir, 'a', 'b.json');
    writeFresh(file, ['x'], 1_000_000);
    expect(readFresh(file, 1_000_000 + COMPLETION_TTL_MS - 1)).toEqual(['x']);
    expect(readFresh(file, 1_000_000 + COMPLETION_TTL_MS)).toBeUndefined();
    // A clock set back: not trusted.
    expect(readFresh(file, 999_999)).toBeUndefined();
  });

  it('treats a damaged or missing file as a miss', () => {
    const file = join(dir, 'c.json');
    expect(readFresh(file)).toBeUndefined();
    writeFileSync(file, '{"at": 1, "val');
    expect(readFresh(file)).toBeUndefined();
  });
});

describe('completionAnswerFile', () => {
  const kubeconfig = () => join(dir, 'config');
  const env = () => ({ KUBECONFIG: kubeconfig(), HOME: dir, TENCENTCLOUD_REGION: 'ap-guangzhou' });
  beforeEach(() => writeFileSync(kubeconfig(), 'apiVersion: v1\n'));

  it('is the same for the same Tab, whatever the shell changes between presses', () => {
    const a = completionAnswerFile(dir, ['show', 'node', ''], { ...env(), _: '/usr/bin/kubectl', OLDPWD: '/a', SHLVL: '1' }, '/w');
    const b = completionAnswerFile(dir, ['show', 'node', ''], { ...env(), _: '/bin/sh', OLDPWD: '/b', SHLVL: '2' }, '/w');
    expect(a).toBe(b);
    expect(a.startsWith(join(dir, 'completion', 'answers'))).toBe(true);
  });

  it('differs with the words, the directory, the environment and a rewritten kubeconfig', () => {
    const base = completionAnswerFile(dir, ['show', 'node', ''], env(), '/w');
    expect(completionAnswerFile(dir, ['show', 'node', '--context', 'b', ''], env(), '/w')).not.toBe(base);
    expect(completionAnswerFile(dir, ['show', 'node', ''], env(), '/elsewhere')).not.toBe(base);
    expect(completionAnswerFile(dir, ['show', 'node', ''], { ...env(), TENCENTCLOUD_REGION: 'ap-shanghai' }, '/w')).not.toBe(base);
    utimesSync(kubeconfig(), new Date(2020, 1, 1), new Date(2020, 1, 1));
    expect(completionAnswerFile(dir, ['show', 'node', ''], env(), '/w')).not.toBe(base);
  });

  it('never holds a secret in its name', () => {
    const f = completionAnswerFile(dir, ['show', 'group', ''], { ...env(), TENCENTCLOUD_SECRET_KEY: 'the-secret-key-0123456789' }, '/w');
    expect(f).not.toContain('the-secret-key');
  });
});

describe('writeShellAnswer', () => {
  const tabDir = () => join(dir, 'completion', 'tab');

  it('keeps the answer, private, under the key cksum gave kubectl_complete-sg', () => {
    writeShellAnswer(dir, '3015617425-6', 'node\tdesc\n:4\n');
    expect(readdirSync(tabDir())).toEqual(['3015617425-6']);
    expect(readFileSync(join(tabDir(), '3015617425-6'), 'utf8')).toBe('node\tdesc\n:4\n');
    expect(statSync(join(tabDir(), '3015617425-6')).mode & 0o777).toBe(0o600);
  });

  it('keeps nothing under a key that is not what cksum prints: no key, a path, another tool\'s words', () => {
    for (const key of [undefined, '', '../../x', '123', 'abc-12', '1 2', '12-34/..']) writeShellAnswer(dir, key, ':4\n');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes the answers of earlier half minutes as it writes', () => {
    mkdirSync(tabDir(), { recursive: true });
    const now = Date.now();
    writeFileSync(join(tabDir(), '1-1'), 'old');
    writeFileSync(join(tabDir(), '2-2'), 'recent');
    utimesSync(join(tabDir(), '1-1'), new Date(now - 2 * COMPLETION_TTL_MS - 1_000), new Date(now - 2 * COMPLETION_TTL_MS - 1_000));
    writeShellAnswer(dir, '3-3', 'new', now);
    expect(readdirSync(tabDir()).sort()).toEqual(['2-2', '3-3']);
  });
});
