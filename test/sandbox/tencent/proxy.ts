// The HTTP proxy clients talk to: `CONNECT <service>[.<region>].tencentcloudapi.com:443` is
// accepted for the services the emulator answers, the tunnel's TLS is terminated in-process
// with a leaf certificate for that host (signed by the sandbox CA), and the requests inside
// the tunnel go to the API router with the host they were tunnelled to. Nothing is ever
// forwarded: a CONNECT to any other host or port is refused with 403. Plain (non-CONNECT)
// requests are the control interface.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { TLSSocket, type SecureContext } from 'node:tls';
import { KNOWN_REGIONS } from './regions.ts';

export interface ProxyDeps {
  services: string[];
  secureContext: (host: string) => Promise<SecureContext>;
  api: (req: IncomingMessage, res: ServerResponse, host: string) => void;
  control: (req: IncomingMessage, res: ServerResponse) => void;
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

  const inner = createServer((req, res) => deps.api(req, res, hostOf.get(req.socket) ?? ''));
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
    if (!m || m[2] !== '443' || !servesHost(host, deps.services)) {
      const msg = `kubectl-sg sandbox: CONNECT ${target} refused; this proxy only serves ${deps.services.map((s) => `${s}.tencentcloudapi.com`).join(', ')} (and their regional hosts) on port 443, and never forwards.\n`;
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
