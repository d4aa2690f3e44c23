// What the Tencent emulator's call log (shared/call-log.ts) records for each API call. `code`
// is "" for success.
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
