// Temporary keys for a pod in TKE with workload identity (OIDC): the TKE_* variables the
// webhook injects name the region, the identity provider, the service-account token file and
// the role; STS AssumeRoleWithWebIdentity trades the token for keys. The SDK's
// OIDCRoleArnCredential does the trade; it is loaded only when those variables are set (it
// brings the SDK's common client), and given our agent so the proxy decision holds for STS too.
import type { HostAgent } from '../net/agent.ts';
import type { Env } from '../net/proxy.ts';
import { errorMessage } from '../../domain/error-message.ts';

export const OIDC_VARIABLES = ['TKE_REGION', 'TKE_PROVIDER_ID', 'TKE_WEB_IDENTITY_TOKEN_FILE', 'TKE_ROLE_ARN'] as const;
export const STS_HOST = 'sts.tencentcloudapi.com';

export interface OidcConfig {
  region: string;
  providerId: string;
  tokenFile: string;
  roleArn: string;
}

/** The configuration when every variable is set; `missing` names the absent ones when only some are. */
export function oidcConfig(env: Env): { config?: OidcConfig; missing: string[] } {
  const missing = OIDC_VARIABLES.filter((n) => !env[n]);
  if (missing.length > 0) return { missing };
  return {
    config: { region: env.TKE_REGION!, providerId: env.TKE_PROVIDER_ID!, tokenFile: env.TKE_WEB_IDENTITY_TOKEN_FILE!, roleArn: env.TKE_ROLE_ARN! },
    missing: [],
  };
}

export interface OidcSecrets {
  secretId: string;
  secretKey: string;
  token: string;
  expiresAt: number;
}

interface StsResult {
  TmpSecretId: string;
  TmpSecretKey: string;
  Token: string;
  ExpiredTime?: number;
}

/** One exchange of the (freshly read) token file for keys. Throws an Error whose message holds no token. */
export async function assumeRoleWithWebIdentity(c: OidcConfig, sts: HostAgent, requestTimeoutMs: number): Promise<OidcSecrets> {
  // node:fs/promises loads readline and the REPL's history: only when a token file is read, not
  // for every command that opens the Tencent cloud.
  const webIdentityToken = (await process.getBuiltinModule('node:fs/promises').readFile(c.tokenFile, 'utf8')).trim();
  const { OIDCRoleArnCredential } = await import('tencentcloud-sdk-nodejs/tencentcloud/common/credential.js');
  const cred = new OIDCRoleArnCredential(
    { credential: { secretId: '', secretKey: '' }, region: c.region, profile: { httpProfile: { agent: sts.agent, reqTimeout: requestTimeoutMs / 1000 } } },
    { RoleArn: c.roleArn, RoleSessionName: `kubectl-sg-${Date.now()}`, WebIdentityToken: webIdentityToken, ProviderId: c.providerId },
  );
  try {
    // The protected method returns the expiry that getCredential() drops; fall back to a short
    // assumed life should a later SDK rename it.
    const withExpiry = (cred as unknown as { getCredentialWithStsAssumeRoleWithWebIdentity?: () => Promise<StsResult> }).getCredentialWithStsAssumeRoleWithWebIdentity;
    if (typeof withExpiry === 'function') {
      const r = await withExpiry.call(cred);
      return { secretId: r.TmpSecretId, secretKey: r.TmpSecretKey, token: r.Token, expiresAt: r.ExpiredTime ? r.ExpiredTime * 1000 : Date.now() + 10 * 60_000 };
    }
    const r = await cred.getCredential();
    return { secretId: r.secretId ?? '', secretKey: r.secretKey ?? '', token: r.token ?? '', expiresAt: Date.now() + 10 * 60_000 };
  } catch (e) {
    // STS may echo what it was sent: the identity token must not travel on in a message.
    const message = errorMessage(e);
    throw new Error(webIdentityToken.length >= 6 ? message.split(webIdentityToken).join('***') : message);
  }
}
