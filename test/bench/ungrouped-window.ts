// How long each ENI went without any security group, read from the emulator's record of group
// changes (test/sandbox/tencent/group-changes.ts), i.e. from the cloud's side: not from what a
// client believes it did, nor from annotations. An ENI is exposed from the change that leaves it
// with no group until the next change that gives it one; one still without a group at `end` is
// counted up to `end` and marked open.
import type { GroupChange } from '../sandbox/tencent/control-client.ts';

export interface UngroupedWindow {
  eniId: string;
  /** The longest stretch without a group, in ms (0: never without one). */
  longestMs: number;
  /** How many stretches without a group began (or were under way) in the period. */
  stretches: number;
  /** Still without a group at the end of the period. */
  open: boolean;
}

/**
 * `start`: each watched ENI's groups when the period began (ms `since`); `changes`: the
 * records from `since` on, oldest first. Changes of ENIs not in `start` are ignored.
 */
export function ungroupedWindows(start: ReadonlyMap<string, readonly string[]>, changes: readonly GroupChange[], since: number, end: number): UngroupedWindow[] {
  const openedAt = new Map<string, number>();
  const out = new Map<string, UngroupedWindow>();
  for (const [eniId, groups] of start) {
    out.set(eniId, { eniId, longestMs: 0, stretches: 0, open: false });
    if (groups.length === 0) openedAt.set(eniId, since);
  }
  const close = (eniId: string, at: number) => {
    const w = out.get(eniId)!;
    w.longestMs = Math.max(w.longestMs, at - openedAt.get(eniId)!);
    w.stretches += 1;
    openedAt.delete(eniId);
  };
  for (const c of changes) {
    if (!out.has(c.eniId) || c.at < since) continue;
    const exposed = openedAt.has(c.eniId);
    if (c.groups.length === 0 && !exposed) openedAt.set(c.eniId, c.at);
    else if (c.groups.length > 0 && exposed) close(c.eniId, c.at);
  }
  for (const eniId of [...openedAt.keys()]) {
    close(eniId, end);
    out.get(eniId)!.open = true;
  }
  return [...out.values()];
}
