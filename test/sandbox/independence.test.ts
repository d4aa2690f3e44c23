// Two rules about what test code may import, checked on the source itself:
// - the sandbox (emulators, simulators, the CLI) never loads the plugin's code: a simulator
//   that shared the plugin's modules would share its guesses (docs/assumptions.md);
// - the test files vitest runs in shared worker processes (vitest.config.ts, project
//   `processes`) never load it either, directly or through a helper: module state of the plugin
//   would then carry from one file to the next.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repo } from '../e2e/run.ts';

const src = join(repo, 'src') + '/';

/** Relative imports of a TypeScript file (static, dynamic and type-only), resolved to paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => resolve(dirname(file), s));
}

/** Every file reached from `start` through relative imports, with the chain that reached it. */
function reach(start: string): Map<string, string[]> {
  const seen = new Map<string, string[]>([[start, [start]]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (file.startsWith(src)) continue; // the rule is broken here; its own imports do not matter
    for (const next of importsOf(file)) {
      if (seen.has(next) || !next.endsWith('.ts')) continue;
      seen.set(next, [...seen.get(file)!, next]);
      queue.push(next);
    }
  }
  return seen;
}

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p, keep) : keep(p) ? [p] : [];
  });
}

/** The import chains from `starts` into src/, as readable lines. */
function chainsIntoSrc(starts: string[]): string[] {
  return starts.flatMap((f) => [...reach(f).entries()].filter(([p]) => p.startsWith(src)).map(([, chain]) => chain.map((p) => relative(repo, p)).join(' → ')));
}

describe('what test code imports', () => {
  it('the sandbox never imports the plugin', () => {
    const sandbox = filesUnder(join(repo, 'test', 'sandbox'), (p) => p.endsWith('.ts') && !p.endsWith('.test.ts'));
    expect(sandbox.length).toBeGreaterThan(50);
    expect(chainsIntoSrc(sandbox)).toEqual([]);
  });

  it('no test file of the shared-worker project imports the plugin, directly or through a helper', () => {
    // test/adapters and test/in-process test the plugin's own modules, each file in a process of its own (project `modules`).
    const ownProcess = ['adapters', 'in-process'].map((d) => join(repo, 'test', d));
    const shared = filesUnder(join(repo, 'test'), (p) => p.endsWith('.test.ts') && !ownProcess.some((d) => p.startsWith(d)));
    expect(shared.length).toBeGreaterThan(40);
    expect(chainsIntoSrc(shared)).toEqual([]);
  });

  it('would name a chain that does', () => {
    // The check itself: an adapters test imports src/, and is found through its chain.
    const adapters = filesUnder(join(repo, 'test', 'adapters'), (p) => p.endsWith('.test.ts'));
    expect(chainsIntoSrc(adapters).some((c) => / → src\//.test(c))).toBe(true);
  });
});
