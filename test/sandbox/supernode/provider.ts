// A pod's life on a super node, as TKE runs it: a new pod gets a container instance in the
// Tencent emulator with the groups groups.ts decides, read once, when the pod is created (a
// later annotation change leaves the running instance as it is); the pod is reported Running
// with the instance's IP as pod and host IP (as a real super-node pod shows), written through the
// API, and annotated tke.cloud.tencent.com/pod-type: eklet (seen on a real one). No instance ID is
// written back: no public page names one, so the pod's IP is what ties it to its instance
// (DescribeEKSContainerInstances filter private-ip). A refusal from the cloud leaves the pod Pending with a Warning Event; it is
// not retried. A deleted pod's instance is deleted.
import { finishDeletion, reportRunning } from '../eci/provider.ts';
import type { Clients, K8sObject } from '../eci/cluster.ts';
import type { EventRecorder } from '../eci/events.ts';
import { MERGE_PATCH } from '../tke/kube.ts';
import type { SuperNodeControl } from '../tencent/supernode-control-client.ts';
import { decideGroups } from './groups.ts';
import { ANN_POD_TYPE, COMPONENT, REASON_CREATE_FAILED } from './names.ts';
import type { NoGroupsDefault, SgpPrecedence } from './scenario.ts';
import { policyGroups } from './sgp.ts';

export { finishDeletion };

export interface SuperNodeContext {
  clients: Clients;
  cloud: SuperNodeControl;
  events: EventRecorder;
  reading: NoGroupsDefault;
  sgpPrecedence: SgpPrecedence;
  /** The groups of the SecurityGroupPolicies selecting the pod now, and their names. */
  policiesFor(pod: K8sObject): Promise<{ policies: string[]; securityGroupIds: string[] }>;
  /** eks-config's pod.annotations as the API has them now (a malformed one: the last good one). */
  clusterDefaults(): Promise<Record<string, string>>;
  /** Pods (by UID) given an instance (its ID) or refused (undefined): the watch may show a pod again before its status arrives. */
  handled: Map<string, string | undefined>;
  log(line: string): void;
}

/** The control client throws "... 400 <reason>" when the cloud refuses (shared/control-call.ts). */
const refusalOf = (e: unknown): string | undefined => /: 400 ([\s\S]*)$/.exec(e instanceof Error ? e.message : '')?.[1];

export async function startPod(ctx: SuperNodeContext, pod: K8sObject): Promise<void> {
  const { name, namespace } = pod.metadata;
  const uid = pod.metadata.uid ?? `${namespace}/${name}`;
  if (pod.status?.podIP || ctx.handled.has(uid)) return;
  // The pool and the region default as the cloud has them now: a changed pool default reaches the next pod.
  const world = await ctx.cloud.state();
  const node = world.virtualNodes.find((n) => n.name === pod.spec?.nodeName);
  const pool = world.pools.find((p) => p.id === node?.poolId);
  const policies = await ctx.policiesFor(pod);
  const decision = decideGroups({
    policyGroups: policies.securityGroupIds,
    sgpPrecedence: ctx.sgpPrecedence,
    podAnnotations: pod.metadata.annotations ?? {},
    clusterDefaults: await ctx.clusterDefaults(),
    poolGroups: pool?.securityGroupIds ?? [],
    regionDefaultGroup: world.regionDefaultGroupId ?? undefined,
    reading: ctx.reading,
  });
  let instance;
  try {
    instance = await ctx.cloud.createInstance({ name, namespace: namespace!, podUid: uid, nodeName: String(pod.spec?.nodeName), securityGroupIds: decision.securityGroupIds });
  } catch (e) {
    const reason = refusalOf(e);
    if (reason === undefined) throw e;
    ctx.handled.set(uid, undefined);
    await ctx.clients.core.patchNamespacedPodStatus({ name, namespace: namespace!, body: { status: { phase: 'Pending', reason: REASON_CREATE_FAILED, message: reason } } }, MERGE_PATCH);
    await ctx.events.record({ apiVersion: 'v1', kind: 'Pod', namespace: namespace!, name, uid: pod.metadata.uid }, 'Warning', REASON_CREATE_FAILED, reason);
    ctx.log(`eklet: pod ${namespace}/${name} refused: ${reason}`);
    return;
  }
  ctx.handled.set(uid, instance.id);
  try {
    await ctx.clients.core.patchNamespacedPod({ name, namespace: namespace!, body: { metadata: { annotations: { [ANN_POD_TYPE]: COMPONENT } } } }, MERGE_PATCH);
    await reportRunning(ctx.clients, pod, instance.privateIp);
  } catch (e) {
    // Deleted while its instance was being created: the instance must not outlive it.
    await ctx.cloud.deleteInstance(instance.id).catch(() => undefined);
    ctx.handled.delete(uid);
    throw e;
  }
  const via = decision.source === 'security-group-policy' ? ` ${policies.policies.join(',')}` : '';
  ctx.log(`eklet: pod ${namespace}/${name} -> ${instance.id} ${instance.privateIp} [${decision.securityGroupIds.join(',')}] (${decision.source}${via})`);
}

/** The pod is gone from the cluster: its instance goes too. */
export async function podDeleted(ctx: SuperNodeContext, pod: K8sObject): Promise<void> {
  const uid = pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`;
  let id = ctx.handled.get(uid);
  ctx.handled.delete(uid);
  // Started by an earlier run of the simulator: the cloud knows the pod's instance by its UID.
  id ??= (await ctx.cloud.state()).instances.find((i) => i.podUid === uid)?.id;
  if (!id) return;
  await ctx.cloud.deleteInstance(id).catch((e: Error) => {
    if (!/: 404 /.test(e.message)) throw e;
  });
  ctx.log(`eklet: pod ${pod.metadata.namespace}/${pod.metadata.name} deleted, ${id} released`);
}
