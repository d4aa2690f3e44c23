import { describe, expect, it } from 'vitest';
import { CloudError, type CloudErrorKind } from '../tencent/errors.ts';
import { backoffMs, DEFAULT_RETRY, withRetry, type RetryDeps } from './retry.ts';

const fail = (kind: CloudErrorKind, code = 'X') => new CloudError({ code, action: 'vpc:Test', message: 'm', kind });

/** A clock that only moves when the code under test sleeps. */
function fakeClock(random = 0.5): RetryDeps & { slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    random: () => random,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
  };
}

describe('withRetry', () => {
  it('retries throttling, server and network failures with growing, jittered waits', async () => {
    for (const kind of ['throttled', 'server', 'network'] as const) {
      const clock = fakeClock();
      let n = 0;
      const r = await withRetry(async () => (++n < 4 ? Promise.reject(fail(kind)) : 'ok'), (e) => e as CloudError, DEFAULT_RETRY, clock);
      expect(r).toBe('ok');
      expect(clock.slept).toEqual([187.5, 375, 750]);
    }
  });

  it('does not retry denials, bad parameters, missing resources', async () => {
    for (const kind of ['unauthorized', 'auth', 'invalid', 'not-found', 'other'] as const) {
      const clock = fakeClock();
      let n = 0;
      const e = await withRetry(async () => Promise.reject(fail(kind, `C${++n}`)), (x) => x as CloudError, DEFAULT_RETRY, clock).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: 'C1', attempts: 1 });
      expect(clock.slept).toEqual([]);
    }
  });

  it('is bounded by attempts and by total time', async () => {
    const clock = fakeClock(1);
    let n = 0;
    const e = await withRetry(async () => Promise.reject(fail('server', `C${++n}`)), (x) => x as CloudError, DEFAULT_RETRY, clock).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'C5', attempts: 5 });
    expect(clock.slept).toEqual([250, 500, 1000, 2000]);

    const slow = fakeClock(1);
    const e2 = await withRetry(async () => Promise.reject(fail('server')), (x) => x as CloudError, { ...DEFAULT_RETRY, maxAttempts: 50, maxTotalMs: 5_000 }, slow).catch((x: unknown) => x);
    expect(e2).toMatchObject({ attempts: 5 });
    expect(slow.slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5_000);
  });

  it('never waits nothing, never more than the cap', () => {
    for (let attempt = 1; attempt < 12; attempt++) {
      expect(backoffMs(DEFAULT_RETRY, attempt, () => 0)).toBeGreaterThan(0);
      expect(backoffMs(DEFAULT_RETRY, attempt, () => 0.999999)).toBeLessThanOrEqual(DEFAULT_RETRY.maxDelayMs);
    }
  });
});
