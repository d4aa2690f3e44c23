// Which providers the cluster runs, read once per verb in one round of small reads: ipamd's
// Deployment (TKE VPC-CNI), the eci-profile ConfigMap and any virtual-kubelet node (ECI).
// The choice between them is domain/provider-choice.ts.
import { chooseProvider, type ProviderEvidence, type ProviderName } from '../domain/provider-choice.ts';
import { orUndefinedOn, type KubeClient } from '../adapters/kube/kube-client.ts';
import { getIpamdDeployment } from '../adapters/kube/tke/objects.ts';
import { ECI_PROFILE_NAME, ECI_PROFILE_NAMESPACE } from '../domain/eci/profile.ts';
import { firstVirtualNode, getEciProfile } from '../adapters/kube/eci/objects.ts';

export async function detectProviders(kube: KubeClient): Promise<ProviderEvidence> {
  // A read the caller may not make (403) is evidence of nothing, like an absent object (404): RBAC can be narrow.
  const [ipamd, profile, virtualNode] = await Promise.all([
    orUndefinedOn(getIpamdDeployment(kube), 404, 403),
    orUndefinedOn(getEciProfile(kube), 403),
    orUndefinedOn(firstVirtualNode(kube), 403),
  ]);
  const eci = [profile ? `ConfigMap ${ECI_PROFILE_NAMESPACE}/${ECI_PROFILE_NAME}` : undefined, virtualNode ? `virtual node ${virtualNode}` : undefined].filter(Boolean);
  return {
    tke: ipamd ? 'Deployment kube-system/tke-eni-ipamd' : undefined,
    eci: eci.length > 0 ? eci.join(', ') : undefined,
  };
}

/** The provider a single-provider verb works on: --provider, else what the cluster runs (domain rules). */
export async function providerFor(kube: KubeClient, forced: ProviderName | undefined, serves: readonly ProviderName[], verb: string): Promise<ProviderName> {
  // A forced provider the verb serves needs no reads; one it does not serve is refused before any.
  if (forced) return chooseProvider({ tke: undefined, eci: undefined }, forced, serves, verb);
  if (serves.length === 1) return serves[0]!;
  return chooseProvider(await detectProviders(kube), undefined, serves, verb);
}
