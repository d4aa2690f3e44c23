// The ECI pods as they are: for each pod on a virtual node, the groups it asked for (its
// annotation, else the selector or profile default that applied: domain/eci/requested-groups.ts)
// against the groups its instance actually has (ECI DescribeContainerGroups by the instance ID
// virtual kubelet wrote on the pod, in batches of 20), and the workload that owns it (walked up
// through ReplicaSets and Jobs), which is what an operator changes to change a pod's groups.
import type { V1Pod } from '@kubernetes/client-node';
import type { EciProfile } from '../../domain/eci/profile.ts';
import { reportedGroupsVerdict } from '../../domain/eci/reported-groups.ts';
import { ifEmptySelectorMatchesNone, requestedGroups, type RequestedGroups } from '../../domain/eci/requested-groups.ts';
import { readsNamespaceLabels, type EciSelector } from '../../domain/eci/selectors.ts';
import { KubeApiError, type KubeClient } from '../../adapters/kube/kube-client.ts';
import { ECI_INSTANCE_ID_ANNOTATION } from '../../adapters/kube/eci/objects.ts';
import { OwnerWalker, type WorkloadOwner } from '../workload-owner.ts';
import { getNamespace, listNamespaces } from '../../adapters/kube/namespaces.ts';
import type { AlibabaCloud, ContainerGroup } from '../../adapters/alibaba/index.ts';

/**
 * ok: the instance has exactly the requested groups; mismatch: they differ; cannot-tell: ECI
 * reports one group, the first asked for, of several (domain/eci/reported-groups.ts), or the
 * instance has what the pod asks for if a selector with no selectors matches no pod (see
 * emptySelector). The rest say why they cannot be compared.
 */
export type EciPodStatus = 'ok' | 'mismatch' | 'cannot-tell' | 'no-instance' | 'instance-not-found' | 'no-cloud';

export type { WorkloadOwner };

export interface EciPodView {
  namespace: string;
  name: string;
  node: string | undefined;
  phase: string | undefined;
  ip: string | undefined;
  /** The ECI instance (container group), eci-...; undefined until virtual kubelet has created it. */
  instanceId: string | undefined;
  requested: RequestedGroups | undefined;
  /** The instance's groups as ECI reports them; undefined when not known (see status). */
  actual: string[] | undefined;
  instance: ContainerGroup | undefined;
  status: EciPodStatus;
  /** The workload to change (Deployment, StatefulSet, DaemonSet, Job, CronJob); undefined for a bare pod, or when not asked for. */
  owner: WorkloadOwner | undefined;
  /**
   * The pod's request hangs on a selector with no selectors, whose meaning is undocumented:
   * `otherwise` is the request if it matches no pod. `instanceHas`: which of the two the
   * instance's groups are, if either. Having the other reading's is no proof (the pod may predate
   * the selector), so the status is then cannot-tell.
   */
  emptySelector?: { name: string; otherwise: RequestedGroups | undefined; instanceHas: 'selector' | 'otherwise' | undefined };
}

/**
 * The labels of the pods' namespaces (selectors match them). None are read when no selector looks
 * at them. One namespace (a pod, a workload's pods) is read alone rather than with every
 * namespace of the cluster; several are listed at once. A caller that may not do that reads each
 * on its own (a user with rights in some namespaces only); one that cannot be read either matches
 * as unlabelled.
 */
async function namespaceLabels(kube: KubeClient, pods: readonly V1Pod[], selectors: readonly EciSelector[]): Promise<Map<string, Record<string, string>>> {
  if (!readsNamespaceLabels(selectors)) return new Map();
  const names = [...new Set(pods.map((p) => p.metadata?.namespace ?? ''))];
  const forbidden = (err: unknown) => err instanceof KubeApiError && err.status === 403;
  try {
    if (names.length === 1) return new Map([[names[0]!, (await getNamespace(kube, names[0]!))?.metadata.labels ?? {}]]);
  } catch (err) {
    // May list namespaces but not get one: the list below.
    if (!forbidden(err)) throw err;
  }
  try {
    return new Map((await listNamespaces(kube)).map((n) => [n.metadata.name, n.metadata.labels ?? {}]));
  } catch (err) {
    if (!forbidden(err)) throw err;
  }
  const read = await Promise.all(names.map((n) => getNamespace(kube, n).catch(() => undefined)));
  return new Map(names.map((n, i) => [n, read[i]?.metadata.labels ?? {}]));
}

/** `owners`: also walk up to each pod's workload (a read per ReplicaSet or Job), for the verbs that name it. */
export async function readEciPods(kube: KubeClient, pods: readonly V1Pod[], profile: EciProfile, cloud: AlibabaCloud | undefined, o: { owners?: boolean } = {}): Promise<EciPodView[]> {
  const ids = [...new Set(pods.map((p) => p.metadata?.annotations?.[ECI_INSTANCE_ID_ANNOTATION]).filter((x): x is string => !!x))];
  // The namespaces, the instances and the owners are independent reads: all at once.
  const owners = new OwnerWalker(kube);
  const [namespaces, described, ownerOf] = await Promise.all([
    namespaceLabels(kube, pods, profile.selectors),
    cloud && ids.length > 0 ? cloud.describeContainerGroups(ids) : undefined,
    Promise.all(pods.map((pod) => (o.owners ? owners.of(pod) : undefined))),
  ]);
  const instances = new Map<string, ContainerGroup>((described?.found ?? []).map((g) => [g.id, g]));
  return pods.map((pod, i): EciPodView => {
    const namespace = pod.metadata?.namespace ?? '';
    const instanceId = pod.metadata?.annotations?.[ECI_INSTANCE_ID_ANNOTATION] || undefined;
    const labelled = { labels: pod.metadata?.labels, annotations: pod.metadata?.annotations };
    const nsLabels = namespaces.get(namespace) ?? {};
    const requested = requestedGroups(labelled, nsLabels, profile);
    const instance = instanceId ? instances.get(instanceId) : undefined;
    let status: EciPodStatus = !instanceId ? 'no-instance' : !cloud ? 'no-cloud' : !instance ? 'instance-not-found' : reportedGroupsVerdict(instance.securityGroupIds, requested?.groups ?? []);
    const empty = ifEmptySelectorMatchesNone(labelled, nsLabels, profile);
    let emptySelector: EciPodView['emptySelector'];
    if (empty) {
      const other = instance && empty.otherwise ? reportedGroupsVerdict(instance.securityGroupIds, empty.otherwise.groups) : undefined;
      const instanceHas = status === 'ok' ? 'selector' : other === 'ok' ? 'otherwise' : undefined;
      if (instanceHas === 'otherwise') status = 'cannot-tell';
      emptySelector = { name: empty.selector, otherwise: empty.otherwise, instanceHas };
    }
    return {
      namespace,
      name: pod.metadata?.name ?? '',
      node: pod.spec?.nodeName,
      phase: pod.status?.phase,
      ip: pod.status?.podIP,
      instanceId,
      requested,
      actual: instance?.securityGroupIds,
      instance,
      status,
      owner: ownerOf[i],
      ...(emptySelector ? { emptySelector } : {}),
    };
  });
}
