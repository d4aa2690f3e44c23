// doctor's credentials and region checks, the same two for each provider's cloud: what differs
// between the clouds (check names, environment variables, examples) is data here.
import type { ProviderName } from './provider-choice.ts';
import { finding, notChecked, type Finding } from './doctor-finding.ts';

/** What differs between the providers' clouds in the credentials and region checks. */
interface CloudWords {
  credentialsCheck: string;
  regionCheck: string;
  cloud: string;
  /** The checks that need the cloud, skipped without credentials. */
  cloudChecks: string;
  credentialsFix: string;
  regionEnv: string;
  regionExample: string;
  /** Whose region label the cluster source is. */
  regionLabelOn: string;
}

/** What both Tencent providers' checks say alike. */
const TENCENT_WORDS = {
  credentialsFix: [
    `export TENCENTCLOUD_SECRET_ID=<SecretId> TENCENTCLOUD_SECRET_KEY=<SecretKey>`,
    `or write them to ~/.tencentcloud/credentials ([default] secret_id = ..., secret_key = ...), or run tccli configure`,
  ].join('\n'),
  regionEnv: 'TENCENTCLOUD_REGION',
  regionExample: 'ap-guangzhou',
  regionLabelOn: 'node',
  cloud: 'Tencent Cloud',
} as const;

const CLOUD_WORDS: Record<ProviderName, CloudWords> = {
  tke: {
    credentialsCheck: 'cloud-credentials',
    regionCheck: 'region',
    cloudChecks: 'cam-role, cluster-id, addon values',
    ...TENCENT_WORDS,
  },
  // Tencent Cloud again, under its own check names: doctor runs both providers' checks side by side.
  supernode: {
    credentialsCheck: 'supernode-credentials',
    regionCheck: 'supernode-region',
    cloudChecks: 'the super node pools\' groups, the pods\' container instances',
    ...TENCENT_WORDS,
  },
  eci: {
    credentialsCheck: 'eci-credentials',
    regionCheck: 'eci-region',
    cloud: 'Alibaba Cloud',
    cloudChecks: 'whether the eci-profile groups exist, their VPC and type',
    credentialsFix: [
      `export ALIBABA_CLOUD_ACCESS_KEY_ID=<AccessKeyId> ALIBABA_CLOUD_ACCESS_KEY_SECRET=<AccessKeySecret>`,
      `or run aliyun configure (~/.aliyun/config.json), or write ~/.alibabacloud/credentials ([default] type = access_key, access_key_id = ..., access_key_secret = ...)`,
    ].join('\n'),
    regionEnv: 'ALIBABA_CLOUD_REGION_ID',
    regionExample: 'cn-hangzhou',
    regionLabelOn: 'virtual node',
  },
};

export type CredentialFacts = { described: string } | { missing: string } | { skipped: true };

/** `described` names the source and a masked key ID; the secret is never part of the facts. */
export function credentialsFinding(provider: ProviderName, c: CredentialFacts): Finding {
  const w = CLOUD_WORDS[provider];
  if ('skipped' in c) return finding(w.credentialsCheck, 'warn', 'not looked for (--no-cloud): the cloud checks were skipped', 'run kubectl sg doctor without --no-cloud');
  if ('missing' in c) return finding(w.credentialsCheck, 'warn', `${c.missing}: the cloud checks (${w.cloudChecks}) were skipped`, w.credentialsFix);
  return finding(w.credentialsCheck, 'ok', c.described);
}

export interface RegionFacts {
  region: string;
  /** 'flag', 'env' or 'cluster'. */
  source: string;
  /** The label value the region was read from, when it came from the cluster. */
  from?: string;
}

export function regionFinding(provider: ProviderName, r: RegionFacts | undefined, error?: string, skipped = false): Finding {
  const w = CLOUD_WORDS[provider];
  const fix = `pass --region ${w.regionExample} (your cluster's region) or export ${w.regionEnv}=${w.regionExample}`;
  if (skipped) return notChecked(w.regionCheck, '--no-cloud', 'run kubectl sg doctor without --no-cloud');
  if (error) return finding(w.regionCheck, 'fail', error, fix);
  if (!r) return finding(w.regionCheck, 'warn', `no region: neither --region, ${w.regionEnv} nor a known ${w.regionLabelOn} region label says`, fix);
  const from = r.source === 'flag' ? '--region' : r.source === 'env' ? w.regionEnv : `${w.regionLabelOn} label topology.kubernetes.io/region=${r.from ?? r.region}`;
  return finding(w.regionCheck, 'ok', `${r.region} (from ${from})`);
}
