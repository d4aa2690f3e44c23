// Builds the adapters a verb needs from the user's options, lazily (gh's factory): a verb that
// never touches the cloud never loads the SDK or looks for credentials, and each cloud is opened
// once, by whichever part of the verb asks first (its region hints are the ones used).
import { homedir } from 'node:os';
import { loadKubeTarget } from '../adapters/kube/kubeconfig.ts';
import type { KubeOverrides } from '../adapters/kube/kubeconfig-overrides.ts';
import { KubeClient } from '../adapters/kube/kube-client.ts';
import { createTencentCloud, resolveCredential, resolveRegion, type TencentCloud } from '../adapters/tencent/index.ts';
import { createAlibabaCloud, resolveAlibabaCredential, resolveAlibabaRegion, type AlibabaCloud } from '../adapters/alibaba/index.ts';
import type { AlibabaAccess, TencentAccess } from './cloud-access.ts';
import { registerCloudIdentity } from './change-recording.ts';

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

export class Factory {
  private readonly args: FactoryOptions;
  private kubeClient: KubeClient | undefined;
  private tencentCloud: TencentCloud | undefined;
  private alibabaCloud: AlibabaCloud | undefined;
  private tencentAccess: Promise<TencentAccess> | undefined;
  private alibabaAccess: Promise<AlibabaAccess> | undefined;
  readonly timeoutMs: number;

  constructor(options: FactoryOptions) {
    this.args = options;
    this.timeoutMs = options.timeoutMs;
  }

  kube(): KubeClient {
    this.kubeClient ??= new KubeClient(loadKubeTarget({ kubeconfig: this.args.kubeconfig, context: this.args.context, namespace: this.args.namespace, overrides: this.args.overrides }), {
      timeoutMs: this.timeoutMs,
      // HTTPS_PROXY / NO_PROXY, as kubectl reads them for the API server.
      env: process.env,
      // Only when an exec plugin runs: process.stdin is a getter that builds a stream for fd 0,
      // and on /dev/null or a file (scripts, CI) that stream loads fs/promises and readline,
      // 3-8 ms of every command that reaches a cluster (docs/benchmarks.md).
      interactive: () => process.stdin.isTTY === true,
    });
    return this.kubeClient;
  }

  /** Tencent Cloud (TKE); regionHints: node region labels (gz, sh, ...) for when neither --region nor the env says. */
  tencent(regionHints: readonly string[]): Promise<TencentAccess> {
    return (this.tencentAccess ??= this.openTencent(regionHints));
  }

  private async openTencent(regionHints: readonly string[]): Promise<TencentAccess> {
    if (this.args.cloud === false) return { cloud: undefined, region: undefined, missing: '--no-cloud' };
    const region = resolveRegion({ flag: this.args.region, env: process.env, clusterHints: regionHints });
    const lookup = await resolveCredential({ env: process.env, homeDir: homedir(), requestTimeoutMs: this.timeoutMs || undefined });
    if (!lookup.credential) {
      return { cloud: undefined, region, missing: `no Tencent Cloud credentials found (looked in ${lookup.searched.join(', ')})` };
    }
    if (!region) return { cloud: undefined, region, credential: lookup.credential, missing: 'no Tencent Cloud region: pass --region (e.g. ap-guangzhou) or set TENCENTCLOUD_REGION' };
    this.tencentCloud = createTencentCloud({ credential: lookup.credential, region: region.region, env: process.env, requestTimeoutMs: this.timeoutMs || undefined });
    const sts = this.tencentCloud.sts;
    registerCloudIdentity('tke', async () => (await sts.getCallerIdentity()).arn || undefined);
    return { cloud: this.tencentCloud, region, credential: lookup.credential, missing: undefined };
  }

  /** Alibaba Cloud (ECI) the same way: --no-cloud, region (flag, env, hints), credential chain. */
  alibaba(regionHints: readonly string[]): Promise<AlibabaAccess> {
    return (this.alibabaAccess ??= this.openAlibaba(regionHints));
  }

  private async openAlibaba(regionHints: readonly string[]): Promise<AlibabaAccess> {
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
    this.tencentCloud?.clients.close();
    this.alibabaCloud?.close();
  }
}
