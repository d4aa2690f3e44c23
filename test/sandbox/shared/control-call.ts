// The typed clients of the emulators' control interfaces (tencent/control-client.ts,
// alibaba/control-client.ts) share this base: one JSON call (a non-2xx answer thrown with its
// status and the {error} message) and the routes every emulator has (shared/control-routes.ts):
// health, faults, the call log, the flow-control windows.
import type { FaultSpec } from './faults.ts';

export async function controlCall<T>(baseUrl: string, label: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/_sandbox${path}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!res.ok) {
    const msg = typeof parsed === 'object' && parsed !== null && 'error' in parsed ? String((parsed as { error: unknown }).error) : text;
    throw new Error(`${label} control ${method} ${path}: ${res.status} ${msg}`);
  }
  return parsed as T;
}

/** R: the emulator's call record; F: what its POST /faults takes. */
export class ControlClient<R, F = FaultSpec> {
  readonly baseUrl: string;
  private readonly label: string;

  constructor(baseUrl: string, label: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.label = label;
  }

  protected call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return controlCall<T>(this.baseUrl, this.label, method, path, body);
  }

  health(): Promise<{ ok: boolean; scenario: string; region: string; uptimeMs: number }> {
    return this.call('GET', '/health');
  }

  setFaults(spec: F): Promise<FaultSpec> {
    return this.call('POST', '/faults', spec);
  }

  faults(): Promise<FaultSpec> {
    return this.call('GET', '/faults');
  }

  clearFaults(): Promise<FaultSpec> {
    return this.call('DELETE', '/faults');
  }

  calls(): Promise<R[]> {
    return this.call('GET', '/calls');
  }

  clearCalls(): Promise<void> {
    return this.call<unknown>('DELETE', '/calls').then(() => undefined);
  }

  /** Forget the per-second rate-limit windows (so one test's burst does not hit the next). */
  resetRateLimits(): Promise<void> {
    return this.call<unknown>('DELETE', '/ratelimit').then(() => undefined);
  }
}
