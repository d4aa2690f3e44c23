// The release as a krew user gets it: krew's own manifest validator on krew/sg.yaml, then an
// offline `krew install --manifest --archive` of the linux/amd64 archive into a temporary
// KREW_ROOT, the plugin run and listed through the real kubectl, and an uninstall that leaves
// the KREW_ROOT as it found it. krew and the validator are built from the Go module proxy.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { ensureKrewBinaries, type KrewBinaries } from './krew-binaries.ts';
import { releaseForTests, type TestRelease } from './release-fixture.ts';
import { distDir, repo, run } from '../e2e/run.ts';

let rel: TestRelease;
let krew: KrewBinaries;
const roots: string[] = [];

beforeAll(async () => {
  [rel, krew] = await Promise.all([releaseForTests(), ensureKrewBinaries()]);
});
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** PATH without dist/ (the development build): only what krew installed can answer as kubectl-sg. */
const systemPath = (process.env.PATH ?? '').split(':').filter((d) => d && d !== distDir).join(':');

/**
 * A KREW_ROOT whose default index is an empty local git repository: krew wants an index for
 * list and uninstall (`krew update` clones one, which needs the network); --manifest needs none.
 */
function krewRoot(): string {
  const r = mkdtempSync(join(tmpdir(), 'kubectl-sg-krew-'));
  roots.push(r);
  const index = join(r, 'index', 'default');
  mkdirSync(index, { recursive: true });
  const git = spawnSync('git', ['init', '-q', index], { encoding: 'utf8' });
  if (git.status !== 0) throw new Error(`git init ${index}: ${git.stderr}`);
  return r;
}

const krewCmd = (root: string, args: string[], env: NodeJS.ProcessEnv = {}) => run(krew.krew, args, { KREW_ROOT: root, PATH: systemPath, ...env });

/** Every file and directory under a root, as relative paths. */
function tree(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      out.push(relative(root, p));
      if (statSync(p, { throwIfNoEntry: false })?.isDirectory()) walk(p);
    }
  };
  walk(root);
  return out;
}

interface Manifest {
  spec: { version: string; shortDescription: string; platforms: { selector: { matchLabels: { os: string; arch: string } }; uri: string; sha256: string; bin: string; files: { from: string; to: string }[] }[] };
}

describe('the krew manifest', () => {
  it('passes krew\'s validator, as built from the archives and as committed in krew/', () => {
    for (const manifest of [rel.manifestPath, join(repo, 'krew', 'sg.yaml')]) {
      const r = run(krew.validator, ['--manifest', manifest, '--skip-install'], { PATH: systemPath });
      expect(r.stderr).toContain('structural validation OK');
      expect(r.stderr).toContain('no overlapping spec.platform[].selector');
      expect(r.code, r.stderr).toBe(0);
    }
  });

  it('names every archive with its sha256, one platform each, as checksums.txt does', () => {
    const m = load(readFileSync(rel.manifestPath, 'utf8')) as Manifest;
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
    expect(m.spec.version).toBe(`v${pkg.version}`);
    expect(m.spec.platforms.map((p) => `${p.selector.matchLabels.os}/${p.selector.matchLabels.arch}`)).toEqual(['linux/amd64', 'linux/arm64', 'darwin/amd64', 'darwin/arm64', 'windows/amd64']);
    const sums = new Map(readFileSync(rel.checksumsPath, 'utf8').trim().split('\n').map((l) => l.split(/\s+/).reverse() as [string, string]));
    for (const a of rel.archives) {
      const p = m.spec.platforms.find((x) => x.uri.endsWith(`/${a.file}`));
      expect(p?.sha256).toBe(a.sha256);
      expect(sums.get(a.file)).toBe(a.sha256);
      const sha = spawnSync('sha256sum', [a.path], { encoding: 'utf8' }).stdout.split(' ')[0];
      expect(sha).toBe(a.sha256);
    }
  });
});

describe('krew install, offline, linux/amd64', () => {
  it('installs, runs through kubectl, is listed by kubectl, and uninstalls leaving nothing behind', () => {
    const root = krewRoot();
    const linux = rel.archives.find((a) => a.platform.os === 'linux' && a.platform.arch === 'amd64')!;
    // krew makes its directories on first use; what the install adds is measured from there.
    expect(krewCmd(root, ['list']).code).toBe(0);
    const before = tree(root);
    expect(before.filter((p) => !p.includes('/'))).toEqual(['bin', 'index', 'receipts', 'store']);

    const inst = krewCmd(root, ['install', `--manifest=${rel.manifestPath}`, `--archive=${linux.path}`]);
    expect(inst.code, inst.stderr).toBe(0);
    expect(inst.stderr).toContain('Installed plugin: sg');
    const bin = join(root, 'bin');
    expect(readdirSync(bin)).toEqual(['kubectl-sg']);
    const store = join(root, 'store', 'sg', `v${rel.version}`);
    expect(readdirSync(store).sort()).toEqual(['LICENSE', 'LICENSE.node', 'kubectl-sg', 'kubectl_complete-sg']);

    const env = { PATH: `${bin}:${systemPath}`, KREW_ROOT: root };
    const v = run('kubectl', ['sg', 'version'], env);
    expect(v.stderr).toBe('');
    expect(v.stdout).toBe(`kubectl-sg v${rel.version}\n`);
    expect(v.code).toBe(0);
    // The executable's own Node, whatever node (if any) the machine has.
    const j = JSON.parse(run('kubectl', ['sg', 'version', '-o', 'json'], env).stdout) as { node: string; platform: string };
    expect(j).toMatchObject({ node: process.version, platform: 'linux/x64' });
    const help = run('kubectl', ['sg', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('kubectl sg show <command>');

    const list = run('kubectl', ['plugin', 'list'], env);
    expect(list.stdout).toContain(join(bin, 'kubectl-sg'));
    expect(list.stdout).not.toContain(join(distDir, 'kubectl-sg'));
    // Installed from a manifest, not from an index: krew calls that "detached".
    expect(krewCmd(root, ['list']).stdout).toBe('detached/sg\n');

    const un = krewCmd(root, ['uninstall', 'sg']);
    expect(un.code, un.stderr).toBe(0);
    expect(tree(root)).toEqual(before);
    expect(run('kubectl', ['sg', 'version'], env).code).not.toBe(0);
  });

  it('ships the completion helper, which answers through the installed executable', () => {
    const root = krewRoot();
    const linux = rel.archives.find((a) => a.platform.os === 'linux' && a.platform.arch === 'amd64')!;
    expect(krewCmd(root, ['install', `--manifest=${rel.manifestPath}`, `--archive=${linux.path}`]).code).toBe(0);
    const shim = join(root, 'store', 'sg', `v${rel.version}`, 'kubectl_complete-sg');
    const r = run(shim, ['show', 'n'], { PATH: `${join(root, 'bin')}:${systemPath}` });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^node\t.+\n:4\n$/);
  });

  it('puts the completion helper on PATH with the command its caveats give, and kubectl then finds it', () => {
    const root = krewRoot();
    const linux = rel.archives.find((a) => a.platform.os === 'linux' && a.platform.arch === 'amd64')!;
    expect(krewCmd(root, ['install', `--manifest=${rel.manifestPath}`, `--archive=${linux.path}`]).code).toBe(0);
    const manifest = load(readFileSync(rel.manifestPath, 'utf8')) as { spec: { caveats: string } };
    const commands = manifest.spec.caveats.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim());
    expect(commands).toHaveLength(1);
    const env = { KREW_ROOT: root, PATH: `${join(root, 'bin')}:${systemPath}` };
    const setup = spawnSync('sh', ['-c', commands[0]!], { env: { ...process.env, ...env }, encoding: 'utf8' });
    expect(setup.stderr).toBe('');
    expect(setup.status).toBe(0);
    const r = run('kubectl', ['__complete', 'sg', 'show', 'n'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`About to call: ${join(root, 'bin', 'kubectl_complete-sg')} show n`);
    expect(r.stdout).toMatch(/^node\t.+\n:4\n/);
  });
});
