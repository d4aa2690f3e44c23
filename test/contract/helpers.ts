// Helpers for the contract suite: the REAL tencentcloud-sdk-nodejs clients pointed at the
// emulator, and hand-made signed requests for what the SDK will not send (stale timestamps,
// malformed bodies, unknown versions).
//
// Trusting the sandbox CA inside a vitest worker: NODE_EXTRA_CA_CERTS is read when a process
// starts, so unless the runner added emulator.caFile to it before the workers started (see
// global-setup.ts), the SDK gets an https-proxy-agent (the very package the SDK uses for
// `proxy`) whose TLS options carry the CA. Either way the request goes through the proxy with
// CONNECT to the real host name.
import { createRequire } from 'node:module';
import { request as httpsRequest } from 'node:https';
import type { Agent } from 'node:http';
import { readFileSync } from 'node:fs';
import type { Emulator } from '../sandbox/tencent/emulator.ts';
import { trustsSandboxCa } from '../sandbox/shared/ca.ts';

const require = createRequire(import.meta.url);
const sdkMain = require.resolve('tencentcloud-sdk-nodejs');
const sdkRoot = sdkMain.slice(0, sdkMain.lastIndexOf('/tencentcloud/') + '/tencentcloud/'.length);
const sdkRequire = createRequire(sdkMain);

export interface SdkError extends Error {
  code?: string;
  requestId?: string;
}

type AnyClient = {
  request(action: string, req: unknown): Promise<Record<string, unknown>>;
  [action: string]: unknown;
};
type ClientCtor = new (config: unknown) => AnyClient;

const clientPaths = {
  vpc: 'services/vpc/v20170312/vpc_client.js',
  cvm: 'services/cvm/v20170312/cvm_client.js',
  cam: 'services/cam/v20190116/cam_client.js',
  tke: 'services/tke/v20180525/tke_client.js',
  sts: 'services/sts/v20180813/sts_client.js',
  cloudaudit: 'services/cloudaudit/v20190319/cloudaudit_client.js',
} as const;
export type ServiceName = keyof typeof clientPaths;

export const SDK_CLIENT_PATHS = Object.fromEntries(Object.entries(clientPaths).map(([k, p]) => [k, sdkRoot + p])) as Record<ServiceName, string>;

function ctor(service: ServiceName): ClientCtor {
  return (sdkRequire(sdkRoot + clientPaths[service]) as { Client: ClientCtor }).Client;
}

// https-proxy-agent v5 (the SDK's): its TLS options come from the request, so add `ca` there.
const proxyAgentModule = sdkRequire('https-proxy-agent') as { HttpsProxyAgent: new (proxy: string) => Agent };
class CaProxyAgent extends (proxyAgentModule.HttpsProxyAgent as unknown as new (proxy: string) => Agent & {
  callback(req: unknown, opts: Record<string, unknown>): Promise<unknown>;
}) {
  ca: string;
  constructor(proxy: string, ca: string) {
    super(proxy);
    this.ca = ca;
  }
  override callback(req: unknown, opts: Record<string, unknown>): Promise<unknown> {
    return super.callback(req, { ...opts, ca: this.ca });
  }
}

export function caAgent(emu: Emulator): Agent {
  return new CaProxyAgent(emu.proxyUrl, readFileSync(emu.caFile, 'utf8'));
}

export function sdkProfile(emu: Emulator): { httpProfile: Record<string, unknown> } {
  if (trustsSandboxCa(emu.caFile)) return { httpProfile: { proxy: emu.proxyUrl, reqTimeout: 30 } };
  return { httpProfile: { agent: caAgent(emu), reqTimeout: 30 } };
}

export interface Cred {
  secretId: string;
  secretKey: string;
  token?: string;
}

/** A real SDK client of `service` talking to the emulator. */
export function sdk(service: ServiceName, emu: Emulator, credential: Cred, region: string | undefined = 'ap-guangzhou'): AnyClient {
  const Client = ctor(service);
  return new Client({ credential, region, profile: sdkProfile(emu) });
}

/** Call an action and return the SDK error (fails the test if the call succeeds). */
export async function sdkError(p: Promise<unknown>): Promise<SdkError> {
  try {
    const r = await p;
    throw new Error(`expected an error, got ${JSON.stringify(r).slice(0, 300)}`);
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('expected an error')) throw e;
    return e as SdkError;
  }
}

// ---- hand-made requests ---------------------------------------------------------------------

const Sign = (sdkRequire(sdkRoot + 'common/sign.js') as { default: { sign3(o: Record<string, unknown>): string } }).default;

export interface RawOptions {
  service?: ServiceName;
  /** Host to CONNECT to; default `${service}.tencentcloudapi.com`. */
  host?: string;
  action: string;
  version?: string;
  region?: string | null;
  body?: string | Buffer;
  credential: Cred;
  timestamp?: number;
  contentType?: string;
  /** Service name signed into the credential scope (default: the host's first label). */
  signService?: string;
  method?: 'POST' | 'GET';
  /** Query string for GET (signed as is). */
  query?: string;
  extraHeaders?: Record<string, string>;
  /** Send this body instead of the signed one (tampering). */
  sendBody?: string;
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: { Response: Record<string, unknown> & { Error?: { Code: string; Message: string }; RequestId: string } };
}

const VERSIONS: Record<ServiceName, string> = { vpc: '2017-03-12', cvm: '2017-03-12', cam: '2019-01-16', tke: '2018-05-25', sts: '2018-08-13', cloudaudit: '2019-03-19' };

/** A TC3-signed request built by hand (signature from the SDK's own Sign.sign3). */
export function raw(emu: Emulator, o: RawOptions): Promise<RawAnswer> {
  const service = o.service ?? 'vpc';
  const host = o.host ?? `${service}.tencentcloudapi.com`;
  const method = o.method ?? 'POST';
  const body = method === 'GET' ? Buffer.alloc(0) : Buffer.isBuffer(o.body) ? o.body : Buffer.from(o.body ?? '{}');
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  const contentType = o.contentType ?? (method === 'GET' ? 'application/x-www-form-urlencoded' : 'application/json');
  const path = method === 'GET' && o.query ? `/?${o.query}` : '/';
  const headers: Record<string, string> = {
    Host: host,
    'Content-Type': contentType,
    'X-TC-Action': o.action,
    'X-TC-Timestamp': String(timestamp),
    'X-TC-Version': o.version ?? VERSIONS[service],
    ...(o.region === null ? {} : { 'X-TC-Region': o.region ?? 'ap-guangzhou' }),
    ...(o.credential.token ? { 'X-TC-Token': o.credential.token } : {}),
    ...o.extraHeaders,
  };
  headers.Authorization = Sign.sign3({
    method,
    url: `https://${host}${path}`,
    payload: body,
    timestamp,
    service: o.signService ?? host.split('.')[0],
    secretId: o.credential.secretId,
    secretKey: o.credential.secretKey,
    multipart: false,
    headers: { 'Content-Type': contentType },
  });
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host, port: 443, path, method, headers, agent: caAgent(emu), timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: JSON.parse(text) as RawAnswer['json'] });
        } catch (e) {
          reject(new Error(`not JSON (${res.statusCode}): ${text.slice(0, 200)}: ${String(e)}`));
        }
      });
    });
    req.on('error', reject);
    req.end(o.sendBody !== undefined ? Buffer.from(o.sendBody) : body);
  });
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
