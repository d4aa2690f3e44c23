// The control routes every emulator has, whatever its cloud (see control-call.ts for the client):
//   GET    /_sandbox/health
//   GET|POST|DELETE /_sandbox/faults
//   GET|DELETE /_sandbox/calls
//   DELETE /_sandbox/ratelimit
import type { IncomingMessage } from 'node:http';
import type { CallLog } from './call-log.ts';
import { HttpError, readJson } from './control-http.ts';
import type { Faults, FaultSpec } from './faults.ts';
import type { RateLimiter } from './ratelimit.ts';

export interface CommonControlDeps {
  faults: Faults;
  calls: CallLog<unknown>;
  limiter: RateLimiter;
  startedAt: number;
  /** Scenario name and region, for /health. */
  health: { scenario: string; region: string };
  /** An emulator's own spellings of a POST /faults body, turned into the shared spec. */
  faultSpec?: (body: Record<string, unknown>) => FaultSpec;
}

/** Sentinel: the request is for none of the common routes. */
export const NOT_COMMON = Symbol('not a common control route');

export async function commonControlRoute(deps: CommonControlDeps, method: string, path: string, req: IncomingMessage): Promise<unknown> {
  if (method === 'GET' && path === '/_sandbox/health') return { ok: true, ...deps.health, uptimeMs: Date.now() - deps.startedAt };
  if (path === '/_sandbox/faults') {
    if (method === 'GET') return deps.faults.describe();
    if (method === 'DELETE') {
      deps.faults.clear();
      return deps.faults.describe();
    }
    if (method === 'POST') {
      const body = await readJson(req);
      const spec = deps.faultSpec ? deps.faultSpec(body) : (body as FaultSpec);
      try {
        deps.faults.set(spec);
      } catch (e) {
        throw new HttpError(400, (e as Error).message);
      }
      return deps.faults.describe();
    }
  }
  if (path === '/_sandbox/calls') {
    if (method === 'GET') return deps.calls.list();
    if (method === 'DELETE') {
      deps.calls.clear();
      return { ok: true };
    }
  }
  if (path === '/_sandbox/ratelimit' && method === 'DELETE') {
    deps.limiter.reset();
    return { ok: true };
  }
  return NOT_COMMON;
}
