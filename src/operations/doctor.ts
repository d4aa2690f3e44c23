// `kubectl sg doctor`: first which providers the cluster runs and on what evidence (the
// `provider` check), then the checks of each provider that applies (domain/provider-finding.ts
// doctorProviders: the detected ones, the forced one, or the first when none is detected), each
// provider's in its order, providers in the registry's order (providers.ts).
import type { Finding } from '../domain/doctor-finding.ts';
import type { ProviderName } from '../domain/provider-choice.ts';
import { doctorProviders, providerFinding } from '../domain/provider-finding.ts';
import { checkClusterId } from '../domain/cluster-id.ts';
import { KubeApiError } from '../adapters/kube/kube-client.ts';
import { whoAmI } from '../adapters/kube/doctor-reads.ts';
import type { Factory } from './factory.ts';
import { detectProviders, loadProvider, nodeOfOther } from './providers.ts';
import { errorText, fatal, settle } from './doctor-settle.ts';

export interface DoctorOptions {
  /** The cluster, and each cloud opened once (report shares it with its other reads). */
  factory: Factory;
  /** --provider: only that provider's checks, whatever the cluster shows. */
  provider: ProviderName | undefined;
  /** --no-cloud: no cloud is opened. */
  noCloud: boolean;
  /** --cluster-id (TKE), unchecked. */
  clusterId: string | undefined;
  now?: () => Date;
}

export async function runDoctor(o: DoctorOptions): Promise<Finding[]> {
  const kube = o.factory.kube();
  // Bad input (exit 2) is found before anything is asked.
  if (o.clusterId) checkClusterId(o.clusterId);

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
  const ctx = { factory: o.factory, clusterIdFlag: o.clusterId, user, noCloud: o.noCloud, now: o.now };
  const each = await Promise.all(doctorProviders(evidence, o.provider).map(async (name) => (await loadProvider(name)).doctor({ ...ctx, nodeOfOther: await nodeOfOther(name) })));
  return [first, ...each.flat()];
}

