// Paces the requests of one API action: starts are spaced evenly so that no second holds more
// than the action's documented per-account limit, and at most `maxInFlight` run at once. The
// cloud counts arrivals, not departures, and a request on a fresh tunnel arrives later than
// one on a warm connection, so the pace keeps a margin below the limit: a refused request
// costs a retry, and every call counts against the same account budget ipamd uses.

export interface RatePace {
  /** The documented limit, requests per second per account. */
  perSecond: number;
  /** Concurrent requests; 1 serialises the action. */
  maxInFlight: number;
}

interface Waiter {
  go: () => void;
  fail: (e: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** Share of the documented limit any one second may hold. */
export const RATE_MARGIN = 0.9;

/**
 * How late a start may be and still be made up. A timer fires late when the event loop is busy
 * (parsing a page of 500 nodes takes ~30 ms here): counting the next interval from that late
 * start lost the time for good, and 100 paced calls beside a node list ran at ~70/s instead of
 * 90. A start missed by at most this much is made up (the next one keeps its turn); one later
 * than that, or after the gate was idle, starts the count afresh. Either way any two starts k
 * apart are at least k intervals less CATCH_UP_MS apart, so the interval is
 * (1000 + CATCH_UP_MS) / (limit × RATE_MARGIN): no second holds more than limit × RATE_MARGIN
 * starts, the same margin as before for arrivals that bunch on the way (a refused call costs a
 * retry and the account's budget, which ipamd shares; with 95 allowed, two listings at once on a
 * loaded machine were refused). Unhindered, that is ~86 starts a second of an action of 100/s
 * (rate-gate.test.ts).
 */
export const CATCH_UP_MS = 50;

export class RateGate {
  private readonly intervalMs: number;
  private readonly maxInFlight: number;
  private readonly now: () => number;
  private nextStart = 0;
  private inFlight = 0;
  private readonly waiting: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(pace: RatePace, now: () => number = () => performance.now()) {
    this.intervalMs = (1000 + CATCH_UP_MS) / (pace.perSecond * RATE_MARGIN);
    this.maxInFlight = Math.max(1, pace.maxInFlight);
    this.now = now;
  }

  /** Runs `fn` when the pace allows. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await fn();
    } finally {
      this.inFlight--;
      this.pump();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((go, fail) => {
      const w: Waiter = { go, fail, signal };
      if (signal) {
        w.onAbort = () => {
          const i = this.waiting.indexOf(w);
          if (i >= 0) this.waiting.splice(i, 1);
          fail(signal.reason);
        };
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.waiting.push(w);
      this.pump();
    });
  }

  private pump(): void {
    while (this.waiting.length > 0 && this.inFlight < this.maxInFlight) {
      const t = this.now();
      if (t < this.nextStart) {
        if (!this.timer) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.pump();
          }, Math.ceil(this.nextStart - t));
        }
        return;
      }
      this.nextStart = (t - this.nextStart > CATCH_UP_MS ? t : this.nextStart) + this.intervalMs;
      this.inFlight++;
      const w = this.waiting.shift()!;
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      w.go();
    }
  }
}
