// The API front door: one signed RPC request in, one JSON answer (status, body) out. Steps:
//   latency fault → method, body size → product (Host, or x-acs-version when the SDK is pointed
//   straight at 127.0.0.1:PORT) → x-acs-action / x-acs-version (MissingParameter, InvalidVersion)
//   → ACS3 signature (acs3.ts) → security token → nonce replay (SignatureNonceUsed) → action
//   known (InvalidAction.NotFound, 404) → RegionId (MissingParameter, InvalidRegionId.NotFound)
//   → flow control per AccessKey and action (Throttling.User) → injected faults → action.
// Parameters come from the query (what the SDKs send, POST with an empty body) and from an
// application/x-www-form-urlencoded body. Choices (inferred): a Host of another Alibaba product
// answers InvalidAction.NotFound; an STS AccessKeyId with a missing or other token answers
// InvalidSecurityToken.MismatchWithAccessKey; a token with the permanent key is refused the same way.
import { verifyAcs3, parseQuery } from './acs3.ts';
import { AcsError, acsError, internalError, missingParameter } from './errors.ts';
import { errorBody, newRequestId, okBody } from './envelope.ts';
import { NonceStore } from './nonces.ts';
import { required, type Params } from './params.ts';
import { KNOWN_REGIONS } from './regions.ts';
import type { CallRecord, Identity } from './calls.ts';
import type { ServiceDef } from './services/types.ts';
import type { AlibabaState } from './state.ts';
import type { CallLog } from '../shared/call-log.ts';
import type { Faults } from '../shared/faults.ts';
import type { RateLimiter } from '../shared/ratelimit.ts';
import { SecretScrubber } from '../shared/secret-scrubber.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface ApiRequest {
  method: string;
  /** Request target as received: "/?RegionId=...". */
  url: string;
  /** Lowercased header names. */
  headers: Record<string, string | undefined>;
  body: Buffer;
  tooLarge?: boolean;
}

export interface ApiAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface CredentialEntry {
  identity: Exclude<Identity, 'anonymous'>;
  secret: string;
  token?: string;
}

/** ecs.aliyuncs.com, ecs.cn-hangzhou.aliyuncs.com, ecs-cn-hangzhou.aliyuncs.com (the SDK's map for Hangzhou), eci.<region>.aliyuncs.com. */
const HOST_RE = /^([a-z0-9]+)(?:[.-]([a-z0-9-]+))?\.aliyuncs\.com$/;

export class ApiRouter {
  private readonly services: ServiceDef[];
  private readonly credentials = new Map<string, CredentialEntry>();
  private readonly scrubber: SecretScrubber;
  private readonly nonces = new NonceStore();
  private readonly state: AlibabaState;
  private readonly faults: Faults<AcsError>;
  private readonly limiter: RateLimiter;
  private readonly calls: CallLog<CallRecord>;

  constructor(deps: { state: AlibabaState; services: ServiceDef[]; faults: Faults<AcsError>; limiter: RateLimiter; calls: CallLog<CallRecord> }) {
    this.state = deps.state;
    this.services = deps.services;
    this.faults = deps.faults;
    this.limiter = deps.limiter;
    this.calls = deps.calls;
    const s = deps.state.scenario;
    this.credentials.set(s.accessKeyId, { identity: 'accessKey', secret: s.accessKeySecret });
    const sts = s.stsCredential;
    if (sts) this.credentials.set(sts.accessKeyId, { identity: 'sts', secret: sts.accessKeySecret, token: sts.securityToken });
    this.credentials.set(s.colleagueKey.accessKeyId, { identity: 'colleague', secret: s.colleagueKey.accessKeySecret });
    this.scrubber = new SecretScrubber([s.accessKeyId, s.accessKeySecret, s.colleagueKey.accessKeySecret, ...(sts ? [sts.accessKeyId, sts.accessKeySecret, sts.securityToken] : [])]);
  }

  async handle(req: ApiRequest): Promise<ApiAnswer> {
    const requestId = newRequestId();
    const hostHeader = (req.headers['host'] ?? '').toLowerCase();
    const host = hostHeader.replace(/:\d+$/, '');
    const service = this.serviceFor(host, req.headers['x-acs-version']);
    const action = req.headers['x-acs-action'] ?? '';
    const record: Omit<CallRecord, 'code' | 'status' | 'at'> = { service: service?.service ?? '', action, identity: 'anonymous', params: {} };
    let status = 200;
    let body: string;
    try {
      await this.faults.delay();
      const result = await this.run(req, service, action, record);
      body = okBody(requestId, result);
      this.calls.add({ ...record, code: '', status, at: Date.now() });
    } catch (e) {
      const error = e instanceof AcsError ? e : internalError();
      if (!(e instanceof AcsError)) console.error(`alibaba emulator: ${record.service}.${action} failed:`, e);
      status = error.status;
      const hostId = HOST_RE.test(host) ? host : `${service?.service ?? 'ecs'}.aliyuncs.com`;
      body = errorBody({ requestId, hostId, product: service?.product ?? 'Ecs', code: error.code, message: error.message });
      this.calls.add({ ...record, code: error.code, status, at: Date.now() });
    }
    return {
      status,
      headers: { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': requestId },
      body: this.scrubber.scrub(body),
    };
  }

  /** The product a request is for: its Host, or (pointed at an IP or localhost) its x-acs-version. */
  private serviceFor(host: string, version: string | undefined): ServiceDef | undefined {
    const m = HOST_RE.exec(host);
    if (m) return this.services.find((s) => s.service === m[1]);
    return this.services.find((s) => s.version === version);
  }

  private async run(req: ApiRequest, service: ServiceDef | undefined, action: string, record: Omit<CallRecord, 'code' | 'status' | 'at'>): Promise<Record<string, unknown>> {
    const method = req.method.toUpperCase();
    if (method !== 'POST' && method !== 'GET') throw acsError('UnsupportedHTTPMethod', `The HTTP method ${method} is not supported; use GET or POST.`, 400);
    if (req.tooLarge) throw acsError('InvalidParameter', `The request body exceeds ${MAX_BODY_BYTES} bytes.`, 400);
    const qIndex = req.url.indexOf('?');
    const path = qIndex >= 0 ? req.url.slice(0, qIndex) : req.url;
    const rawQuery = qIndex >= 0 ? req.url.slice(qIndex + 1) : '';
    let query: Params;
    try {
      query = parseQuery(rawQuery);
    } catch {
      throw acsError('InvalidParameter', 'The query string is not valid percent-encoding.', 400);
    }

    if (!action) throw missingParameter('x-acs-action');
    const version = req.headers['x-acs-version'];
    if (!version) throw missingParameter('x-acs-version');
    if (!service) throw acsError('InvalidAction.NotFound', `Specified api is not found, please check your url and method (this emulator serves ${this.services.map((s) => `${s.service} ${s.version}`).join(' and ')} only).`, 404);
    if (version !== service.version) throw acsError('InvalidVersion', `Specified parameter Version is not valid: ${service.service} answers ${service.version}.`, 400);

    const verified = verifyAcs3({ method, path, rawQuery, headers: req.headers, body: req.body }, query, (ak) => this.credentials.get(ak)?.secret);
    const cred = this.credentials.get(verified.accessKeyId)!;
    record.identity = cred.identity;
    const token = req.headers['x-acs-security-token'];
    if ((cred.token ?? '') !== (token ?? '')) {
      throw acsError('InvalidSecurityToken.MismatchWithAccessKey', 'The security token does not match the access key (an STS AccessKeyId goes with its token, a permanent one with none).', 400);
    }
    if (!this.nonces.use(verified.accessKeyId, verified.nonce)) throw acsError('SignatureNonceUsed', 'Specified signature nonce was used already.', 400);

    const def = Object.hasOwn(service.actions, action) ? service.actions[action] : undefined;
    if (!def) throw acsError('InvalidAction.NotFound', `Specified api is not found, please check your url and method: ${service.service} ${service.version} has no ${action}.`, 404);

    const params = this.params(req, query);
    record.params = Object.fromEntries(params);
    const region = def.global ? (params.get('RegionId') ?? '') : required(params, 'RegionId');
    if ((region !== '' || !def.global) && !KNOWN_REGIONS.has(region)) throw acsError('InvalidRegionId.NotFound', 'The specified RegionId does not exist.', 404);

    if (this.limiter.take(`${verified.accessKeyId}:${service.service}:${action}`, def.ratePerSecond) > 0) {
      throw acsError('Throttling.User', 'Request was denied due to user flow control.', 400);
    }
    const fault = this.faults.check(action);
    if (fault) throw fault;
    const answer = def.handler(params, { state: this.state, region, identity: cred.identity });
    if (def.write) {
      this.state.recordWrite({
        eventId: newRequestId(),
        eventName: action,
        serviceName: service.product,
        at: Date.now(),
        identity: cred.identity,
        accessKeyId: verified.accessKeyId,
        region,
        params: Object.fromEntries(params),
      });
    }
    return answer;
  }

  /** The query's parameters plus a form body's (the body wins on a repeated name). */
  private params(req: ApiRequest, query: Params): Params {
    const params = new Map(query);
    const contentType = (req.headers['content-type'] ?? '').toLowerCase();
    if (req.body.length > 0 && contentType.startsWith('application/x-www-form-urlencoded')) {
      for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) params.set(k, v);
    }
    return params;
  }
}
