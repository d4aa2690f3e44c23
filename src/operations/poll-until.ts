// Waiting for another component to take a change (TKE rendering a ConfigMap from the addon,
// ipamd's Deployment rolling out): check, pause, check again, until it holds, the time is up,
// or the run is interrupted — never longer than asked, so a command cannot hang on a cluster
// that will not answer.
export type PollOutcome = 'done' | 'timeout' | 'aborted';

/** A pause that an interruption ends at once (resolves, never rejects: the caller checks signal.aborted). */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function pollUntil(check: () => Promise<boolean>, o: { timeoutMs: number; intervalMs: number; signal?: AbortSignal }): Promise<PollOutcome> {
  const deadline = Date.now() + o.timeoutMs;
  for (;;) {
    if (o.signal?.aborted) return 'aborted';
    if (await check()) return 'done';
    const left = deadline - Date.now();
    if (left <= 0) return 'timeout';
    await pause(Math.min(o.intervalMs, left), o.signal);
  }
}
