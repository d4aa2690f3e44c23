// The Kubernetes client against a local HTTP server that answers as an API server does when it
// sheds load: 429 with Retry-After 1 and a Status "storage is (re)initializing" (the watch cache
// of a resource still filling; max-in-flight answers 429 with Retry-After 1 too), or a 5xx. The
// rest of the client is tested against the real kube-apiserver (test/e2e).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeApiError, KubeClient, MAX_RETRY_AFTER_RETRIES } from './kube-client.ts';

interface Seen {
  method: string;
  url: string;
  body: string;
}

type Answer = { status: number; retryAfter?: string; body: unknown };

const initializing: Answer = {
  status: 429,
  retryAfter: '1',
  body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'storage is (re)initializing', reason: 'TooManyRequests', details: { retryAfterSeconds: 1 }, code: 429 },
};
const node: Answer = { status: 200, body: { kind: 'Node', metadata: { name: '10.0.0.7' } } };

let close: (() => void) | undefined;
afterEach(() => close?.());

/** A server giving `answers` in turn (the last one again once they run out); what it was asked, and the waits the client slept. */
async function serve(...answers: Answer[]) {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      const a = answers[Math.min(seen.length, answers.length) - 1]!;
      res.writeHead(a.status, { 'content-type': 'application/json', ...(a.retryAfter ? { 'retry-after': a.retryAfter } : {}) });
      res.end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  close = () => server.close();
  const slept: number[] = [];
  const client = new KubeClient(
    { contextName: 'c', clusterName: 'c', userName: 'u', namespace: 'default', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, insecureSkipTlsVerify: false },
    { sleep: async (ms) => void slept.push(ms) },
  );
  return { seen, slept, client };
}

describe('an answer that says when to come back', () => {
  it('is asked again after the Retry-After wait, until the server answers', async () => {
    const { seen, slept, client } = await serve(initializing, initializing, node);
    await expect(client.get('/api/v1/nodes/10.0.0.7')).resolves.toEqual(node.body);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(Array(3).fill('GET /api/v1/nodes/10.0.0.7'));
    expect(slept).toEqual([1000, 1000]);
  });

  it('sends a write again with the same body', async () => {
    const { seen, client } = await serve({ status: 503, retryAfter: '2', body: 'the server is busy' }, { status: 201, body: { kind: 'Event' } });
    const event = { metadata: { generateName: 'kubectl-sg-' }, note: 'set node' };
    await expect(client.request('POST', '/apis/events.k8s.io/v1/namespaces/default/events', event)).resolves.toEqual({ kind: 'Event' });
    expect(seen.map((s) => s.body)).toEqual([JSON.stringify(event), JSON.stringify(event)]);
  });

  it('gives up after 10 retries, with the server\'s own message', async () => {
    const { seen, slept, client } = await serve(initializing);
    const err = await client.get('/apis/networking.tke.cloud.tencent.com/v1/nodeeniconfigs').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err).toMatchObject({ status: 429, reason: 'TooManyRequests', message: 'storage is (re)initializing' });
    expect(seen).toHaveLength(1 + MAX_RETRY_AFTER_RETRIES);
    expect(MAX_RETRY_AFTER_RETRIES).toBe(10);
    expect(slept).toEqual(Array(10).fill(1000));
  });
});

describe('an answer that does not say when to come back', () => {
  it.each([
    ['a 429 without Retry-After', { status: 429, body: initializing.body }],
    ['a 500 without Retry-After', { status: 500, body: 'Internal Server Error' }],
    ['a 404 with Retry-After', { status: 404, retryAfter: '1', body: { kind: 'Status', reason: 'NotFound', message: 'nodes "x" not found', code: 404 } }],
    ['a Retry-After that is not whole seconds', { status: 429, retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT', body: initializing.body }],
  ] as [string, Answer][])('is the caller\'s at once: %s', async (_, answer) => {
    const { seen, slept, client } = await serve(answer, node);
    await expect(client.get('/api/v1/nodes/x')).rejects.toMatchObject({ status: answer.status });
    expect(seen).toHaveLength(1);
    expect(slept).toEqual([]);
  });
});
