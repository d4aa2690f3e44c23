// Alibaba Cloud API errors as the emulator answers them: an error code, a message and the HTTP
// status the real API pairs with that code (the SDKs surface both: `code` and `statusCode`).
// Codes and statuses come from the common error codes of the RPC APIs and from the per-action
// lists in the API reference (ECS DescribeSecurityGroups/-Attribute, ECI DescribeContainerGroups).
// Messages follow the real ones ("Specified ... is not found."); they never carry a secret.

export class AcsError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status: number) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** The HTTP status the real API answers with `code`, for codes given without one (injected faults). */
export function statusOfCode(code: string): number {
  if (code === 'InternalError' || code === 'UnknownError') return 500;
  if (code === 'ServiceUnavailable') return 503;
  if (code.endsWith('.NotFound')) return 404;
  if (code.startsWith('Forbidden') || code === 'NoPermission') return 403;
  return 400;
}

export const acsError = (code: string, message: string, status = statusOfCode(code)): AcsError => new AcsError(code, message, status);

export const missingParameter = (name: string): AcsError =>
  acsError('MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`, 400);

export const invalidParameter = (name: string, why: string): AcsError =>
  acsError('InvalidParameter', `The specified parameter "${name}" is not valid: ${why}.`, 400);

export const internalError = (): AcsError =>
  acsError('InternalError', 'The request processing has failed due to some unknown error, exception or failure.', 500);
