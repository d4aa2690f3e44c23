// The order test files start in: the longest first, so that no long file starts near the end of
// the run and leaves one core waiting on it. vitest's own order does this from its cache of the
// last run's durations; without one (a fresh clone, CI) it runs projects by name and files by
// size, and the two kill-point files (~60 s and ~40 s, small files) then started last: a fresh
// clone's run took 223 s against 207 s with durations known. test/file-durations.json holds the
// durations of one warm run (`npm run bench:suite -- --save-durations` refreshes it); vitest's
// own cache, when it has a file, wins. Only the order changes, never what runs.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const FILE_DURATIONS = new URL('./file-durations.json', import.meta.url);

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const saved = JSON.parse(readFileSync(FILE_DURATIONS, 'utf8')) as Record<string, number>;
    const root = this.ctx.config.root;
    // Each file's verdict and duration once, not in every comparison.
    const known = new Map(
      files.map((f) => {
        const last = this.ctx.cache.getTestSpecificationResult(f);
        const s = saved[relative(root, f.moduleId)];
        return [f, { failed: last?.failed ?? false, ms: last?.duration ?? (s === undefined ? undefined : s * 1000) }] as const;
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
