import { describe, expect, it } from 'vitest';
import { KubeApiError } from './kube-client.ts';
import { isTransientKubeError, withKubeRetry } from './retry.ts';

function fakeClock() {
  let t = 0;
  const waits: number[] = [];
  return { waits, deps: { sleep: async (ms: number) => void (waits.push(ms), (t += ms)), now: () => t, random: () => 0.5 } };
}

const failing = (errors: unknown[], value = 'ok') => {
  let calls = 0;
  const fn = async () => {
    const e = errors[calls++];
    if (e !== undefined) throw e;
    return value;
  };
  return { fn, calls: () => calls };
};

describe('withKubeRetry', () => {
  it('waits out a lost connection and an overloaded API server, with growing waits', async () => {
    const clock = fakeClock();
    const f = failing([new KubeApiError(0, 'Unreachable', 'ECONNREFUSED'), new KubeApiError(429, 'TooManyRequests', ''), new KubeApiError(503, 'ServiceUnavailable', '')]);
    expect(await withKubeRetry(f.fn, undefined, clock.deps)).toBe('ok');
    expect(f.calls()).toBe(4);
    expect(clock.waits).toEqual([187.5, 375, 750]);
  });

  it('answers at once what a repeat cannot change', async () => {
    for (const status of [403, 404, 409, 422]) {
      const clock = fakeClock();
      const f = failing([new KubeApiError(status, 'x', 'no')]);
      await expect(withKubeRetry(f.fn, undefined, clock.deps)).rejects.toMatchObject({ status });
      expect(f.calls()).toBe(1);
      expect(isTransientKubeError(new KubeApiError(status, 'x', ''))).toBe(false);
    }
    await expect(withKubeRetry(failing([new Error('bug')]).fn, undefined, fakeClock().deps)).rejects.toThrow('bug');
  });

  it('gives up after the policy\'s attempts or time, with the last error', async () => {
    const down = Array.from({ length: 20 }, (_, i) => new KubeApiError(0, 'Unreachable', `try ${i + 1}`));
    const byAttempts = failing(down);
    await expect(withKubeRetry(byAttempts.fn, { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10, maxTotalMs: 1e9 }, fakeClock().deps)).rejects.toThrow('try 3');
    const byTime = failing(down);
    await expect(withKubeRetry(byTime.fn, { maxAttempts: 99, baseDelayMs: 1000, maxDelayMs: 1000, maxTotalMs: 2000 }, fakeClock().deps)).rejects.toThrow('try 3');
  });
});
