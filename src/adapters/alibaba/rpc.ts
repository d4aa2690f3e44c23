// The one path every Alibaba Cloud call takes: build the RPC request as the generated SDK
// clients do (openapi-core's Params: POST, pathname "/", the parameters in the query, style RPC,
// signed ACS3-HMAC-SHA256 with openapi-core's own signer), send it through the agent the proxy
// decision chose, turn failures into AlibabaApiError, retry what is transient.
//
// Why not openapi-core's Client.callApi: its transport (@darabonba/typescript 1.0.5 doAction
// over httpx) drops the runtime's httpsProxy and noProxy and takes no agent, so it can neither
// follow HTTPS_PROXY nor be cancelled by Ctrl-C; it also retries on its own. The request is
// therefore built and signed with openapi-core's utilities (the signature the API checks) and
// sent with Node's https and an explicit agent, like the Tencent adapter. The generated clients
// (ECS's is 1.5 MB) are not loaded at all; openapi-core's utilities load on the first call.
import { request as httpRequest, Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';
import type { AlibabaCredential } from './credentials.ts';
import { AlibabaApiError, kindOfAlibabaCode, networkError } from './errors.ts';
import { agentFor } from '../net/agent.ts';
import type { Env, ProxyDecision } from '../net/proxy.ts';
import { DEFAULT_RETRY, sleep, withRetry, type RetryPolicy } from '../net/retry.ts';

export type AlibabaService = 'ecs' | 'eci' | 'sts' | 'actiontrail';

/** The API version each service's actions are called with (the generated clients' `version`). */
const VERSIONS: Readonly<Record<AlibabaService, string>> = { ecs: '2014-05-26', eci: '2018-08-08', sts: '2015-04-01', actiontrail: '2020-07-06' };

const SIGNATURE_ALGORITHM = 'ACS3-HMAC-SHA256';

/** One finished try, for `--v` style debug output. Holds no parameters and no secrets. */
export interface AlibabaCallEvent {
  action: string;
  attempt: number;
  ms: number;
  /** Empty for success. */
  code: string;
  requestId?: string;
}

export interface RpcOptions {
  credential: AlibabaCredential;
  region: string;
  /** The environment the proxy decision reads (the CLI passes process.env). */
  env: Env;
  /** Per try; 0 waits forever (kubectl's meaning); default 60 s. */
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /**
   * Where to send instead of https://<service>.<region>.aliyuncs.com, e.g. a VPC endpoint or a
   * local emulator (`http://127.0.0.1:8080`). The Host header and signature keep the service's
   * regional name.
   */
  endpoint?: string;
  signal?: AbortSignal;
  onCall?: (e: AlibabaCallEvent) => void;
}

type OpenApiUtil = typeof import('@alicloud/openapi-core/dist/utils.js').default;

let util: Promise<OpenApiUtil> | undefined;
function openApiUtil(): Promise<OpenApiUtil> {
  util ??= import('@alicloud/openapi-core/dist/utils.js').then((m) => {
    const d = m.default as unknown as { default?: OpenApiUtil } & OpenApiUtil;
    return d.default ?? d;
  });
  return util;
}

interface Answer {
  status: number;
  body: string;
}

export class RpcClient {
  readonly region: string;
  private readonly o: RpcOptions;
  private readonly policy: RetryPolicy;
  private readonly agents = new Map<string, { agent: HttpsAgent | HttpAgent; decision: ProxyDecision }>();

  constructor(o: RpcOptions) {
    this.o = o;
    this.region = o.region;
    this.policy = { ...DEFAULT_RETRY, ...o.retry };
  }

  host(service: AlibabaService): string {
    return `${service}.${this.region}.aliyuncs.com`;
  }

  /** How connections to a service are made (doctor prints it); throws ProxyConfigError for an unusable proxy setting. */
  proxyDecision(service: AlibabaService): ProxyDecision {
    return this.agent(service).decision;
  }

  close(): void {
    for (const a of this.agents.values()) a.agent.destroy();
    this.agents.clear();
  }

  private target(service: AlibabaService): URL {
    return new URL(this.o.endpoint ?? `https://${this.host(service)}`);
  }

  private agent(service: AlibabaService): { agent: HttpsAgent | HttpAgent; decision: ProxyDecision } {
    let a = this.agents.get(service);
    if (!a) {
      const t = this.target(service);
      a = t.protocol === 'http:' ? { agent: new HttpAgent({ keepAlive: true, maxSockets: 32 }), decision: { proxy: undefined, reason: `${t.host} is plain http: direct connection` } } : agentFor(t.hostname, this.o.env);
      this.agents.set(service, a);
    }
    return a;
  }

  /** Calls `service:action` with `query` (flat RPC parameters); the parsed JSON answer. */
  async call<T>(service: AlibabaService, action: string, query: Readonly<Record<string, string | number | undefined>>): Promise<T> {
    const name = `${service}:${action}`;
    const signal = this.o.signal;
    const scrub = (t: string) => this.o.credential.scrub(t);
    return withRetry(
      async (attempt) => {
        const started = performance.now();
        try {
          const body = await this.send(service, action, query, attempt);
          this.o.onCall?.({ action: name, attempt, ms: Math.round(performance.now() - started), code: '', requestId: body.RequestId as string | undefined });
          return body as T;
        } catch (e) {
          if (signal?.aborted) throw e;
          const err = e instanceof AlibabaApiError ? e : networkError(e, name, scrub, (e as Error)?.name === 'TimeoutError');
          this.o.onCall?.({ action: name, attempt, ms: Math.round(performance.now() - started), code: err.code, requestId: err.requestId });
          throw err;
        }
      },
      (e) => (e instanceof AlibabaApiError ? e : networkError(e, name, scrub, false)),
      this.policy,
      { sleep, now: () => performance.now(), random: Math.random },
      signal,
    );
  }

  private async send(service: AlibabaService, action: string, params: Readonly<Record<string, string | number | undefined>>, attempt: number): Promise<Record<string, unknown>> {
    const U = await openApiUtil();
    const secrets = await this.o.credential.secrets();
    const query = U.query(Object.fromEntries(Object.entries({ RegionId: this.region, ...params }).filter(([, v]) => v !== undefined))) as Record<string, string>;
    const headers: Record<string, string> = {
      host: this.host(service),
      'x-acs-version': VERSIONS[service],
      'x-acs-action': action,
      'user-agent': U.getUserAgent('kubectl-sg'),
      'x-acs-date': U.getTimestamp(),
      'x-acs-signature-nonce': U.getNonce(),
      accept: 'application/json',
    };
    if (attempt > 1) headers['x-acs-retry-attempts'] = String(attempt - 1);
    const payloadHash = U.hash(Buffer.from('', 'utf-8'), SIGNATURE_ALGORITHM).toString('hex');
    headers['x-acs-content-sha256'] = payloadHash;
    if (secrets.securityToken) {
      headers['x-acs-accesskey-id'] = secrets.accessKeyId;
      headers['x-acs-security-token'] = secrets.securityToken;
    }
    const signable = { method: 'POST', pathname: '/', query, headers } as unknown as Parameters<OpenApiUtil['getAuthorization']>[0];
    headers.Authorization = U.getAuthorization(signable, SIGNATURE_ALGORITHM, payloadHash, secrets.accessKeyId, secrets.accessKeySecret);

    // Encoded as the SDK's transport encodes it (querystring: spaces as %20, not +); loaded here,
    // not at start, as TKE commands load this file too.
    const answer = await this.exchange(service, `/?${process.getBuiltinModule('node:querystring').stringify(query)}`, headers);
    const name = `${service}:${action}`;
    let body: Record<string, unknown> | undefined;
    try {
      body = JSON.parse(answer.body) as Record<string, unknown>;
    } catch {
      body = undefined;
    }
    const scrub = (t: string) => this.o.credential.scrub(t);
    if (answer.status >= 400 || !body) {
      const code = typeof body?.Code === 'string' ? body.Code : 'HttpError';
      const message = typeof body?.Message === 'string' ? body.Message : answer.body.slice(0, 200).trim() || 'no body';
      const requestId = typeof body?.RequestId === 'string' ? body.RequestId : undefined;
      throw new AlibabaApiError({ code, action: name, message: scrub(message), httpStatus: answer.status, requestId, kind: code === 'HttpError' && answer.status < 400 ? 'other' : kindOfAlibabaCode(code, answer.status) });
    }
    return body;
  }

  /** One HTTP exchange through the service's agent, bounded by the request timeout and the caller's signal. */
  private exchange(service: AlibabaService, path: string, headers: Record<string, string>): Promise<Answer> {
    const t = this.target(service);
    const { agent } = this.agent(service);
    const timeoutMs = this.o.requestTimeoutMs ?? 60_000;
    const signals = [this.o.signal, timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
    const send = t.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise<Answer>((resolve, reject) => {
      const req = send(
        { protocol: t.protocol, hostname: t.hostname, port: t.port || undefined, servername: t.protocol === 'https:' ? t.hostname : undefined, method: 'POST', path, headers, agent: agent as HttpsAgent, signal },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', (e) => reject(signal?.aborted && !this.o.signal?.aborted ? Object.assign(new Error(`after ${timeoutMs} ms`), { name: 'TimeoutError' }) : e));
      req.end();
    });
  }
}
