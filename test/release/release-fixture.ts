// The release, built for the tests exactly as `npm run dist` builds it (cmd/release/release.ts), from
// the bundle `npm test` has just built. Building five ~110 MB executables takes a minute or
// more, so it happens once per content: the result is kept in the build cache under a hash of
// everything that goes into it, and test files (and later runs) that find it only read it.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acquireLock, cacheRoot, prefixed } from '../../cmd/release/build-cache.ts';
import { buildRelease } from '../../cmd/release/release.ts';
import { besideTexts, shebangNodeFlags, withoutShebang } from '../../cmd/release/single-executable.ts';
import { PLATFORMS, type Platform } from '../../cmd/release/platforms.ts';
import { sourceDateEpoch } from '../../cmd/release/source-date.ts';
import { distDir, repo } from '../e2e/run.ts';

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

const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string; devDependencies: { node: string } };
/**
 * The archives' time, as `npm run dist` in this checkout takes it; in a checkout it cannot be read
 * from (a CI's shallow clone), any fixed time serves the tests, which compare builds made alike.
 */
export const releaseEpoch = (() => {
  try {
    return sourceDateEpoch(repo);
  } catch {
    return 0;
  }
})();

/** Everything a release is made of, code that makes it included. */
function contentHash(): string {
  const h = createHash('sha256');
  const files = [
    ...besideTexts(distDir).map((t) => join(distDir, t)),
    join(repo, 'cmd', 'kubectl_complete-sg'),
    join(repo, 'cmd', 'kubectl_complete-sg.cmd'),
    join(repo, 'LICENSE'),
    join(repo, 'cmd', 'dist.ts'),
    ...readdirSync(join(repo, 'cmd', 'release')).filter((f) => f.endsWith('.ts')).sort().map((f) => join(repo, 'cmd', 'release', f)),
  ];
  // The entry's `#!` line names this checkout's Node; a release keeps only its flags
  // (single-executable.ts), so a fresh clone elsewhere reuses the same build.
  const entry = readFileSync(join(distDir, 'kubectl-sg'));
  h.update(JSON.stringify(shebangNodeFlags(entry))).update(withoutShebang(entry));
  for (const f of files) h.update(f.slice(repo.length)).update(readFileSync(f));
  h.update(JSON.stringify({ version: pkg.version, node: pkg.devDependencies.node, running: process.version, epoch: releaseEpoch }));
  return h.digest('hex').slice(0, 16);
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
  const root = join(cacheRoot(), 'release-test');
  const hash = contentHash();
  const dir = join(root, hash);
  const summary = join(dir, 'release.json');
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
          version: pkg.version,
          nodeVersion: pkg.devDependencies.node,
          sourceDateEpoch: releaseEpoch,
          log,
        });
        rmSync(join(work, 'bundle.mjs'));
        for (const t of besideTexts(work)) rmSync(join(work, t));
        writeFileSync(join(work, 'sg.yaml'), r.manifest);
        writeFileSync(join(work, 'checksums.txt'), r.checksums);
        const archives = r.archives.map((a) => ({ platform: a.platform, file: a.file, sha256: a.sha256, signed: a.signed }));
        writeFileSync(join(work, 'release.json'), JSON.stringify({ archives }, null, 2));
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
    version: pkg.version,
  };
}
