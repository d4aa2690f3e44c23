// Tencent Cloud API errors as the emulator answers them. Every error travels in the envelope
// {"Response": {"Error": {"Code", "Message"}, "RequestId"}} with HTTP 200, as the real API does.
//
// Codes come from the common error code list (ActionOffline, AuthFailure.*, InvalidAction,
// NoSuchVersion, UnsupportedRegion, RequestLimitExceeded, UnknownParameter, ...) and from the
// per-action lists the official SDKs print above each client method ("可能返回的错误码").
// Messages are ours but modelled on the real ones; they never carry a secret.

export class ApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export const err = (code: string, message: string): ApiError => new ApiError(code, message);

export const missingParameter = (name: string): ApiError =>
  err('MissingParameter', `The request is missing a required parameter \`${name}\`.`);

export const unknownParameter = (name: string): ApiError =>
  err('UnknownParameter', `The parameter \`${name}\` is not recognized.`);

export const invalidParameter = (message: string): ApiError => err('InvalidParameter', message);

export const internalError = (): ApiError =>
  err('InternalError', 'An internal error has occurred. Retry your request, but if the problem persists, contact us.');
