// A per-key work queue like client-go's rate-limited workqueue: a key is queued at most once,
// is never processed by two workers at the same time (a change during processing re-queues it),
// waits `delay` before it is processed (ipamd's reaction latency), runs with bounded
// concurrency, and a failed key is retried with exponential backoff.

export interface QueueOptions {
  concurrency: number;
  process: (key: string) => Promise<void>;
  /** First retry after a failure (default 1,000 ms), doubling up to maxRetryMs (default 30,000). */
  retryBaseMs?: number;
  maxRetryMs?: number;
  /** Called after each attempt (ok or not). */
  onDone?: (key: string, error: unknown) => void;
}

export class WorkQueue {
  private readonly o: Required<Omit<QueueOptions, 'onDone'>> & Pick<QueueOptions, 'onDone'>;
  /** key → time it becomes due */
  private readonly waiting = new Map<string, number>();
  private readonly ready: string[] = [];
  private readonly readySet = new Set<string>();
  private readonly active = new Set<string>();
  /** Keys changed while being processed: due time of the re-run. */
  private readonly dirty = new Map<string, number>();
  private readonly failures = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private running = 0;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  constructor(o: QueueOptions) {
    this.o = { retryBaseMs: 1_000, maxRetryMs: 30_000, ...o };
  }

  add(key: string, delayMs = 0): void {
    if (this.stopped) return;
    const due = performance.now() + delayMs;
    if (this.active.has(key)) {
      const d = this.dirty.get(key);
      if (d === undefined || due < d) this.dirty.set(key, due);
      return;
    }
    if (this.readySet.has(key)) return;
    const w = this.waiting.get(key);
    if (w !== undefined && w <= due) return;
    this.waiting.set(key, due);
    this.arm(due);
  }

  forget(key: string): void {
    this.waiting.delete(key);
    this.dirty.delete(key);
    this.failures.delete(key);
  }

  get size(): number {
    return this.waiting.size + this.ready.length + this.active.size;
  }

  /** Resolves when nothing is queued, waiting or running (retries scheduled count as waiting). */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  /** Stops taking work; resolves when the running keys are done. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting.clear();
    this.dirty.clear();
    this.ready.length = 0;
    this.readySet.clear();
    while (this.active.size > 0) await new Promise((r) => setTimeout(r, 10));
    this.notifyIdle();
  }

  /** Makes sure the timer fires no later than `due`. */
  private arm(due: number): void {
    if (due >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.promote();
    }, Math.max(0, due - performance.now()));
  }

  /** Moves due keys to the ready list and re-arms the timer for the next one. */
  private promote(): void {
    if (this.stopped) return;
    const now = performance.now();
    let next = Infinity;
    for (const [key, due] of this.waiting) {
      if (due <= now + 1) {
        this.waiting.delete(key);
        if (!this.readySet.has(key)) {
          this.readySet.add(key);
          this.ready.push(key);
        }
      } else if (due < next) next = due;
    }
    this.pump();
    if (next !== Infinity) this.arm(next);
  }

  private pump(): void {
    while (!this.stopped && this.running < this.o.concurrency && this.ready.length > 0) {
      const key = this.ready.shift()!;
      this.readySet.delete(key);
      this.active.add(key);
      this.running++;
      void this.runOne(key);
    }
  }

  private async runOne(key: string): Promise<void> {
    let error: unknown;
    try {
      await this.o.process(key);
      this.failures.delete(key);
    } catch (e) {
      error = e ?? new Error('failed');
    }
    this.active.delete(key);
    this.running--;
    this.o.onDone?.(key, error);
    if (!this.stopped) {
      const dirtyDue = this.dirty.get(key);
      this.dirty.delete(key);
      if (error !== undefined) {
        const n = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, n);
        const backoff = Math.min(this.o.maxRetryMs, this.o.retryBaseMs * 2 ** (n - 1));
        this.add(key, dirtyDue !== undefined ? Math.min(backoff, Math.max(0, dirtyDue - performance.now())) : backoff);
      } else if (dirtyDue !== undefined) {
        this.add(key, Math.max(0, dirtyDue - performance.now()));
      }
    }
    this.pump();
    this.notifyIdle();
  }

  private notifyIdle(): void {
    if (this.size !== 0 || this.idleWaiters.length === 0) return;
    const ws = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of ws) w();
  }
}
