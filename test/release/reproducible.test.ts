// A release rebuilt elsewhere is the same bytes (issue 21, docs/release.md): the release the
// other release tests use (release-fixture.ts: built from this checkout's dist/, by its Node,
// under the build cache) against `npm run dist`'s two steps run in a copy of the sources in a
// temporary directory, bundled by a copy of the Node binary that lives there, the way a user
// without git history (SOURCE_DATE_EPOCH given) rebuilds it. The two sides differ in the
// checkout's directory, the bundle's path and the Node path its shebang names, the
// single-executable config's directory: everything a build machine could leak. node_modules is
// a symlink to this checkout's (installing it again would cost a minute and prove nothing of
// this project's build); the executables are also searched for both directories' names, which
// would catch a path from node_modules too.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELEASE_INPUTS } from '../../cmd/release/source-date.ts';
import { releaseEpoch, releaseForTests, type TestRelease } from './release-fixture.ts';
import { repo } from '../e2e/run.ts';

let rel: TestRelease;
let copy: string;

/** Runs a step of `npm run dist` in the copy, as npm would, with the given Node. */
function step(node: string, args: string[]): void {
  const r = spawnSync(node, args, { cwd: copy, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: String(releaseEpoch) } });
  if (r.status !== 0) throw new Error(`${args.join(' ')} in ${copy} exited ${r.status}:\n${r.stderr}`);
}

beforeAll(async () => {
  copy = mkdtempSync(join(tmpdir(), 'kubectl-sg-rebuild-'));
  for (const input of RELEASE_INPUTS) cpSync(join(repo, input), join(copy, input), { recursive: true });
  mkdirSync(join(copy, 'krew'));
  symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'));
  // A Node of its own: build.mjs writes the path of the Node running it into the bundle's shebang.
  const node = join(copy, 'node');
  copyFileSync(process.execPath, node);
  rel = await releaseForTests();
  step(node, ['build.mjs']);
  step(node, ['cmd/dist.ts', '--out', join(copy, 'dist-release')]);
});
afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe('a release rebuilt in another directory', () => {
  it('has the same checksums.txt and krew manifest, byte for byte', () => {
    const out = join(copy, 'dist-release');
    expect(readFileSync(join(out, 'checksums.txt'), 'utf8')).toBe(readFileSync(rel.checksumsPath, 'utf8'));
    expect(readFileSync(join(out, 'sg.yaml'), 'utf8')).toBe(readFileSync(rel.manifestPath, 'utf8'));
    // dist.ts's copy for the repo, as a release commits it.
    expect(readFileSync(join(copy, 'krew', 'sg.yaml'), 'utf8')).toBe(readFileSync(rel.manifestPath, 'utf8'));
  });

  it('carries neither checkout\'s directory in any executable', () => {
    for (const a of rel.archives) {
      const exe = executableOf(a.path, a.platform.exe);
      expect(exe.includes(repo), `${a.file} names ${repo}`).toBe(false);
      expect(exe.includes(copy), `${a.file} names ${copy}`).toBe(false);
    }
  });
});

/** The executable out of a release archive (tar.gz or zip), by the system's tar and unzip. */
function executableOf(archive: string, name: string): Buffer {
  const r = archive.endsWith('.zip')
    ? spawnSync('unzip', ['-p', archive, name], { maxBuffer: 512 << 20 })
    : spawnSync('tar', ['-xzOf', archive, name], { maxBuffer: 512 << 20 });
  if (r.status !== 0) throw new Error(`extracting ${name} from ${archive}: ${r.stderr}`);
  return r.stdout;
}
