// Per-action request frequency limits, per account (uin) and per second, as the API documents
// them ("A maximum of N requests can be initiated per second for this API"). A sliding one-
// second window: the (N+1)th request within any 1,000 ms is refused with RequestLimitExceeded.
// Refused requests do not consume the budget. All credentials of one account (the operator,
// ipamd's role, a read-only user) share the same budget, as they do in the real cloud.

export class RateLimiter {
  private readonly windows = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.now = now;
  }

  /** Returns 0 when the request may go on, else the count it would have been in the window. */
  take(key: string, perSecond: number): number {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w) {
      w = [];
      this.windows.set(key, w);
    }
    while (w.length > 0 && t - w[0]! >= 1000) w.shift();
    if (w.length >= perSecond) return w.length + 1;
    w.push(t);
    return 0;
  }

  reset(): void {
    this.windows.clear();
  }
}
