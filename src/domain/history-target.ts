// What `kubectl sg history` is asked about: `node/NAME`, `workload KIND/NAME` (in -n's
// namespace), `cluster`, or nothing (every change the sources hold). A malformed target is one
// line naming it and the forms that are right (exit 2).
import { BadInputError } from './bad-input.ts';
import type { ChangeTarget } from './change-record.ts';
import { parseWorkloadRef } from './workload-ref.ts';

export type HistoryTarget = { kind: 'all' } | { kind: 'node'; name: string } | { kind: 'workload'; workloadKind: string; namespace: string; name: string } | { kind: 'cluster' };

export class HistoryTargetError extends BadInputError {}

const FORMS = 'node/NAME, workload KIND/NAME or cluster';
const NODE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export function parseHistoryTarget(words: readonly string[], namespace: string): HistoryTarget {
  const [first, ...rest] = words;
  if (first === undefined) return { kind: 'all' };
  const extra = (n: number) => {
    if (rest.length > n) throw new HistoryTargetError(`history takes one target, got also "${rest.slice(n).join(' ')}": give ${FORMS}`);
  };
  if (first === 'cluster') {
    extra(0);
    return { kind: 'cluster' };
  }
  if (first === 'workload') {
    if (rest[0] === undefined) throw new HistoryTargetError(`"workload" needs KIND/NAME, e.g. workload deployment/web`);
    extra(1);
    const ref = parseWorkloadRef(rest[0]);
    return { kind: 'workload', workloadKind: ref.workload.kind, namespace, name: ref.name };
  }
  const m = /^(node|nodes|no)\/(.*)$/.exec(first);
  if (m) {
    extra(0);
    if (!NODE_NAME.test(m[2]!) || m[2]!.length > 253) throw new HistoryTargetError(`"${m[2]}" is not a node name: lowercase letters, digits, '-' and '.'`);
    return { kind: 'node', name: m[2]! };
  }
  throw new HistoryTargetError(`"${first}" is not a history target: give ${FORMS}`);
}

/** Whether a recorded change is about the target asked for. */
export function targetMatches(h: HistoryTarget, t: ChangeTarget): boolean {
  if (h.kind === 'all') return true;
  if (h.kind === 'cluster') return t.kind === 'cluster';
  if (h.kind === 'node') return t.kind === 'node' && t.name === h.name;
  return t.kind === 'workload' && t.workloadKind === h.workloadKind && t.name === h.name && t.namespace === h.namespace;
}
