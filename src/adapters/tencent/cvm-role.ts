// Temporary keys of the CAM role bound to the CVM instance this runs on, from the instance
// metadata service (the SDKs' CvmRoleCredential: `cam/security-credentials/` gives the role
// name, `cam/security-credentials/<role>` its keys). The SDK's own class is not reused: it has
// no timeout and goes through `http_proxy`, so on a laptop it can hang or ask a corporate
// proxy for a link-local address. Here the first request gives up after a few hundred
// milliseconds — off Tencent Cloud nothing answers — and never uses a proxy.
import { Agent, request } from 'node:http';
import { errorMessage } from '../../domain/error-message.ts';

export const METADATA_URL = 'http://metadata.tencentyun.com/latest/meta-data/';

export interface RoleSecrets {
  secretId: string;
  secretKey: string;
  token: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export type CvmRoleResult =
  | { found: true; roleName: string; secrets: RoleSecrets }
  /** `problem` is set when the metadata service answered but gave no usable keys. */
  | { found: false; problem?: string };

function get(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  // An explicit agent with an empty proxyEnv: link-local metadata is never proxied.
  const agent = new Agent({ keepAlive: false, proxyEnv: {} });
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { agent, signal: AbortSignal.timeout(timeoutMs) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  }).finally(() => agent.destroy());
}

export interface CvmRoleOptions {
  /** Base of the metadata API, ending in `/` (tests point it at a local server). */
  baseUrl?: string;
  /** How long to wait for the first answer: this is what a laptop pays. */
  probeTimeoutMs?: number;
  /** For the second request, once the service is known to be there. */
  timeoutMs?: number;
}

export async function fetchCvmRole(o: CvmRoleOptions = {}): Promise<CvmRoleResult> {
  const base = o.baseUrl ?? METADATA_URL;
  const rolesUrl = base + 'cam/security-credentials/';
  let roles: { status: number; body: string };
  try {
    roles = await get(rolesUrl, o.probeTimeoutMs ?? 300);
  } catch {
    return { found: false }; // not on a CVM (or its metadata is unreachable): nothing to report
  }
  if (roles.status === 404) return { found: false, problem: 'the instance metadata service answered: no CAM role is bound to this CVM' };
  if (roles.status !== 200) return { found: false, problem: `the instance metadata service answered HTTP ${roles.status} for the role name` };
  const roleName = roles.body.split(/\r?\n/).map((s) => s.trim()).find((s) => s !== '');
  if (!roleName) return { found: false, problem: 'the instance metadata service names no CAM role' };
  let keys: { status: number; body: string };
  try {
    keys = await get(rolesUrl + encodeURIComponent(roleName), o.timeoutMs ?? 2_000);
  } catch (e) {
    return { found: false, problem: `the keys of CVM role ${roleName} could not be read: ${errorMessage(e)}` };
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(keys.body) as Record<string, unknown>;
  } catch {
    return { found: false, problem: `the keys of CVM role ${roleName} are not JSON (HTTP ${keys.status})` };
  }
  const { TmpSecretId, TmpSecretKey, Token, ExpiredTime, Code } = json;
  if (keys.status !== 200 || Code !== 'Success' || typeof TmpSecretId !== 'string' || typeof TmpSecretKey !== 'string' || typeof Token !== 'string') {
    // Code is the only field echoed: the body may hold partial keys.
    return { found: false, problem: `the instance metadata service gave no keys for CVM role ${roleName} (HTTP ${keys.status}, Code ${String(Code)})` };
  }
  const expiresAt = typeof ExpiredTime === 'number' ? ExpiredTime * 1000 : Date.now() + 10 * 60_000;
  return { found: true, roleName, secrets: { secretId: TmpSecretId, secretKey: TmpSecretKey, token: Token, expiresAt } };
}
