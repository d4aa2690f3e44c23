// The local change log on a real file system: lines appended, rotated by size (the newest kept,
// the oldest generation dropped), lines cut short skipped and counted.
import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendChangeLog, readChangeLog } from '../../../src/adapters/local/change-log.ts';

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'sg-changelog-'));
  dirs.push(d);
  return join(d, 'state');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the change log', () => {
  it('appends one JSON line per record and reads them back oldest first', () => {
    const dir = fresh();
    appendChangeLog({ dir }, [{ n: 1 }]);
    appendChangeLog({ dir }, [{ n: 2 }, { n: 3 }]);
    expect(readChangeLog({ dir }).values).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(statSync(join(dir, 'changes.jsonl')).mode & 0o777).toBe(0o600);
  });

  it('rotates before a line would pass the limit, keeps the newest lines and drops the oldest generation', () => {
    const dir = fresh();
    const line = (n: number) => ({ n, pad: 'x'.repeat(80) }); // ~100 bytes a line
    for (let n = 1; n <= 20; n++) appendChangeLog({ dir, maxBytes: 250, keep: 2 }, [line(n)]);
    expect(readdirSync(dir).sort()).toEqual(['changes.jsonl', 'changes.jsonl.1', 'changes.jsonl.2']);
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(250);
    const kept = readChangeLog({ dir, keep: 2 }).values.map((v) => (v as { n: number }).n);
    expect(kept).toEqual([15, 16, 17, 18, 19, 20]);
  });

  it('skips and counts a line cut short; a missing log is empty', () => {
    const dir = fresh();
    expect(readChangeLog({ dir })).toEqual({ values: [], unreadable: 0, files: [] });
    appendChangeLog({ dir }, [{ n: 1 }]);
    appendFileSync(join(dir, 'changes.jsonl'), '{"n": 2, "cut');
    const r = readChangeLog({ dir });
    expect(r.values).toEqual([{ n: 1 }]);
    expect(r.unreadable).toBe(1);
  });
});
