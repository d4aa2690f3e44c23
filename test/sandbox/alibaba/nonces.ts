// x-acs-signature-nonce replay protection: a nonce is accepted once per AccessKey. A request
// older than the 15-minute window is refused for its date anyway, so a nonce only needs to be
// remembered for as long as a request carrying it could still pass that check (twice the
// window, for clocks either side).
import { MAX_SKEW_MS } from './acs3.ts';

export class NonceStore {
  private readonly seen = new Map<string, number>();
  private readonly now: () => number;

  constructor(now: () => number = () => Date.now()) {
    this.now = now;
  }

  /** True the first time `nonce` is seen for `accessKeyId`, false for a replay. */
  use(accessKeyId: string, nonce: string): boolean {
    const t = this.now();
    if (this.seen.size > 10_000) for (const [k, at] of this.seen) if (t - at > 2 * MAX_SKEW_MS) this.seen.delete(k);
    const key = `${accessKeyId}\n${nonce}`;
    const at = this.seen.get(key);
    if (at !== undefined && t - at <= 2 * MAX_SKEW_MS) return false;
    this.seen.set(key, t);
    return true;
  }
}
