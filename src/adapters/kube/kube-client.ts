// A small Kubernetes REST client on node:https: enough for get, paged list, create, patch and
// update with resourceVersion, plus SelfSubjectAccessReview. One keep-alive agent per target,
// with a cap on sockets so that a 5,000-node run does not open thousands of connections.
import { Agent, request, type RequestOptions } from 'node:https';
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import type { KubeTarget } from './kubeconfig.ts';
import { runExecCredential, type ExecResult } from './exec-credential.ts';

export class KubeApiError extends Error {
  readonly status: number;
  readonly reason: string;
  constructor(status: number, reason: string, message: string) {
    super(message);
    this.name = 'KubeApiError';
    this.status = status;
    this.reason = reason;
  }
}

export interface KubeClientOptions {
  /** kubectl's --request-timeout, in milliseconds; 0 means none. */
  timeoutMs?: number;
  maxSockets?: number;
  /** Whether an exec plugin may prompt (stdin is a terminal). */
  interactive?: boolean;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size; the apiserver returns a continue token for the rest. */
  limit?: number;
}

interface ListPage<T> {
  items?: T[];
  metadata?: { continue?: string; resourceVersion?: string };
}

export class KubeClient {
  readonly target: KubeTarget;
  private readonly options: KubeClientOptions;
  private agent: Agent | undefined;
  private exec: ExecResult | undefined;

  constructor(target: KubeTarget, options: KubeClientOptions = {}) {
    this.target = target;
    this.options = options;
  }

  private async credentials(): Promise<{ headers: Record<string, string>; cert?: Buffer; key?: Buffer }> {
    const t = this.target;
    if (t.authProvider && !t.exec && !t.token && !t.clientCert) {
      throw new KubeApiError(0, 'Unauthorized', `kubeconfig user "${t.userName}" uses the "${t.authProvider}" auth-provider, which kubectl no longer supports either: switch it to an exec plugin (e.g. kubelogin, gke-gcloud-auth-plugin)`);
    }
    if (t.exec) {
      if (!this.exec || (this.exec.expiresAt !== undefined && this.exec.expiresAt - Date.now() < 10_000)) {
        this.exec = await runExecCredential(t, t.exec, this.options.interactive ?? false);
        this.agent = undefined; // a new client certificate needs new connections
      }
      if (this.exec.token) return { headers: { authorization: `Bearer ${this.exec.token}` } };
      return { headers: {}, cert: this.exec.clientCert, key: this.exec.clientKey };
    }
    if (t.token) return { headers: { authorization: `Bearer ${t.token}` }, cert: t.clientCert, key: t.clientKey };
    if (t.tokenFile) return { headers: { authorization: `Bearer ${readFileSync(t.tokenFile, 'utf8').trim()}` } };
    if (t.basicAuth) {
      const basic = Buffer.from(`${t.basicAuth.username}:${t.basicAuth.password}`).toString('base64');
      return { headers: { authorization: `Basic ${basic}` } };
    }
    return { headers: {}, cert: t.clientCert, key: t.clientKey };
  }

  async request<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const { headers, cert, key } = await this.credentials();
    const url = new URL(this.target.server + path);
    this.agent ??= new Agent({
      keepAlive: true,
      maxSockets: this.options.maxSockets ?? 32,
      ca: this.target.ca,
      cert,
      key,
      rejectUnauthorized: !this.target.insecureSkipTlsVerify,
      servername: this.target.tlsServerName,
    });
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const opts: RequestOptions = {
      method,
      hostname: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      agent: this.agent,
      headers: {
        ...headers,
        accept: 'application/json',
        'user-agent': 'kubectl-sg',
        ...(payload ? { 'content-type': contentType, 'content-length': String(payload.length) } : {}),
      },
      timeout: this.options.timeoutMs || undefined,
    };
    const send = url.protocol === 'http:' ? httpRequest : request;
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = send(opts, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer from ${this.target.server} within the request timeout`)));
      req.on('error', (err: NodeJS.ErrnoException) =>
        reject(new KubeApiError(0, 'Unreachable', `cannot reach the Kubernetes API at ${this.target.server} (context "${this.target.contextName}"): ${err.code ?? err.message}`)),
      );
      if (payload) req.write(payload);
      req.end();
    });
    if (status >= 200 && status < 300) return (text ? JSON.parse(text) : undefined) as T;
    let reason = 'Unknown';
    let message = text.slice(0, 300);
    try {
      const s = JSON.parse(text) as { reason?: string; message?: string };
      reason = s.reason ?? reason;
      message = s.message ?? message;
    } catch {
      // not a Status object: keep the raw text
    }
    throw new KubeApiError(status, reason, message);
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  /** Every item of a list, fetched page by page (limit/continue), as kubectl does. */
  async list<T>(path: string, o: ListOptions = {}): Promise<T[]> {
    const items: T[] = [];
    let cont: string | undefined;
    do {
      const q = new URLSearchParams();
      q.set('limit', String(o.limit ?? 500));
      if (o.labelSelector) q.set('labelSelector', o.labelSelector);
      if (o.fieldSelector) q.set('fieldSelector', o.fieldSelector);
      if (cont) q.set('continue', cont);
      const page = await this.get<ListPage<T>>(`${path}?${q}`);
      items.push(...(page.items ?? []));
      cont = page.metadata?.continue || undefined;
    } while (cont);
    return items;
  }

  close(): void {
    this.agent?.destroy();
  }
}
