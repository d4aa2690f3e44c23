// When an eci-profile change reaches new ECI pods: read from virtual kubelet's Deployment in
// kube-system (its image) and the virtual nodes' kubeletVersion, judged in
// domain/eci/profile-reload.ts. A Deployment list the caller may not read is a fact ("could not
// be read"), not a failure: the verbs that show this go on.
import { profileReloadView, type ProfileReloadView } from '../../domain/eci/profile-reload.ts';
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import { listVirtualKubeletNamespaceDeployments } from '../../adapters/kube/eci/objects.ts';
import { errorText } from '../doctor-settle.ts';
import type { KubeNode } from '../../adapters/kube/nodes.ts';

export async function readProfileReload(kube: KubeClient, virtualNodes: readonly KubeNode[]): Promise<ProfileReloadView> {
  const deployments = await listVirtualKubeletNamespaceDeployments(kube).then(
    (ds) => ds.map((d) => ({ name: d.metadata?.name ?? '', images: (d.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? '') })),
    (err: unknown) => ({ error: errorText(err).split('\n')[0]! }),
  );
  return profileReloadView({ deployments, nodes: virtualNodes.map((n) => ({ name: n.metadata?.name ?? '', kubeletVersion: n.status?.nodeInfo?.kubeletVersion })) });
}
