// The SDK clients, and the one path every call takes: pace (rate-gate.ts), send, turn failures
// into CloudError (errors.ts), retry what is transient (retry.ts).
//
// Only the service clients used are imported, each by its deep path and only when a verb
// first calls that service: the package's index pulls in every product (hundreds of clients),
// and a verb should pay only for the services it touches. The literal paths let the bundler
// include exactly these modules.
import type { CloudCredential } from './credentials.ts';
import { agentFor, type HostAgent } from '../net/agent.ts';
import { CloudError, toCloudError } from './errors.ts';
import type { Env, ProxyDecision } from '../net/proxy.ts';
import { RateGate, type RatePace } from './rate-gate.ts';
import { ACTION_PACES, DEFAULT_PACE } from './rate-limits.ts';
import { DEFAULT_RETRY, sleep, withRetry, type RetryPolicy } from '../net/retry.ts';

export type ServiceName = 'vpc' | 'cvm' | 'cam' | 'tke' | 'sts' | 'cloudaudit';

interface SdkClient {
  request(action: string, req: unknown, options?: { signal?: AbortSignal }): Promise<Record<string, unknown>>;
}
type SdkClientCtor = new (config: unknown) => SdkClient;

interface ServiceDef {
  host: string;
  /** CAM is global: it is called without a region. */
  regional: boolean;
  load: () => Promise<SdkClientCtor>;
}

const asCtor = (c: unknown) => c as SdkClientCtor;

const SERVICES: Readonly<Record<ServiceName, ServiceDef>> = {
  vpc: { host: 'vpc.tencentcloudapi.com', regional: true, load: async () => asCtor((await import('tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_client.js')).Client) },
  cvm: { host: 'cvm.tencentcloudapi.com', regional: true, load: async () => asCtor((await import('tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_client.js')).Client) },
  cam: { host: 'cam.tencentcloudapi.com', regional: false, load: async () => asCtor((await import('tencentcloud-sdk-nodejs/tencentcloud/services/cam/v20190116/cam_client.js')).Client) },
  tke: { host: 'tke.tencentcloudapi.com', regional: true, load: async () => asCtor((await import('tencentcloud-sdk-nodejs/tencentcloud/services/tke/v20180525/tke_client.js')).Client) },
  // GetCallerIdentity takes the common Region parameter (its API page lists it as required).
  sts: { host: 'sts.tencentcloudapi.com', regional: true, load: async () => asCtor((await import('tencentcloud-sdk-nodejs/tencentcloud/services/sts/v20180813/sts_client.js')).Client) },
  // LookUpEvents lists Region among its common parameters (tencentcloud.com/document/api/1021/34200).
  cloudaudit: {
    host: 'cloudaudit.tencentcloudapi.com',
    regional: true,
    load: async () => asCtor((await import('tencentcloud-sdk-nodejs/tencentcloud/services/cloudaudit/v20190319/cloudaudit_client.js')).Client),
  },
};

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
  private readonly clients = new Map<ServiceName, Promise<SdkClient>>();
  private readonly agents = new Map<ServiceName, HostAgent>();
  private readonly gates = new Map<string, RateGate>();

  constructor(o: CloudClientsOptions) {
    this.o = o;
    this.region = o.region;
    this.credential = o.credential;
    this.policy = { ...DEFAULT_RETRY, ...o.retry };
  }

  /** The services whose SDK module has been loaded so far (a verb that never asks CAM never loads it). */
  loadedServices(): ServiceName[] {
    return [...this.clients.keys()];
  }

  /** How connections to a service's host are made (doctor prints it); throws ProxyConfigError for an unusable proxy setting. */
  proxyDecision(service: ServiceName): ProxyDecision {
    return this.agent(service).decision;
  }

  /** Closes kept-alive connections; calls made afterwards open new ones. */
  close(): void {
    for (const a of this.agents.values()) a.agent.destroy();
    this.agents.clear();
    this.clients.clear();
  }

  private agent(service: ServiceName): HostAgent {
    let a = this.agents.get(service);
    if (!a) {
      a = agentFor(SERVICES[service].host, this.o.env);
      this.agents.set(service, a);
    }
    return a;
  }

  private client(service: ServiceName): Promise<SdkClient> {
    let c = this.clients.get(service);
    if (!c) {
      const def = SERVICES[service];
      const { agent } = this.agent(service);
      const httpProfile: Record<string, unknown> = { agent };
      if (this.o.requestTimeoutMs !== undefined) httpProfile.reqTimeout = this.o.requestTimeoutMs / 1000;
      c = def.load().then((Client) => new Client({ credential: this.o.credential, region: def.regional ? this.o.region : undefined, profile: { httpProfile } }));
      c.catch(() => this.clients.delete(service));
      this.clients.set(service, c);
    }
    return c;
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
    const client = await this.client(service);
    const gate = this.gate(name);
    const result = await withRetry(
      (attempt) =>
        gate.run(async () => {
          const started = performance.now();
          try {
            const r = await client.request(action, params, { signal });
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
