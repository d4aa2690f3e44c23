// Where the plugin's Tencent Cloud keys come from, in the order the SDKs and tccli users
// expect, first found wins:
//   1. env         TENCENTCLOUD_SECRET_ID + TENCENTCLOUD_SECRET_KEY, token from
//                  TENCENTCLOUD_SESSION_TOKEN (the SDKs) or TENCENTCLOUD_TOKEN (tccli);
//   2. profile-file the SDKs' INI file: TENCENTCLOUD_CREDENTIALS_FILE (Go SDK), else
//                  ~/.tencentcloud/credentials, else /etc/tencentcloud/credentials (Node SDK);
//                  section TENCENTCLOUD_PROFILE or `default`; keys secret_id, secret_key, token;
//   3. tccli       ~/.tccli/<profile>.credential (JSON: secretId, secretKey, token), profile
//                  from TCCLI_PROFILE (tccli's own variable), else TENCENTCLOUD_PROFILE (the
//                  Terraform provider's), else `default`;
//   4. oidc        TKE workload identity (TKE_REGION, TKE_PROVIDER_ID,
//                  TKE_WEB_IDENTITY_TOKEN_FILE, TKE_ROLE_ARN) through STS;
//   5. cvm-role    the CAM role of the CVM this runs on, asked last and briefly (≤ 300 ms) so
//                  that a laptop does not wait for a metadata service that is not there.
// When OIDC is configured but fails, the chain stops: falling through to the node's CVM role
// would quietly act as a different identity.
//
// Secrets live in private fields. JSON.stringify, util.inspect, String() and describe() show the
// source and a masked SecretId only; scrub() masks them in any text headed for a message.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { agentFor } from '../net/agent.ts';
import { fetchCvmRole, METADATA_URL, type CvmRoleOptions } from './cvm-role.ts';
import { assumeRoleWithWebIdentity, oidcConfig, OIDC_VARIABLES, STS_HOST } from './oidc.ts';
import type { Env } from '../net/proxy.ts';
import { maskSecrets } from '../net/secret-mask.ts';
import { errorMessage } from '../../domain/error-message.ts';

export type CredentialSource = 'env' | 'profile-file' | 'tccli' | 'cvm-role' | 'oidc';

interface Secrets {
  secretId: string;
  secretKey: string;
  token?: string;
  /** Milliseconds since the epoch; temporary keys only. */
  expiresAt?: number;
}

/** Temporary keys are renewed this long before they expire. */
const RENEW_BEFORE_MS = 60_000;

/** First 4 and last 4 characters; shorter IDs are masked whole. */
export function maskSecretId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 4)}****${id.slice(-4)}` : '****';
}

export class CloudCredential {
  readonly source: CredentialSource;
  /** Where exactly: a variable, a file and section, a role. Never a secret. */
  readonly origin: string;
  #secrets: Secrets;
  #renew: (() => Promise<Secrets>) | undefined;
  #renewing: Promise<Secrets> | undefined;
  /** Every value ever held, so an old key in a late message is masked too. */
  #seen: Secrets[] = [];

  constructor(source: CredentialSource, origin: string, secrets: Secrets, renew?: () => Promise<Secrets>) {
    this.source = source;
    this.origin = origin;
    this.#secrets = secrets;
    this.#seen.push(secrets);
    this.#renew = renew;
  }

  get secretId(): string {
    return this.#secrets.secretId;
  }
  get secretKey(): string {
    return this.#secrets.secretKey;
  }
  get token(): string | undefined {
    return this.#secrets.token;
  }
  get expiresAt(): Date | undefined {
    return this.#secrets.expiresAt === undefined ? undefined : new Date(this.#secrets.expiresAt);
  }
  get temporary(): boolean {
    return !!this.#secrets.token;
  }
  maskedSecretId(): string {
    return maskSecretId(this.#secrets.secretId);
  }

  /** `env (TENCENTCLOUD_SECRET_ID), SecretId AKID****abcd`, with `, temporary` for keys with a token. */
  describe(): string {
    return `${this.source} (${this.origin}), SecretId ${this.maskedSecretId()}${this.temporary ? ', temporary' : ''}`;
  }

  /**
   * The SDK's DynamicCredential: it asks before each request. Temporary keys are renewed here
   * shortly before they expire, once for all concurrent requests.
   */
  async getCredential(): Promise<{ secretId: string; secretKey: string; token?: string }> {
    const s = this.#secrets;
    if (this.#renew && s.expiresAt !== undefined && s.expiresAt - RENEW_BEFORE_MS <= Date.now()) {
      this.#renewing ??= this.#renew().finally(() => (this.#renewing = undefined));
      this.#secrets = await this.#renewing;
      if (!this.#seen.includes(this.#secrets)) this.#seen.push(this.#secrets);
    }
    const { secretId, secretKey, token } = this.#secrets;
    return token ? { secretId, secretKey, token } : { secretId, secretKey };
  }

  /** `text` with every key and token masked and every SecretId shortened. */
  scrub(text: string): string {
    return maskSecrets(
      text,
      this.#seen.flatMap((s) => [[s.secretKey, '***'] as const, [s.token, '***'] as const, [s.secretId, maskSecretId(s.secretId)] as const]),
    );
  }

  toJSON(): { source: CredentialSource; origin: string; secretId: string; temporary: boolean } {
    return { source: this.source, origin: this.origin, secretId: this.maskedSecretId(), temporary: this.temporary };
  }
  toString(): string {
    return `CloudCredential(${this.describe()})`;
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

export interface CredentialLookupOptions {
  /** The environment to read (tests pass their own; the CLI passes process.env). */
  env: Env;
  homeDir: string;
  /** A profile chosen on the command line; else the variables above; else `default`. */
  profile?: string;
  /** Where the system-wide credentials file lives; `/etc/tencentcloud` unless a test says otherwise. */
  systemDir?: string;
  /** false skips the metadata service (e.g. `--no-cloud` checks, tests). */
  cvmRole?: boolean | CvmRoleOptions;
  /** For the STS call of the OIDC source. */
  requestTimeoutMs?: number;
}

export interface CredentialLookup {
  credential: CloudCredential | undefined;
  /** Every place looked in, in order, up to the one that answered. */
  searched: string[];
  /** What was found but not usable (half-set variables, a missing section, expired keys). */
  problems: string[];
}

/** A minimal INI reader: `[section]`, `key = value`, `#`/`;` comments, optional quotes. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      current = sections.get(header[1]!) ?? new Map();
      sections.set(header[1]!, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0 || !current) continue;
    const value = line.slice(eq + 1).trim().replace(/^(['"])(.*)\1$/, '$2');
    current.set(line.slice(0, eq).trim().toLowerCase(), value);
  }
  return sections;
}

type Step = { credential?: CloudCredential; stop?: boolean };

function fromEnv(env: Env, problems: string[]): Step {
  const id = env.TENCENTCLOUD_SECRET_ID;
  const key = env.TENCENTCLOUD_SECRET_KEY;
  if (id && key) {
    const tokenVar = env.TENCENTCLOUD_SESSION_TOKEN ? 'TENCENTCLOUD_SESSION_TOKEN' : env.TENCENTCLOUD_TOKEN ? 'TENCENTCLOUD_TOKEN' : undefined;
    const token = tokenVar ? env[tokenVar] : undefined;
    return { credential: new CloudCredential('env', `TENCENTCLOUD_SECRET_ID${tokenVar ? ', ' + tokenVar : ''}`, { secretId: id, secretKey: key, token }) };
  }
  if (id || key) problems.push(`${id ? 'TENCENTCLOUD_SECRET_ID' : 'TENCENTCLOUD_SECRET_KEY'} is set but ${id ? 'TENCENTCLOUD_SECRET_KEY' : 'TENCENTCLOUD_SECRET_ID'} is not: the variables were skipped`);
  return {};
}

function fromProfileFile(o: CredentialLookupOptions, searched: string[], problems: string[]): Step {
  const section = o.profile ?? (o.env.TENCENTCLOUD_PROFILE || 'default');
  const explicit = o.env.TENCENTCLOUD_CREDENTIALS_FILE;
  const home = join(o.homeDir, '.tencentcloud', 'credentials');
  const system = join(o.systemDir ?? '/etc/tencentcloud', 'credentials');
  // As the SDKs: the variable replaces the defaults; the system file is read only when the user has none.
  const file = explicit || (existsSync(home) ? home : system);
  if (!explicit) searched.push(`${home} [${section}]`);
  if (file !== home) searched.push(`${file} [${section}]`);
  if (!existsSync(file)) {
    if (explicit) problems.push(`TENCENTCLOUD_CREDENTIALS_FILE=${explicit} does not exist`);
    return {};
  }
  let ini: Map<string, Map<string, string>>;
  try {
    ini = parseIni(readFileSync(file, 'utf8'));
  } catch (e) {
    problems.push(`${file} could not be read: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    return {};
  }
  const s = ini.get(section);
  if (!s) {
    problems.push(`${file} has no [${section}] section`);
    return {};
  }
  const secretId = s.get('secret_id');
  const secretKey = s.get('secret_key');
  if (!secretId || !secretKey) {
    problems.push(`${file} [${section}] lacks secret_id or secret_key`);
    return {};
  }
  return { credential: new CloudCredential('profile-file', `${file} [${section}]`, { secretId, secretKey, token: s.get('token') || undefined }) };
}

function fromTccli(o: CredentialLookupOptions, searched: string[], problems: string[]): Step {
  const profile = o.profile ?? (o.env.TCCLI_PROFILE || o.env.TENCENTCLOUD_PROFILE || 'default');
  const file = join(o.homeDir, '.tccli', `${profile}.credential`);
  searched.push(file);
  if (!existsSync(file)) return {};
  let json: Record<string, unknown>;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    json = parsed as Record<string, unknown>;
  } catch {
    problems.push(`${file} is not a JSON object`);
    return {};
  }
  if (json.type === 'cvm-role') {
    problems.push(`${file} uses the CVM role (tried last)`);
    return {};
  }
  if (json['role-arn'] || json.roleArn) {
    problems.push(`${file} assumes a role (role-arn), which kubectl-sg does not do: its keys were skipped so as not to act as another identity`);
    return {};
  }
  const { secretId, secretKey, token, expiresAt } = json;
  if (typeof expiresAt === 'number' && expiresAt * 1000 <= Date.now()) {
    problems.push(`${file} holds keys that expired at ${new Date(expiresAt * 1000).toISOString()}: run any tccli command (or tccli auth login) to renew them`);
    return {};
  }
  if (typeof secretId !== 'string' || typeof secretKey !== 'string' || !secretId || !secretKey) {
    problems.push(`${file} lacks secretId or secretKey`);
    return {};
  }
  return {
    credential: new CloudCredential('tccli', file, {
      secretId,
      secretKey,
      token: typeof token === 'string' && token ? token : undefined,
      expiresAt: typeof expiresAt === 'number' ? expiresAt * 1000 : undefined,
    }),
  };
}

async function fromOidc(o: CredentialLookupOptions, searched: string[], problems: string[]): Promise<Step> {
  const { config, missing } = oidcConfig(o.env);
  if (!config) {
    if (missing.length < OIDC_VARIABLES.length) problems.push(`OIDC is half configured: ${missing.join(', ')} not set`);
    return {};
  }
  searched.push(`OIDC role ${config.roleArn} (TKE_* variables)`);
  const sts = agentFor(STS_HOST, o.env);
  const timeout = o.requestTimeoutMs ?? 10_000;
  try {
    const renew = () => assumeRoleWithWebIdentity(config, sts, timeout);
    const first = await renew();
    return { credential: new CloudCredential('oidc', `role ${config.roleArn}`, first, renew) };
  } catch (e) {
    sts.agent.destroy();
    problems.push(`OIDC (role ${config.roleArn}) failed: ${errorMessage(e)}`);
    return { stop: true };
  }
}

async function fromCvmRole(o: CredentialLookupOptions, searched: string[], problems: string[]): Promise<Step> {
  if (o.cvmRole === false) return {};
  const opts: CvmRoleOptions = typeof o.cvmRole === 'object' ? o.cvmRole : {};
  searched.push(`CVM role (${opts.baseUrl ?? METADATA_URL})`);
  const r = await fetchCvmRole(opts);
  if (!r.found) {
    if (r.problem) problems.push(r.problem);
    return {};
  }
  const renew = async (): Promise<Secrets> => {
    const again = await fetchCvmRole({ ...opts, probeTimeoutMs: opts.timeoutMs ?? 2_000 });
    if (!again.found) throw new Error(again.problem ?? 'the instance metadata service stopped answering');
    return again.secrets;
  };
  return { credential: new CloudCredential('cvm-role', `role ${r.roleName}`, r.secrets, renew) };
}

export async function resolveCredential(o: CredentialLookupOptions): Promise<CredentialLookup> {
  const searched: string[] = ['environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY)'];
  const problems: string[] = [];
  const steps: Array<() => Step | Promise<Step>> = [
    () => fromEnv(o.env, problems),
    () => fromProfileFile(o, searched, problems),
    () => fromTccli(o, searched, problems),
    () => fromOidc(o, searched, problems),
    () => fromCvmRole(o, searched, problems),
  ];
  for (const step of steps) {
    const r = await step();
    if (r.credential) return { credential: r.credential, searched, problems };
    if (r.stop) break;
  }
  return { credential: undefined, searched, problems };
}
