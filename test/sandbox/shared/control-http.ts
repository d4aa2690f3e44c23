// The plumbing of an emulator's control interface (plain HTTP under /_sandbox/, JSON in and
// out): a route function answers a value or throws HttpError; bodies are JSON objects.
import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 1024 * 1024) throw new HttpError(413, 'body too large');
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
    return v as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'body must be a JSON object');
  }
}

export type ControlRoute = (method: string, path: string, query: URLSearchParams, req: IncomingMessage) => Promise<unknown>;

/** An HTTP handler answering `route`'s value as JSON (200, or 201 for a Created), errors as {error} with their status. */
export function jsonHandler(route: ControlRoute): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    route(req.method ?? 'GET', url.pathname, url.searchParams, req).then(
      (body) => {
        const reply = body instanceof Created ? body : undefined;
        const text = JSON.stringify(reply ? reply.body : body);
        res.writeHead(reply ? 201 : 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      },
      (e: unknown) => {
        const status = e instanceof HttpError ? e.status : 500;
        const text = JSON.stringify({ error: e instanceof Error ? e.message : String(e) });
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      },
    );
  };
}

/** A route's answer for a POST that created something: HTTP 201 with `body`. */
export class Created {
  readonly body: unknown;
  constructor(body: unknown) {
    this.body = body;
  }
}
