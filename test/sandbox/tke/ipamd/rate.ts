// Token buckets for ipamd's cloud-call budget. ipamd v3.3.1 budgets about 50 cloud calls/s per
// cluster; the API documents 20 requests/s for Associate/Disassociate NetworkInterface-
// SecurityGroups per account (a sliding 1 s window in the emulator). A bucket with rate r and
// burst b admits at most b + r calls in any second, so the defaults are chosen to stay under
// those numbers: overall 40/s + burst 10 (<= 50), per write action 15/s + burst 5 (<= 20).

export class TokenBucket {
  private tokens: number;
  private last = performance.now();
  private queue: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  readonly rate: number;
  readonly burst: number;

  constructor(rate: number, burst: number) {
    this.rate = rate;
    this.burst = burst;
    this.tokens = burst;
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }

  /** Resolves when a token was taken (FIFO). */
  take(): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push(resolve);
      this.drain();
    });
  }

  private drain(): void {
    this.refill();
    while (this.queue.length > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      this.queue.shift()!();
    }
    if (this.queue.length > 0 && !this.timer) {
      const waitMs = Math.max(1, ((1 - this.tokens) / this.rate) * 1000);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.drain();
      }, waitMs);
    }
  }

  /** Drops waiters (they never resolve) and the timer: for shutdown. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
  }
}
