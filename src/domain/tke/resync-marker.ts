// The journal a resync keeps on each node it touches, so that a crash or SIGKILL never leaves a
// node changed without a record of it: two annotations written in the same merge patch as the
// node's first change, and removed once the node is finished and verified (or restored).
//   kubectl-sg.io/resync-run:   the run ID, e.g. r-20261123-105912-ab12
//   kubectl-sg.io/resync-found: what the node had before the run touched it, and what the run
//                               meant to give it: {"disable", "needSync", "method", "after", "at"}
// `kubectl sg resync --resume` and `doctor` read nothing else, so a run can be finished from
// any machine that can reach the cluster. The key names are a contract with scripts and tests.
import type { ResyncMethod } from './ipamd-version.ts';

export const RESYNC_RUN_ANNOTATION = 'kubectl-sg.io/resync-run';
export const RESYNC_FOUND_ANNOTATION = 'kubectl-sg.io/resync-found';

export interface ResyncFound {
  /** disable-node-eni-security-groups as found (null: absent). */
  disable: string | null;
  /** need-sync-security-groups as found (null: absent). */
  needSync: string | null;
  method: ResyncMethod;
  /** The groups the run verifies the node's ENIs against, in priority order. */
  after: string[];
  /** When the marker was written (ISO 8601). */
  at: string;
}

export interface ResyncMarker {
  runId: string;
  /** undefined when the found annotation is missing or unreadable (edited by hand). */
  found: ResyncFound | undefined;
}

/** r-YYYYMMDD-HHMMSS-xxxx (UTC): sorts by start time, and four random characters keep two runs started in the same second apart. */
export function newRunId(now: Date, random: () => number = Math.random): string {
  const iso = now.toISOString(); // 2026-11-23T10:59:12.345Z
  const date = iso.slice(0, 10).replaceAll('-', '');
  const time = iso.slice(11, 19).replaceAll(':', '');
  const suffix = Array.from({ length: 4 }, () => '0123456789abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 36)]).join('');
  return `r-${date}-${time}-${suffix}`;
}

/** The annotations that mark a node as part of a run (set in the same patch as its first change). */
export function markerAnnotations(runId: string, found: ResyncFound): Record<string, string> {
  const value: ResyncFound = { disable: found.disable, needSync: found.needSync, method: found.method, after: [...found.after], at: found.at };
  return { [RESYNC_RUN_ANNOTATION]: runId, [RESYNC_FOUND_ANNOTATION]: JSON.stringify(value) };
}

/** A merge patch that removes the marker. */
export const UNMARK: Record<string, null> = { [RESYNC_RUN_ANNOTATION]: null, [RESYNC_FOUND_ANNOTATION]: null };

const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

export function parseFound(text: string | undefined): ResyncFound | undefined {
  if (text === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const method = o.method;
  if (method !== 'toggle' && method !== 'need-sync') return undefined;
  if (!isStringOrNull(o.disable ?? null) || !isStringOrNull(o.needSync ?? null)) return undefined;
  if (!Array.isArray(o.after) || !o.after.every((g) => typeof g === 'string')) return undefined;
  return {
    disable: (o.disable ?? null) as string | null,
    needSync: (o.needSync ?? null) as string | null,
    method,
    after: o.after as string[],
    at: typeof o.at === 'string' ? o.at : '',
  };
}

/** The marker on a node, from its annotations; undefined when it carries none. */
export function markerOf(annotations: Readonly<Record<string, string>> | undefined): ResyncMarker | undefined {
  const runId = annotations?.[RESYNC_RUN_ANNOTATION];
  if (runId === undefined || runId === '') return undefined;
  return { runId, found: parseFound(annotations?.[RESYNC_FOUND_ANNOTATION]) };
}
