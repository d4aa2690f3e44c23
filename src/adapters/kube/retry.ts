// Retries for the Kubernetes calls of a long run (resync): a lost connection, an overloaded
// or restarting API server (429, 5xx) is waited out with backoff instead of ending the run with
// nodes half done. Only for calls that are safe to repeat: reads, and merge patches that set
// annotations to fixed values under a resourceVersion (a repeat that already landed answers 409,
// which the caller resolves by reading the node again). Every other answer (403, 404, 409,
// 422) is the caller's to judge, at once.
import { KubeApiError } from './kube-client.ts';
import { retryTransient, type RetryDeps, type RetryPolicy } from '../net/retry.ts';

/** About 30 s of trying: an API server restart or a short network cut, not an outage. */
export const KUBE_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 250, maxDelayMs: 5_000, maxTotalMs: 30_000 };

export function isTransientKubeError(err: unknown): boolean {
  return err instanceof KubeApiError && (err.status === 0 || err.status === 429 || err.status >= 500);
}

const realDeps: RetryDeps = {
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  now: () => performance.now(),
  random: Math.random,
};

/** Runs `call` until it answers, fails for a reason a repeat cannot change, or the policy runs out. */
export function withKubeRetry<T>(call: () => Promise<T>, policy: RetryPolicy = KUBE_RETRY, deps: RetryDeps = realDeps): Promise<T> {
  return retryTransient(() => call(), (err) => ({ error: err, transient: isTransientKubeError(err) }), policy, deps);
}
