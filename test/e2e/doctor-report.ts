// doctor's JSON report as the e2e tests read it: parsed, checked for the documented shape (the
// checks in order, one-line whys, a fix under every warning and failure) and for the exit code
// agreeing with the findings (3 when one failed). Shared by the TKE and the ECI doctor tests.
import { expect } from 'vitest';
import type { RunResult } from './run.ts';

export type Level = 'ok' | 'warn' | 'fail';

export interface Item {
  check: string;
  level: Level;
  why: string;
  fix: string | null;
  /** The document the check rests on (docs/findings.md), or null for the plugin's own judgement. */
  source: { document: string; section: string | null; url: string | null } | null;
  details?: string[];
}

export interface Report {
  code: number;
  items: Item[];
  get(check: string): Item;
}

/** The report of one `kubectl sg doctor -o json` run, expected to list `checks` in that order. */
export function doctorReport(r: RunResult, checks: readonly string[]): Report {
  expect(r.stderr, r.stderr).toBe('');
  const doc = JSON.parse(r.stdout) as { kind: string; items: Item[] };
  expect(doc.kind).toBe('DoctorReport');
  expect(doc.items.map((i) => i.check)).toEqual(checks);
  for (const i of doc.items) {
    expect(['ok', 'warn', 'fail']).toContain(i.level);
    expect(i.why).not.toContain('\n');
    if (i.level !== 'ok') expect(i.fix, `${i.check} has no fix`).toBeTruthy();
    expect(i, `${i.check} has no source field`).toHaveProperty('source');
    if (i.source !== null) expect(i.source.document, i.check).toMatch(/\w/);
  }
  expect(r.code).toBe(doc.items.some((i) => i.level === 'fail') ? 3 : 0);
  return { code: r.code, items: doc.items, get: (check) => doc.items.find((i) => i.check === check)! };
}

/** Findings that are not ok, one line each, for toEqual([]) with a readable diff. */
export const notOk = (r: Report) => r.items.filter((i) => i.level !== 'ok').map((i) => `${i.check}: ${i.level}: ${i.why}`);

/** The command lines of a fix (comments and console paths left out). */
export const commands = (fix: string | null) => (fix ?? '').split('\n').filter((l) => /^(kubectl|tccli) /.test(l));
