// Coalesces single-item requests into batched calls: the same cloud change for many ENIs
// becomes one API call of up to `max` ENIs, many instances' ENIs are read with one
// DescribeNetworkInterfaces. Items are taken only once the call may go out (`gate`: the rate
// limiter), so while calls wait for budget the next batch keeps filling up — under load the
// batches are full, when idle an item waits `windowMs` at most. Each caller gets its own
// item's outcome.

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Waiter<R> {
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

interface Pending<T, R> {
  /** Items in arrival order, each with everyone waiting for it. */
  items: Map<T, Waiter<R>[]>;
  scheduled: boolean;
}

export class Coalescer<T, R> {
  private readonly pending = new Map<string, Pending<T, R>>();
  private readonly max: number;
  private readonly windowMs: number;
  private readonly gate: (key: string) => Promise<void>;
  private readonly run: (key: string, items: T[]) => Promise<Map<T, Outcome<R>>>;
  private closed = false;

  constructor(o: {
    max: number;
    windowMs: number;
    gate: (key: string) => Promise<void>;
    run: (key: string, items: T[]) => Promise<Map<T, Outcome<R>>>;
  }) {
    this.max = o.max;
    this.windowMs = o.windowMs;
    this.gate = o.gate;
    this.run = o.run;
  }

  add(key: string, item: T): Promise<R> {
    if (this.closed) return Promise.reject(new Error('stopped'));
    return new Promise<R>((resolve, reject) => {
      let p = this.pending.get(key);
      if (!p) {
        p = { items: new Map(), scheduled: false };
        this.pending.set(key, p);
      }
      const ws = p.items.get(item);
      if (ws) ws.push({ resolve, reject });
      else p.items.set(item, [{ resolve, reject }]);
      if (!p.scheduled) this.schedule(key, p, this.windowMs);
    });
  }

  private schedule(key: string, p: Pending<T, R>, delayMs: number): void {
    p.scheduled = true;
    setTimeout(() => void this.dispatch(key, p), delayMs);
  }

  private async dispatch(key: string, p: Pending<T, R>): Promise<void> {
    try {
      await this.gate(key);
    } catch (e) {
      p.scheduled = false;
      this.failAll(p, e);
      return;
    }
    if (this.closed) return;
    const batch: Array<[T, Waiter<R>[]]> = [];
    for (const entry of p.items) {
      if (batch.length >= this.max) break;
      batch.push(entry);
    }
    for (const [item] of batch) p.items.delete(item);
    if (p.items.size > 0) this.schedule(key, p, 0);
    else {
      p.scheduled = false;
      this.pending.delete(key);
    }
    if (batch.length === 0) return;
    let outcomes: Map<T, Outcome<R>>;
    try {
      outcomes = await this.run(
        key,
        batch.map(([item]) => item),
      );
    } catch (e) {
      for (const [, ws] of batch) for (const w of ws) w.reject(e);
      return;
    }
    for (const [item, ws] of batch) {
      const o = outcomes.get(item);
      for (const w of ws) {
        if (!o) w.reject(new Error(`no outcome for ${String(item)}`));
        else if (o.ok) w.resolve(o.value);
        else w.reject(o.error);
      }
    }
  }

  private failAll(p: Pending<T, R>, e: unknown): void {
    for (const ws of p.items.values()) for (const w of ws) w.reject(e);
    p.items.clear();
  }

  close(): void {
    this.closed = true;
    for (const p of this.pending.values()) this.failAll(p, new Error('stopped'));
    this.pending.clear();
  }
}
