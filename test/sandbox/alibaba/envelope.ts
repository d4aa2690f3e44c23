// The RPC response bodies, JSON as the APIs answer with Accept: application/json:
//   success (HTTP 200): {"RequestId": "...", ...fields}
//   error (HTTP 4xx/5xx): {"RequestId", "HostId", "Code", "Message", "Recommend"}
// The SDKs build their error from Code, Message and RequestId and the HTTP status
// (openapi-core: ClientError for 4xx, ServerError for 5xx, ThrottlingError for a Code
// containing "Throttling"). RequestIds look like the real ones: an uppercase UUID.
import { randomUUID } from 'node:crypto';

export const newRequestId = (): string => randomUUID().toUpperCase();

export function okBody(requestId: string, fields: Record<string, unknown>): string {
  return JSON.stringify({ RequestId: requestId, ...fields });
}

export function errorBody(o: { requestId: string; hostId: string; product: string; code: string; message: string }): string {
  return JSON.stringify({
    RequestId: o.requestId,
    HostId: o.hostId,
    Code: o.code,
    Message: o.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(o.code)}&product=${o.product}&requestId=${o.requestId}`,
  });
}
