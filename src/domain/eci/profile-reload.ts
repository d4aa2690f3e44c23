// Whether an eci-profile change reaches new ECI pods at once or only after virtual kubelet
// restarts, from what the cluster shows of virtual kubelet: its Deployment's image (in an ACK
// dedicated cluster, kube-system/ack-virtual-node-controller) and the virtual nodes'
// kubeletVersion. The image wins: it is the component's own version, as its release notes list
// it; a node's kubeletVersion counts only in the component's four-number form (a virtual node may
// report a Kubernetes version). Neither readable: "cannot tell", never a guess.
import { parseImageRef } from '../image-ref.ts';
import { HOT_UPDATE_VERSION, parseVirtualKubeletVersion, profileReloadOfAll, virtualKubeletVersionOfNode, type ProfileReload } from './virtual-kubelet-version.ts';

/** The name ACK gives it in a dedicated cluster (ACK "Virtual node overview"). */
export const VIRTUAL_KUBELET_DEPLOYMENT = 'ack-virtual-node-controller';
export const VIRTUAL_KUBELET_NAMESPACE = 'kube-system';
/** The image's repository ends so (release notes: registry-vpc.$RegionId.aliyuncs.com/acs/virtual-nodes-eci:<version>). */
const IMAGE_NAME = '/virtual-nodes-eci';
const ADDON_UPGRADE = 'ACK console > Clusters > <cluster> > Add-ons > ACK Virtual Node > Upgrade';

export interface DeploymentFacts {
  name: string;
  images: string[];
}

export interface VirtualKubeletFacts {
  /** The Deployments of kube-system, or why they could not be listed (e.g. RBAC). */
  deployments: DeploymentFacts[] | { error: string };
  nodes: { name: string; kubeletVersion: string | undefined }[];
}

export interface ProfileReloadView {
  reload: ProfileReload;
  /** The version(s) read, as written. */
  versions: string[];
  /** Where they were read: the Deployment's image, or the virtual nodes' kubeletVersion. */
  from: 'image' | 'node' | undefined;
  /** The virtual kubelet Deployment, when one is seen (by its name, else by its image). */
  deployment: string | undefined;
  /** One line for people. */
  why: string;
  /** How to make virtual kubelet read the profile again; undefined when it does so by itself. */
  restart: string | undefined;
}

const isVirtualKubeletImage = (image: string) => parseImageRef(image).repository.endsWith(IMAGE_NAME);

/** ack-virtual-node-controller, else the Deployment that runs a virtual-nodes-eci image. */
function virtualKubeletDeployment(deployments: readonly DeploymentFacts[]): DeploymentFacts | undefined {
  return deployments.find((d) => d.name === VIRTUAL_KUBELET_DEPLOYMENT) ?? deployments.find((d) => d.images.some(isVirtualKubeletImage));
}

/** Its virtual-nodes-eci image(s); a Deployment found by name with one image of another name runs that one. */
function virtualKubeletImages(d: DeploymentFacts | undefined): string[] {
  const named = d?.images.filter(isVirtualKubeletImage) ?? [];
  return named.length > 0 || !d || d.images.length !== 1 ? named : d.images;
}

export function restartCommand(deployment: string | undefined): string {
  return deployment
    ? `kubectl -n ${VIRTUAL_KUBELET_NAMESPACE} rollout restart deployment/${deployment}`
    : `restart virtual kubelet: it runs out of sight (an ACK managed cluster): upgrade the component, which restarts it (${ADDON_UPGRADE})`;
}

export function profileReloadView(f: VirtualKubeletFacts): ProfileReloadView {
  const deployment = 'error' in f.deployments ? undefined : virtualKubeletDeployment(f.deployments);
  const fromImage = virtualKubeletImages(deployment).map((i) => parseVirtualKubeletVersion(parseImageRef(i).tag ?? '')).filter((v) => v !== undefined);
  const fromNodes = f.nodes.map((n) => virtualKubeletVersionOfNode(n.kubeletVersion ?? '')).filter((v) => v !== undefined);
  const [versions, from] = fromImage.length > 0 ? [fromImage, 'image' as const] : fromNodes.length > 0 ? [fromNodes, 'node' as const] : [[], undefined];
  const reload = profileReloadOfAll(versions);
  const texts = [...new Set(versions.map((v) => v.text))];
  const where = from === 'image' ? `image of ${VIRTUAL_KUBELET_NAMESPACE}/${deployment!.name}` : `kubeletVersion of ${f.nodes.filter((n) => virtualKubeletVersionOfNode(n.kubeletVersion ?? '')).map((n) => n.name).join(', ')}`;
  const base = { versions: texts, from, deployment: deployment?.name };
  if (reload === 'now') {
    return { ...base, reload, why: `virtual kubelet ${texts.join(', ')} (${where}) hot-updates eci-profile: a change reaches new pods at once`, restart: undefined };
  }
  if (reload === 'restart') {
    return {
      ...base,
      reload,
      why: `virtual kubelet ${texts.join(', ')} (${where}) is older than ${HOT_UPDATE_VERSION}: it reads eci-profile only when it starts, so a change reaches new pods after it restarts`,
      restart: restartCommand(deployment?.name),
    };
  }
  const seen = [
    'error' in f.deployments
      ? `the Deployments of ${VIRTUAL_KUBELET_NAMESPACE} could not be read (${f.deployments.error})`
      : deployment
        ? `${VIRTUAL_KUBELET_NAMESPACE}/${deployment.name}'s image ${deployment.images.join(', ') || '(none)'} names no version`
        : `no virtual kubelet Deployment in ${VIRTUAL_KUBELET_NAMESPACE} (an ACK managed cluster runs it out of sight)`,
    f.nodes.length === 0 ? 'no virtual node' : `the virtual nodes report kubeletVersion ${[...new Set(f.nodes.map((n) => n.kubeletVersion ?? '(none)'))].join(', ')}, not virtual kubelet's own version`,
  ];
  return {
    ...base,
    reload,
    why: `cannot tell whether an eci-profile change reaches new pods at once (virtual kubelet ${HOT_UPDATE_VERSION} and later) or only after virtual kubelet restarts: ${seen.join('; ')}`,
    restart: restartCommand(deployment?.name),
  };
}
