// `kubectl sg doctor`: first which providers the cluster runs and on what evidence (the
// `provider` check), then the checks of each provider that applies — TKE VPC-CNI's
// (tke-doctor.ts) when TKE is detected, forced with --provider tke, or nothing is detected; Alibaba
// ECI's (eci-doctor.ts) when ECI is detected or forced; both, in that order, when both run.
import { type Finding } from '../domain/doctor-finding.ts';
import type { ProviderName } from '../domain/provider-choice.ts';
import { KubeApiError, type KubeClient } from '../adapters/kube/kube-client.ts';
import { whoAmI } from '../adapters/kube/doctor-reads.ts';
import { detectProviders } from './providers.ts';
import { errorText, fatal, settle } from './doctor-settle.ts';
import { checkTkeDoctorInput, tkeDoctorFindings } from './tke/doctor.ts';
import { eciDoctorFindings } from './eci/doctor.ts';
import type { AlibabaAccess, TencentAccess } from './cloud-access.ts';
import { doctorProviders, providerFinding } from '../domain/provider-finding.ts';

export interface DoctorOptions {
  kube: KubeClient;
  /** --provider: only that provider's checks, whatever the cluster shows. */
  provider: ProviderName | undefined;
  /** Tencent Cloud (Factory.cloud): credentials and region; node region labels are the last resort. */
  openCloud: (regionHints: readonly string[]) => Promise<TencentAccess>;
  /** Alibaba Cloud (Factory.alibaba), the same way. */
  openAlibaba: (regionHints: readonly string[]) => Promise<AlibabaAccess>;
  /** --no-cloud: no cloud is opened. */
  noCloud: boolean;
  /** --cluster-id (TKE), unchecked. */
  clusterId: string | undefined;
  now?: () => Date;
}

export async function runDoctor(o: DoctorOptions): Promise<Finding[]> {
  const { kube } = o;
  // Bad input (exit 2) is found before anything is asked.
  checkTkeDoctorInput(o.clusterId);

  // The first call tells whether the cluster answers at all (and who we are, for the RBAC fixes).
  const user = await whoAmI(kube).catch((err: unknown) => {
    if (err instanceof KubeApiError && err.status === 401) {
      throw new Error(`the Kubernetes API at ${kube.target.server} refused your credentials (401 Unauthorized): check the kubeconfig user of context "${kube.target.contextName}"`);
    }
    if (fatal(err)) throw err;
    return undefined;
  });

  const detected = await settle(detectProviders(kube));
  const evidence = detected.ok ? detected.value : undefined;
  const first = providerFinding(evidence, o.provider, detected.ok ? undefined : errorText(detected.error).split('\n')[0]);
  const providers = doctorProviders(evidence, o.provider);
  const now = o.now;
  const [tke, eci] = await Promise.all([
    providers.includes('tke') ? tkeDoctorFindings({ kube, user, openCloud: o.openCloud, noCloud: o.noCloud, clusterId: o.clusterId, now }) : [],
    providers.includes('eci') ? eciDoctorFindings({ kube, user, openCloud: o.openAlibaba, noCloud: o.noCloud, now }) : [],
  ]);
  return [first, ...tke, ...eci];
}
