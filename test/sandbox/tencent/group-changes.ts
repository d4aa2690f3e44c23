// The history of every ENI's bound groups (GET/DELETE /_sandbox/group-changes): one record each
// time an ENI's GroupSet actually changes, whoever changed it, and one when an ENI is created
// after the start (it has no group yet). The call log (calls.ts) says which
// actions ran, not which ENIs they touched or what the ENIs carried afterwards; benches measure
// with this how long an ENI went without any group (a toggle's unbound window), from the cloud's
// side, not from what a client believes it did.
// Bounded: the oldest records are dropped past MAX_RECORDS, and `dropped` says how many, so a
// reader knows its window is incomplete (a 5,000-node sandbox's start-up writes ~5,000).

export interface GroupChange {
  eniId: string;
  /** Milliseconds since the epoch when the change was made. */
  at: number;
  /** The ENI's groups after the change, in priority order. */
  groups: string[];
  /** The API action that made it, "control" (PUT /_sandbox/enis/:id/groups) or "created". */
  cause: string;
}

export interface GroupChangeList {
  changes: GroupChange[];
  /** Records dropped (oldest first) since the last clear, because of the bound. */
  dropped: number;
}

export const MAX_RECORDS = 200_000;

export class GroupChangeLog {
  private entries: GroupChange[] = [];
  private dropped = 0;

  add(c: GroupChange): void {
    this.entries.push(c);
    if (this.entries.length > MAX_RECORDS) {
      const excess = this.entries.length - MAX_RECORDS;
      this.entries.splice(0, excess);
      this.dropped += excess;
    }
  }

  /** Records made at or after `since` (ms since the epoch), oldest first. */
  list(since = 0): GroupChangeList {
    return { changes: this.entries.filter((c) => c.at >= since).map((c) => ({ ...c, groups: [...c.groups] })), dropped: this.dropped };
  }

  clear(): void {
    this.entries = [];
    this.dropped = 0;
  }
}
