// A small Kubernetes REST client on node:https: enough for get, paged list, create, patch and
// update with resourceVersion, SelfSubjectAccessReview, and watch (for the TUI's live view).
// One keep-alive agent per target, with a cap on sockets so that a 5,000-node run does not open
// thousands of connections. An http:// server (`kubectl proxy`) is reached over plain HTTP, as
// kubectl reaches it. An https:// server is reached through the kubeconfig's proxy-url, else
// through HTTPS_PROXY unless NO_PROXY names it (loopback never), as kubectl decides
// (client-go's transport: http.ProxyURL, else http.ProxyFromEnvironment; net/proxy.ts).
//
// An answer of 429 or 5xx that says when to come back (Retry-After, in whole seconds) is asked
// again after that wait, up to 10 times, as client-go does for every request kubectl sends
// (rest/with_retry.go checkWait, maxRetries 10 in rest/request.go): an API server sheds load
// that way (max-in-flight and priority-and-fairness answer 429 with Retry-After 1; a resource
// whose watch cache is still filling answers 429 too). Without Retry-After the answer is the
// caller's, at once.
import { Agent, request, type AgentOptions, type RequestOptions } from 'node:https';
import { createSecureContext } from 'node:tls';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { readFileSync } from 'node:fs';
import type { KubeTarget } from './kubeconfig.ts';
import { namedProxy, proxyFor, type Env } from '../net/proxy.ts';
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

/** The answer, or undefined when the API server answers with one of `statuses`; other errors stay errors. */
export async function orUndefinedOn<T>(p: Promise<T>, ...statuses: number[]): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof KubeApiError && statuses.includes(err.status)) return undefined;
    throw err;
  }
}

/** The object, or undefined when the API server says it does not exist (404). */
export const orUndefinedOn404 = <T>(p: Promise<T>): Promise<T | undefined> => orUndefinedOn(p, 404);

export interface KubeClientOptions {
  /** kubectl's --request-timeout, in milliseconds; 0 means none. */
  timeoutMs?: number;
  maxSockets?: number;
  /**
   * Whether an exec plugin may prompt (stdin is a terminal); asked only when one runs, since
   * reading process.stdin makes Node build a stream for it (factory.ts).
   */
  interactive?: () => boolean;
  /** Where HTTPS_PROXY and NO_PROXY are read (the process's environment; none when not given). */
  env?: Env;
  /** How a Retry-After wait is waited (tests pass their own clock). */
  sleep?: (ms: number) => Promise<void>;
}

/** Asks after a Retry-After at most this many times, as client-go. */
export const MAX_RETRY_AFTER_RETRIES = 10;

/** The wait an answer asks for, in ms, when client-go would wait and ask again: 429 or 5xx with Retry-After as whole seconds. */
function retryAfterMs(status: number, headers: IncomingHttpHeaders): number | undefined {
  if (status !== 429 && status < 500) return undefined;
  const value = headers['retry-after'];
  return typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) * 1000 : undefined;
}

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size; the apiserver returns a continue token for the rest. 0: one answer, unpaged (kubectl's --chunk-size 0). */
  limit?: number;
}

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  object: T;
}

export interface WatchOptions {
  /** Where to start: changes after this version are sent. */
  resourceVersion: string;
  labelSelector?: string;
  signal: AbortSignal;
  /** How long the server keeps the watch open before ending it (the caller then watches again). */
  timeoutSeconds?: number;
}

interface ListPage<T> {
  items?: T[];
  metadata?: { continue?: string; resourceVersion?: string };
}

export class KubeClient {
  readonly target: KubeTarget;
  private readonly options: KubeClientOptions;
  private agent: HttpAgent | undefined;
  private exec: ExecResult | undefined;

  constructor(target: KubeTarget, options: KubeClientOptions = {}) {
    this.target = target;
    this.options = options;
  }

  /**
   * As client-go: a token, a username/password or a client certificate of the user (from the
   * kubeconfig or kubectl's --token/--client-certificate) is used as it is, and the exec plugin
   * runs only without any (exec.go UpdateTransportConfig: "kubectl get --token (token) pods"
   * means that token).
   */
  private async credentials(): Promise<{ headers: Record<string, string>; cert?: Buffer; key?: Buffer }> {
    const t = this.target;
    if (t.authProvider && !t.exec && !t.token && !t.clientCert) {
      throw new KubeApiError(0, 'Unauthorized', `kubeconfig user "${t.userName}" uses the "${t.authProvider}" auth-provider, which kubectl no longer supports either: switch it to an exec plugin (e.g. kubelogin, gke-gcloud-auth-plugin)`);
    }
    if (t.token) return { headers: { authorization: `Bearer ${t.token}` }, cert: t.clientCert, key: t.clientKey };
    if (t.tokenFile) return { headers: { authorization: `Bearer ${readFileSync(t.tokenFile, 'utf8').trim()}` }, cert: t.clientCert, key: t.clientKey };
    if (t.basicAuth) {
      const basic = Buffer.from(`${t.basicAuth.username}:${t.basicAuth.password}`).toString('base64');
      return { headers: { authorization: `Basic ${basic}` } };
    }
    if (t.exec && !t.clientCert) {
      if (!this.exec || (this.exec.expiresAt !== undefined && this.exec.expiresAt - Date.now() < 10_000)) {
        this.exec = await runExecCredential(t, t.exec, this.options.interactive?.() ?? false);
        this.agent = undefined; // a new client certificate needs new connections
      }
      if (this.exec.token) return { headers: { authorization: `Bearer ${this.exec.token}` } };
      return { headers: {}, cert: this.exec.clientCert, key: this.exec.clientKey };
    }
    return { headers: {}, cert: t.clientCert, key: t.clientKey };
  }

  /** kubectl's --as/--as-group/--as-uid (or the kubeconfig user's as/as-groups/as-uid), as client-go's impersonating round tripper sends them. */
  private impersonation(): Record<string, string | string[]> {
    const i = this.target.impersonate;
    if (!i) return {};
    return { 'impersonate-user': i.user, ...(i.groups.length > 0 ? { 'impersonate-group': i.groups } : {}), ...(i.uid ? { 'impersonate-uid': i.uid } : {}) };
  }

  /** Where and how to send a request: the credentials first, as they may replace the agent. */
  private async prepare(method: string, path: string, extraHeaders: Record<string, string>): Promise<{ opts: RequestOptions; send: typeof request; tls: AgentOptions }> {
    const { headers, cert, key } = await this.credentials();
    const url = new URL(this.target.server + path);
    const tls: AgentOptions = { ca: this.target.ca, cert, key, rejectUnauthorized: !this.target.insecureSkipTlsVerify, servername: this.target.tlsServerName };
    const plain = url.protocol === 'http:';
    const maxSockets = this.options.maxSockets ?? 32;
    // One TLS context for all the agent's connections: without it Node parses the CA, the
    // certificate and the key again for each one (~0.3 ms), and doctor opens 17 at once.
    this.agent ??= plain ? new HttpAgent({ keepAlive: true, maxSockets }) : new Agent({ keepAlive: true, maxSockets, ...tls, secureContext: createSecureContext({ ca: this.target.ca, cert, key }), proxyEnv: this.proxyEnv(url) });
    const opts: RequestOptions = {
      method,
      hostname: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      agent: this.agent,
      headers: { ...headers, ...this.impersonation(), accept: 'application/json', 'user-agent': 'kubectl-sg', ...extraHeaders },
    };
    return { opts, send: plain ? (httpRequest as typeof request) : request, tls };
  }

  /**
   * Node's proxy setting for the agent to an https:// server: the proxy to tunnel through
   * (CONNECT), or none. Empty rather than absent, so that a Node run with NODE_USE_ENV_PROXY
   * does not read the process's own variables behind this decision.
   */
  private proxyEnv(url: URL): { HTTPS_PROXY?: string } {
    const decision = this.target.proxyUrl ? namedProxy('proxy-url', this.target.proxyUrl) : proxyFor(url.hostname, this.options.env ?? {}, Number(url.port) || 443);
    return decision.proxy ? { HTTPS_PROXY: decision.proxy } : {};
  }

  private unreachable(err: NodeJS.ErrnoException): KubeApiError {
    return new KubeApiError(0, 'Unreachable', `cannot reach the Kubernetes API at ${this.target.server} (context "${this.target.contextName}"): ${err.code ?? err.message}`);
  }

  async request<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    for (let retries = 0; ; retries++) {
      const { status, text, headers } = await this.send(method, path, payload, contentType);
      if (status >= 200 && status < 300) return (text ? JSON.parse(text) : undefined) as T;
      const wait = retries < MAX_RETRY_AFTER_RETRIES ? retryAfterMs(status, headers) : undefined;
      if (wait === undefined) throw this.statusError(status, text);
      await (this.options.sleep ?? sleepFor)(wait);
    }
  }

  /** One try of a request: the answer whatever its status. */
  private async send(method: string, path: string, payload: Buffer | undefined, contentType: string): Promise<{ status: number; text: string; headers: IncomingHttpHeaders }> {
    const { opts, send } = await this.prepare(method, path, payload ? { 'content-type': contentType, 'content-length': String(payload.length) } : {});
    opts.timeout = this.options.timeoutMs || undefined;
    return new Promise<{ status: number; text: string; headers: IncomingHttpHeaders }>((resolve, reject) => {
      const req = send(opts, (res) => {
        // Each chunk decoded as it arrives (a character split between chunks is kept for the
        // next), so a big answer is held as its text alone rather than also as the chunks and
        // their joined copy: 5,000 nodes' show node peaked ~20 MiB lower (docs/benchmarks.md).
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer from ${this.target.server} within the request timeout`)));
      req.on('error', (err: NodeJS.ErrnoException) => reject(this.unreachable(err)));
      if (payload) req.write(payload);
      req.end();
    });
  }

  private statusError(status: number, text: string): KubeApiError {
    let reason = 'Unknown';
    let message = text.slice(0, 300);
    try {
      const s = JSON.parse(text) as { reason?: string; message?: string };
      reason = s.reason ?? reason;
      message = s.message ?? message;
    } catch {
      // not a Status object: keep the raw text
    }
    return new KubeApiError(status, reason, message);
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  /**
   * Every item of a list, fetched page by page (limit/continue), as kubectl does. `view` cuts
   * each item to what the caller reads as its page arrives, so only one page is ever held whole;
   * `onPage` sees each page as it arrives (`more`: another follows), for work that need not wait
   * for the whole list.
   */
  async list<T, V = T>(path: string, o: ListOptions = {}, view?: (item: T) => V, onPage?: (items: readonly V[], more: boolean) => void): Promise<V[]> {
    const items: V[] = [];
    let cont: string | undefined;
    do {
      const q = new URLSearchParams();
      if (o.limit !== 0) q.set('limit', String(o.limit ?? 500));
      if (o.labelSelector) q.set('labelSelector', o.labelSelector);
      if (o.fieldSelector) q.set('fieldSelector', o.fieldSelector);
      if (cont) q.set('continue', cont);
      const page = await this.get<ListPage<T>>(`${path}?${q}`);
      const got = page.items ?? [];
      const viewed = view ? got.map(view) : (got as unknown as V[]);
      items.push(...viewed);
      cont = page.metadata?.continue || undefined;
      onPage?.(viewed, cont !== undefined);
    } while (cont);
    return items;
  }

  /** The resourceVersion of a collection now: where a watch that follows a read starts. */
  async listVersion(path: string, labelSelector?: string): Promise<string> {
    const q = new URLSearchParams({ limit: '1' });
    if (labelSelector) q.set('labelSelector', labelSelector);
    const page = await this.get<ListPage<unknown>>(`${path}?${q}`);
    return page.metadata?.resourceVersion ?? '';
  }

  /**
   * Streams a watch from o.resourceVersion, calling onEvent per change (one JSON object per
   * line), until the server ends it (after timeoutSeconds), the signal aborts it, or it fails.
   * Resolves with the last resourceVersion seen, to continue from. A version the server no
   * longer has (410 Gone, as a status or an ERROR event) rejects with KubeApiError 410: the
   * caller reads the whole collection again. --request-timeout does not apply: a watch waits.
   */
  async watch<T extends { metadata?: { resourceVersion?: string } }>(path: string, o: WatchOptions, onEvent: (e: WatchEvent<T>) => void): Promise<string> {
    const q = new URLSearchParams({ watch: '1', allowWatchBookmarks: 'true', resourceVersion: o.resourceVersion, timeoutSeconds: String(o.timeoutSeconds ?? 300) });
    if (o.labelSelector) q.set('labelSelector', o.labelSelector);
    const { opts: pooled, send, tls } = await this.prepare('GET', `${path}?${q}`, {});
    // Its own connection (an agent of its own, with the TLS options and the proxy): a watch holds
    // it for minutes, the keep-alive pool is for requests.
    const own = pooled.agent instanceof Agent ? new Agent({ ...tls, proxyEnv: this.proxyEnv(new URL(this.target.server)) }) : false;
    const opts: RequestOptions = { ...pooled, ...tls, agent: own };
    let version = o.resourceVersion;
    return new Promise<string>((resolve, reject) => {
      if (o.signal.aborted) return resolve(version);
      const req = send(opts, (res) => {
        if ((res.statusCode ?? 0) >= 300) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => reject(this.statusError(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
          return;
        }
        let rest = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const lines = (rest + chunk).split('\n');
          rest = lines.pop() ?? '';
          try {
            for (const line of lines) {
              if (!line.trim()) continue;
              const e = JSON.parse(line) as { type: string; object: T & { code?: number; reason?: string; message?: string } };
              if (e.type === 'ERROR') throw new KubeApiError(e.object.code ?? 0, e.object.reason ?? 'Unknown', e.object.message ?? 'watch error');
              version = e.object.metadata?.resourceVersion ?? version;
              onEvent(e as WatchEvent<T>);
            }
          } catch (err) {
            req.destroy();
            reject(err);
          }
        });
        res.on('end', () => resolve(version));
        res.on('error', () => resolve(version));
      });
      const stop = () => {
        req.destroy();
        resolve(version);
      };
      o.signal.addEventListener('abort', stop, { once: true });
      req.on('close', () => o.signal.removeEventListener('abort', stop));
      req.on('error', (err: NodeJS.ErrnoException) => (o.signal.aborted ? resolve(version) : reject(this.unreachable(err))));
      req.end();
    });
  }

  close(): void {
    this.agent?.destroy();
  }
}
