// The whole retry policy of the Tencent Cloud adapter: which failures are worth another try,
// and how long to wait. Only transient failures are retried — throttling, the cloud's own
// errors, and requests that got no answer. Everything else (a denial, a bad parameter, a
// missing resource) fails at once: repeating it changes nothing and hides the cause.
//
// Retrying is safe for every action the adapter sends: reads, and writes that are idempotent
// (Associate skips groups already bound, Disassociate of an unbound group is a no-op,
// UpdateAddon carries the whole values).
import type { CloudError } from './errors.ts';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  maxAttempts: number;
  /** The first wait; each later one doubles, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry starts once this much time has passed since the first try. */
  maxTotalMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 4_000, maxTotalMs: 30_000 };

export function isRetryable(e: CloudError): boolean {
  return e.kind === 'throttled' || e.kind === 'server' || e.kind === 'network';
}

/**
 * "Equal jitter": half the exponential step, plus a random share of the other half. Never
 * zero, so a throttled burst does not come straight back; random, so parallel callers spread.
 */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return step / 2 + random() * (step / 2);
}

export interface RetryDeps {
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  random: () => number;
}

/**
 * Runs `attempt` until it succeeds, fails with something not worth retrying, or the policy's
 * attempts or time run out; the last error is thrown with its attempt count.
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  toError: (e: unknown) => CloudError,
  policy: RetryPolicy,
  deps: RetryDeps,
  signal?: AbortSignal,
): Promise<T> {
  const started = deps.now();
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (raw) {
      if (signal?.aborted) throw raw;
      const e = toError(raw);
      e.attempts = n;
      if (!isRetryable(e) || n >= policy.maxAttempts) throw e;
      const wait = backoffMs(policy, n, deps.random);
      if (deps.now() - started + wait > policy.maxTotalMs) throw e;
      await deps.sleep(wait, signal);
    }
  }
}
