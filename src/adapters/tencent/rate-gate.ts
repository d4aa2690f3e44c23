// Paces the requests of one API action so that the cloud never counts more of them in a second
// than the action's documented per-account limit allows, and at most `maxInFlight` run at once.
// The cloud counts a request when it arrives, and when that is we do not know: a request on a
// fresh tunnel, or sent while the machine is busy, arrives later than one on a warm connection.
// All we know is that it arrives after we start it and before its answer comes back. So a
// request counts against the second from its start until its answer, and for a full second
// after: a new one starts only while fewer than the allowance are in flight or answered less
// than 1,000 ms ago. Then no 1,000 ms of arrivals can hold more than the allowance, however the
// arrivals bunch on the way (docs/assumptions.md, "How the cloud counts a second").

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

/**
 * Share of the documented limit this tool takes: ipamd and the console spend the same
 * account's budget of every action, and a refused call costs them, and us, a retry.
 */
export const RATE_MARGIN = 0.9;

/**
 * How late a start may be and still be made up. Within the allowance, starts are spaced evenly
 * (no burst of fresh connections at once). A timer fires late when the event loop is busy
 * (parsing a page of 500 nodes takes ~30 ms here): counting the next turn from that late start
 * lost the time for good, and 100 paced calls beside a node list ran at ~70/s instead of 90. A
 * start missed by at most this much keeps the next one's turn; later than that, or after the
 * gate was idle, the turns count afresh. The allowance above, not the spacing, is the bound.
 */
const CATCH_UP_MS = 50;

/** How long a request counts against the cloud's second after its answer came back. */
const WINDOW_MS = 1000;

export class RateGate {
  private readonly allowance: number;
  private readonly intervalMs: number;
  private readonly maxInFlight: number;
  private readonly now: () => number;
  private nextStart = 0;
  private inFlight = 0;
  /** When each answer of the last WINDOW_MS came back, oldest first. */
  private readonly answered: number[] = [];
  private readonly waiting: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(pace: RatePace, now: () => number = () => performance.now()) {
    this.allowance = Math.max(1, Math.floor(pace.perSecond * RATE_MARGIN));
    this.intervalMs = WINDOW_MS / this.allowance;
    this.maxInFlight = Math.max(1, pace.maxInFlight);
    this.now = now;
  }

  /** Runs `fn` when the pace allows. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await fn();
    } finally {
      this.answered.push(this.now());
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
      while (this.answered.length > 0 && t - this.answered[0]! >= WINDOW_MS) this.answered.shift();
      if (this.inFlight + this.answered.length >= this.allowance) {
        // Every slot of the second is taken; an answer still to come calls pump() again.
        if (this.answered.length > 0) this.wakeAt(this.answered[0]! + WINDOW_MS, t);
        return;
      }
      if (t < this.nextStart) {
        this.wakeAt(this.nextStart, t);
        return;
      }
      this.nextStart = (t - this.nextStart > CATCH_UP_MS ? t : this.nextStart) + this.intervalMs;
      this.inFlight++;
      const w = this.waiting.shift()!;
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      w.go();
    }
  }

  private wakeAt(at: number, t: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, Math.ceil(at - t));
  }
}
