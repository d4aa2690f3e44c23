// How the ipamd simulator reaches the cloud through the sandbox's HTTPS proxy: a CONNECT tunnel
// per connection, TLS inside it, and the connection kept for the next call. ipamd is a Go program,
// and Go's http.Transport keeps idle connections per (proxy, scheme, host) and sends the next
// request over one of them (net/http, transport.go: connectMethodKey, idle connection pool).
// https-proxy-agent v5, which the SDK would use for `proxy`, opens a new tunnel and TLS session
// for every request: ~3 ms of the simulator's CPU and ~1.5 ms of the emulator's a call, on every
// ipamd reaction of a test run.
import { request } from 'node:http';
import { Agent } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect } from 'node:tls';

/** Idle connections are closed before the emulator's 5 s (its proxy's keepAliveTimeout) would. */
const IDLE_MS = 4_000;

export class TunnelAgent extends Agent {
  private readonly proxy: URL;

  constructor(proxyUrl: string, ca: string) {
    super({ keepAlive: true, ca, timeout: IDLE_MS });
    this.proxy = new URL(proxyUrl);
  }

  // Node's Agent takes the socket from this callback (net.createConnection's contract).
  override createConnection(options: { host?: string; port?: number; servername?: string; ca?: string }, done: (err: Error | null, socket?: Duplex) => void): undefined {
    const target = `${options.host}:${options.port ?? 443}`;
    const tunnel = request({ host: this.proxy.hostname, port: this.proxy.port, method: 'CONNECT', path: target, headers: { host: target }, agent: false });
    tunnel.once('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        done(new Error(`the proxy ${this.proxy.host} refused CONNECT ${target}: HTTP ${res.statusCode}`));
        return;
      }
      done(null, connect({ socket, servername: options.servername || options.host, ca: options.ca }));
    });
    tunnel.once('error', (e) => done(e));
    tunnel.end();
    return undefined;
  }
}
