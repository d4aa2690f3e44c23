// One error type for everything a Tencent Cloud call can end with, so callers branch on `kind`
// and `code` instead of on the shapes failures arrive in (API error, HTTP status, network
// error; from api-call.ts, or from the SDK where it still runs: OIDC's STS exchange). Messages are scrubbed of every secret the caller knows before the error
// exists: an error is printed, logged and serialised far from here.

import type { Scrub } from '../net/secret-mask.ts';

export type CloudErrorKind =
  /** CAM said no: the caller's identity lacks a permission (fixable with a policy). */
  | 'unauthorized'
  /** The request could not be authenticated: wrong key, bad signature, expired token, clock skew. */
  | 'auth'
  /** RequestLimitExceeded and its sub-codes. */
  | 'throttled'
  | 'not-found'
  /** The API refused the parameters (InvalidParameter*, MissingParameter, UnknownParameter, LimitExceeded, ...). */
  | 'invalid'
  /** The cloud failed: InternalError, ServiceUnavailable, HTTP 5xx. */
  | 'server'
  /** No answer: DNS, connection, proxy or TLS failure, or the request timed out. */
  | 'network'
  | 'other';

export interface CloudErrorFields {
  /** The API's error code (e.g. `UnauthorizedOperation`), or ours for what never reached the API: `NetworkError`, `RequestTimeout`, `HttpError`. */
  code: string;
  /** `service:Action`, e.g. `vpc:DescribeNetworkInterfaces` (the form CAM policies use). */
  action: string;
  message: string;
  requestId?: string;
  kind: CloudErrorKind;
  /** How many times the call was sent before giving up. */
  attempts?: number;
  /** For batched writes: the IDs whose batches had succeeded before this one failed. */
  completed?: readonly string[];
}

export class CloudError extends Error {
  readonly code: string;
  readonly action: string;
  readonly requestId: string | undefined;
  readonly kind: CloudErrorKind;
  attempts: number;
  completed: readonly string[] | undefined;

  constructor(f: CloudErrorFields) {
    const rid = f.requestId ? ` (request id ${f.requestId})` : '';
    super(`${f.action}: ${f.code}: ${f.message}${rid}`);
    this.name = 'CloudError';
    this.code = f.code;
    this.action = f.action;
    this.requestId = f.requestId;
    this.kind = f.kind;
    this.attempts = f.attempts ?? 1;
    this.completed = f.completed;
  }
}

const UNAUTHORIZED = new Set(['UnauthorizedOperation', 'AuthFailure.UnauthorizedOperation']);

/** The kind of an API error code (codes from the common error code list and the per-action lists). */
export function kindOfCode(code: string): CloudErrorKind {
  // CAM denials come as either code depending on the service; sub-codes keep the meaning.
  if (UNAUTHORIZED.has(code) || code.startsWith('UnauthorizedOperation.')) return 'unauthorized';
  if (code.startsWith('AuthFailure')) return 'auth';
  if (code.startsWith('RequestLimitExceeded')) return 'throttled';
  if (code.startsWith('ResourceNotFound') || code === 'InvalidParameter.RoleNotExist' || code === 'InvalidParameter.ClusterNotFound') return 'not-found';
  if (code === 'InternalError' || code.startsWith('InternalError.') || code === 'ServiceUnavailable') return 'server';
  if (code === 'NetworkError' || code === 'RequestTimeout') return 'network';
  if (/^(InvalidParameter|MissingParameter|UnknownParameter|InvalidFilter|InvalidInstanceId|LimitExceeded|UnsupportedOperation|UnsupportedRegion|InvalidAction|NoSuchVersion)/.test(code)) return 'invalid';
  return 'other';
}

interface SdkLikeError {
  message?: unknown;
  code?: unknown;
  requestId?: unknown;
  httpCode?: unknown;
  name?: unknown;
}

/**
 * Turns whatever a call threw into a CloudError. api-call.ts's ApiCallError and the SDK's
 * TencentCloudSDKHttpException share a shape: `code` for API errors, `httpCode` for a non-200
 * answer, and neither (message "request to ... failed, reason: ...", "network timeout at: ...")
 * when no answer came.
 */
export function toCloudError(e: unknown, action: string, scrub: Scrub): CloudError {
  if (e instanceof CloudError) return e;
  const x = (typeof e === 'object' && e !== null ? e : { message: String(e) }) as SdkLikeError;
  const rawMessage = typeof x.message === 'string' ? x.message : String(e);
  const message = scrub(rawMessage.replace(/\s+$/, ''));
  const requestId = typeof x.requestId === 'string' && x.requestId !== '' ? x.requestId : undefined;
  if (typeof x.code === 'string' && x.code !== '') {
    return new CloudError({ code: x.code, action, message, requestId, kind: kindOfCode(x.code) });
  }
  if (typeof x.httpCode === 'number') {
    const kind: CloudErrorKind = x.httpCode >= 500 ? 'server' : 'other';
    return new CloudError({ code: 'HttpError', action, message: `HTTP ${x.httpCode} ${message}`.trim(), requestId, kind });
  }
  const timedOut = /network timeout|timed out|ETIMEDOUT|aborted/i.test(rawMessage) || x.name === 'AbortError' || x.name === 'TimeoutError';
  return new CloudError({ code: timedOut ? 'RequestTimeout' : 'NetworkError', action, message, requestId, kind: 'network' });
}
