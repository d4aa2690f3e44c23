// One TencentCloud API 3.0 call: a JSON POST signed with TC3-HMAC-SHA256, answered with the
// `{"Response": {...}}` envelope. The protocol is small and documented (the "Signature v3" and
// "Common Params" pages of every product's API docs, e.g.
// https://intl.cloud.tencent.com/document/api/1021/34193), so the plugin speaks it itself instead of
// loading the SDK's client for it: that client brings node-fetch, zlib, debug, two proxy agents,
// an SSE reader with readline and a big-number JSON parser, ~20 ms of CPU on every verb that asks
// the cloud (docs/benchmarks.md) for a POST the plugin already knows how to send (its agent,
// proxy decision, retries, rate gate and error mapping were already its own). The signature is
// checked against the SDK's own signer in api-call.test.ts, and every call against the emulator,
// which verifies signatures as the cloud does.
import { createHash, createHmac } from 'node:crypto';
import { request, type Agent } from 'node:https';

export interface ApiCall {
  /** e.g. `vpc.tencentcloudapi.com` */
  host: string;
  /** The signing service name: the host's first label (`vpc`). */
  service: string;
  /** The API version of the service, e.g. `2017-03-12`. */
  version: string;
  action: string;
  /** Omitted for global services (CAM). */
  region?: string;
  params: object;
  credential: { secretId: string; secretKey: string; token?: string };
  agent: Agent;
  /** Per try; 0 or undefined: no limit. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** What a call can end with short of a Response: the shape errors.ts turns into a CloudError. */
export class ApiCallError extends Error {
  /** The API's error code, when the API answered with one. */
  code?: string;
  requestId?: string;
  /** The HTTP status, when the answer was not 200. */
  httpCode?: number;

  constructor(message: string, fields: { code?: string; requestId?: string; httpCode?: number; name?: string } = {}) {
    super(message);
    this.code = fields.code;
    this.requestId = fields.requestId;
    this.httpCode = fields.httpCode;
    if (fields.name) this.name = fields.name;
  }
}

const CONTENT_TYPE = 'application/json';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text).digest();

/** The Authorization header of a POST with a JSON body, signed over content-type and host (the SDK's choice). */
export function tc3Authorization(a: { secretId: string; secretKey: string; service: string; host: string; timestamp: number; body: string }): string {
  const date = new Date(a.timestamp * 1000).toISOString().slice(0, 10);
  const signedHeaders = 'content-type;host';
  const canonicalRequest = ['POST', '/', '', `content-type:${CONTENT_TYPE}\nhost:${a.host}\n`, signedHeaders, sha256Hex(a.body)].join('\n');
  const scope = `${date}/${a.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(a.timestamp), scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(`TC3${a.secretKey}`, date), a.service), 'tc3_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return `TC3-HMAC-SHA256 Credential=${a.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

interface Envelope {
  Response?: { Error?: { Code?: string; Message?: string }; RequestId?: string } & Record<string, unknown>;
}

/** Sends one call and returns its Response (RequestId included), or throws an ApiCallError. */
export function callApi(c: ApiCall, now: () => number = Date.now): Promise<Record<string, unknown>> {
  const body = JSON.stringify(c.params);
  const timestamp = Math.floor(now() / 1000);
  const headers: Record<string, string> = {
    'Content-Type': CONTENT_TYPE,
    Host: c.host,
    'X-TC-Action': c.action,
    'X-TC-Version': c.version,
    'X-TC-Timestamp': String(timestamp),
    'Content-Length': String(Buffer.byteLength(body)),
    Authorization: tc3Authorization({ secretId: c.credential.secretId, secretKey: c.credential.secretKey, service: c.service, host: c.host, timestamp, body }),
  };
  if (c.region) headers['X-TC-Region'] = c.region;
  if (c.credential.token) headers['X-TC-Token'] = c.credential.token;

  return new Promise((resolve, reject) => {
    const req = request({ host: c.host, port: 443, path: '/', method: 'POST', headers, agent: c.agent, signal: c.signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('error', reject);
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) {
          reject(new ApiCallError(res.statusMessage ?? '', { httpCode: res.statusCode }));
          return;
        }
        let envelope: Envelope;
        try {
          envelope = JSON.parse(text) as Envelope;
        } catch {
          reject(new ApiCallError(`the answer of ${c.action} is not JSON`, { httpCode: res.statusCode }));
          return;
        }
        const response = envelope.Response;
        if (!response) reject(new ApiCallError(`the answer of ${c.action} has no Response`));
        else if (response.Error) reject(new ApiCallError(response.Error.Message ?? '', { code: response.Error.Code, requestId: response.RequestId }));
        else resolve(response);
      });
    });
    // kubectl's --request-timeout: the whole try, connection and answer included.
    const timer = c.timeoutMs ? setTimeout(() => req.destroy(new ApiCallError(`network timeout at: https://${c.host}/`, { name: 'TimeoutError' })), c.timeoutMs) : undefined;
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e instanceof ApiCallError ? e : new ApiCallError(`request to https://${c.host}/ failed, reason: ${e.message}`, { name: e.name }));
    });
    req.end(body);
  });
}
