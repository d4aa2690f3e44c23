// One error type for everything an Alibaba Cloud call can end with: the API's error envelope
// (HTTP status, `Code`, `Message`, `RequestId`), a non-JSON answer, or no answer at all. `kind`
// uses the Tencent adapter's words (CloudErrorKind), so operations and the shared retry policy
// branch the same way for both clouds. Messages are scrubbed of every secret before the error
// exists: an error is printed, logged and serialised far from here.
import type { CloudErrorKind } from '../tencent/errors.ts';
import type { Scrub } from '../net/secret-mask.ts';
import { errorMessage } from '../../domain/error-message.ts';

export type AlibabaErrorKind = CloudErrorKind;

export interface AlibabaApiErrorFields {
  /** The API's `Code` (e.g. `InvalidSecurityGroupId.NotFound`), or ours for what never reached it: `NetworkError`, `RequestTimeout`, `HttpError`. */
  code: string;
  /** `service:Action`, e.g. `ecs:DescribeSecurityGroups` (the form RAM policies use). */
  action: string;
  message: string;
  /** 0 when no answer came. */
  httpStatus: number;
  requestId?: string;
  kind: AlibabaErrorKind;
}

export class AlibabaApiError extends Error {
  readonly code: string;
  readonly action: string;
  readonly httpStatus: number;
  readonly requestId: string | undefined;
  readonly kind: AlibabaErrorKind;
  /** How many times the call was sent before giving up. */
  attempts = 1;

  constructor(f: AlibabaApiErrorFields) {
    const rid = f.requestId ? ` (request id ${f.requestId})` : '';
    const status = f.httpStatus ? ` HTTP ${f.httpStatus}` : '';
    super(`${f.action}: ${f.code}${status}: ${f.message}${rid}`);
    this.name = 'AlibabaApiError';
    this.code = f.code;
    this.action = f.action;
    this.httpStatus = f.httpStatus;
    this.requestId = f.requestId;
    this.kind = f.kind;
  }
}

/** The kind of an error code from the API's common error codes, else of its HTTP status. */
export function kindOfAlibabaCode(code: string, httpStatus: number): AlibabaErrorKind {
  if (/^Throttling/.test(code) || httpStatus === 429) return 'throttled';
  if (/^(Forbidden|NoPermission|Forbidden\.RAM)/.test(code)) return 'unauthorized';
  if (/^(InvalidAccessKeyId|SignatureDoesNotMatch|IncompleteSignature|InvalidSecurityToken|InvalidTimeStamp|SignatureNonceUsed|MissingSecurityToken|InvalidApi\.NotPurchase)/.test(code)) return 'auth';
  if (/NotFound$/.test(code) || /\.NotFound\./.test(code)) return 'not-found';
  if (/^(InternalError|UnknownError|ServiceUnavailable)/.test(code) || httpStatus >= 500) return 'server';
  if (/^(Invalid|MissingParameter|UnsupportedOperation|InvalidParameter|QuotaExceed)/.test(code) || httpStatus === 400) return 'invalid';
  if (httpStatus === 403) return 'unauthorized';
  if (httpStatus === 404) return 'not-found';
  return 'other';
}

/** A failure that never reached the API (DNS, connection, proxy, TLS, timeout) as an AlibabaApiError. */
export function networkError(e: unknown, action: string, scrub: Scrub, timedOut: boolean): AlibabaApiError {
  const raw = errorMessage(e);
  return new AlibabaApiError({
    code: timedOut ? 'RequestTimeout' : 'NetworkError',
    action,
    message: scrub(timedOut ? `no answer within the request timeout (${raw})` : raw),
    httpStatus: 0,
    kind: 'network',
  });
}
