// The loop both virtual-node simulators run (ECI's virtual kubelet, TKE's super nodes): list-then-
// watch the workloads and the pods, one per-key queue so a pod or workload is never handled twice
// at once, no scheduler (a pod asking for these nodes is bound to one, as the scheduler would),
// the pods on these nodes handed to the provider's start/release, deleted pods finished at once
// (no kubelet here), the workloads kept by the workload controller (workloads.ts) with the
// garbage collector's part for what it owns. What differs per simulator comes in as hooks.
import { WorkQueue } from '../tke/ipamd/queue.ts';
import { kubeErrorText } from '../tke/kube.ts';
import { watch, type Clients, type K8sObject, type TypedCache, type Watched } from './cluster.ts';
import { finishDeletion } from './provider.ts';
import { collectOrphans, ownerKeys, reconcileWorkload, WORKLOAD_KINDS, type ControllerContext, type Template, type WorkloadKind } from './workloads.ts';

export interface PodLoopOptions {
  clients: Clients;
  /** Who logs (virtual-kubelet, eklet). */
  name: string;
  log(line: string): void;
  /** This simulator's nodes. */
  nodes: string[];
  /** Whether a pod (template) asks for these nodes by its nodeSelector. */
  asksForNodes(spec: Template['spec']): boolean;
  /** A pod on one of these nodes, not being deleted: give it its instance (once). */
  start(pod: K8sObject): Promise<void>;
  /** A pod that was on one of these nodes is gone: its instance goes. */
  released(pod: K8sObject): Promise<void>;
  /** Keys of the simulator's own (its configuration); answers whether it handled the key. */
  other?(kind: string, namespace: string, name: string): Promise<boolean>;
  /** The simulator's own watches, started first; they enqueue their keys with `enqueue`. */
  watchOwn?(enqueue: (key: string) => void, caches: Record<string, TypedCache>): Promise<void>;
}

export interface PodLoop {
  caches: Record<string, TypedCache>;
  idle(): Promise<void>;
  /** Resolves when idle and `waiting()` names no pod; throws naming them after `timeoutMs`. */
  settled(waiting: (pods: K8sObject[]) => string[], timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

const key = (o: K8sObject, prefix: string) => `${prefix}/${o.metadata.namespace}/${o.metadata.name}`;

function hashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

export async function startPodLoop(o: PodLoopOptions): Promise<PodLoop> {
  const { clients, nodes, log } = o;
  const caches: Record<string, TypedCache> = {};
  /** Deleted pods and owners, by key, until the queue handles them (the cache no longer has them). */
  const gone = new Map<string, K8sObject>();
  const ours = (nodeName: unknown) => nodes.includes(nodeName as string);
  const controllerCtx = (): ControllerContext => ({
    clients,
    virtualNodes: nodes,
    targets: (t) => o.asksForNodes(t?.spec) || ours(t?.spec?.nodeName),
    pods: caches.pods!,
    caches: caches as ControllerContext['caches'],
    log,
  });

  async function pod(k: string, namespace: string, name: string): Promise<void> {
    const current = caches.pods!.get(name, namespace);
    const deleted = gone.get(k);
    // A StatefulSet's replacement has the old pod's name: compare UIDs, not names.
    if (deleted && deleted.metadata.uid !== current?.metadata.uid) {
      gone.delete(k);
      if (ours(deleted.spec?.nodeName)) await o.released(deleted);
    }
    if (!current) return;
    if (!current.spec?.nodeName && o.asksForNodes(current.spec)) {
      const target = nodes[Math.abs(hashCode(current.metadata.uid ?? name)) % nodes.length]!;
      await clients.core.createNamespacedPodBinding({ name, namespace, body: { metadata: { name, namespace }, target: { apiVersion: 'v1', kind: 'Node', name: target } } as never });
      return;
    }
    if (!ours(current.spec?.nodeName)) return;
    if (current.metadata.deletionTimestamp) return finishDeletion({ clients }, current);
    return o.start(current);
  }

  async function process(k: string): Promise<void> {
    const [kind, namespace, name] = k.split('/') as [string, string, string];
    if (o.other && (await o.other(kind, namespace, name))) return;
    if (kind === 'pod') return pod(k, namespace, name);
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
      if (error) log(`${o.name}: ${k} failed, will retry: ${kubeErrorText(error)}`);
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

  await o.watchOwn?.(enqueue, caches);
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
  caches.pods = await watch(clients, 'pods' satisfies Watched, { add: onPod, update: onPod, delete: (p) => onGone(p, 'pod') }, log);
  const initial = pending;
  pending = undefined;
  for (const k of initial) queue.add(k);
  await queue.idle();
  return {
    caches,
    idle: () => queue.idle(),
    settled: async (waiting, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await queue.idle();
        const left = waiting(caches.pods!.list());
        if (left.length === 0 && queue.size === 0) return;
        if (Date.now() > deadline) throw new Error(`${o.name}: pods not started after ${timeoutMs} ms: ${left.join(', ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: async () => {
      await queue.stop();
      await Promise.all(Object.values(caches).map((c) => c.stop()));
    },
  };
}
