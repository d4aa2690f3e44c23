// The virtual kubelet's pod lifecycle on its nodes, like ECI: a new pod bound to a virtual node
// gets a container group created with the groups eci-profile and the pod decide (profile.ts);
// the instance's IDs are written back as annotations and the pod is reported Running with the
// instance's IP. A refusal from the cloud leaves the pod with reason ProviderFailed and a
// Warning Event (what virtual-kubelet does on a provider error); it is not retried. A pod being
// deleted loses its container group, then is removed (there is no kubelet to finish it).
import type { Clients, K8sObject } from './cluster.ts';
import type { ContainerGroups } from './cloud.ts';
import { Refused } from './cloud.ts';
import type { EventRecorder } from './events.ts';
import { decideForPod, type Profile } from './profile.ts';
import { isNotFound, MERGE_PATCH } from '../tke/kube.ts';
import type { EciScenario } from './scenario.ts';
import { zoneOfVirtualNode } from './scenario.ts';
import { ANN_ENI_ID, ANN_INSTANCE_ID, ANN_VPC, REASON_CREATE_FAILED, REASON_PROVIDER_FAILED } from './names.ts';

export interface ProviderContext {
  clients: Clients;
  scenario: EciScenario;
  cloud: ContainerGroups;
  events: EventRecorder;
  /** The eci-profile in force (the last good one), undefined before any was read. */
  profile(): Profile | undefined;
  namespaceLabels(namespace: string): Record<string, string>;
  /**
   * Pods (by UID) this process already created an instance for or refused: the watch may show a
   * pod again before its written-back annotations arrive, and a second instance must not follow.
   */
  handled: Map<string, string | undefined>;
  log(line: string): void;
}

const stamp = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

function involved(pod: K8sObject) {
  return { apiVersion: 'v1', kind: 'Pod', namespace: pod.metadata.namespace!, name: pod.metadata.name, uid: pod.metadata.uid };
}

/** The vSwitch of the node's zone among the profile's (ECI spreads over the listed ones), else the first. */
function vSwitchFor(ctx: ProviderContext, profile: Profile, nodeName: string): { vSwitchId: string; zoneId?: string } {
  const zone = zoneOfVirtualNode(nodeName);
  const inZone = profile.vSwitchIds.find((id) => ctx.scenario.vSwitches.find((v) => v.id === id)?.zoneId === zone);
  const vSwitchId = inZone ?? profile.vSwitchIds[0]!;
  return { vSwitchId, zoneId: ctx.scenario.vSwitches.find((v) => v.id === vSwitchId)?.zoneId ?? zone };
}

async function refuse(ctx: ProviderContext, pod: K8sObject, message: string, extra: { annotations: Record<string, string>; labels: Record<string, string> }): Promise<void> {
  const { name, namespace } = pod.metadata;
  if (Object.keys(extra.annotations).length + Object.keys(extra.labels).length > 0) {
    await ctx.clients.core.patchNamespacedPod({ name, namespace: namespace!, body: { metadata: extra } }, MERGE_PATCH);
  }
  // virtual-kubelet: Pending with reason ProviderFailed, Failed when the pod never restarts.
  const phase = pod.spec?.restartPolicy === 'Never' ? 'Failed' : 'Pending';
  await ctx.clients.core.patchNamespacedPodStatus(
    { name, namespace: namespace!, body: { status: { phase, reason: REASON_PROVIDER_FAILED, message } } },
    MERGE_PATCH,
  );
  await ctx.events.record(involved(pod), 'Warning', REASON_CREATE_FAILED, message);
  ctx.log(`virtual-kubelet: pod ${namespace}/${name} refused: ${message}`);
}

/** Creates the pod's container group and reports it Running; a pod already handled is left alone. */
export async function startPod(ctx: ProviderContext, pod: K8sObject): Promise<void> {
  const { name, namespace } = pod.metadata;
  const annotations = pod.metadata.annotations ?? {};
  const uid = pod.metadata.uid ?? `${namespace}/${name}`;
  if (annotations[ANN_INSTANCE_ID] || pod.status?.reason === REASON_PROVIDER_FAILED || ctx.handled.has(uid)) return;
  const profile = ctx.profile();
  const nodeName = String(pod.spec?.nodeName);
  if (!profile) return refuse(ctx, pod, 'no valid eci-profile in kube-system', { annotations: {}, labels: {} });
  const decision = decideForPod(profile, { labels: pod.metadata.labels ?? {}, annotations }, ctx.namespaceLabels(namespace!), ctx.scenario.emptySelectorMatches);
  const effects = { annotations: decision.addAnnotations, labels: decision.addLabels };
  let created;
  try {
    created = await ctx.cloud.create({
      name,
      namespace: namespace!,
      podUid: pod.metadata.uid,
      vpcId: profile.vpcId,
      ...vSwitchFor(ctx, profile, nodeName),
      securityGroupIds: decision.securityGroupIds,
    });
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    ctx.handled.set(uid, undefined);
    return refuse(ctx, pod, e.message, effects);
  }
  ctx.handled.set(uid, created.containerGroupId);
  try {
    await ctx.clients.core.patchNamespacedPod(
      {
        name,
        namespace: namespace!,
        body: {
          metadata: {
            labels: effects.labels,
            annotations: { ...effects.annotations, [ANN_INSTANCE_ID]: created.containerGroupId, [ANN_ENI_ID]: created.eniInstanceId, [ANN_VPC]: profile.vpcId },
          },
        },
      },
      MERGE_PATCH,
    );
  } catch (e) {
    // Deleted while its instance was being created: the instance must not outlive it.
    await ctx.cloud.delete(created.containerGroupId);
    if (isNotFound(e)) return;
    throw e;
  }
  await reportRunning(ctx.clients, pod, created.intranetIp);
  ctx.log(`virtual-kubelet: pod ${namespace}/${name} -> ${created.containerGroupId} [${decision.securityGroupIds.join(',')}] (${decision.source})`);
}

/**
 * What a virtual kubelet reports once the pod's instance runs: Running and Ready, the instance's
 * IP as pod and host IP, every container started (shared with the super node simulator).
 */
export async function reportRunning(clients: Clients, pod: K8sObject, ip: string): Promise<void> {
  const t = stamp();
  const containers = (pod.spec?.containers ?? []) as Array<{ name: string; image: string }>;
  await clients.core.patchNamespacedPodStatus(
    {
      name: pod.metadata.name,
      namespace: pod.metadata.namespace!,
      body: {
        status: {
          phase: 'Running',
          reason: null,
          message: null,
          hostIP: ip,
          hostIPs: [{ ip }],
          podIP: ip,
          podIPs: [{ ip }],
          startTime: t,
          conditions: ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map((type) => ({ type, status: 'True', lastTransitionTime: t })),
          containerStatuses: containers.map((c) => ({
            name: c.name,
            image: c.image,
            imageID: '',
            ready: true,
            started: true,
            restartCount: 0,
            state: { running: { startedAt: t } },
          })),
        },
      },
    },
    MERGE_PATCH,
  );
}

/** A pod marked for deletion: no kubelet finishes it, so the virtual kubelet removes it at once. */
export async function finishDeletion(ctx: { clients: Clients }, pod: K8sObject): Promise<void> {
  try {
    await ctx.clients.core.deleteNamespacedPod({ name: pod.metadata.name, namespace: pod.metadata.namespace!, gracePeriodSeconds: 0 });
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}

/** The pod is gone from the cluster: its container group goes too. */
export async function podDeleted(ctx: ProviderContext, pod: K8sObject): Promise<void> {
  const uid = pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`;
  const id = pod.metadata.annotations?.[ANN_INSTANCE_ID] ?? ctx.handled.get(uid);
  ctx.handled.delete(uid);
  if (!id) return;
  await ctx.cloud.delete(id);
  ctx.log(`virtual-kubelet: pod ${pod.metadata.namespace}/${pod.metadata.name} deleted, ${id} released`);
}
