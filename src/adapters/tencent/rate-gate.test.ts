import { describe, expect, it, vi } from 'vitest';
import { CATCH_UP_MS, RATE_MARGIN, RateGate } from './rate-gate.ts';

describe('RateGate', () => {
  // Time is the subject: the gate runs on fake timers (setTimeout and performance.now), so the
  // spacing of starts is exact, not measured on a machine that may be busy. A busy event loop is a
  // clock that jumps (`lag`) while no timer can fire.
  const limit = 50;
  const interval = (1000 + CATCH_UP_MS) / (limit * RATE_MARGIN);
  /** What no second may hold more of, as the starts' arrivals may bunch on the way: the limit less the margin. */
  const mostInASecond = Math.floor(limit * RATE_MARGIN);

  async function startsOf(calls: number, busyEvery: number, busyMs: number): Promise<number[]> {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      let lag = 0;
      const now = () => performance.now() + lag;
      const gate = new RateGate({ perSecond: limit, maxInFlight: 100 }, now);
      const t0 = now();
      const starts: number[] = [];
      const all = Promise.all(
        Array.from({ length: calls }, () =>
          gate.run(async () => {
            starts.push(now() - t0);
            if (starts.length % busyEvery === 0) lag += busyMs;
          }),
        ),
      );
      await vi.runAllTimersAsync();
      await all;
      return starts;
    } finally {
      vi.useRealTimers();
    }
  }

  const mostInAnySecond = (starts: number[]) => Math.max(...starts.map((s) => starts.filter((t) => t >= s && t < s + 1000).length));

  it('keeps the margin below the limit: evenly spaced starts, never more in a second than limit × margin', async () => {
    const starts = await startsOf(200, Infinity, 0);
    expect(starts).toHaveLength(200);
    expect(starts[0]).toBe(0);
    // Unhindered, every start is on its turn (the timer rounds up to whole milliseconds, and the
    // next turn keeps its place): no burst, not even the first few after an idle gate.
    for (let i = 1; i < starts.length; i++) {
      expect(starts[i]!).toBeGreaterThanOrEqual(Math.floor(i * interval));
      expect(starts[i]!).toBeLessThanOrEqual(Math.ceil(i * interval) + 1);
    }
    expect(mostInAnySecond(starts)).toBeLessThanOrEqual(mostInASecond);
  });

  it('starts afresh after being idle: no burst of the turns nobody used', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const gate = new RateGate({ perSecond: limit, maxInFlight: 100 });
      await gate.run(async () => undefined);
      await vi.advanceTimersByTimeAsync(5000);
      const t0 = performance.now();
      const starts: number[] = [];
      const all = Promise.all(Array.from({ length: 10 }, () => gate.run(async () => void starts.push(performance.now() - t0))));
      await vi.runAllTimersAsync();
      await all;
      for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(Math.floor(interval));
    } finally {
      vi.useRealTimers();
    }
  });

  it('makes up starts a busy event loop delayed, still never more in a second than the limit', async () => {
    // Every 5th start the loop is busy for 2 intervals (a page of nodes being parsed).
    const starts = await startsOf(200, 5, 2 * interval);
    const busy = 39 * 2 * interval;
    // Counting each interval from the late start lost the busy time for good: the last start would
    // be at 199 intervals plus all of it. Made up, it is where the pace puts it.
    expect(starts.at(-1)!).toBeLessThan(199 * interval + busy / 2);
    expect(starts.at(-1)!).toBeGreaterThanOrEqual(199 * interval - CATCH_UP_MS);
    expect(mostInAnySecond(starts)).toBeLessThanOrEqual(mostInASecond);
    // A loop busier than the catch-up allows loses the rest: the pace never bursts beyond it.
    const long = await startsOf(300, 10, 200);
    expect(mostInAnySecond(long)).toBeLessThanOrEqual(mostInASecond);
    for (let i = 1; i < long.length; i++) {
      for (let j = 0; j < i; j++) expect(long[i]! - long[j]!).toBeGreaterThanOrEqual((i - j) * interval - CATCH_UP_MS - 1e-9);
    }
  });

  it('runs at most maxInFlight at once; 1 serialises', async () => {
    const gate = new RateGate({ perSecond: 1000, maxInFlight: 1 });
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        gate.run(async () => {
          most = Math.max(most, ++running);
          await new Promise((r) => setTimeout(r, 5));
          running--;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  it('frees its slot when a call fails, and lets waiters go on abort', async () => {
    const gate = new RateGate({ perSecond: 1000, maxInFlight: 1 });
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(async () => 'next')).toBe('next');
    const ac = new AbortController();
    const slow = gate.run(() => new Promise((r) => setTimeout(() => r('slow'), 30)));
    const waiting = gate.run(async () => 'never', ac.signal);
    ac.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(await slow).toBe('slow');
  });
});
