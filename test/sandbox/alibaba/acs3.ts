// ACS3-HMAC-SHA256 verification (Alibaba Cloud's V3 request signature), recomputed from the
// request byte for byte as @alicloud/openapi-core and @alicloud/openapi-util build it
// (Utils.getAuthorization):
//
//   CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n
//                      SignedHeaders \n HexEncode(SHA256(body))
//   StringToSign     = "ACS3-HMAC-SHA256" \n HexEncode(SHA256(CanonicalRequest))
//   Signature        = HexEncode(HMAC-SHA256(AccessKeySecret, StringToSign))
//   Authorization    = ACS3-HMAC-SHA256 Credential=<AK>,SignedHeaders=<h1;h2>,Signature=<hex>
//
// CanonicalQueryString: the query parameters sorted by name, `name=value` joined with "&",
// values percent-encoded as encodeURIComponent plus !'()* (the SDK's `encode`). CanonicalHeaders:
// the signed headers (host, every x-acs-* header, content-type when sent), lowercased names,
// trimmed values, one "name:value\n" each, in SignedHeaders order (sorted). The payload hash
// is the real body's, so a body changed after signing fails even with its x-acs-content-sha256
// header left as signed.
//
// Order of checks (the real order is not documented; this one never tells an unauthenticated
// caller more than it needs): Authorization shape (IncompleteSignature) → x-acs-date
// (InvalidTimeStamp.Format / .Expired, more than 15 minutes off) → nonce present → AccessKeyId
// (InvalidAccessKeyId.NotFound, 404) → signed headers → signature (SignatureDoesNotMatch).
// Nonce reuse is the caller's check (nonces.ts), after the signature, so that nobody can burn
// someone else's nonces with unsigned requests.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { acsError, missingParameter, type AcsError } from './errors.ts';

export const ALGORITHM = 'ACS3-HMAC-SHA256';
export const MAX_SKEW_MS = 15 * 60 * 1000;

export interface SignedRequest {
  method: string;
  /** Path of the request URL as sent, e.g. "/". */
  path: string;
  /** Query string as sent (without "?"). */
  rawQuery: string;
  /** Header names lowercased; values as received. */
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export interface Verified {
  accessKeyId: string;
  nonce: string;
  /** x-acs-date in milliseconds since the epoch. */
  date: number;
}

const sha256hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** The SDK's percent-encoding (openapi-util `encode`): encodeURIComponent, plus ! ' ( ) *. */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** The query's parameters, decoded (a later repetition of a name wins). Throws on bad escapes. */
export function parseQuery(rawQuery: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    params.set(decode(eq < 0 ? part : part.slice(0, eq)), eq < 0 ? '' : decode(part.slice(eq + 1)));
  }
  return params;
}

export function canonicalQuery(params: Map<string, string>): string {
  return [...params.keys()]
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params.get(k)!)}`)
    .join('&');
}

export function canonicalRequest(req: SignedRequest, params: Map<string, string>, signedHeaders: string[]): string {
  const headerLines = signedHeaders.map((name) => `${name}:${(req.headers[name] ?? '').trim()}\n`).join('');
  return [req.method.toUpperCase(), req.path || '/', canonicalQuery(params), headerLines, signedHeaders.join(';'), sha256hex(req.body)].join('\n');
}

export function stringToSign(canonical: string): string {
  return `${ALGORITHM}\n${sha256hex(canonical)}`;
}

export function signature(accessKeySecret: string, toSign: string): string {
  return createHmac('sha256', accessKeySecret).update(toSign).digest('hex');
}

const AUTH_RE = /^(\S+)\s+Credential=([^,\s]+)\s*,\s*SignedHeaders=([a-z0-9;_.-]+)\s*,\s*Signature=([0-9a-fA-F]+)\s*$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

const incomplete = (why: string): AcsError => acsError('IncompleteSignature', `The request signature does not conform to Aliyun standards: ${why}.`, 400);

/**
 * Verify the request's ACS3-HMAC-SHA256 signature. `lookupSecret` answers the AccessKeySecret of
 * an AccessKeyId, or undefined when the key does not exist. Throws AcsError on any failure.
 */
export function verifyAcs3(
  req: SignedRequest,
  params: Map<string, string>,
  lookupSecret: (accessKeyId: string) => string | undefined,
  nowMs: number = Date.now(),
): Verified {
  const authorization = req.headers['authorization'];
  if (!authorization) {
    const v2 = params.has('Signature') || params.has('SignatureMethod');
    throw incomplete(v2 ? 'signature V2 (HMAC-SHA1 in the query) is not served here, sign with ACS3-HMAC-SHA256' : 'the Authorization header is missing');
  }
  const m = AUTH_RE.exec(authorization.trim());
  if (!m) throw incomplete('the Authorization header is not "ACS3-HMAC-SHA256 Credential=...,SignedHeaders=...,Signature=..."');
  const [, algorithm, accessKeyId, signedHeadersRaw, sig] = m as unknown as [string, string, string, string, string];
  if (algorithm !== ALGORITHM) throw incomplete(`the signature algorithm ${algorithm} is not supported by this endpoint, use ${ALGORITHM}`);

  const dateRaw = (req.headers['x-acs-date'] ?? '').trim();
  if (!dateRaw) throw missingParameter('x-acs-date');
  const d = DATE_RE.exec(dateRaw);
  const date = d ? Date.UTC(+d[1]!, +d[2]! - 1, +d[3]!, +d[4]!, +d[5]!, +d[6]!) : Number.NaN;
  if (!Number.isFinite(date)) {
    throw acsError('InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted (x-acs-date must be yyyy-MM-ddTHH:mm:ssZ in UTC).', 400);
  }
  if (Math.abs(nowMs - date) > MAX_SKEW_MS) {
    throw acsError('InvalidTimeStamp.Expired', `Specified time stamp or date value is expired: ${dateRaw} is more than 15 minutes away from the server time ${new Date(nowMs).toISOString().slice(0, 19)}Z.`, 400);
  }
  const nonce = (req.headers['x-acs-signature-nonce'] ?? '').trim();
  if (!nonce) throw missingParameter('x-acs-signature-nonce');

  const secret = lookupSecret(accessKeyId);
  if (secret === undefined) throw acsError('InvalidAccessKeyId.NotFound', 'Specified access key is not found.', 404);

  const signedHeaders = signedHeadersRaw.split(';');
  const mustSign = Object.keys(req.headers).filter((h) => h.startsWith('x-acs-') || h === 'host' || (h === 'content-type' && req.body.length > 0));
  const unsigned = mustSign.filter((h) => !signedHeaders.includes(h));
  if (unsigned.length > 0) throw incomplete(`these headers must be signed: ${unsigned.join(', ')}`);
  if (signedHeaders.join(';') !== [...signedHeaders].sort().join(';')) throw incomplete('SignedHeaders must be sorted');

  const toSign = stringToSign(canonicalRequest(req, params, signedHeaders));
  const expected = Buffer.from(signature(secret, toSign), 'hex');
  const given = Buffer.from(sig.toLowerCase(), 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw acsError('SignatureDoesNotMatch', `Specified signature does not match our calculation. The server string to sign is: ${toSign}`, 400);
  }
  return { accessKeyId, nonce, date };
}
