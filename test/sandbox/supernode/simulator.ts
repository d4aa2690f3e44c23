// The super node simulator: TKE's side of a cluster with super nodes, independent of the plugin
// (src/). It binds pods that ask for a super node (nodeSelector node.kubernetes.io/instance-type:
// eklet; there is no scheduler here), runs the pods on super nodes as container instances in the
// Tencent emulator (provider.ts), reads kube-system/eks-config's pod.annotations from the API as
// each pod is created (a malformed one is ignored, the last good one stays), and keeps the pods of
// workloads that ask for super nodes (the ECI simulator's workload controller, with this
// simulator's own notion of its nodes). The super nodes are the cloud's: their names come from
// the emulator (DescribeClusterVirtualNode's world). One per-key queue, as in the ECI simulator.
import { hostname } from 'node:os';
import { WorkQueue } from '../tke/ipamd/queue.ts';
import { isNotFound, kubeErrorText } from '../tke/kube.ts';
import { clientsFor, watch, type K8sObject, type TypedCache, type Watched } from '../eci/cluster.ts';
import { EventRecorder } from '../eci/events.ts';
import { collectOrphans, ownerKeys, reconcileWorkload, WORKLOAD_KINDS, type ControllerContext, type Template, type WorkloadKind } from '../eci/workloads.ts';
import { SuperNodeControl } from '../tencent/supernode-control-client.ts';
import { podAnnotationDefaults } from './groups.ts';
import { COMPONENT, EKS_CONFIG, INSTANCE_TYPE_EKLET, KUBE_SYSTEM, LABEL_INSTANCE_TYPE, REASON_CREATE_FAILED } from './names.ts';
import { finishDeletion, podDeleted, startPod, type SuperNodeContext } from './provider.ts';
import type { NoGroupsDefault } from './scenario.ts';

export interface SuperNodeSimulatorOptions {
  kubeconfig: string;
  /** The Tencent emulator's base URL (its /_sandbox/ control API). */
  controlUrl: string;
  reading: NoGroupsDefault;
  log?: (line: string) => void;
}

export interface SuperNodeSimulator {
  superNodes: string[];
  idle(): Promise<void>;
  /** Resolves when idle and every pod on a super node runs or was refused. */
  settled(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const key = (o: K8sObject, prefix: string) => `${prefix}/${o.metadata.namespace}/${o.metadata.name}`;

function hashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

export async function startSuperNodeSimulator(o: SuperNodeSimulatorOptions): Promise<SuperNodeSimulator> {
  const log = o.log ?? ((l: string) => console.error(l));
  const clients = clientsFor(o.kubeconfig);
  const cloud = new SuperNodeControl(o.controlUrl);
  const superNodes = (await cloud.state()).virtualNodes.map((n) => n.name);
  if (superNodes.length === 0) throw new Error('the Tencent emulator has no super nodes: seed them first');
  let lastGoodDefaults: Record<string, string> = {};
  const caches = {} as Record<Watched, TypedCache>;
  const gone = new Map<string, K8sObject>();
  const ctx: SuperNodeContext = {
    clients,
    cloud,
    events: new EventRecorder(clients, log, hostname(), COMPONENT),
    reading: o.reading,
    clusterDefaults: readEksConfig,
    handled: new Map(),
    log,
  };
  const targets = (t: Template | undefined) => t?.spec?.nodeSelector?.[LABEL_INSTANCE_TYPE] === INSTANCE_TYPE_EKLET || superNodes.includes(t?.spec?.nodeName);
  const controllerCtx = (): ControllerContext => ({ clients, virtualNodes: superNodes, targets, pods: caches.pods, caches: caches as ControllerContext['caches'], log });

  /** eks-config now: read at each pod's creation, so a change reaches the very next pod. */
  async function readEksConfig(): Promise<Record<string, string>> {
    const cm = await clients.core.readNamespacedConfigMap({ name: EKS_CONFIG, namespace: KUBE_SYSTEM }).catch((e: unknown) => {
      if (isNotFound(e)) return undefined;
      throw e;
    });
    const parsed = podAnnotationDefaults(cm?.data);
    if (!parsed.ok) {
      log(`eklet: eks-config ignored (${parsed.error}); the last good one stays`);
      return lastGoodDefaults;
    }
    lastGoodDefaults = parsed.annotations;
    return lastGoodDefaults;
  }

  async function process(k: string): Promise<void> {
    const [kind, namespace, name] = k.split('/') as [string, string, string];
    if (kind === 'pod') {
      const pod = caches.pods.get(name, namespace);
      const deleted = gone.get(k);
      if (deleted && deleted.metadata.uid !== pod?.metadata.uid) {
        gone.delete(k);
        if (superNodes.includes(deleted.spec?.nodeName)) await podDeleted(ctx, deleted);
      }
      if (!pod) return;
      if (!pod.spec?.nodeName && pod.spec?.nodeSelector?.[LABEL_INSTANCE_TYPE] === INSTANCE_TYPE_EKLET) {
        const target = superNodes[Math.abs(hashCode(pod.metadata.uid ?? name)) % superNodes.length]!;
        await clients.core.createNamespacedPodBinding({ name, namespace, body: { metadata: { name, namespace }, target: { apiVersion: 'v1', kind: 'Node', name: target } } as never });
        return;
      }
      if (!superNodes.includes(pod.spec?.nodeName)) return;
      if (pod.metadata.deletionTimestamp) return finishDeletion(ctx, pod);
      return startPod(ctx, pod);
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
      if (error) log(`eklet: ${k} failed, will retry: ${kubeErrorText(error)}`);
    },
  });

  let pending: Set<string> | undefined = new Set();
  const enqueue = (k: string) => (pending ? pending.add(k) : queue.add(k));
  const onPod = (p: K8sObject) => {
    enqueue(key(p, 'pod'));
    for (const k of ownerKeys(controllerCtx(), p)) enqueue(k);
  };
  const onGone = (p: K8sObject, prefix: string) => {
    gone.set(key(p, prefix), p);
    enqueue(key(p, prefix));
    for (const k of ownerKeys(controllerCtx(), p)) enqueue(k);
  };

  // The good eks-config in force when the simulator starts, for a malformed one later to fall back on.
  await readEksConfig();
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
    superNodes,
    idle: () => queue.idle(),
    settled: async (timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      const waiting = () =>
        caches.pods
          .list()
          .filter((p) => (superNodes.includes(p.spec?.nodeName) || (!p.spec?.nodeName && p.spec?.nodeSelector?.[LABEL_INSTANCE_TYPE] === INSTANCE_TYPE_EKLET)) && !p.status?.podIP && p.status?.reason !== REASON_CREATE_FAILED)
          .map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
      for (;;) {
        await queue.idle();
        const left = waiting();
        if (left.length === 0 && queue.size === 0) return;
        if (Date.now() > deadline) throw new Error(`super-node pods not started after ${timeoutMs} ms: ${left.join(', ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: async () => {
      await queue.stop();
      await Promise.all(Object.values(caches).map((c) => c.stop()));
    },
  };
}
