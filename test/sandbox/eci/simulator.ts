// The virtual-kubelet simulator: ECI's side of a cluster with virtual nodes, independent of the
// plugin (src/). It watches eci-profile (from v2.0.0.90-15deb126e-aliyun a hot update: the next
// pod uses the new values, running pods keep theirs; before it, the profile is read only when
// virtual kubelet starts, i.e. when its Deployment kube-system/ack-virtual-node-controller gets a
// new pod template, as `kubectl rollout restart` or a new image does; a malformed profile is
// ignored with a Warning Event and the last good one stays), runs the pods bound to the virtual nodes as container groups in the Alibaba Cloud
// emulator (provider.ts), and keeps the workloads' pods (workloads.ts). All work goes through
// one per-key queue, so a pod or workload is never handled twice at once.
import { hostname } from 'node:os';
import { WorkQueue } from '../tke/ipamd/queue.ts';
import { kubeErrorText } from '../tke/kube.ts';
import { containerGroupsAt, type ContainerGroups } from './cloud.ts';
import { clientsFor, watch, type K8sObject, type TypedCache, type Watched } from './cluster.ts';
import { EventRecorder } from './events.ts';
import { parseProfile, type Profile } from './profile.ts';
import { finishDeletion, podDeleted, startPod, type ProviderContext } from './provider.ts';
import type { EciScenario } from './scenario.ts';
import { hotUpdatesProfile, imageTag } from './vk-version.ts';
import { DEFAULT_VK_VERSION } from './scenario.ts';
import { collectOrphans, ownerKeys, reconcileWorkload, WORKLOAD_KINDS, type ControllerContext, type WorkloadKind } from './workloads.ts';
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

const key = (o: K8sObject, prefix: string) => `${prefix}/${o.metadata.namespace}/${o.metadata.name}`;

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
  const caches = {} as Record<Watched, TypedCache>;
  /** Deleted pods and owners, by key, until the queue handles them (the cache no longer has them). */
  const gone = new Map<string, K8sObject>();

  const providerCtx: ProviderContext = {
    clients,
    scenario: o.scenario,
    cloud,
    events,
    profile: () => profile,
    namespaceLabels: (ns) => caches.namespaces.get(ns)?.metadata.labels ?? {},
    handled: new Map(),
    log,
  };
  const controllerCtx = (): ControllerContext => ({
    clients,
    virtualNodes,
    pods: caches.pods,
    caches: caches as ControllerContext['caches'],
    log,
  });

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
    const d = caches.Deployment.get(VK_DEPLOYMENT, KUBE_SYSTEM);
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
    const cm = caches.profile.get(ECI_PROFILE, KUBE_SYSTEM);
    if (cm) await readProfile(cm);
  }

  async function process(k: string): Promise<void> {
    const [kind, namespace, name] = k.split('/') as [string, string, string];
    if (kind === 'profile') {
      const cm = caches.profile.get(ECI_PROFILE, KUBE_SYSTEM);
      if (!cm) return;
      // Read at start whatever the version; after that only a hot-updating version reads changes.
      if (lastProfileVersion === undefined || hotUpdatesProfile(vkVersion)) return readProfile(cm);
      const seen = cm.metadata.uid + '/' + (cm as { metadata: { resourceVersion?: string } }).metadata.resourceVersion;
      if (seen !== lastProfileVersion && seen !== unreadProfileVersion) {
        unreadProfileVersion = seen;
        log(`virtual-kubelet ${vkVersion}: eci-profile changed; this version reads it only when it restarts`);
      }
      return;
    }
    if (kind === 'Deployment' && namespace === KUBE_SYSTEM && name === VK_DEPLOYMENT) return restartOnNewTemplate();
    if (kind === 'pod') {
      const pod = caches.pods.get(name, namespace);
      const deleted = gone.get(k);
      // A StatefulSet's replacement has the old pod's name: compare UIDs, not names.
      if (deleted && deleted.metadata.uid !== pod?.metadata.uid) {
        gone.delete(k);
        if (virtualNodes.includes(deleted.spec?.nodeName)) await podDeleted(providerCtx, deleted);
      }
      if (!pod) return;
      if (!pod.spec?.nodeName && pod.spec?.nodeSelector?.[LABEL_VIRTUAL_NODE] === VIRTUAL_NODE_LABEL_VALUE) {
        // No scheduler here: a pod asking for a virtual node is bound to one, as the scheduler would.
        const target = virtualNodes[Math.abs(hashCode(pod.metadata.uid ?? name)) % virtualNodes.length]!;
        await clients.core.createNamespacedPodBinding({ name, namespace, body: { metadata: { name, namespace }, target: { apiVersion: 'v1', kind: 'Node', name: target } } as never });
        return;
      }
      if (!virtualNodes.includes(pod.spec?.nodeName)) return;
      if (pod.metadata.deletionTimestamp) return finishDeletion(providerCtx, pod);
      return startPod(providerCtx, pod);
    }
    if (kind === 'gc') {
      const owner = gone.get(k);
      gone.delete(k);
      if (owner) await collectOrphans(controllerCtx(), owner);
      return;
    }
    if ((WORKLOAD_KINDS as readonly string[]).includes(kind)) await reconcileWorkload(controllerCtx(), kind as WorkloadKind, namespace, name);
  }

  const queue = new WorkQueue({
    concurrency: 4,
    process,
    retryBaseMs: 200,
    maxRetryMs: 5_000,
    onDone: (k, error) => {
      if (error) log(`virtual-kubelet: ${k} failed, will retry: ${kubeErrorText(error)}`);
    },
  });

  // Keys wait until every cache is listed: a workload is synced against its pods, not before them.
  let pending: Set<string> | undefined = new Set();
  const enqueue = (k: string) => (pending ? pending.add(k) : queue.add(k));
  const onPod = (p: K8sObject) => {
    enqueue(key(p, 'pod'));
    // A pod's change (Running, deleted) changes its workload's status or replica count.
    for (const k of ownerKeys(controllerCtx(), p)) enqueue(k);
  };
  const onGone = (p: K8sObject, prefix: string) => {
    gone.set(key(p, prefix), p);
    enqueue(key(p, prefix));
    for (const k of ownerKeys(controllerCtx(), p)) enqueue(k);
  };

  caches.profile = await watch(clients, 'profile', { add: () => enqueue('profile'), update: () => enqueue('profile') }, log);
  caches.namespaces = await watch(clients, 'namespaces', {}, log);
  for (const kind of ['ReplicaSet', ...WORKLOAD_KINDS] as const) {
    caches[kind] = await watch(
      clients,
      kind,
      {
        add: (w) => (kind === 'ReplicaSet' ? undefined : enqueue(key(w, kind))),
        update: (w) => {
          if (kind !== 'ReplicaSet') enqueue(key(w, kind));
          for (const k of ownerKeys(controllerCtx(), w)) enqueue(k);
        },
        delete: (w) => onGone(w, 'gc'),
      },
      log,
    );
  }
  caches.pods = await watch(clients, 'pods', { add: onPod, update: onPod, delete: (p) => onGone(p, 'pod') }, log);
  const initial = pending;
  pending = undefined;
  for (const k of initial) queue.add(k);
  await queue.idle();
  return {
    profile: () => profile,
    idle: () => queue.idle(),
    settled: async (timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      const waiting = () =>
        caches.pods
          .list()
          .filter((p) => virtualNodes.includes(p.spec?.nodeName) && !p.metadata.annotations?.[ANN_INSTANCE_ID] && p.status?.reason !== REASON_PROVIDER_FAILED)
          .map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
      for (;;) {
        await queue.idle();
        const left = waiting();
        if (left.length === 0 && queue.size === 0) return;
        if (Date.now() > deadline) throw new Error(`pods not started after ${timeoutMs} ms: ${left.join(', ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: async () => {
      await queue.stop();
      await Promise.all(Object.values(caches).map((c) => c.stop()));
    },
  };
}

function hashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}
