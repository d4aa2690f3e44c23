// The Alibaba SDK's text as the plugin ships it (dist/sg-alibaba-sdk.js, made by build.mjs), run
// the way the entry runs it. Inside it, httpx (the credential providers' HTTP client) is a
// stand-in that loads the real module on first use; this drives an ECS RAM role provider's whole
// fetch through it against a local server answering as the ECS metadata service does (Alibaba's
// "Instance metadata" page: a token by PUT /latest/api/token, the role's keys by GET
// /latest/meta-data/ram/security-credentials/ROLE with that token).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distDir } from '../../e2e/run.ts';

// As the entry does (cmd/kubectl-sg.ts): httpx's url.parse notice says nothing to act on.
process.noDeprecation = true;

type Modules = Record<string, () => { default: unknown }>;

/** Runs the text with only Node's built-ins to require, as src/adapters/local/side-bundle.ts does. */
function shippedSdk(): Modules {
  const text = readFileSync(join(distDir, 'sg-alibaba-sdk.js'), 'utf8');
  const module = { exports: {} };
  const builtin = (id: string) => process.getBuiltinModule(id) ?? (() => { throw new Error(`the text asked for "${id}", not a built-in`); })();
  (runInThisContext(text) as (e: object, r: (id: string) => unknown, m: object) => void)(module.exports, builtin, module);
  return module.exports as Modules;
}

interface Provider {
  doRequest: (req: { host: string }) => Promise<unknown>;
  getCredentials(): Promise<{ accessKeyId: string; accessKeySecret: string; securityToken: string; providerName: string }>;
}

const seen: string[] = [];
let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers['x-aliyun-ecs-metadata-token'] ?? ''}`);
    if (req.method === 'PUT' && req.url === '/latest/api/token') return res.end('imds-token-1');
    if (req.method === 'GET' && req.url === '/latest/meta-data/ram/security-credentials/sg-node-role' && req.headers['x-aliyun-ecs-metadata-token'] === 'imds-token-1') {
      return res.end(JSON.stringify({ AccessKeyId: 'STS.NTest0000000000001', AccessKeySecret: 'role-secret-1', SecurityToken: 'role-token-1', Expiration: '2099-01-01T00:00:00Z', LastUpdated: '2026-12-07T03:00:00Z', Code: 'Success' }));
    }
    res.statusCode = 404;
    res.end('no such path');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('the shipped Alibaba SDK text', () => {
  it('an ECS RAM role provider fetches its keys through the lazily loaded httpx', async () => {
    const m = shippedSdk()['@alicloud/credentials/dist/src/providers/ecs_ram_role.js']!();
    type Builder = { withRoleName(n: string): Builder; withReadTimeout(ms: number): Builder; withConnectTimeout(ms: number): Builder; build(): Provider };
    const cls = m.default as { builder(): Builder };
    // Not the default 1 s timeouts: under load a stall could time out the token PUT, and the provider would fall back to IMDSv1 without a token.
    const provider = cls.builder().withRoleName('sg-node-role').withReadTimeout(10_000).withConnectTimeout(10_000).build();
    // The provider's own seam: the same requests, sent to the local server instead of 100.100.100.200.
    const send = provider.doRequest;
    provider.doRequest = (req) => {
      req.host = `127.0.0.1:${port}`;
      return send(req);
    };
    const c = await provider.getCredentials();
    expect([c.accessKeyId, c.accessKeySecret, c.securityToken, c.providerName]).toEqual(['STS.NTest0000000000001', 'role-secret-1', 'role-token-1', 'ecs_ram_role']);
    expect(seen).toEqual(['PUT /latest/api/token ', 'GET /latest/meta-data/ram/security-credentials/sg-node-role imds-token-1']);
  });
});
