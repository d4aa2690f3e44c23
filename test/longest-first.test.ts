// The order test files start in (longest-first.ts): a file's last duration from vitest's cache,
// else the one saved in test/file-durations.json; files never timed first.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import { FILE_DURATIONS, LongestFirst } from './longest-first.ts';
import { repo } from './e2e/run.ts';

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
});
