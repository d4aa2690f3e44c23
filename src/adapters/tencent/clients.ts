// The one path every call takes: pace (rate-gate.ts), send (api-call.ts), turn failures into
// CloudError (errors.ts), retry what is transient (retry.ts). Each service is reached through
// its own host and kept-alive agent, made when a verb first calls it.
import type { CloudCredential } from './credentials.ts';
import { agentFor, type HostAgent } from '../net/agent.ts';
import { callApi } from './api-call.ts';
import { CloudError, toCloudError } from './errors.ts';
import type { Env, ProxyDecision } from '../net/proxy.ts';
import { RateGate, type RatePace } from './rate-gate.ts';
import { ACTION_PACES, DEFAULT_PACE } from './rate-limits.ts';
import { DEFAULT_RETRY, sleep, withRetry, type RetryPolicy } from '../net/retry.ts';

export type ServiceName = 'vpc' | 'cvm' | 'cam' | 'tke' | 'tke2022' | 'sts' | 'cloudaudit';

interface ServiceDef {
  host: string;
  /** The signing service name, when the key is not it (a second API version of one service). */
  signAs?: string;
  /** The API version the call modules' parameters and answers follow (the SDK's models of it). */
  version: string;
  /** CAM is global: it is called without a region. */
  regional: boolean;
}

const SERVICES: Readonly<Record<ServiceName, ServiceDef>> = {
  vpc: { host: 'vpc.tencentcloudapi.com', version: '2017-03-12', regional: true },
  cvm: { host: 'cvm.tencentcloudapi.com', version: '2017-03-12', regional: true },
  cam: { host: 'cam.tencentcloudapi.com', version: '2019-01-16', regional: false },
  tke: { host: 'tke.tencentcloudapi.com', version: '2018-05-25', regional: true },
  // The same service's newer version: DescribeNodePools alone reads a super node pool's groups back (docs/tke-pod-groups.md).
  tke2022: { host: 'tke.tencentcloudapi.com', signAs: 'tke', version: '2022-05-01', regional: true },
  // GetCallerIdentity takes the common Region parameter (its API page lists it as required).
  sts: { host: 'sts.tencentcloudapi.com', version: '2018-08-13', regional: true },
  // LookUpEvents lists Region among its common parameters (tencentcloud.com/document/api/1021/34200).
  cloudaudit: { host: 'cloudaudit.tencentcloudapi.com', version: '2019-03-19', regional: true },
};

/** The SDK's default time limit of one try, kept when --request-timeout is not given. */
const DEFAULT_TIMEOUT_MS = 60_000;

/** What the call modules (vpc.ts, cvm.ts, ...) need: one typed call. */
export interface CloudCaller {
  call<T>(service: ServiceName, action: string, params: object): Promise<T>;
}

/** One finished try, for `--v` style debug output. Holds no parameters and no secrets. */
export interface CallEvent {
  action: string;
  attempt: number;
  ms: number;
  /** Empty for success. */
  code: string;
  requestId?: string;
}

export interface CloudClientsOptions {
  credential: CloudCredential;
  region: string;
  /** The environment the proxy decision reads (the CLI passes process.env; tests their own). */
  env: Env;
  /** The CLI's --request-timeout, per try; 0 waits forever (kubectl's meaning); default 60 s (the SDK's). */
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Overrides of the paces in rate-limits.ts, by `service:Action`. */
  paces?: Readonly<Record<string, RatePace>>;
  /** Cancels waiting and in-flight calls (Ctrl-C). */
  signal?: AbortSignal;
  onCall?: (e: CallEvent) => void;
}

export class CloudClients implements CloudCaller {
  readonly region: string;
  readonly credential: CloudCredential;
  private readonly o: CloudClientsOptions;
  private readonly policy: RetryPolicy;
  private readonly agents = new Map<ServiceName, HostAgent>();
  private readonly gates = new Map<string, RateGate>();

  constructor(o: CloudClientsOptions) {
    this.o = o;
    this.region = o.region;
    this.credential = o.credential;
    this.policy = { ...DEFAULT_RETRY, ...o.retry };
  }

  /** How connections to a service's host are made (doctor prints it); throws ProxyConfigError for an unusable proxy setting. */
  proxyDecision(service: ServiceName): ProxyDecision {
    return this.agent(service).decision;
  }

  /** Closes kept-alive connections; calls made afterwards open new ones. */
  close(): void {
    for (const a of this.agents.values()) a.agent.destroy();
    this.agents.clear();
  }

  private agent(service: ServiceName): HostAgent {
    let a = this.agents.get(service);
    if (!a) {
      a = agentFor(SERVICES[service].host, this.o.env);
      this.agents.set(service, a);
    }
    return a;
  }

  private gate(action: string): RateGate {
    let g = this.gates.get(action);
    if (!g) {
      g = new RateGate(this.o.paces?.[action] ?? ACTION_PACES[action] ?? DEFAULT_PACE);
      this.gates.set(action, g);
    }
    return g;
  }

  async call<T>(service: ServiceName, action: string, params: object): Promise<T> {
    const name = `${service}:${action}`;
    const signal = this.o.signal;
    const scrub = (t: string) => this.o.credential.scrub(t);
    const def = SERVICES[service];
    const { agent } = this.agent(service);
    const gate = this.gate(name);
    const result = await withRetry(
      (attempt) =>
        gate.run(async () => {
          const started = performance.now();
          try {
            const r = await callApi({
              host: def.host,
              service: def.signAs ?? service,
              version: def.version,
              action,
              region: def.regional ? this.o.region : undefined,
              params,
              // Asked before each try: temporary keys are renewed shortly before they expire.
              credential: await this.o.credential.getCredential(),
              agent,
              timeoutMs: this.o.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
              signal,
            });
            this.o.onCall?.({ action: name, attempt, ms: Math.round(performance.now() - started), code: '', requestId: r.RequestId as string | undefined });
            return r;
          } catch (e) {
            const ce = signal?.aborted ? undefined : toCloudError(e, name, scrub);
            this.o.onCall?.({ action: name, attempt, ms: Math.round(performance.now() - started), code: ce?.code ?? 'Aborted', requestId: ce?.requestId });
            throw ce ?? e;
          }
        }, signal),
      (e) => (e instanceof CloudError ? e : toCloudError(e, name, scrub)),
      this.policy,
      { sleep, now: () => performance.now(), random: Math.random },
      signal,
    );
    return result as T;
  }
}
