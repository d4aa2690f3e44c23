// Where the release tests keep what they build (five ~110 MB executables, twice: the release the
// tests read, and reproducible.test.ts's rebuild in a copy of the sources), named by a hash of
// everything it is made from. Apart from the fixture and the rebuild, the run's order reads it
// (test/longest-first.ts): a build not yet kept makes the release files the longest of the run.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot } from '../../cmd/release/build-cache.ts';
import { besideTexts, shebangNodeFlags, withoutShebang } from '../../cmd/release/single-executable.ts';
import { RELEASE_INPUTS, sourceDateEpoch } from '../../cmd/release/source-date.ts';
import { distDir, repo } from '../e2e/run.ts';

/** The files that build a release, or wait for one, when none is kept for this content. */
export const RELEASE_TEST_FILES = ['test/release/executables.test.ts', 'test/release/krew.test.ts', 'test/release/reproducible.test.ts'];

/** The version a release carries and the Node it is built on (the `node` devDependency). */
export const releasePackage = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string; devDependencies: { node: string } };

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

/** The release the tests read: everything it is made of, code that makes it included. */
export function releaseForTestsDir(): string {
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
  h.update(JSON.stringify({ version: releasePackage.version, node: releasePackage.devDependencies.node, running: process.version, epoch: releaseEpoch }));
  return join(cacheRoot(), 'release-test', h.digest('hex').slice(0, 16));
}

/** The rebuild in a copy: a hash of every file under the release inputs, by path and bytes, with the Node and the epoch. */
export function rebuildDir(): string {
  const h = createHash('sha256').update(JSON.stringify({ node: process.version, epoch: releaseEpoch }));
  const visit = (rel: string): void => {
    const abs = join(repo, rel);
    if (statSync(abs).isDirectory()) for (const name of readdirSync(abs).sort()) visit(join(rel, name));
    else h.update(rel).update(readFileSync(abs));
  };
  for (const input of RELEASE_INPUTS) visit(input);
  return join(cacheRoot(), 'release-rebuild', h.digest('hex').slice(0, 16));
}

/** What each build's directory holds once it is whole (a directory appears by rename, whole). */
export const RELEASE_SUMMARY = 'release.json';
export const REBUILD_SUMMARY = 'rebuild.json';

/** Whether this run's release tests will build: either build is not kept for these inputs (a cold cache, a release input changed). */
export function releaseBuildPending(): boolean {
  return !existsSync(join(releaseForTestsDir(), RELEASE_SUMMARY)) || !existsSync(join(rebuildDir(), REBUILD_SUMMARY));
}
