// Fault injection, set through the control interface (POST /_sandbox/faults):
// - latencyMs: every API call waits this long before it is handled;
// - errorRate (0..1): that share of API calls fails with InternalError;
// - failAction {action, code, message?, times?}: calls of that action (name, or "*" for all)
//   fail with that code; `times` calls only when given, else until the faults are cleared.
// Faults apply after authentication, rate limiting and authorization, just before the action
// runs, so a faulted call is still a well-formed, authenticated, counted call.
// Each emulator's router turns a fault into its own cloud's error (`errors` below), so the
// same control body works for every emulator.

export interface FailAction {
  action: string;
  code: string;
  message?: string;
  times?: number;
}

export interface FaultSpec {
  errorRate?: number;
  latencyMs?: number;
  failAction?: FailAction | FailAction[];
}

/** How an emulator builds its error from an injected code (and its generic internal error). */
export interface FaultErrors<E> {
  injected(code: string, message: string): E;
  internal(): E;
}

/** How the latency fault waits: a real timer, unless a test holds the call itself. */
export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Faults<E = unknown> {
  private readonly errors: FaultErrors<E>;
  private readonly sleep: Sleep;
  private errorRate = 0;
  private latencyMs = 0;
  private failActions: Array<FailAction & { remaining: number }> = [];

  constructor(errors: FaultErrors<E>, sleep: Sleep = realSleep) {
    this.errors = errors;
    this.sleep = sleep;
  }

  set(spec: FaultSpec): void {
    const rate = spec.errorRate ?? 0;
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw new Error('errorRate must be a number in 0..1');
    const latency = spec.latencyMs ?? 0;
    if (typeof latency !== 'number' || !(latency >= 0 && latency <= 120_000)) throw new Error('latencyMs must be a number in 0..120000');
    const list = spec.failAction === undefined ? [] : Array.isArray(spec.failAction) ? spec.failAction : [spec.failAction];
    for (const f of list) {
      if (typeof f?.action !== 'string' || typeof f.code !== 'string' || f.code === '') throw new Error('failAction needs {action: string, code: string}');
      if (f.times !== undefined && !(Number.isInteger(f.times) && f.times > 0)) throw new Error('failAction.times must be a positive integer');
    }
    this.errorRate = rate;
    this.latencyMs = latency;
    this.failActions = list.map((f) => ({ ...f, remaining: f.times ?? Number.POSITIVE_INFINITY }));
  }

  clear(): void {
    this.set({});
  }

  describe(): FaultSpec {
    return {
      errorRate: this.errorRate,
      latencyMs: this.latencyMs,
      failAction: this.failActions
        .filter((f) => f.remaining > 0)
        .map((f) => ({ action: f.action, code: f.code, message: f.message, times: Number.isFinite(f.remaining) ? f.remaining : undefined })),
    };
  }

  async delay(): Promise<void> {
    if (this.latencyMs > 0) await this.sleep(this.latencyMs);
  }

  /** The error to answer instead of running `action`, if any. */
  check(action: string): E | undefined {
    for (const f of this.failActions) {
      if (f.remaining > 0 && (f.action === action || f.action === '*')) {
        f.remaining--;
        return this.errors.injected(f.code, f.message ?? `Injected fault: ${f.code}.`);
      }
    }
    if (this.errorRate > 0 && Math.random() < this.errorRate) return this.errors.internal();
    return undefined;
  }
}
