// TC3-HMAC-SHA256 verification, recomputed from the request exactly as the API documents it:
//
//   CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n
//                      SignedHeaders \n HexEncode(SHA256(payload))
//   StringToSign     = "TC3-HMAC-SHA256" \n Timestamp \n Date/service/tc3_request \n
//                      HexEncode(SHA256(CanonicalRequest))
//   SecretSigning    = HMAC(HMAC(HMAC("TC3" + SecretKey, Date), service), "tc3_request")
//
// CanonicalHeaders are the signed headers, names and values lowercased and trimmed, each
// followed by "\n"; `content-type` and `host` must be among them. The date of the credential
// scope must be the UTC date of X-TC-Timestamp and its service must be the first label of the
// host the client connected to (vpc.tencentcloudapi.com → vpc).
//
// Order of checks (the real order is not documented; this one never tells an unauthenticated
// caller more than it needs): Authorization shape → timestamp skew (> 300 s:
// AuthFailure.SignatureExpire) → SecretId (AuthFailure.SecretIdNotFound) → scope → signature
// (AuthFailure.SignatureFailure). Token checks are the caller's (router), because they depend
// on which credential matched.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError, err } from './errors.ts';

export const MAX_SKEW_SECONDS = 300;

export interface SignedRequest {
  method: string;
  /** Path of the request URL, e.g. "/". */
  path: string;
  /** Query string as sent (without "?"), "" for POST. */
  rawQuery: string;
  /** Header names lowercased; values as received. */
  headers: Record<string, string | undefined>;
  body: Buffer;
  /** Host the client opened the tunnel to (CONNECT target), e.g. "vpc.tencentcloudapi.com". */
  host: string;
}

export interface Verified {
  secretId: string;
  service: string;
  timestamp: number;
}

const sha256hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

export function utcDate(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

/** The service a host name signs for: its first label. */
export function serviceOfHost(host: string): string {
  return host.split('.')[0] ?? '';
}

const AUTH_RE =
  /^TC3-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{4}-\d{2}-\d{2})\/([^/,\s]+)\/tc3_request\s*,\s*SignedHeaders=([a-z0-9;_-]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;

export function signature(secretKey: string, date: string, service: string, stringToSign: string): string {
  const kDate = hmac('TC3' + secretKey, date);
  const kService = hmac(kDate, service);
  const kSigning = hmac(kService, 'tc3_request');
  return createHmac('sha256', kSigning).update(stringToSign).digest('hex');
}

export function canonicalRequest(req: SignedRequest, signedHeaders: string[]): string {
  const headerLines = signedHeaders.map((name) => `${name}:${(req.headers[name] ?? '').trim().toLowerCase()}\n`).join('');
  const unsigned = (req.headers['x-tc-content-sha256'] ?? '').trim() === 'UNSIGNED-PAYLOAD';
  return [
    req.method.toUpperCase(),
    req.path || '/',
    req.rawQuery,
    headerLines,
    signedHeaders.join(';'),
    unsigned ? 'UNSIGNED-PAYLOAD' : sha256hex(req.body),
  ].join('\n');
}

/**
 * Verify the request's TC3 signature. `lookupSecret` answers the SecretKey of a SecretId, or
 * undefined when the key does not exist. Throws ApiError on any failure.
 */
export function verifyTc3(
  req: SignedRequest,
  lookupSecret: (secretId: string) => string | undefined,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): Verified {
  const authorization = req.headers['authorization'];
  if (!authorization) {
    throw err('AuthFailure.InvalidAuthorization', 'Authorization header is missing. This endpoint only accepts TC3-HMAC-SHA256 signed requests.');
  }
  const m = AUTH_RE.exec(authorization.trim());
  if (!m) {
    throw err('AuthFailure.InvalidAuthorization', 'The Authorization header does not follow the TC3-HMAC-SHA256 format `TC3-HMAC-SHA256 Credential=SecretId/Date/service/tc3_request, SignedHeaders=..., Signature=...`.');
  }
  const [, secretId, scopeDate, scopeService, signedHeadersRaw, sig] = m as unknown as [string, string, string, string, string, string];

  const tsRaw = req.headers['x-tc-timestamp'];
  if (tsRaw === undefined || tsRaw === '') throw err('MissingParameter', 'The request is missing a required parameter `X-TC-Timestamp`.');
  if (!/^\d+$/.test(tsRaw.trim())) throw err('InvalidParameter', 'X-TC-Timestamp must be a Unix timestamp in seconds.');
  const timestamp = Number(tsRaw.trim());
  if (Math.abs(nowSeconds - timestamp) > MAX_SKEW_SECONDS) {
    throw err(
      'AuthFailure.SignatureExpire',
      `Signature expired. Timestamp ${timestamp} differs from the server time ${nowSeconds} by more than five minutes; please ensure your local time matches the standard time.`,
    );
  }

  const secretKey = lookupSecret(secretId);
  if (secretKey === undefined) {
    throw err('AuthFailure.SecretIdNotFound', 'The SecretId is not found, please ensure that your SecretId is correct.');
  }

  const hostService = serviceOfHost(req.host);
  if (scopeService !== hostService) {
    throw err(
      'AuthFailure.SignatureFailure',
      `The provided credentials could not be validated: the credential scope names service \`${scopeService}\` but the request was sent to \`${req.host}\` (service \`${hostService}\`).`,
    );
  }
  if (scopeDate !== utcDate(timestamp)) {
    throw err(
      'AuthFailure.SignatureFailure',
      `The provided credentials could not be validated: the credential scope date ${scopeDate} is not the UTC date of X-TC-Timestamp (${utcDate(timestamp)}).`,
    );
  }
  const signedHeaders = signedHeadersRaw.split(';');
  if (!signedHeaders.includes('content-type') || !signedHeaders.includes('host')) {
    throw err('AuthFailure.SignatureFailure', 'The provided credentials could not be validated: SignedHeaders must include content-type and host.');
  }
  const canonical = canonicalRequest(req, signedHeaders);
  const stringToSign = ['TC3-HMAC-SHA256', String(timestamp), `${scopeDate}/${scopeService}/tc3_request`, sha256hex(canonical)].join('\n');
  const expected = Buffer.from(signature(secretKey, scopeDate, scopeService, stringToSign), 'hex');
  const given = Buffer.from(sig, 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw err('AuthFailure.SignatureFailure', 'The provided credentials could not be validated. Please check your signature is correct.');
  }
  return { secretId, service: scopeService, timestamp };
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
