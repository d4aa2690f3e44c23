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
//
// The rebuild's outputs are kept under the build cache, named by a hash of everything it is
// made from (the release inputs' bytes, the Node running it, the epoch): a run over the same
// inputs compares with them instead of building five executables again (~20 s of CPU). Any
// change to a release input, or a cold cache (CI, a new machine), rebuilds and compares afresh.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELEASE_INPUTS } from '../../cmd/release/source-date.ts';
import { pruneOthers, releaseForTests, type TestRelease } from './release-fixture.ts';
import { REBUILD_SUMMARY, rebuildDir, releaseEpoch } from './release-keys.ts';
import { repo } from '../e2e/run.ts';

let rel: TestRelease;
/** Where the rebuild ran (its directory name is searched for in the executables), and what it made. */
let copy: string;
let rebuilt: { copy: string; checksums: string; manifest: string; committedManifest: string };

/** Runs a step of `npm run dist` in the copy, as npm would, with the given Node. */
function step(node: string, args: string[]): void {
  const r = spawnSync(node, args, { cwd: copy, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: String(releaseEpoch) } });
  if (r.status !== 0) throw new Error(`${args.join(' ')} in ${copy} exited ${r.status}:\n${r.stderr}`);
}

let workDir: string | undefined;

beforeAll(async () => {
  const kept = rebuildDir();
  const rebuild = () => {
    copy = workDir = mkdtempSync(join(tmpdir(), 'kubectl-sg-rebuild-'));
    for (const input of RELEASE_INPUTS) cpSync(join(repo, input), join(copy, input), { recursive: true });
    mkdirSync(join(copy, 'krew'));
    symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'));
    // A Node of its own: build.mjs writes the path of the Node running it into the bundle's shebang.
    const node = join(copy, 'node');
    copyFileSync(process.execPath, node);
    step(node, ['build.mjs']);
    step(node, ['cmd/dist.ts', '--out', join(copy, 'dist-release')]);
    const out = join(copy, 'dist-release');
    const made = {
      copy,
      checksums: readFileSync(join(out, 'checksums.txt'), 'utf8'),
      manifest: readFileSync(join(out, 'sg.yaml'), 'utf8'),
      // dist.ts's copy for the repo, as a release commits it.
      committedManifest: readFileSync(join(copy, 'krew', 'sg.yaml'), 'utf8'),
    };
    const fresh = `${kept}.tmp-${process.pid}`;
    mkdirSync(fresh, { recursive: true });
    writeFileSync(join(fresh, REBUILD_SUMMARY), JSON.stringify(made));
    rmSync(kept, { recursive: true, force: true });
    renameSync(fresh, kept);
    pruneOthers(dirname(kept), basename(kept));
    return made;
  };
  rel = await releaseForTests();
  // spawnSync in rebuild(): after the fixture's build, whose steps need this event loop.
  rebuilt = existsSync(join(kept, REBUILD_SUMMARY)) ? (JSON.parse(readFileSync(join(kept, REBUILD_SUMMARY), 'utf8')) as ReturnType<typeof rebuild>) : rebuild();
  copy = rebuilt.copy;
});
afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('a release rebuilt in another directory', () => {
  it('has the same checksums.txt and krew manifest, byte for byte', () => {
    expect(rebuilt.checksums).toBe(readFileSync(rel.checksumsPath, 'utf8'));
    expect(rebuilt.manifest).toBe(readFileSync(rel.manifestPath, 'utf8'));
    expect(rebuilt.committedManifest).toBe(readFileSync(rel.manifestPath, 'utf8'));
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
