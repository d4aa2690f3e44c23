// The order test files start in: the longest first, so that no long file starts near the end of
// the run and leaves one core waiting on it. vitest's own order does this from its cache of the
// last run's durations; without one (a fresh clone, CI) it runs projects by name and files by
// size, and the two kill-point files (~60 s and ~40 s, small files) then started last: a fresh
// clone's run took 223 s against 207 s with durations known. test/file-durations.json holds the
// durations of one warm run (`npm run bench:suite -- --save-durations` refreshes it); vitest's
// own cache, when it has a file, wins. One exception: when no release is kept for this checkout's
// inputs (a cold cache, or any release input changed), the release files build it themselves
// (test/release/release-keys.ts), which takes them minutes instead of their usual seconds; they
// start first then, as a file never timed does, instead of last, where they kept one or two
// cores busy alone for the run's last half-minute. Only the order changes, never what runs.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const FILE_DURATIONS = new URL('./file-durations.json', import.meta.url);

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const saved = JSON.parse(readFileSync(FILE_DURATIONS, 'utf8')) as Record<string, number>;
    const root = this.ctx.config.root;
    const building = await filesBuildingTheRelease();
    // Each file's verdict and duration once, not in every comparison.
    const known = new Map(
      files.map((f) => {
        const last = this.ctx.cache.getTestSpecificationResult(f);
        const path = relative(root, f.moduleId);
        const s = saved[path];
        const untimed = building.includes(path);
        return [f, { failed: last?.failed ?? false, ms: untimed ? undefined : (last?.duration ?? (s === undefined ? undefined : s * 1000)) }] as const;
      }),
    );
    const sizes = await super.sort(files); // vitest's order: the fallback for files nobody timed yet
    const rank = new Map(sizes.map((f, i) => [f, i]));
    return [...files].sort((a, b) => {
      const [x, y] = [known.get(a)!, known.get(b)!];
      if (x.failed !== y.failed) return x.failed ? -1 : 1;
      // A file never timed first (it may be long), in vitest's order among themselves.
      if (x.ms === undefined || y.ms === undefined) return x.ms === undefined && y.ms === undefined ? rank.get(a)! - rank.get(b)! : x.ms === undefined ? -1 : 1;
      return y.ms - x.ms;
    });
  }
}

/**
 * The release files when they will build a release this run, else none. Loaded only here, when a
 * run is ordered (the config naming this sequencer loads for every vitest command); without a
 * bundle to hash (dist/ not built) nothing is known, and the saved order holds.
 */
async function filesBuildingTheRelease(): Promise<readonly string[]> {
  try {
    const keys = await import('./release/release-keys.ts');
    return keys.releaseBuildPending() ? keys.RELEASE_TEST_FILES : [];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
