// The HTTP proxy clients talk to: `CONNECT <service>[.<region>].tencentcloudapi.com:443` is
// accepted for the services the emulator answers, the tunnel's TLS is terminated in-process
// with a leaf certificate for that host (signed by the sandbox CA), and the requests inside
// the tunnel go to the API router with the host they were tunnelled to. Plain (non-CONNECT)
// requests are the control interface.
//
// Forwards (`--forward aliyuncs.com=http://127.0.0.1:PORT`): a CONNECT to `<anything>.<suffix>:443`
// is accepted too, its TLS terminated the same way, and the requests inside go unchanged (Host
// intact) to that local upstream over plain HTTP — so another cloud's emulator sits behind the
// same HTTPS_PROXY and CA. Nothing is ever forwarded anywhere else: a CONNECT to any other host
// or port is refused with 403.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { TLSSocket, type SecureContext } from 'node:tls';
import { forwardRequest } from '../shared/forward.ts';
import { KNOWN_REGIONS } from './regions.ts';

/** Hosts under `suffix` (e.g. "aliyuncs.com") are handed to `upstream` (a local emulator's http:// URL). */
export interface Forward {
  suffix: string;
  upstream: URL;
}

export interface ProxyDeps {
  services: string[];
  forwards?: Forward[];
  secureContext: (host: string) => Promise<SecureContext>;
  api: (req: IncomingMessage, res: ServerResponse, host: string) => void;
  control: (req: IncomingMessage, res: ServerResponse) => void;
}

/** The forward serving `host`, if any: a proper subdomain of its suffix. */
export function forwardFor(host: string, forwards: Forward[]): Forward | undefined {
  return forwards.find((f) => host.endsWith(`.${f.suffix}`) && /^[a-z0-9.-]+$/.test(host));
}

/** Parses `--forward` values "suffix=http://127.0.0.1:PORT". */
export function parseForward(spec: string): Forward {
  const eq = spec.indexOf('=');
  const suffix = spec.slice(0, eq).trim().toLowerCase().replace(/^\*?\./, '');
  let upstream: URL;
  try {
    upstream = new URL(spec.slice(eq + 1).trim());
  } catch {
    throw new Error(`--forward ${JSON.stringify(spec)}: expected <domain>=http://127.0.0.1:PORT`);
  }
  if (eq <= 0 || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(suffix)) throw new Error(`--forward ${JSON.stringify(spec)}: expected <domain>=http://127.0.0.1:PORT`);
  if (upstream.protocol !== 'http:') throw new Error(`--forward ${JSON.stringify(spec)}: the upstream must be a plain http:// URL`);
  return { suffix, upstream };
}

/** Whether the emulator serves `host`: <service>.tencentcloudapi.com or <service>.<region>.tencentcloudapi.com. */
export function servesHost(host: string, services: string[]): boolean {
  const m = /^([a-z0-9]+)(?:\.([a-z0-9-]+))?\.tencentcloudapi\.com$/.exec(host);
  if (!m) return false;
  const [, service, region] = m;
  return services.includes(service!) && (region === undefined || KNOWN_REGIONS.has(region));
}

export interface ProxyServer {
  server: Server;
  close(): Promise<void>;
}

export function createProxy(deps: ProxyDeps): ProxyServer {
  const sockets = new Set<Duplex>();
  const hostOf = new WeakMap<object, string>();
  const track = (s: Duplex) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };

  const forwards = deps.forwards ?? [];
  const inner = createServer((req, res) => {
    const host = hostOf.get(req.socket) ?? '';
    const forward = forwardFor(host, forwards);
    if (forward) forwardRequest(req, res, forward.upstream);
    else deps.api(req, res, host);
  });
  inner.keepAliveTimeout = 5_000;

  const front = createServer((req, res) => deps.control(req, res));
  // Test clients (undici fetch) reuse idle control connections; a server that closes them after
  // a timeout races the reuse when a test's event loop was blocked longer than that (a synchronous
  // kubectl waiting minutes; seen as "other side closed"). 0: the server never closes an idle
  // connection, the client does (it knows when it will reuse one); close() destroys them all.
  front.keepAliveTimeout = 0;
  front.on('connection', track);
  front.on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    track(socket);
    socket.on('error', () => socket.destroy());
    const target = req.url ?? '';
    const m = /^([^:]+):(\d+)$/.exec(target);
    const host = m?.[1]?.toLowerCase() ?? '';
    if (!m || m[2] !== '443' || !(servesHost(host, deps.services) || forwardFor(host, forwards))) {
      const served = [...deps.services.map((s) => `${s}.tencentcloudapi.com`), ...forwards.map((f) => `*.${f.suffix} (to ${f.upstream.origin})`)];
      const msg = `kubectl-sg sandbox: CONNECT ${target} refused; this proxy only serves ${served.join(', ')} (and their regional hosts) on port 443, and forwards nowhere else.\n`;
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(msg)}\r\nConnection: close\r\n\r\n${msg}`);
      return;
    }
    deps.secureContext(host).then(
      (secureContext) => {
        if (socket.destroyed) return;
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) socket.unshift(head);
        const tls = new TLSSocket(socket, { isServer: true, secureContext, ALPNProtocols: ['http/1.1'] });
        hostOf.set(tls, host);
        track(tls);
        tls.on('error', () => tls.destroy());
        inner.emit('connection', tls);
      },
      (e: unknown) => {
        const msg = `kubectl-sg sandbox: no certificate for ${host}: ${e instanceof Error ? e.message : String(e)}\n`;
        socket.end(`HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(msg)}\r\nConnection: close\r\n\r\n${msg}`);
      },
    );
  });

  return {
    server: front,
    close: () =>
      new Promise<void>((resolve) => {
        front.close(() => resolve());
        inner.close();
        for (const s of sockets) s.destroy();
      }),
  };
}
