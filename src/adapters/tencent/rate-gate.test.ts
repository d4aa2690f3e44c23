import { describe, expect, it, vi } from 'vitest';
import { RATE_MARGIN, RateGate } from './rate-gate.ts';

describe('RateGate', () => {
  // Time is the subject: the gate runs on fake timers (setTimeout and performance.now), so the
  // spacing of starts is exact, not measured on a machine that may be busy. A busy event loop is a
  // clock that jumps (`lag`) while no timer can fire.
  const limit = 50;
  /** What no second may hold more of: the limit less the margin left to ipamd and the console. */
  const allowance = Math.floor(limit * RATE_MARGIN);
  const interval = 1000 / allowance;

  interface Call {
    start: number;
    end: number;
  }

  /**
   * Runs `calls` requests through one gate. `latency(i)` is how long the i-th takes; every
   * `busyEvery`-th start the loop is busy for `busyMs`.
   */
  async function run(calls: number, o: { latency?: (i: number) => number; busyEvery?: number; busyMs?: number } = {}): Promise<Call[]> {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      let lag = 0;
      const now = () => performance.now() + lag;
      const gate = new RateGate({ perSecond: limit, maxInFlight: 100 }, now);
      const t0 = now();
      const made: Call[] = [];
      const all = Promise.all(
        Array.from({ length: calls }, () =>
          gate.run(async () => {
            const call = { start: now() - t0, end: 0 };
            const i = made.push(call) - 1;
            if (o.busyEvery && made.length % o.busyEvery === 0) lag += o.busyMs ?? 0;
            const ms = o.latency?.(i) ?? 0;
            if (ms > 0) await new Promise((r) => setTimeout(r, ms));
            call.end = now() - t0;
          }),
        ),
      );
      await vi.runAllTimersAsync();
      await all;
      return made;
    } finally {
      vi.useRealTimers();
    }
  }

  const mostInAnySecond = (at: number[]) => Math.max(...at.map((s) => at.filter((t) => t >= s && t < s + 1000).length));

  it('spaces starts evenly within the allowance: no burst, not even the first few', async () => {
    const made = await run(40);
    expect(made).toHaveLength(40);
    expect(made[0]!.start).toBe(0);
    // Unhindered, every start is on its turn (the timer rounds up to whole milliseconds, and the
    // next turn keeps its place).
    for (let i = 1; i < made.length; i++) {
      expect(made[i]!.start).toBeGreaterThanOrEqual(Math.floor(i * interval));
      expect(made[i]!.start).toBeLessThanOrEqual(Math.ceil(i * interval) + 1);
    }
  });

  it('never lets the cloud count more than the allowance in a second, wherever in its life a request arrives', async () => {
    // The first requests go over fresh tunnels (300 ms) and the rest over warm ones (5 ms). The
    // cloud may count a request at any moment between its start and its answer: the worst case
    // for a window is the early ones counted at their end and the later ones at their start.
    const made = await run(200, { latency: (i) => (i < 30 ? 300 : 5) });
    expect(made).toHaveLength(200);
    const worst = made.map((c, i) => (i < 30 ? c.end : c.start));
    expect(mostInAnySecond(worst)).toBeLessThanOrEqual(allowance);
    // And as many as the allowance do go in a second: the bound costs no more than the latency.
    const last = made.at(-1)!.start;
    expect(last).toBeLessThanOrEqual(Math.ceil(200 / allowance) * (1000 + 300));
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

  it('makes up starts a busy event loop delayed, still never more in a second than the allowance', async () => {
    // Every 5th start the loop is busy for 2 intervals (a page of nodes being parsed).
    const busy = await run(40, { busyEvery: 5, busyMs: 2 * interval });
    const lost = 7 * 2 * interval;
    // Counting each turn from the late start lost the busy time for good: the last start would be
    // at 39 turns plus all of it. Made up, it is where the pace puts it.
    expect(busy.at(-1)!.start).toBeLessThan(39 * interval + lost / 2);
    expect(mostInAnySecond(busy.map((c) => c.start))).toBeLessThanOrEqual(allowance);
    // A loop busier than the catch-up allows loses the rest, and the allowance holds.
    const long = await run(300, { busyEvery: 10, busyMs: 200 });
    expect(mostInAnySecond(long.map((c) => c.start))).toBeLessThanOrEqual(allowance);
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
