// Where the plugin's Alibaba Cloud keys come from: the default chain of @alicloud/credentials,
// in its order, first found wins —
//   1. env            ALIBABA_CLOUD_ACCESS_KEY_ID + _SECRET, token from ALIBABA_CLOUD_SECURITY_TOKEN;
//   2. oidc           ALIBABA_CLOUD_ROLE_ARN + ALIBABA_CLOUD_OIDC_PROVIDER_ARN + ALIBABA_CLOUD_OIDC_TOKEN_FILE
//                     (ACK's RRSA), through STS;
//   3. aliyun-cli     ~/.aliyun/config.json, profile ALIBABA_CLOUD_PROFILE or the CLI's current one;
//   4. credentials-file  ALIBABA_CLOUD_CREDENTIALS_FILE, else ~/.alibabacloud/credentials (INI),
//                     section ALIBABA_CLOUD_PROFILE or `default`;
//   5. ecs-ram-role   the RAM role of the ECS instance this runs on (metadata service), asked last
//                     and briefly so that a laptop does not wait for a service that is not there.
// The library's providers do the reading, the STS exchanges and the renewals; the steps are
// built here one by one, from the environment and home directory given, so that doctor can say
// where it looked (`searched`) and tests need not touch the real ones. Its providers still read
// a few switches from process.env themselves (ALIBABA_CLOUD_CREDENTIALS_FILE,
// ALIBABA_CLOUD_ECS_METADATA_DISABLED); the CLI passes process.env, so both agree there.
// The STS and metadata requests are the library's own and do not go through HTTPS_PROXY.
//
// Secrets live in private fields. JSON.stringify, util.inspect, String() and describe() show the
// source and a masked AccessKey ID only; scrub() masks every value ever held in any text.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { Env } from '../net/proxy.ts';
import { maskSecrets } from '../net/secret-mask.ts';
import { errorMessage } from '../../domain/error-message.ts';

export type AlibabaCredentialSource = 'env' | 'oidc' | 'aliyun-cli' | 'credentials-file' | 'ecs-ram-role';

export interface AlibabaSecrets {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** What the library's providers offer: keys on demand, renewed by the provider when temporary. */
export interface CredentialsProvider {
  getCredentials(): Promise<{ accessKeyId: string; accessKeySecret: string; securityToken?: string }>;
}

/** First 4 and last 4 characters; shorter IDs are masked whole. */
export function maskAccessKeyId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 4)}****${id.slice(-4)}` : '****';
}

export class AlibabaCredential {
  readonly source: AlibabaCredentialSource;
  /** Where exactly: a variable, a file and profile, a role. Never a secret. */
  readonly origin: string;
  #provider: CredentialsProvider;
  #current: AlibabaSecrets;
  /** Every value ever held, so an old key in a late message is masked too. */
  #seen: AlibabaSecrets[] = [];

  constructor(source: AlibabaCredentialSource, origin: string, first: AlibabaSecrets, provider?: CredentialsProvider) {
    this.source = source;
    this.origin = origin;
    this.#current = first;
    this.#seen.push(first);
    this.#provider = provider ?? { getCredentials: async () => first };
  }

  get accessKeyId(): string {
    return this.#current.accessKeyId;
  }
  get temporary(): boolean {
    return !!this.#current.securityToken;
  }
  maskedAccessKeyId(): string {
    return maskAccessKeyId(this.#current.accessKeyId);
  }

  /** `env (ALIBABA_CLOUD_ACCESS_KEY_ID), AccessKey LTAI****abcd`, with `, temporary` for STS keys. */
  describe(): string {
    return `${this.source} (${this.origin}), AccessKey ${this.maskedAccessKeyId()}${this.temporary ? ', temporary' : ''}`;
  }

  /** The keys to sign one request with; temporary ones are renewed by the provider before they expire. */
  async secrets(): Promise<AlibabaSecrets> {
    const c = await this.#provider.getCredentials();
    const s: AlibabaSecrets = { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, ...(c.securityToken ? { securityToken: c.securityToken } : {}) };
    if (s.accessKeySecret !== this.#current.accessKeySecret || s.securityToken !== this.#current.securityToken) {
      this.#current = s;
      this.#seen.push(s);
    }
    return s;
  }

  /** `text` with every secret and token masked and every AccessKey ID shortened. */
  scrub(text: string): string {
    return maskSecrets(
      text,
      this.#seen.flatMap((s) => [[s.accessKeySecret, '***'] as const, [s.securityToken, '***'] as const, [s.accessKeyId, maskAccessKeyId(s.accessKeyId)] as const]),
    );
  }

  toJSON(): { source: AlibabaCredentialSource; origin: string; accessKeyId: string; temporary: boolean } {
    return { source: this.source, origin: this.origin, accessKeyId: this.maskedAccessKeyId(), temporary: this.temporary };
  }
  toString(): string {
    return `AlibabaCredential(${this.describe()})`;
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

export interface AlibabaCredentialLookupOptions {
  env: Env;
  homeDir: string;
  /** For the STS and metadata requests of the OIDC and ECS-role sources. */
  requestTimeoutMs?: number;
  /** false skips the metadata service (tests; a laptop never has one). */
  ecsRamRole?: boolean;
}

export interface AlibabaCredentialLookup {
  credential?: AlibabaCredential;
  /** Every place looked in, in order, up to the one that answered. */
  searched: string[];
  /** What was found but not usable (half-set variables, a missing profile, a failed role). */
  problems: string[];
}

interface Builder {
  build(): CredentialsProvider;
  [method: string]: unknown;
}
/** The provider class of one of the library's CommonJS modules, however the loader wrapped its `exports.default`. */
function builderOf(m: { default: unknown }): Builder {
  const d = m.default as { builder?: () => Builder; default?: { builder(): Builder } };
  return d.builder ? d.builder() : d.default!.builder();
}

// Literal paths: the bundler includes exactly these providers (the package index pulls in every one).
const PROVIDERS = {
  staticAk: () => import('@alicloud/credentials/dist/src/providers/static_ak.js'),
  staticSts: () => import('@alicloud/credentials/dist/src/providers/static_sts.js'),
  oidc: () => import('@alicloud/credentials/dist/src/providers/oidc_role_arn.js'),
  cliProfile: () => import('@alicloud/credentials/dist/src/providers/cli_profile.js'),
  profile: () => import('@alicloud/credentials/dist/src/providers/profile.js'),
  ecsRamRole: () => import('@alicloud/credentials/dist/src/providers/ecs_ram_role.js'),
};

/** Calls the builder's with* methods named, skipping undefined values. */
function configure(b: Builder, settings: Record<string, unknown>): CredentialsProvider {
  for (const [method, value] of Object.entries(settings)) if (value !== undefined) (b[method] as (v: unknown) => unknown).call(b, value);
  return b.build();
}

type Step = { source: AlibabaCredentialSource; origin: string; provider: () => Promise<CredentialsProvider> } | undefined;

function envStep(env: Env, problems: string[]): Step {
  const id = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const secret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  const token = env.ALIBABA_CLOUD_SECURITY_TOKEN;
  if (id && secret) {
    return {
      source: 'env',
      origin: `ALIBABA_CLOUD_ACCESS_KEY_ID${token ? ', ALIBABA_CLOUD_SECURITY_TOKEN' : ''}`,
      provider: async () =>
        token
          ? configure(builderOf(await PROVIDERS.staticSts()), { withAccessKeyId: id, withAccessKeySecret: secret, withSecurityToken: token })
          : configure(builderOf(await PROVIDERS.staticAk()), { withAccessKeyId: id, withAccessKeySecret: secret }),
    };
  }
  if (id || secret) problems.push(`${id ? 'ALIBABA_CLOUD_ACCESS_KEY_ID' : 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'} is set but ${id ? 'ALIBABA_CLOUD_ACCESS_KEY_SECRET' : 'ALIBABA_CLOUD_ACCESS_KEY_ID'} is not: the variables were skipped`);
  return undefined;
}

const OIDC_VARIABLES = ['ALIBABA_CLOUD_ROLE_ARN', 'ALIBABA_CLOUD_OIDC_PROVIDER_ARN', 'ALIBABA_CLOUD_OIDC_TOKEN_FILE'] as const;

function oidcStep(o: AlibabaCredentialLookupOptions, searched: string[], problems: string[]): Step {
  const missing = OIDC_VARIABLES.filter((v) => !o.env[v]);
  if (missing.length === OIDC_VARIABLES.length) return undefined;
  if (missing.length > 0) {
    problems.push(`OIDC is half configured: ${missing.join(', ')} not set`);
    return undefined;
  }
  const roleArn = o.env.ALIBABA_CLOUD_ROLE_ARN!;
  searched.push(`OIDC role ${roleArn} (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_* variables)`);
  return {
    source: 'oidc',
    origin: `role ${roleArn}`,
    provider: async () =>
      configure(builderOf(await PROVIDERS.oidc()), {
        withRoleArn: roleArn,
        withOIDCProviderArn: o.env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN,
        withOIDCTokenFilePath: o.env.ALIBABA_CLOUD_OIDC_TOKEN_FILE,
        withRoleSessionName: o.env.ALIBABA_CLOUD_ROLE_SESSION_NAME || 'kubectl-sg',
        withStsRegionId: o.env.ALIBABA_CLOUD_STS_REGION,
        withReadTimeout: o.requestTimeoutMs,
      }),
  };
}

function cliStep(o: AlibabaCredentialLookupOptions, searched: string[]): Step {
  const file = join(o.homeDir, '.aliyun', 'config.json');
  const profile = o.env.ALIBABA_CLOUD_PROFILE;
  searched.push(`${file}${profile ? ` [${profile}]` : ''}`);
  if (!existsSync(file)) return undefined;
  return {
    source: 'aliyun-cli',
    origin: `${file}${profile ? ` [${profile}]` : ''}`,
    provider: async () => {
      const p = configure(builderOf(await PROVIDERS.cliProfile()), { withProfileName: profile }) as CredentialsProvider & { homedir: string };
      p.homedir = o.homeDir; // the provider's own seam for the home directory
      return p;
    },
  };
}

function fileStep(o: AlibabaCredentialLookupOptions, searched: string[]): Step {
  const explicit = o.env.ALIBABA_CLOUD_CREDENTIALS_FILE;
  const file = explicit || join(o.homeDir, '.alibabacloud', 'credentials');
  const profile = o.env.ALIBABA_CLOUD_PROFILE || 'default';
  searched.push(`${file} [${profile}]`);
  if (!existsSync(file)) return undefined;
  return {
    source: 'credentials-file',
    origin: `${file} [${profile}]`,
    provider: async () => {
      const p = configure(builderOf(await PROVIDERS.profile()), { withProfileName: profile }) as CredentialsProvider & { homedir: string };
      p.homedir = o.homeDir;
      return p;
    },
  };
}

function ecsRoleStep(o: AlibabaCredentialLookupOptions, searched: string[]): Step {
  if (o.ecsRamRole === false || o.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED?.toLowerCase() === 'true') return undefined;
  searched.push('ECS RAM role (metadata service 100.100.100.200)');
  const role = o.env.ALIBABA_CLOUD_ECS_METADATA;
  return {
    source: 'ecs-ram-role',
    origin: role ? `role ${role}` : 'the instance role',
    // Short waits: off ECS nothing answers, and this is the last step of every lookup there.
    provider: async () => configure(builderOf(await PROVIDERS.ecsRamRole()), { withRoleName: role, withConnectTimeout: 300, withReadTimeout: 1_000 }),
  };
}

export async function resolveAlibabaCredential(o: AlibabaCredentialLookupOptions): Promise<AlibabaCredentialLookup> {
  const searched: string[] = ['environment (ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET)'];
  const problems: string[] = [];
  const steps: Array<() => Step> = [() => envStep(o.env, problems), () => oidcStep(o, searched, problems), () => cliStep(o, searched), () => fileStep(o, searched), () => ecsRoleStep(o, searched)];
  for (const next of steps) {
    const step = next();
    if (!step) continue;
    try {
      const provider = await step.provider();
      const c = await provider.getCredentials();
      const first: AlibabaSecrets = { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, ...(c.securityToken ? { securityToken: c.securityToken } : {}) };
      return { credential: new AlibabaCredential(step.source, step.origin, first, provider), searched, problems };
    } catch (e) {
      problems.push(`${step.source} (${step.origin}): ${errorMessage(e)}`);
      // As the Tencent chain: a configured OIDC role that fails stops the lookup, rather than
      // quietly acting as the node's identity.
      if (step.source === 'oidc') break;
    }
  }
  return { credential: undefined, searched, problems };
}
