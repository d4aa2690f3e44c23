// The ipamd simulator's way through the sandbox's HTTPS proxy (tunnel-agent.ts), against a real
// CONNECT proxy and a TLS server with a leaf of the sandbox CA: calls in a row share one tunnel,
// as Go's http.Transport shares one connection; a refused CONNECT is an error naming it.
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer as createHttpsServer, request } from 'node:https';
import { connect as tcpConnect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSandboxCa, LeafIssuer } from '../../shared/ca.ts';
import { TunnelAgent } from './tunnel-agent.ts';

const HOST = 'vpc.tencentcloudapi.com';
const ca = ensureSandboxCa();
let connects: string[] = [];
let served = 0;
// The server presents a leaf of the sandbox CA for the name asked, as the emulator's proxy does.
const leaves = new LeafIssuer(ca);
const api = createHttpsServer(
  {
    SNICallback: (name, done) =>
      leaves.context(name).then(
        (c) => done(null, c),
        (e: Error) => done(e),
      ),
  },
  (_req, res) => {
    served++;
    res.end('ok');
  },
);
// The proxy tunnels CONNECT HOST:443 to the TLS server and refuses every other target.
const proxy = createHttpServer();
proxy.on('connect', (req: IncomingMessage, client, head) => {
  connects.push(req.url ?? '');
  if (req.url !== `${HOST}:443`) {
    client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    return;
  }
  const upstream = tcpConnect((api.address() as AddressInfo).port, '127.0.0.1', () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    upstream.write(head);
    upstream.pipe(client).pipe(upstream);
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
});
afterAll(() => {
  api.close();
  proxy.close();
});

const proxyUrl = () => `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

function get(agent: TunnelAgent, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port: 443, path: '/', agent }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('TunnelAgent', () => {
  it('sends calls in a row through one CONNECT tunnel, verified against the sandbox CA', async () => {
    connects = [];
    served = 0;
    const agent = new TunnelAgent(proxyUrl(), readFileSync(ca.caFile, 'utf8'));
    try {
      for (let i = 0; i < 5; i++) expect(await get(agent, HOST)).toBe('ok');
      expect(served).toBe(5);
      expect(connects).toEqual([`${HOST}:443`]);
    } finally {
      agent.destroy();
    }
  });

  it('refuses a server the CA did not sign', async () => {
    const other = new TunnelAgent(proxyUrl(), '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n');
    try {
      await expect(get(other, HOST)).rejects.toThrow();
    } finally {
      other.destroy();
    }
  });

  it('fails a call whose CONNECT the proxy refuses, naming the proxy, the target and the status', async () => {
    const agent = new TunnelAgent(proxyUrl(), readFileSync(ca.caFile, 'utf8'));
    try {
      await expect(get(agent, 'example.com')).rejects.toThrow(`the proxy 127.0.0.1:${(proxy.address() as AddressInfo).port} refused CONNECT example.com:443: HTTP 403`);
    } finally {
      agent.destroy();
    }
  });
});
