// One HTTPS_PROXY for several sandboxes: each sandbox's cloud emulators are reached through its
// own HTTPS proxy (docs/sandbox.md), but the plugin, like any client, has one HTTPS_PROXY. This
// proxy answers CONNECT by opening the same CONNECT on the sandbox proxy chosen by the target's
// host name and then joining the two sockets, so a report over a TKE sandbox and an ECI sandbox
// reaches the Tencent emulator of the one and the Alibaba emulator of the other. The sandboxes
// share one CA (test/sandbox/shared/ca.ts), so NODE_EXTRA_CA_CERTS stays one file.
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ProxyRoute {
  /** A host-name suffix, e.g. "aliyuncs.com"; "" matches every host. */
  suffix: string;
  /** The sandbox proxy, http://127.0.0.1:PORT (its env's HTTPS_PROXY). */
  upstream: string;
}

export interface ProxyRouter {
  url: string;
  close(): Promise<void>;
}

/** Routes are tried in order; the first whose suffix ends the host wins. */
export async function startProxyRouter(routes: readonly ProxyRoute[]): Promise<ProxyRouter> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(405, { 'content-type': 'text/plain' });
    res.end('CONNECT only\n');
  });
  // Tunnels leave the HTTP server's bookkeeping once joined: kept here so close() ends them.
  const tunnels = new Set<{ destroy(): void }>();
  server.on('connect', (req, client, head) => {
    tunnels.add(client);
    client.on('close', () => tunnels.delete(client));
    const target = req.url ?? '';
    const host = target.replace(/:\d+$/, '');
    const route = routes.find((r) => host.endsWith(r.suffix));
    if (!route) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const up = new URL(route.upstream);
    const upstream = connect(Number(up.port), up.hostname, () => {
      // The upstream proxy answers the CONNECT itself; its answer goes back to the client as is.
      upstream.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    tunnels.add(upstream);
    upstream.on('close', () => tunnels.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of tunnels) t.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
