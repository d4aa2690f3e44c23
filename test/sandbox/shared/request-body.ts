// Reading an API request's body with a size cap: what is past the cap is dropped (not kept in
// memory) and reported, so the router can answer its cloud's "request too large" error.
import type { IncomingMessage } from 'node:http';

export interface RequestBody {
  body: Buffer;
  /** Set when the body was larger than the cap (and therefore cut). */
  tooLarge: boolean;
}

export function readRequestBody(req: IncomingMessage, maxBytes: number): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve({ body: Buffer.concat(chunks), tooLarge }));
    req.on('error', reject);
  });
}

/** Node's headers with repeated ones joined, as signature checks read them. */
export function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  return headers;
}
