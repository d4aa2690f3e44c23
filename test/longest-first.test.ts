// The order test files start in (longest-first.ts): a file's last duration from vitest's cache,
// else the one saved in test/file-durations.json; files never timed first, and the release files
// first while they will build a release.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import { FILE_DURATIONS, LongestFirst } from './longest-first.ts';
import { repo } from './e2e/run.ts';
import { REBUILD_SUMMARY, RELEASE_SUMMARY, rebuildDir, releaseForTestsDir } from './release/release-keys.ts';

const saved = JSON.parse(readFileSync(FILE_DURATIONS, 'utf8')) as Record<string, number>;

/** Specifications of files under the repository, in one project, as vitest hands them to a sequencer. */
function specs(paths: string[]): TestSpecification[] {
  const project = { name: 'processes', config: { sequence: { groupOrder: 0 }, isolate: false } };
  return paths.map((p) => ({ moduleId: join(repo, p), project }) as unknown as TestSpecification);
}

function sequencer(lastRun: Record<string, { failed: boolean; duration: number }>): LongestFirst {
  const ctx = {
    config: { root: repo },
    cache: { getTestSpecificationResult: (s: TestSpecification) => lastRun[s.moduleId.slice(repo.length + 1)] },
  };
  return new LongestFirst(ctx as unknown as Vitest);
}

describe('longest first', () => {
  it('orders a fresh clone\'s files by the saved durations: the kill-point files before the quick ones', async () => {
    const files = ['test/e2e/plugin.test.ts', 'test/e2e/resync-kill-toggle.test.ts', 'test/e2e/show-node.test.ts'];
    const ordered = (await sequencer({}).sort(specs(files))).map((s) => s.moduleId.slice(repo.length + 1));
    expect(ordered).toEqual([...files].sort((a, b) => saved[b]! - saved[a]!));
    expect(ordered[0]).toBe('test/e2e/resync-kill-toggle.test.ts');
  });

  it('prefers the last run\'s durations, puts failed files first and never-timed files before timed ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubectl-sg-order-'));
    const fresh = join(dir, 'new.test.ts');
    writeFileSync(fresh, '');
    const files = ['test/e2e/resync-kill-toggle.test.ts', 'test/e2e/plugin.test.ts', 'test/e2e/show-node.test.ts'];
    const s = sequencer({
      'test/e2e/plugin.test.ts': { failed: false, duration: 500_000 },
      'test/e2e/show-node.test.ts': { failed: true, duration: 1 },
    });
    const all = [...specs(files), { moduleId: fresh, project: specs(files)[0]!.project } as unknown as TestSpecification];
    const ordered = (await s.sort(all)).map((x) => x.moduleId);
    expect(ordered).toEqual([join(repo, 'test/e2e/show-node.test.ts'), fresh, join(repo, 'test/e2e/plugin.test.ts'), join(repo, 'test/e2e/resync-kill-toggle.test.ts')]);
  });

  it('starts the release files first while no release is kept for these inputs, and by their saved durations once one is', async () => {
    const release = ['test/release/krew.test.ts', 'test/release/executables.test.ts'];
    const files = ['test/e2e/plugin.test.ts', release[0]!, 'test/e2e/resync-kill-toggle.test.ts', release[1]!];
    const order = async () => (await sequencer({}).sort(specs(files))).map((s) => s.moduleId.slice(repo.length + 1));
    const before = process.env.KUBECTL_SG_CACHE;
    const cache = mkdtempSync(join(tmpdir(), 'kubectl-sg-order-cache-'));
    process.env.KUBECTL_SG_CACHE = cache;
    try {
      // An empty cache: the release files build it, so they come first, before the longest timed file.
      const cold = await order();
      expect([...cold.slice(0, 2)].sort()).toEqual([...release].sort());
      expect(cold.slice(2)).toEqual(['test/e2e/resync-kill-toggle.test.ts', 'test/e2e/plugin.test.ts']);
      // Both builds kept: every file by its saved duration, the release files among the others.
      for (const [dir, summary] of [[releaseForTestsDir(), RELEASE_SUMMARY], [rebuildDir(), REBUILD_SUMMARY]] as const) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, summary), '{}');
      }
      expect(await order()).toEqual([...files].sort((a, b) => saved[b]! - saved[a]!));
    } finally {
      if (before === undefined) delete process.env.KUBECTL_SG_CACHE;
      else process.env.KUBECTL_SG_CACHE = before;
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
