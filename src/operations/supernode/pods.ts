// The super-node pods as they are: for each, the groups it asks for and where from (its
// annotation, eks-config, a SecurityGroupPolicy, the pool's or the region's default: domain/
// supernode/requested-groups.ts, both readings where they differ) against the groups its
// container instance has (DescribeEKSContainerInstances by the pod's IP, the only link: nothing
// names the instance on the pod). When the cloud lists no instance for a running pod's IP, the
// pod's groups cannot be told (docs/assumptions.md): never "no groups", never drift.
import type { V1Pod } from '@kubernetes/client-node';
import { splitGroupAnnotation, SUPERNODE_GROUP_ANNOTATION } from '../../domain/supernode/eks-config.ts';
import { policiesSelecting } from '../../domain/supernode/security-group-policy.ts';
import { requestedCandidates, superNodeVerdict, type GroupCandidate, type SuperNodePodStatus } from '../../domain/supernode/requested-groups.ts';
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import { getServiceAccount } from '../../adapters/kube/supernode/objects.ts';
import type { ContainerInstance } from '../../adapters/tencent/index.ts';
import { poolOfNode, type GroupSources } from './group-sources.ts';

export interface SuperNodePodView {
  namespace: string;
  name: string;
  node: string | undefined;
  phase: string | undefined;
  ip: string | undefined;
  /** What the pod asks for: one candidate, or one per reading where the readings differ. */
  candidates: GroupCandidate[];
  /** The candidate the instance's groups are, when they are one. */
  matched: GroupCandidate | undefined;
  instance: ContainerInstance | undefined;
  actual: string[] | undefined;
  status: SuperNodePodStatus;
}

/** The ServiceAccounts' labels, for policies that select by them; read only when such a policy exists. */
async function serviceAccountLabels(kube: KubeClient, pods: readonly V1Pod[], s: GroupSources): Promise<Map<string, Record<string, string> | undefined>> {
  const out = new Map<string, Record<string, string> | undefined>();
  if (!s.policies?.some((p) => p.serviceAccountSelector)) return out;
  const keys = [...new Set(pods.map((p) => `${p.metadata?.namespace ?? ''}/${p.spec?.serviceAccountName ?? 'default'}`))];
  const read = await Promise.all(keys.map((k) => getServiceAccount(kube, k.split('/')[0]!, k.split('/')[1]!).catch(() => undefined)));
  keys.forEach((k, i) => out.set(k, read[i]?.metadata?.labels ?? (read[i] ? {} : undefined)));
  return out;
}

export async function readSuperNodePods(kube: KubeClient, pods: readonly V1Pod[], s: GroupSources): Promise<SuperNodePodView[]> {
  const ips = pods.map((p) => p.status?.podIP).filter((ip): ip is string => !!ip);
  const [instances, saLabels] = await Promise.all([
    s.access.cloud && ips.length > 0 ? s.access.cloud.superNodes.describeInstancesByIp(ips) : Promise.resolve(new Map<string, ContainerInstance>()),
    serviceAccountLabels(kube, pods, s),
  ]);
  return pods.map((pod) => {
    const namespace = pod.metadata?.namespace ?? '';
    const own = pod.metadata?.annotations?.[SUPERNODE_GROUP_ANNOTATION];
    const ownGroups = own === undefined ? [] : splitGroupAnnotation(own);
    const policies = policiesSelecting(s.policies ?? [], {
      namespace,
      labels: pod.metadata?.labels ?? {},
      serviceAccountLabels: saLabels.get(`${namespace}/${pod.spec?.serviceAccountName ?? 'default'}`),
    });
    const candidates = requestedCandidates({
      own: ownGroups.length > 0 ? ownGroups : undefined,
      clusterDefault: s.eksConfig.groups,
      policies: policies.map((p) => ({ name: p.name, groupIds: p.groupIds })),
      poolGroups: poolOfNode(s, pod.spec?.nodeName)?.securityGroupIds,
      regionDefault: s.regionDefault ? [s.regionDefault.id] : undefined,
    });
    const ip = pod.status?.podIP || undefined;
    const instance = ip ? instances.get(ip) : undefined;
    let status: SuperNodePodStatus = !s.access.cloud ? 'no-cloud' : !ip ? 'no-ip' : !instance ? 'not-listed' : 'cannot-tell';
    let matched: GroupCandidate | undefined;
    if (instance) ({ status, matched } = superNodeVerdict(instance.securityGroupIds, candidates));
    return { namespace, name: pod.metadata?.name ?? '', node: pod.spec?.nodeName, phase: pod.status?.phase, ip, candidates, matched, instance, actual: instance?.securityGroupIds, status };
  });
}
