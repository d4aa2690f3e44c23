// A pod named on the command line and its node, read the same way whichever provider's pod it is:
// the first read of show pod and reach, and the refusal when there is no such pod.
import type { V1Pod } from '@kubernetes/client-node';
import { BadInputError } from '../domain/bad-input.ts';
import { orUndefinedOn404, type KubeClient } from '../adapters/kube/kube-client.ts';
import { getNode, type KubeNode } from '../adapters/kube/nodes.ts';
import { getPod } from '../adapters/kube/pods.ts';

export class PodNotFoundError extends BadInputError {
  constructor(namespace: string, name: string) {
    super(`pod "${name}" not found in namespace "${namespace}": kubectl get pods -n ${namespace} lists them (-n picks another namespace)`);
  }
}

/** A pod and its node (when it has one that still exists): what either provider's report starts from. */
export interface FoundPod {
  pod: V1Pod;
  node: KubeNode | undefined;
}

/** Reads the pod, then its node; a pod that does not exist is the user's input, named. */
export async function findPod(kube: KubeClient, namespace: string, name: string): Promise<FoundPod> {
  const pod = await orUndefinedOn404(getPod(kube, namespace, name));
  if (!pod) throw new PodNotFoundError(namespace, name);
  return { pod, node: pod.spec?.nodeName ? await orUndefinedOn404(getNode(kube, pod.spec.nodeName)) : undefined };
}
