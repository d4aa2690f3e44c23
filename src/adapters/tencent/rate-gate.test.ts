import { describe, expect, it } from 'vitest';
import { RATE_MARGIN, RateGate } from './rate-gate.ts';

describe('RateGate', () => {
  it('keeps starts within the limit in every second, with a margin', async () => {
    const gate = new RateGate({ perSecond: 50, maxInFlight: 100 });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 60 }, () => gate.run(async () => void starts.push(performance.now()))));
    for (let i = 0; i < starts.length; i++) {
      const inWindow = starts.filter((t) => t >= starts[i]! && t < starts[i]! + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(Math.floor(50 * RATE_MARGIN) + 1);
    }
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual((59 * 1000) / (50 * RATE_MARGIN) - 15);
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
