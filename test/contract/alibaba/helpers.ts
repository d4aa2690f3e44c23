// Helpers for the Alibaba contract suite: the OFFICIAL SDK clients (@alicloud/ecs20140526 on
// openapi-core, @alicloud/eci20180808 on openapi-client, credentials from @alicloud/credentials)
// pointed straight at the emulator, and requests signed by the SDK's own signer
// (openapi-core's OpenApiUtil.getAuthorization) for what the generated clients cannot do:
// go through the sandbox's HTTPS proxy, or send a stale date, a reused nonce, a tampered query.
//
// Why the proxy path is hand-sent: the SDKs' transport (httpx under @darabonba/typescript and
// @alicloud/tea-typescript) builds its own https.Agent and never looks at `httpsProxy`,
// HTTPS_PROXY or NODE_USE_ENV_PROXY (proxy.test.ts pins that down). Node's own agent does, when
// asked: `new https.Agent({ proxyEnv: { HTTPS_PROXY } })` tunnels with CONNECT, and the sandbox
// CA goes in its `ca`. The request it carries is byte for byte what openapi-core signs.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createHash, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { makeEciScenario, type EciScenario } from '../../sandbox/eci/scenario.ts';

const require = createRequire(import.meta.url);

// ---- the official SDKs ----------------------------------------------------------------------

type Model = object;
type ModelCtor = new (map: Record<string, unknown>) => Model;
interface SdkResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

interface EcsModule {
  default: new (config: Record<string, unknown>) => {
    describeSecurityGroups(r: Model): Promise<SdkResponse>;
    describeSecurityGroupAttribute(r: Model): Promise<SdkResponse>;
    describeNetworkInterfaces(r: Model): Promise<SdkResponse>;
    describePrefixListAttributes(r: Model): Promise<SdkResponse>;
  };
  DescribeSecurityGroupsRequest: ModelCtor;
  DescribeSecurityGroupAttributeRequest: ModelCtor;
  DescribeNetworkInterfacesRequest: ModelCtor;
  DescribePrefixListAttributesRequest: ModelCtor;
}
interface EciModule {
  default: new (config: Record<string, unknown>) => { describeContainerGroups(r: Model): Promise<SdkResponse> };
  DescribeContainerGroupsRequest: ModelCtor;
}
type CredentialCtor = new (config: Record<string, unknown>) => object;

const Ecs = require('@alicloud/ecs20140526') as EcsModule;
const Eci = require('@alicloud/eci20180808') as EciModule;
const Credential = (require('@alicloud/credentials') as { default: CredentialCtor }).default;
const OpenApiUtil = (require('@alicloud/openapi-core') as {
  OpenApiUtil: {
    getAuthorization(request: object, algorithm: string, payloadHash: string, accessKeyId: string, accessKeySecret: string): string;
    getTimestamp(): string;
    getNonce(): string;
  };
}).OpenApiUtil;

export interface AccessKey {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** The SDK's credential object for an access key (type access_key) or an STS credential (type sts). */
export function credentialOf(k: AccessKey): object {
  return k.securityToken
    ? new Credential({ type: 'sts', accessKeyId: k.accessKeyId, accessKeySecret: k.accessKeySecret, securityToken: k.securityToken })
    : new Credential({ type: 'access_key', accessKeyId: k.accessKeyId, accessKeySecret: k.accessKeySecret });
}

/** The scenario's access key. */
export const keyOf = (s: EciScenario): AccessKey => ({ accessKeyId: s.accessKeyId, accessKeySecret: s.accessKeySecret });

/** Config pointing an SDK client straight at the emulator: endpoint '127.0.0.1:PORT', protocol http. */
const direct = (port: number, key: AccessKey, regionId: string) => ({ credential: credentialOf(key), endpoint: `127.0.0.1:${port}`, protocol: 'http', regionId });

export function ecs(port: number, key: AccessKey, regionId = 'cn-hangzhou') {
  const client = new Ecs.default(direct(port, key, regionId));
  return {
    describeSecurityGroups: (r: Record<string, unknown>) => client.describeSecurityGroups(new Ecs.DescribeSecurityGroupsRequest({ regionId, ...r })),
    describeSecurityGroupAttribute: (r: Record<string, unknown>) => client.describeSecurityGroupAttribute(new Ecs.DescribeSecurityGroupAttributeRequest({ regionId, ...r })),
    describeNetworkInterfaces: (r: Record<string, unknown>) => client.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId, ...r })),
    describePrefixListAttributes: (r: Record<string, unknown>) => client.describePrefixListAttributes(new Ecs.DescribePrefixListAttributesRequest({ regionId, ...r })),
  };
}

export function eci(port: number, key: AccessKey, regionId = 'cn-hangzhou') {
  const client = new Eci.default(direct(port, key, regionId));
  return {
    describeContainerGroups: (r: Record<string, unknown>) => client.describeContainerGroups(new Eci.DescribeContainerGroupsRequest({ regionId, ...r })),
  };
}

/** The ECS SDK class itself, for tests of its own configuration (httpsProxy). */
export const EcsClient = Ecs.default;
export const DescribeSecurityGroupsRequest = Ecs.DescribeSecurityGroupsRequest;

/** What the SDKs throw: openapi-core's ClientError/ServerError/ThrottlingError, tea's ResponseError. */
export interface SdkError extends Error {
  code?: string;
  statusCode?: number;
  data?: Record<string, unknown>;
}

// ---- requests signed by the SDK's signer ----------------------------------------------------

export const VERSIONS = { ecs: '2014-05-26', eci: '2018-08-08' } as const;

/** Where a hand-sent request goes: straight to the emulator, or through the HTTPS proxy to a real host name. */
export type Route = { port: number } | { proxyUrl: string; caFile: string; host: string };

export interface SignedOptions {
  action: string;
  version: string;
  params: Record<string, string>;
  key: AccessKey;
  /** x-acs-date; default now (the SDK's format, yyyy-MM-ddTHH:mm:ssZ). */
  date?: string;
  nonce?: string;
  /** Send this query instead of the signed one (tampering). */
  sendParams?: Record<string, string>;
  /** Send this Host header instead of the signed one (tampering). */
  sendHost?: string;
}

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  json: Record<string, unknown>;
}

/** The query string as darabonba builds the URL (querystring.stringify). */
const queryString = (p: Record<string, string>): string => new URLSearchParams(p).toString().replace(/\+/g, '%20');

/** One RPC request built as openapi-core builds it (POST, params in the query, empty body), signed with its getAuthorization. */
export function signedRequest(route: Route, o: SignedOptions): Promise<RawAnswer> {
  const host = 'host' in route ? route.host : `127.0.0.1:${route.port}`;
  const emptyHash = createHash('sha256').update('').digest('hex');
  const headers: Record<string, string> = {
    host,
    'x-acs-version': o.version,
    'x-acs-action': o.action,
    'user-agent': 'kubectl-sg-contract',
    'x-acs-date': o.date ?? OpenApiUtil.getTimestamp(),
    'x-acs-signature-nonce': o.nonce ?? OpenApiUtil.getNonce(),
    accept: 'application/json',
    'x-acs-content-sha256': emptyHash,
    ...(o.key.securityToken ? { 'x-acs-accesskey-id': o.key.accessKeyId, 'x-acs-security-token': o.key.securityToken } : {}),
  };
  headers.Authorization = OpenApiUtil.getAuthorization(
    { method: 'POST', pathname: '/', query: o.params, headers },
    'ACS3-HMAC-SHA256',
    emptyHash,
    o.key.accessKeyId,
    o.key.accessKeySecret,
  );
  const path = `/?${queryString(o.sendParams ?? o.params)}`;
  if (o.sendHost) headers.host = o.sendHost;
  return new Promise((resolve, reject) => {
    const onAnswer = (res: import('node:http').IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: JSON.parse(text) as Record<string, unknown> });
        } catch {
          reject(new Error(`not JSON (${res.statusCode}): ${text.slice(0, 300)}`));
        }
      });
    };
    const req =
      'host' in route
        ? httpsRequest(
            { host: o.sendHost ?? route.host, port: 443, path, method: 'POST', headers, agent: proxyAgent(route.proxyUrl, route.caFile), timeout: 30_000 },
            onAnswer,
          )
        : httpRequest({ host: '127.0.0.1', port: route.port, path, method: 'POST', headers, timeout: 30_000 }, onAnswer);
    req.on('error', reject);
    req.end();
  });
}

/** Node's own proxy support: CONNECT through `proxyUrl`, the target's certificate checked against the sandbox CA. */
export function proxyAgent(proxyUrl: string, caFile: string): HttpsAgent {
  return new HttpsAgent({ proxyEnv: { HTTPS_PROXY: proxyUrl }, ca: readFileSync(caFile, 'utf8'), keepAlive: false } as ConstructorParameters<typeof HttpsAgent>[0]);
}

// ---- scenarios ------------------------------------------------------------------------------

/** The sandbox's ECI scenario plus an STS credential (the SDK's temporary-key path). */
export function contractScenario(seed: number): EciScenario {
  const s = makeEciScenario({ seed });
  return {
    ...s,
    stsCredential: { accessKeyId: `STS.${randomUUID().replace(/-/g, '')}`, accessKeySecret: randomUUID(), securityToken: `CAIS${randomUUID()}${randomUUID()}` },
  };
}

/** Every secret of a scenario, to check that no answer carries one. */
export const secretsOf = (s: EciScenario): string[] => [s.accessKeyId, s.accessKeySecret, ...(s.stsCredential ? [s.stsCredential.accessKeyId, s.stsCredential.accessKeySecret, s.stsCredential.securityToken] : [])];

export const REQUEST_ID_RE = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
