// Builds the adapters a verb needs from the user's options, lazily (gh's factory): a verb that
// never touches the cloud never loads the SDK or looks for credentials.
import { homedir } from 'node:os';
import { loadKubeTarget } from '../adapters/kube/kubeconfig.ts';
import type { KubeOverrides } from '../adapters/kube/kubeconfig-overrides.ts';
import { KubeClient } from '../adapters/kube/kube-client.ts';
import { createTencentCloud, resolveCredential, resolveRegion, type CloudCredential, type ResolvedRegion, type TencentCloud } from '../adapters/tencent/index.ts';
import { registerCloudIdentity } from './change-recording.ts';
import { createAlibabaCloud, resolveAlibabaCredential, resolveAlibabaRegion, type AlibabaCloud, type AlibabaCredential } from '../adapters/alibaba/index.ts';

export type AlibabaRegion = NonNullable<ReturnType<typeof resolveAlibabaRegion>>;

export interface FactoryOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  /** kubectl's other global flags (--server, --token, --as, ...). */
  overrides?: KubeOverrides;
  /** Per API call; 0 means no limit (kubectl's --request-timeout). */
  timeoutMs: number;
  region?: string;
  /** false: never ask the cloud (--no-cloud). */
  cloud?: boolean;
}

export interface CloudAccess {
  cloud: TencentCloud | undefined;
  region: ResolvedRegion | undefined;
  /** Why there is no cloud, in one line, when there is none. */
  missing: string | undefined;
  /** The credential found, even when the cloud cannot be used for want of a region. */
  credential?: CloudCredential;
}

/** Factory.alibaba()'s answer: the ECI provider's cloud, or why there is none. */
export interface AlibabaAccess {
  cloud: AlibabaCloud | undefined;
  region: AlibabaRegion | undefined;
  missing: string | undefined;
  credential?: AlibabaCredential;
  /** Where credentials were looked for, for doctor. */
  searched: string[];
}

export class Factory {
  private readonly args: FactoryOptions;
  private kubeClient: KubeClient | undefined;
  private tencent: TencentCloud | undefined;
  private alibabaCloud: AlibabaCloud | undefined;
  readonly timeoutMs: number;

  constructor(options: FactoryOptions) {
    this.args = options;
    this.timeoutMs = options.timeoutMs;
  }

  kube(): KubeClient {
    this.kubeClient ??= new KubeClient(loadKubeTarget({ kubeconfig: this.args.kubeconfig, context: this.args.context, namespace: this.args.namespace, overrides: this.args.overrides }), {
      timeoutMs: this.timeoutMs,
      interactive: process.stdin.isTTY === true,
    });
    return this.kubeClient;
  }

  /** regionHints: node region labels (gz, sh, ...) for when neither --region nor the env says. */
  async cloud(regionHints: readonly string[]): Promise<CloudAccess> {
    if (this.args.cloud === false) return { cloud: undefined, region: undefined, missing: '--no-cloud' };
    const region = resolveRegion({ flag: this.args.region, env: process.env, clusterHints: regionHints });
    const lookup = await resolveCredential({ env: process.env, homeDir: homedir(), requestTimeoutMs: this.timeoutMs || undefined });
    if (!lookup.credential) {
      return { cloud: undefined, region, missing: `no Tencent Cloud credentials found (looked in ${lookup.searched.join(', ')})` };
    }
    if (!region) return { cloud: undefined, region, credential: lookup.credential, missing: 'no Tencent Cloud region: pass --region (e.g. ap-guangzhou) or set TENCENTCLOUD_REGION' };
    this.tencent = createTencentCloud({ credential: lookup.credential, region: region.region, env: process.env, requestTimeoutMs: this.timeoutMs || undefined });
    const sts = this.tencent.sts;
    registerCloudIdentity('tke', async () => (await sts.getCallerIdentity()).arn || undefined);
    return { cloud: this.tencent, region, credential: lookup.credential, missing: undefined };
  }

  /** The Alibaba Cloud (ECI provider) the same way: --no-cloud, region (flag, env, hints), credential chain. */
  async alibaba(regionHints: readonly string[]): Promise<AlibabaAccess> {
    if (this.args.cloud === false) return { cloud: undefined, region: undefined, missing: '--no-cloud', searched: [] };
    const region = resolveAlibabaRegion({ flag: this.args.region, env: process.env, clusterHints: regionHints });
    const lookup = await resolveAlibabaCredential({ env: process.env, homeDir: homedir(), requestTimeoutMs: this.timeoutMs || undefined });
    if (!lookup.credential) {
      return { cloud: undefined, region, searched: lookup.searched, missing: `no Alibaba Cloud credentials found (looked in ${lookup.searched.join(', ')})` };
    }
    if (!region) {
      return { cloud: undefined, region, credential: lookup.credential, searched: lookup.searched, missing: 'no Alibaba Cloud region: pass --region (e.g. cn-hangzhou) or set ALIBABA_CLOUD_REGION_ID' };
    }
    this.alibabaCloud = createAlibabaCloud({ credential: lookup.credential, region: region.region, env: process.env, requestTimeoutMs: this.timeoutMs || undefined });
    const alibaba = this.alibabaCloud;
    registerCloudIdentity('eci', () => alibaba.callerArn());
    return { cloud: this.alibabaCloud, region, credential: lookup.credential, searched: lookup.searched, missing: undefined };
  }

  close(): void {
    this.kubeClient?.close();
    this.tencent?.clients.close();
    this.alibabaCloud?.close();
  }
}
