// The log of API calls the emulator answered (GET/DELETE /_sandbox/calls): benches count
// cloud calls with it, tests check who called what. `code` is "" for success.
import type { Identity } from './services/types.ts';

export interface CallRecord {
  service: string;
  action: string;
  /** Which scenario credential signed the call; "anonymous" when none matched. */
  identity: Identity | 'anonymous';
  code: string;
  /** Milliseconds since the epoch when the answer was sent. */
  at: number;
}

export class CallLog {
  private entries: CallRecord[] = [];
  add(r: CallRecord): void {
    this.entries.push(r);
  }
  list(): CallRecord[] {
    return this.entries.slice();
  }
  clear(): void {
    this.entries = [];
  }
}
