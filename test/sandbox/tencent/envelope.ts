// The response envelope: {"Response": {...fields, "RequestId"}} for success and
// {"Response": {"Error": {"Code", "Message"}, "RequestId"}} for errors, always HTTP 200 with
// Content-Type application/json, as the real API answers. (Secrets are masked by the router,
// shared/secret-scrubber.ts.)

export function okBody(requestId: string, fields: Record<string, unknown>): string {
  return JSON.stringify({ Response: { ...fields, RequestId: requestId } });
}

export function errorBody(requestId: string, code: string, message: string): string {
  return JSON.stringify({ Response: { Error: { Code: code, Message: message }, RequestId: requestId } });
}
