// The release, built for the tests exactly as `npm run dist` builds it (cmd/release/release.ts), from
// the bundle `npm test` has just built. Building five ~110 MB executables takes a minute or
// more, so it happens once per content: the result is kept in the build cache under a hash of
// everything that goes into it, and test files (and later runs) that find it only read it.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { acquireLock, prefixed } from '../../cmd/release/build-cache.ts';
import { buildRelease } from '../../cmd/release/release.ts';
import { besideTexts } from '../../cmd/release/single-executable.ts';
import { PLATFORMS, type Platform } from '../../cmd/release/platforms.ts';
import { distDir, repo } from '../e2e/run.ts';
import { RELEASE_SUMMARY, releaseEpoch, releaseForTestsDir, releasePackage } from './release-keys.ts';

export interface TestArchive {
  platform: Platform;
  file: string;
  path: string;
  sha256: string;
  signed: boolean;
}

export interface TestRelease {
  dir: string;
  archives: TestArchive[];
  manifestPath: string;
  checksumsPath: string;
  version: string;
}

/** Other contents' releases are removed once nobody has built them for an hour (other checkouts may be testing theirs). */
export function pruneOthers(root: string, keep: string): void {
  for (const name of readdirSync(root)) {
    const dir = join(root, name);
    if (name === keep || name.endsWith('.lock')) continue;
    if (Date.now() - statSync(dir).mtimeMs > 3600_000) rmSync(dir, { recursive: true, force: true });
  }
}

export async function releaseForTests(): Promise<TestRelease> {
  const log = prefixed('release for tests', (l) => process.stderr.write(`${l}\n`));
  const dir = releaseForTestsDir();
  const [root, hash] = [dirname(dir), basename(dir)];
  const summary = join(dir, RELEASE_SUMMARY);
  if (!existsSync(summary)) {
    mkdirSync(root, { recursive: true });
    const release = await acquireLock(join(root, `${hash}.lock`), log);
    try {
      if (!existsSync(summary)) {
        const t0 = Date.now();
        log(`building all ${PLATFORMS.length} platforms into ${dir} (content ${hash}); warm caches: about a minute`);
        const work = `${dir}.tmp-${process.pid}`;
        rmSync(work, { recursive: true, force: true });
        mkdirSync(work, { recursive: true });
        // Built from a copy: others may rebuild dist/ while this runs.
        copyFileSync(join(distDir, 'kubectl-sg'), join(work, 'bundle.mjs'));
        for (const t of besideTexts(distDir)) copyFileSync(join(distDir, t), join(work, t));
        const r = await buildRelease({
          bundle: join(work, 'bundle.mjs'),
          shimDir: join(repo, 'cmd'),
          license: join(repo, 'LICENSE'),
          outDir: work,
          platforms: PLATFORMS,
          version: releasePackage.version,
          nodeVersion: releasePackage.devDependencies.node,
          sourceDateEpoch: releaseEpoch,
          log,
        });
        rmSync(join(work, 'bundle.mjs'));
        for (const t of besideTexts(work)) rmSync(join(work, t));
        writeFileSync(join(work, 'sg.yaml'), r.manifest);
        writeFileSync(join(work, 'checksums.txt'), r.checksums);
        const archives = r.archives.map((a) => ({ platform: a.platform, file: a.file, sha256: a.sha256, signed: a.signed }));
        writeFileSync(join(work, RELEASE_SUMMARY), JSON.stringify({ archives }, null, 2));
        rmSync(dir, { recursive: true, force: true });
        renameSync(work, dir);
        log(`built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
        pruneOthers(root, hash);
      }
    } finally {
      release();
    }
  }
  const { archives } = JSON.parse(readFileSync(summary, 'utf8')) as { archives: Omit<TestArchive, 'path'>[] };
  return {
    dir,
    archives: archives.map((a) => ({ ...a, path: join(dir, a.file) })),
    manifestPath: join(dir, 'sg.yaml'),
    checksumsPath: join(dir, 'checksums.txt'),
    version: releasePackage.version,
  };
}
