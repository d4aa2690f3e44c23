// The API front door: one signed HTTPS request in, one enveloped answer out. Steps, in order:
//   latency fault → method/body checks → X-TC-Action/X-TC-Version present → TC3 signature
//   (tc3.ts) → session token → X-TC-Version known for the service (NoSuchVersion) → action
//   known (InvalidAction) → X-TC-Region (MissingParameter / UnsupportedRegion) → per-account
//   rate limit (RequestLimitExceeded) → CAM (UnauthorizedOperation) → body and parameters
//   (InvalidParameter, UnknownParameter, MissingParameter, ...) → injected faults → action.
// Choices (inferred): a malformed JSON body answers InvalidParameter; a POST whose
// Content-Type is not application/json (or multipart) answers InvalidParameter, as TC3 with
// form bodies is not a documented combination; an X-TC-Token sent with a permanent key, or a
// missing/wrong token with the temporary (ipamd) key, answers AuthFailure.TokenFailure;
// regional services without X-TC-Region answer MissingParameter.
import { randomUUID } from 'node:crypto';
import { ApiError, err, invalidParameter, missingParameter } from './errors.ts';
import { errorBody, okBody } from './envelope.ts';
import { SecretScrubber } from '../shared/secret-scrubber.ts';
import { unflatten, validate, type Params } from './params.ts';
import { KNOWN_REGIONS } from './regions.ts';
import { serviceOfHost, verifyTc3 } from './tc3.ts';
import { authorize } from './authz.ts';
import { resourcesOf } from './audit-log.ts';
import type { CallRecord } from './calls.ts';
import type { CallLog } from '../shared/call-log.ts';
import type { Faults } from '../shared/faults.ts';
import type { RateLimiter } from '../shared/ratelimit.ts';
import type { CloudState } from './state.ts';
import type { ActionContext, Identity, ServiceDef } from './services/types.ts';

export const MAX_BODY_BYTES = 10 * 1024 * 1024; // TC3 POST bodies may be up to 10 MB

export interface ApiRequest {
  method: string;
  /** Request target as received: "/" or "/?Action=..." */
  url: string;
  /** Lowercased header names. */
  headers: Record<string, string | undefined>;
  body: Buffer;
  /** The host the client tunnelled to (without port). */
  host: string;
  /** Set when the body was larger than MAX_BODY_BYTES (and therefore cut). */
  tooLarge?: boolean;
}

export interface ApiAnswer {
  body: string;
  headers: Record<string, string>;
}

interface CredentialEntry {
  identity: Identity;
  secretKey: string;
  token?: string;
}

export class ApiRouter {
  /** Per service name, its definitions: one per API version, or several that share a version (split by topic). */
  private readonly services = new Map<string, ServiceDef[]>();
  private readonly credentials = new Map<string, CredentialEntry>();
  private readonly scrubber: SecretScrubber;
  private readonly state: CloudState;
  private readonly faults: Faults<ApiError>;
  private readonly limiter: RateLimiter;
  private readonly calls: CallLog<CallRecord>;

  constructor(deps: { state: CloudState; services: ServiceDef[]; faults: Faults<ApiError>; limiter: RateLimiter; calls: CallLog<CallRecord> }) {
    this.state = deps.state;
    this.faults = deps.faults;
    this.limiter = deps.limiter;
    this.calls = deps.calls;
    for (const s of deps.services) this.services.set(s.service, [...(this.services.get(s.service) ?? []), s]);
    const c = deps.state.scenario.credentials;
    this.credentials.set(c.admin.secretId, { identity: 'admin', secretKey: c.admin.secretKey });
    this.credentials.set(c.readonly.secretId, { identity: 'readonly', secretKey: c.readonly.secretKey });
    this.credentials.set(c.ipamd.secretId, { identity: 'ipamd', secretKey: c.ipamd.secretKey, token: c.ipamd.token });
    this.credentials.set(c.colleague.secretId, { identity: 'colleague', secretKey: c.colleague.secretKey });
    this.scrubber = new SecretScrubber([c.admin.secretKey, c.readonly.secretKey, c.ipamd.secretKey, c.ipamd.token, c.colleague.secretKey]);
  }

  /** Names of the services this router answers (the CONNECT allow-list is built from them). */
  serviceNames(): string[] {
    return [...this.services.keys()];
  }

  async handle(req: ApiRequest): Promise<ApiAnswer> {
    const requestId = randomUUID();
    const service = serviceOfHost(req.host);
    const action = req.headers['x-tc-action'] ?? '';
    let identity: Identity | 'anonymous' = 'anonymous';
    let body: string;
    try {
      await this.faults.delay();
      const result = await this.run(req, requestId, service, action, (id) => (identity = id));
      body = okBody(requestId, result);
      this.calls.add({ service, action, identity, code: '', at: Date.now() });
    } catch (e) {
      const apiErr = e instanceof ApiError ? e : err('InternalError', 'An internal error has occurred.');
      if (!(e instanceof ApiError)) console.error(`emulator: ${service}.${action} failed:`, e);
      body = errorBody(requestId, apiErr.code, apiErr.message);
      this.calls.add({ service, action, identity, code: apiErr.code, at: Date.now() });
    }
    return {
      body: this.scrubber.scrub(body),
      headers: {
        'content-type': 'application/json',
        'x-tc-traceid': req.headers['x-tc-traceid'] ?? requestId,
      },
    };
  }

  private async run(req: ApiRequest, requestId: string, serviceName: string, actionName: string, setIdentity: (i: Identity) => void): Promise<Record<string, unknown>> {
    const method = req.method.toUpperCase();
    if (method !== 'POST' && method !== 'GET') {
      throw err('UnsupportedProtocol', `HTTP(S) request method ${method} is not supported; only GET and POST requests are supported.`);
    }
    if (req.tooLarge) throw err('RequestSizeLimitExceeded', `The request body exceeds ${MAX_BODY_BYTES} bytes.`);
    const qIndex = req.url.indexOf('?');
    const path = qIndex >= 0 ? req.url.slice(0, qIndex) : req.url;
    const rawQuery = qIndex >= 0 ? req.url.slice(qIndex + 1) : '';
    if (!req.headers['authorization'] && (rawQuery.includes('Signature=') || req.body.includes('Signature='))) {
      throw err('AuthFailure.InvalidAuthorization', 'Signature method v1 (HmacSHA1/HmacSHA256) is not supported by this endpoint; sign requests with TC3-HMAC-SHA256.');
    }
    if (!actionName) throw missingParameter('X-TC-Action');
    const version = req.headers['x-tc-version'];
    if (!version) throw missingParameter('X-TC-Version');

    const verified = verifyTc3({ method, path, rawQuery, headers: req.headers, body: req.body, host: req.host }, (id) => this.credentials.get(id)?.secretKey);
    const cred = this.credentials.get(verified.secretId)!;
    setIdentity(cred.identity);
    const token = req.headers['x-tc-token'];
    if (cred.token !== undefined) {
      if (!token) throw err('AuthFailure.TokenFailure', 'The request is signed with a temporary SecretId but carries no X-TC-Token.');
      if (token !== cred.token) throw err('AuthFailure.TokenFailure', 'The X-TC-Token does not match the temporary SecretId, or it has expired.');
    } else if (token) {
      throw err('AuthFailure.TokenFailure', 'An X-TC-Token was sent with a permanent SecretId; tokens only go with temporary credentials.');
    }

    const defs = this.services.get(serviceName);
    if (!defs) throw err('NoSuchProduct', `The product \`${serviceName}\` does not exist.`);
    const inVersion = defs.filter((d) => d.versions.includes(version));
    if (inVersion.length === 0) {
      const known = [...new Set(defs.flatMap((d) => d.versions))];
      throw err('NoSuchVersion', `The API version \`${version}\` does not exist for ${serviceName}; supported: ${known.join(', ')}.`);
    }
    const def = inVersion.find((d) => Object.hasOwn(d.actions, actionName))?.actions[actionName];
    if (!def) throw err('InvalidAction', `The API \`${actionName}\` does not exist in ${serviceName} ${version}.`);

    const region = req.headers['x-tc-region'] || undefined;
    if (region !== undefined && !KNOWN_REGIONS.has(region)) {
      throw err('UnsupportedRegion', `The API does not support the requested region \`${region}\`.`);
    }
    if (def.regional && region === undefined) throw missingParameter('Region');

    const count = this.limiter.take(`${this.state.scenario.uin}:${serviceName}:${actionName}`, def.ratePerSecond);
    if (count > 0) {
      throw err(
        'RequestLimitExceeded',
        `Your current request times equals to \`${count}\` in a second, which exceeds the frequency limit \`${def.ratePerSecond}\` for a second. Please reduce the frequency of calls.`,
      );
    }

    authorize(this.state, cred.identity, def, region, requestId);

    const params = validate(this.parseParams(method, req, rawQuery), def.params);

    const fault = this.faults.check(actionName);
    if (fault) throw fault;

    const ctx: ActionContext = {
      state: this.state,
      region,
      home: !def.regional || region === this.state.scenario.region,
      identity: cred.identity,
      requestId,
    };
    const answer = def.handler(params, ctx);
    if (!def.read) {
      this.state.audit.add({
        eventId: randomUUID().replaceAll('-', ''),
        eventName: actionName,
        service: serviceName,
        at: Date.now(),
        identity: cred.identity,
        secretId: verified.secretId,
        requestId,
        region: region ?? '',
        resources: resourcesOf(params),
        params,
      });
    }
    return answer;
  }

  private parseParams(method: string, req: ApiRequest, rawQuery: string): Params {
    if (method === 'GET') return unflatten(new URLSearchParams(rawQuery));
    const contentType = (req.headers['content-type'] ?? '').toLowerCase();
    if (contentType.startsWith('multipart/form-data')) {
      throw invalidParameter('multipart/form-data bodies are only accepted by upload APIs.');
    }
    if (!contentType.startsWith('application/json')) {
      throw invalidParameter(`Content-Type \`${contentType || '(none)'}\` is not supported with TC3-HMAC-SHA256 POST requests; use application/json.`);
    }
    const text = req.body.toString('utf8').trim();
    if (text === '') return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalidParameter('The request body is not valid JSON.');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidParameter('The request body must be a JSON object.');
    return parsed as Params;
  }
}
