// The virtual-kubelet simulator: ECI's side of a cluster with virtual nodes, independent of the
// plugin (src/). It watches eci-profile (from v2.0.0.90-15deb126e-aliyun a hot update: the next
// pod uses the new values, running pods keep theirs; before it, the profile is read only when
// virtual kubelet starts, i.e. when its Deployment kube-system/ack-virtual-node-controller gets a
// new pod template, as `kubectl rollout restart` or a new image does; a malformed profile is
// ignored with a Warning Event and the last good one stays), runs the pods bound to the virtual nodes as container groups in the Alibaba Cloud
// emulator (provider.ts), and keeps the workloads' pods (workloads.ts), in the loop it shares
// with the super node simulator (pod-loop.ts).
import { hostname } from 'node:os';
import { containerGroupsAt, type ContainerGroups } from './cloud.ts';
import { clientsFor, watch, type K8sObject, type TypedCache } from './cluster.ts';
import { EventRecorder } from './events.ts';
import { parseProfile, type Profile } from './profile.ts';
import { podDeleted, startPod, type ProviderContext } from './provider.ts';
import { startPodLoop, type PodLoop } from './pod-loop.ts';
import type { EciScenario } from './scenario.ts';
import { hotUpdatesProfile, imageTag } from './vk-version.ts';
import { DEFAULT_VK_VERSION } from './scenario.ts';
import { ANN_INSTANCE_ID, ECI_PROFILE, KUBE_SYSTEM, VK_DEPLOYMENT, LABEL_VIRTUAL_NODE, REASON_INVALID_PROFILE, REASON_PROVIDER_FAILED, VIRTUAL_NODE_LABEL_VALUE } from './names.ts';

export interface EciSimulatorOptions {
  kubeconfig: string;
  scenario: EciScenario;
  /** The Alibaba Cloud emulator's base URL (its /_sandbox/ control API). */
  controlUrl: string;
  log?: (line: string) => void;
}

export interface EciSimulator {
  /** The eci-profile in force (the last good one). */
  profile(): Profile | undefined;
  /** Resolves when no work is queued or running. */
  idle(): Promise<void>;
  /** Resolves when idle and every pod on a virtual node runs as an instance or was refused. */
  settled(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startEciSimulator(o: EciSimulatorOptions): Promise<EciSimulator> {
  const log = o.log ?? ((l: string) => console.error(l));
  const clients = clientsFor(o.kubeconfig);
  const cloud: ContainerGroups = containerGroupsAt(o.controlUrl);
  const events = new EventRecorder(clients, log, hostname());
  const virtualNodes = o.scenario.virtualNodes;
  let profile: Profile | undefined;
  let lastProfileVersion: string | undefined;
  /** The version running, from the Deployment's image tag (the scenario's until it is seen). */
  let vkVersion = o.scenario.virtualKubeletVersion ?? DEFAULT_VK_VERSION;
  /** The Deployment's pod template this virtual kubelet started from: another one is a restart. */
  let vkTemplate: string | undefined;
  /** The profile version an old virtual kubelet was told about and left unread (logged once). */
  let unreadProfileVersion: string | undefined;
  /** The loop's caches (its own: eci-profile, namespaces; and the workloads', pods'). */
  let caches: Record<string, TypedCache> = {};

  const providerCtx: ProviderContext = {
    clients,
    scenario: o.scenario,
    cloud,
    events,
    profile: () => profile,
    namespaceLabels: (ns) => caches.namespaces!.get(ns)?.metadata.labels ?? {},
    handled: new Map(),
    log,
  };
  async function readProfile(cm: K8sObject): Promise<void> {
    // Each version once: a resync or a status-less update must not repeat the Event.
    if (cm.metadata.uid + '/' + (cm as { metadata: { resourceVersion?: string } }).metadata.resourceVersion === lastProfileVersion) return;
    lastProfileVersion = cm.metadata.uid + '/' + (cm as { metadata: { resourceVersion?: string } }).metadata.resourceVersion;
    const parsed = parseProfile(cm.data);
    if (parsed.ok) {
      profile = parsed.profile;
      log(`virtual-kubelet: eci-profile in force: default ${profile.securityGroupId}, ${profile.selectors.length} selector(s)`);
      return;
    }
    log(`virtual-kubelet: eci-profile ignored (${parsed.error}); ${profile ? 'the last good one stays' : 'no profile in force'}`);
    await events.record(
      { apiVersion: 'v1', kind: 'ConfigMap', namespace: KUBE_SYSTEM, name: ECI_PROFILE, uid: cm.metadata.uid },
      'Warning',
      REASON_INVALID_PROFILE,
      `eci-profile is malformed and was ignored (${parsed.error}); the last valid configuration stays in force`,
    );
  }

  /** The virtual kubelet's own Deployment: a new pod template means its pods were replaced, so it starts again and reads the profile. */
  async function restartOnNewTemplate(): Promise<void> {
    const d = caches.Deployment!.get(VK_DEPLOYMENT, KUBE_SYSTEM);
    if (!d) return;
    const template = JSON.stringify(d.spec?.template ?? {});
    const containers = (d.spec?.template?.spec?.containers ?? []) as Array<{ image?: string }>;
    const version = containers.map((c) => imageTag(c.image ?? '')).find((t) => t !== undefined) ?? vkVersion;
    const first = vkTemplate === undefined;
    if (template === vkTemplate) return;
    vkTemplate = template;
    vkVersion = version;
    if (first) return;
    log(`virtual-kubelet: restarted as ${vkVersion}; reading eci-profile`);
    lastProfileVersion = undefined;
    const cm = caches.profile!.get(ECI_PROFILE, KUBE_SYSTEM);
    if (cm) await readProfile(cm);
  }

  /** eci-profile and the virtual kubelet's own Deployment: the keys only this simulator has. */
  async function other(kind: string, namespace: string, name: string): Promise<boolean> {
    if (kind === 'profile') {
      const cm = caches.profile!.get(ECI_PROFILE, KUBE_SYSTEM);
      if (!cm) return true;
      // Read at start whatever the version; after that only a hot-updating version reads changes.
      if (lastProfileVersion === undefined || hotUpdatesProfile(vkVersion)) {
        await readProfile(cm);
        return true;
      }
      const seen = cm.metadata.uid + '/' + (cm as { metadata: { resourceVersion?: string } }).metadata.resourceVersion;
      if (seen !== lastProfileVersion && seen !== unreadProfileVersion) {
        unreadProfileVersion = seen;
        log(`virtual-kubelet ${vkVersion}: eci-profile changed; this version reads it only when it restarts`);
      }
      return true;
    }
    if (kind === 'Deployment' && namespace === KUBE_SYSTEM && name === VK_DEPLOYMENT) {
      await restartOnNewTemplate();
      return true;
    }
    return false;
  }

  const loop: PodLoop = await startPodLoop({
    clients,
    name: 'virtual-kubelet',
    log,
    nodes: virtualNodes,
    asksForNodes: (spec) => spec?.nodeSelector?.[LABEL_VIRTUAL_NODE] === VIRTUAL_NODE_LABEL_VALUE,
    start: (pod) => startPod(providerCtx, pod),
    released: (pod) => podDeleted(providerCtx, pod),
    other,
    watchOwn: async (enqueue, c) => {
      caches = c;
      c.profile = await watch(clients, 'profile', { add: () => enqueue('profile'), update: () => enqueue('profile') }, log);
      c.namespaces = await watch(clients, 'namespaces', {}, log);
    },
  });
  return {
    profile: () => profile,
    idle: () => loop.idle(),
    settled: (timeoutMs = 60_000) =>
      loop.settled(
        (pods) =>
          pods
            .filter((p) => virtualNodes.includes(p.spec?.nodeName) && !p.metadata.annotations?.[ANN_INSTANCE_ID] && p.status?.reason !== REASON_PROVIDER_FAILED)
            .map((p) => `${p.metadata.namespace}/${p.metadata.name}`),
        timeoutMs,
      ),
    stop: () => loop.stop(),
  };
}
