// The retry policy of the cloud adapters (Tencent, Alibaba): which failures are worth another
// try, and how long to wait. Only transient failures are retried — throttling, the cloud's own
// errors, and requests that got no answer. Everything else (a denial, a bad parameter, a
// missing resource) fails at once: repeating it changes nothing and hides the cause.
//
// Retrying is safe for every action the adapters send: reads, and writes that are idempotent
// (Associate skips groups already bound, Disassociate of an unbound group is a no-op,
// UpdateAddon carries the whole values).

/** What each adapter's error says about itself: the kind (each adapter's vocabulary shares these words) and how often it was sent. */
export interface RetryableError {
  readonly kind: string;
  attempts: number;
}

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

export function isRetryable(e: RetryableError): boolean {
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

/** What a failed try means: the error to throw if it is the last, and whether another try may change it. */
export type FailureJudge = (raw: unknown, attempt: number) => { error: unknown; transient: boolean };

/**
 * Runs `attempt` until it succeeds, fails with something `judge` finds not worth retrying, or the
 * policy's attempts or time run out; then the judged error of the last try is thrown. Ctrl-C
 * (the signal) throws the raw failure at once.
 */
export async function retryTransient<T>(attempt: (n: number) => Promise<T>, judge: FailureJudge, policy: RetryPolicy, deps: RetryDeps, signal?: AbortSignal): Promise<T> {
  const started = deps.now();
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (raw) {
      if (signal?.aborted) throw raw;
      const { error, transient } = judge(raw, n);
      if (!transient || n >= policy.maxAttempts) throw error;
      const wait = backoffMs(policy, n, deps.random);
      if (deps.now() - started + wait > policy.maxTotalMs) throw error;
      await deps.sleep(wait, signal);
    }
  }
}

/** `retryTransient` for the cloud adapters: the last error is thrown as the adapter's, with its attempt count. */
export function withRetry<T, E extends RetryableError>(
  attempt: (n: number) => Promise<T>,
  toError: (e: unknown) => E,
  policy: RetryPolicy,
  deps: RetryDeps,
  signal?: AbortSignal,
): Promise<T> {
  const judge: FailureJudge = (raw, n) => {
    const e = toError(raw);
    e.attempts = n;
    return { error: e, transient: isRetryable(e) };
  };
  return retryTransient(attempt, judge, policy, deps, signal);
}

/** A wait that Ctrl-C (the signal) ends at once, rejecting with the signal's reason. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
