import { describe, expect, it, vi } from 'vitest';
import { RATE_MARGIN, RateGate } from './rate-gate.ts';

describe('RateGate', () => {
  // Time is the subject: the gate runs on fake timers (setTimeout and performance.now), so the
  // spacing of starts is exact, not measured on a machine that may be busy.
  it('spaces starts evenly below the limit, with a margin: none closer than 1/(limit × margin)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const gate = new RateGate({ perSecond: 50, maxInFlight: 100 });
      const t0 = performance.now();
      const starts: number[] = [];
      const all = Promise.all(Array.from({ length: 60 }, () => gate.run(async () => void starts.push(performance.now() - t0))));
      await vi.runAllTimersAsync();
      await all;
      expect(starts).toHaveLength(60);
      expect(starts[0]).toBe(0);
      const interval = 1000 / (50 * RATE_MARGIN);
      // Each start waits for its turn, at most the timer's rounding up to a whole millisecond later.
      for (let i = 1; i < starts.length; i++) {
        const gap = starts[i]! - starts[i - 1]!;
        expect(gap).toBeGreaterThanOrEqual(interval);
        expect(gap).toBeLessThanOrEqual(Math.ceil(interval));
      }
      for (let i = 0; i < starts.length; i++) {
        const inWindow = starts.filter((t) => t >= starts[i]! && t < starts[i]! + 1000).length;
        expect(inWindow).toBeLessThanOrEqual(Math.floor(50 * RATE_MARGIN) + 1);
      }
    } finally {
      vi.useRealTimers();
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
