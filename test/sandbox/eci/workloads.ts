// A minimal workload controller, because the sandbox has no kube-controller-manager: for the
// Deployments, StatefulSets, DaemonSets, Jobs and CronJobs whose pods go to the virtual nodes
// (pod template nodeSelector type=virtual-kubelet, or nodeName of one), it keeps pods from the
// current pod template with the owners, names and labels the real controllers give them.
// A template change replaces the pods (recreate: the old ones are deleted first), so a new
// k8s.aliyun.com/eci-security-group on a template leads to new pods, hence new container
// groups. It also does the garbage collector's part for what it owns (no GC runs here).
// Workloads for other nodes (the ipamd Deployment of a TKE sandbox) are left alone.
import { createHash } from 'node:crypto';
import { createUnlessExists, type Clients, type K8sObject, type OwnerReference, type TypedCache } from './cluster.ts';
import { isConflict, isNotFound, MERGE_PATCH } from '../tke/kube.ts';
import { LABEL_VIRTUAL_NODE, VIRTUAL_NODE_LABEL_VALUE } from './names.ts';

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export interface ControllerContext {
  clients: Clients;
  virtualNodes: string[];
  /**
   * Whether a pod template asks for these nodes; default: ECI's (nodeSelector type=virtual-kubelet
   * or a virtual node's name). The super node simulator keeps its own workloads with its own.
   */
  targets?: (template: Template | undefined) => boolean;
  pods: TypedCache;
  caches: Record<WorkloadKind | 'ReplicaSet', TypedCache>;
  log(line: string): void;
}

export type Template = { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, any> };

const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** Stable JSON (sorted keys, no undefined): list answers and watch events order keys differently. */
function canonical(v: unknown): string {
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined && x !== null).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Like pod-template-hash: a short name-safe digest of the template. */
export function templateHash(template: unknown): string {
  const digest = createHash('sha256').update(canonical(template)).digest();
  return Array.from(digest.subarray(0, 10), (b) => SAFE[b % SAFE.length]).join('');
}

const randomSuffix = () => Array.from({ length: 5 }, () => SAFE[Math.floor(Math.random() * SAFE.length)]).join('');

export function targetsVirtualNodes(template: Template | undefined, virtualNodes: string[]): boolean {
  const spec = template?.spec ?? {};
  return spec.nodeSelector?.[LABEL_VIRTUAL_NODE] === VIRTUAL_NODE_LABEL_VALUE || virtualNodes.includes(spec.nodeName);
}

const ownerRef = (o: K8sObject, apiVersion: string, kind: string): OwnerReference => ({
  apiVersion,
  kind,
  name: o.metadata.name,
  uid: o.metadata.uid!,
  controller: true,
  blockOwnerDeletion: true,
});


const ownedBy = (list: K8sObject[], uid: string | undefined) => list.filter((o) => o.metadata.ownerReferences?.some((r) => r.uid === uid));
const live = (pods: K8sObject[]) => pods.filter((p) => !p.metadata.deletionTimestamp);
const running = (pods: K8sObject[]) => pods.filter((p) => p.status?.phase === 'Running').length;

/** Keys (`Kind/namespace/name`) of the workloads above an object, nearest first. */
export function ownerKeys(ctx: ControllerContext, o: K8sObject): string[] {
  const keys: string[] = [];
  let current: K8sObject | undefined = o;
  for (let depth = 0; current && depth < 3; depth++) {
    const ref: OwnerReference | undefined = current.metadata.ownerReferences?.find((r) => r.controller);
    if (!ref) break;
    const ns: string = current.metadata.namespace!;
    if ((WORKLOAD_KINDS as readonly string[]).includes(ref.kind)) keys.push(`${ref.kind}/${ns}/${ref.name}`);
    current = (ctx.caches as Record<string, TypedCache>)[ref.kind]?.get(ref.name, ns);
  }
  return keys;
}

/** Waits until the watch shows what this controller just wrote, so the next run does not redo it. */
async function caughtUp(cache: TypedCache, check: (list: K8sObject[]) => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check(cache.list()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

async function deletePods(ctx: ControllerContext, pods: K8sObject[]): Promise<void> {
  for (const p of pods) {
    try {
      await ctx.clients.core.deleteNamespacedPod({ name: p.metadata.name, namespace: p.metadata.namespace!, gracePeriodSeconds: 0 });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  const uids = new Set(pods.map((p) => p.metadata.uid));
  await caughtUp(ctx.pods, (list) => !list.some((p) => uids.has(p.metadata.uid)));
}

async function createPods(ctx: ControllerContext, namespace: string, pods: Array<{ name: string; nodeName: string; template: Template; labels: Record<string, string>; owner: OwnerReference }>): Promise<void> {
  for (const p of pods) {
    const t = p.template;
    await createUnlessExists(() =>
      ctx.clients.core.createNamespacedPod({
        namespace,
        body: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: p.name,
            namespace,
            labels: { ...(t.metadata?.labels ?? {}), ...p.labels },
            annotations: { ...(t.metadata?.annotations ?? {}) },
            ownerReferences: [p.owner],
          },
          spec: { ...(t.spec ?? {}), nodeName: p.nodeName },
        } as never,
      }),
    );
  }
  const names = new Set(pods.map((p) => p.name));
  await caughtUp(ctx.pods, (list) => [...names].every((n) => list.some((x) => x.metadata.namespace === namespace && x.metadata.name === n)));
}

/** Virtual node for the i-th pod of a workload (spread in turn, as ECI spreads over zones). */
const nodeAt = (ctx: ControllerContext, template: Template, i: number) =>
  ctx.virtualNodes.includes(template.spec?.nodeName) ? (template.spec!.nodeName as string) : ctx.virtualNodes[i % ctx.virtualNodes.length]!;

/** Writes a status subresource only when a field differs (a status write is an update event). */
async function patchStatus(current: Record<string, any> | undefined, want: Record<string, unknown>, patch: (body: { status: Record<string, unknown> }) => Promise<unknown>): Promise<void> {
  if (Object.entries(want).every(([k, v]) => canonical(current?.[k]) === canonical(v))) return;
  await patch({ status: want });
}

/** The pods of one owner from one template: stale ones (other hash) go first, then the count is made right. */
async function keepPods(
  ctx: ControllerContext,
  o: { owner: OwnerReference; namespace: string; template: Template; labels: Record<string, string>; hashLabel?: string; names: (existing: K8sObject[]) => Array<{ name: string; nodeName: string }>; extra: (pods: K8sObject[]) => K8sObject[] },
): Promise<K8sObject[]> {
  const mine = live(ownedBy(ctx.pods.list(), o.owner.uid));
  const stale = o.hashLabel ? mine.filter((p) => p.metadata.labels?.[o.hashLabel!] !== o.labels[o.hashLabel!]) : [];
  if (stale.length > 0) await deletePods(ctx, stale);
  let current = mine.filter((p) => !stale.includes(p));
  const surplus = o.extra(current);
  if (surplus.length > 0) await deletePods(ctx, surplus);
  current = current.filter((p) => !surplus.includes(p));
  const missing = o.names(current);
  if (missing.length > 0) {
    await createPods(ctx, o.namespace, missing.map((m) => ({ ...m, template: o.template, labels: o.labels, owner: o.owner })));
    ctx.log(`controller: ${o.owner.kind} ${o.namespace}/${o.owner.name}: ${stale.length} replaced, ${missing.length} created`);
  }
  return live(ownedBy(ctx.pods.list(), o.owner.uid));
}

/** Pods named prefix + random suffix, `count` of them, on nodes in turn. */
function randomNames(ctx: ControllerContext, prefix: string, template: Template, count: number) {
  return (existing: K8sObject[]) =>
    Array.from({ length: Math.max(0, count - existing.length) }, (_, i) => ({ name: `${prefix}-${randomSuffix()}`, nodeName: nodeAt(ctx, template, existing.length + i) }));
}

async function deleteOwned(ctx: ControllerContext, kind: 'ReplicaSet' | 'Job', owners: K8sObject[]): Promise<void> {
  for (const o of owners) {
    await deletePods(ctx, ownedBy(ctx.pods.list(), o.metadata.uid));
    const args = { name: o.metadata.name, namespace: o.metadata.namespace! };
    try {
      if (kind === 'ReplicaSet') await ctx.clients.apps.deleteNamespacedReplicaSet(args);
      else await ctx.clients.batch.deleteNamespacedJob({ ...args, propagationPolicy: 'Background' });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  const uids = new Set(owners.map((o) => o.metadata.uid));
  await caughtUp(ctx.caches[kind], (list) => !list.some((x) => uids.has(x.metadata.uid)));
}

async function syncDeployment(ctx: ControllerContext, d: K8sObject): Promise<void> {
  const { name, namespace } = d.metadata as { name: string; namespace: string };
  const template = d.spec!.template as Template;
  const hash = templateHash(template);
  const replicas = d.spec!.replicas ?? 1;
  const rss = ownedBy(ctx.caches.ReplicaSet.list(), d.metadata.uid);
  await deleteOwned(ctx, 'ReplicaSet', rss.filter((rs) => rs.metadata.labels?.['pod-template-hash'] !== hash));
  const labels = { 'pod-template-hash': hash };
  const rsName = `${name}-${hash}`;
  let rs = rss.find((x) => x.metadata.labels?.['pod-template-hash'] === hash);
  if (!rs) {
    const body = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: rsName, namespace, labels: { ...(template.metadata?.labels ?? {}), ...labels }, ownerReferences: [ownerRef(d, 'apps/v1', 'Deployment')] },
      spec: {
        replicas,
        selector: { matchLabels: { ...(d.spec!.selector?.matchLabels ?? {}), ...labels } },
        template: { ...template, metadata: { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), ...labels } } },
      },
    };
    try {
      rs = (await ctx.clients.apps.createNamespacedReplicaSet({ namespace, body: body as never })) as unknown as K8sObject;
    } catch (e) {
      if (!isConflict(e)) throw e;
      rs = (await ctx.clients.apps.readNamespacedReplicaSet({ name: rsName, namespace })) as unknown as K8sObject;
    }
  } else if (rs.spec?.replicas !== replicas) {
    await ctx.clients.apps.patchNamespacedReplicaSet({ name: rsName, namespace, body: { spec: { replicas } } }, MERGE_PATCH);
  }
  const owner = ownerRef(rs, 'apps/v1', 'ReplicaSet');
  const pods = await keepPods(ctx, {
    owner,
    namespace,
    template,
    labels,
    names: randomNames(ctx, rsName, template, replicas),
    extra: (current) => current.slice(replicas),
  });
  const ready = running(pods);
  await patchStatus(rs.status, { replicas: pods.length, fullyLabeledReplicas: pods.length, readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata.generation ?? 1 }, (body) =>
    ctx.clients.apps.patchNamespacedReplicaSetStatus({ name: rsName, namespace, body }, MERGE_PATCH),
  );
  const done = ready >= replicas;
  const t = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const condition = (type: string, status: boolean, reason: string, message: string) => ({ type, status: status ? 'True' : 'False', reason, message, lastUpdateTime: t, lastTransitionTime: t });
  await patchStatus(
    d.status,
    { observedGeneration: d.metadata.generation ?? 1, replicas: pods.length, updatedReplicas: pods.length, readyReplicas: ready, availableReplicas: ready },
    ({ status }) =>
      ctx.clients.apps.patchNamespacedDeploymentStatus(
        {
          name,
          namespace,
          body: {
            status: {
              ...status,
              conditions: [
                done
                  ? condition('Available', true, 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
                  : condition('Available', false, 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
                condition('Progressing', true, done ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated', `ReplicaSet "${rsName}" ${done ? 'has successfully progressed' : 'is progressing'}.`),
              ],
            },
          },
        },
        MERGE_PATCH,
      ),
  );
}

async function syncStatefulSet(ctx: ControllerContext, s: K8sObject): Promise<void> {
  const { name, namespace } = s.metadata as { name: string; namespace: string };
  const template = s.spec!.template as Template;
  const revision = `${name}-${templateHash(template)}`;
  const replicas = s.spec!.replicas ?? 1;
  const pods = await keepPods(ctx, {
    owner: ownerRef(s, 'apps/v1', 'StatefulSet'),
    namespace,
    template,
    labels: { 'controller-revision-hash': revision },
    hashLabel: 'controller-revision-hash',
    names: (existing) =>
      Array.from({ length: replicas }, (_, i) => ({ name: `${name}-${i}`, nodeName: nodeAt(ctx, template, i) })).filter((p) => !existing.some((e) => e.metadata.name === p.name)),
    extra: (current) => current.filter((p) => Number(p.metadata.name.slice(name.length + 1)) >= replicas),
  });
  // The ordinal labels depend on the name: added after creation, as the real controller does at create time.
  for (const p of pods) {
    const index = p.metadata.name.slice(name.length + 1);
    if (p.metadata.labels?.['statefulset.kubernetes.io/pod-name'] === p.metadata.name) continue;
    await ctx.clients.core.patchNamespacedPod(
      { name: p.metadata.name, namespace, body: { metadata: { labels: { 'statefulset.kubernetes.io/pod-name': p.metadata.name, 'apps.kubernetes.io/pod-index': index } } } },
      MERGE_PATCH,
    );
  }
  const ready = running(pods);
  await patchStatus(
    s.status,
    { observedGeneration: s.metadata.generation ?? 1, replicas: pods.length, readyReplicas: ready, availableReplicas: ready, currentReplicas: pods.length, updatedReplicas: pods.length, currentRevision: revision, updateRevision: revision },
    (body) => ctx.clients.apps.patchNamespacedStatefulSetStatus({ name, namespace, body }, MERGE_PATCH),
  );
}

async function syncDaemonSet(ctx: ControllerContext, ds: K8sObject): Promise<void> {
  const { name, namespace } = ds.metadata as { name: string; namespace: string };
  const template = ds.spec!.template as Template;
  const hash = templateHash(template);
  const pods = await keepPods(ctx, {
    owner: ownerRef(ds, 'apps/v1', 'DaemonSet'),
    namespace,
    template,
    labels: { 'controller-revision-hash': hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) },
    hashLabel: 'controller-revision-hash',
    names: (existing) =>
      ctx.virtualNodes.filter((n) => !existing.some((p) => p.spec?.nodeName === n)).map((nodeName) => ({ name: `${name}-${randomSuffix()}`, nodeName })),
    extra: (current) => current.filter((p, i) => current.findIndex((q) => q.spec?.nodeName === p.spec?.nodeName) !== i),
  });
  const ready = running(pods);
  const n = ctx.virtualNodes.length;
  await patchStatus(
    ds.status,
    { observedGeneration: ds.metadata.generation ?? 1, desiredNumberScheduled: n, currentNumberScheduled: pods.length, updatedNumberScheduled: pods.length, numberReady: ready, numberAvailable: ready, numberMisscheduled: 0 },
    (body) => ctx.clients.apps.patchNamespacedDaemonSetStatus({ name, namespace, body }, MERGE_PATCH),
  );
}

/** A Job's pods never finish here (no containers run): one active pod, as a long job would have. */
async function syncJob(ctx: ControllerContext, job: K8sObject): Promise<void> {
  const { name, namespace } = job.metadata as { name: string; namespace: string };
  const template = job.spec!.template as Template;
  const parallelism = job.spec!.parallelism ?? 1;
  const pods = await keepPods(ctx, {
    owner: ownerRef(job, 'batch/v1', 'Job'),
    namespace,
    template,
    labels: {},
    names: randomNames(ctx, name, template, parallelism),
    extra: (current) => current.slice(parallelism),
  });
  await patchStatus(job.status, { active: pods.length, ready: running(pods) }, (body) =>
    ctx.clients.batch.patchNamespacedJobStatus({ name, namespace, body: { status: { ...body.status, startTime: job.status?.startTime ?? new Date().toISOString() } } }, MERGE_PATCH),
  );
}

/**
 * As if the schedule fired once: one Job from the current job template. The Job's name carries
 * the template's hash in the place of the scheduled minute, so a changed template is seen as a
 * new Job to run (and the old one is stopped).
 */
async function syncCronJob(ctx: ControllerContext, cj: K8sObject): Promise<void> {
  const { name, namespace } = cj.metadata as { name: string; namespace: string };
  const jobTemplate = cj.spec!.jobTemplate as { metadata?: Template['metadata']; spec: Record<string, any> };
  const digest = createHash('sha256').update(canonical(jobTemplate)).digest();
  const jobName = `${name}-${digest.readUInt32BE(0) % 100_000_000}`;
  const jobs = ownedBy(ctx.caches.Job.list(), cj.metadata.uid);
  await deleteOwned(ctx, 'Job', jobs.filter((j) => j.metadata.name !== jobName));
  if (jobs.some((j) => j.metadata.name === jobName)) return;
  await createUnlessExists(() =>
    ctx.clients.batch.createNamespacedJob({
      namespace,
      body: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: jobName, namespace, labels: jobTemplate.metadata?.labels, annotations: jobTemplate.metadata?.annotations, ownerReferences: [ownerRef(cj, 'batch/v1', 'CronJob')] },
        spec: jobTemplate.spec,
      } as never,
    }),
  );
  await caughtUp(ctx.caches.Job, (list) => list.some((j) => j.metadata.namespace === namespace && j.metadata.name === jobName));
  ctx.log(`controller: CronJob ${namespace}/${name} started Job ${jobName}`);
}

const SYNC: Record<WorkloadKind, (ctx: ControllerContext, o: K8sObject) => Promise<void>> = {
  Deployment: syncDeployment,
  StatefulSet: syncStatefulSet,
  DaemonSet: syncDaemonSet,
  Job: syncJob,
  CronJob: syncCronJob,
};

const templateOf = (kind: WorkloadKind, o: K8sObject): Template | undefined =>
  kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template : o.spec?.template;

/** Brings one workload's pods in line with it; a deleted workload's pods (and ReplicaSets, Jobs) are removed. */
export async function reconcileWorkload(ctx: ControllerContext, kind: WorkloadKind, namespace: string, name: string): Promise<void> {
  const o = ctx.caches[kind].get(name, namespace);
  if (!o || o.metadata.deletionTimestamp) return;
  const targets = ctx.targets ?? ((t: Template | undefined) => targetsVirtualNodes(t, ctx.virtualNodes));
  if (!targets(templateOf(kind, o))) return;
  await SYNC[kind](ctx, o);
}

/** What the garbage collector would do for an owner that is gone: its dependents go too. */
export async function collectOrphans(ctx: ControllerContext, owner: K8sObject): Promise<void> {
  const uid = owner.metadata.uid;
  await deleteOwned(ctx, 'ReplicaSet', ownedBy(ctx.caches.ReplicaSet.list(), uid));
  await deleteOwned(ctx, 'Job', ownedBy(ctx.caches.Job.list(), uid));
  await deletePods(ctx, ownedBy(ctx.pods.list(), uid));
}

