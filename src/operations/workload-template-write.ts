// `set workload KIND/NAME --groups sg-a,sg-b` wherever a pod's groups are its template's
// annotation and read once, when the pod's instance is created (Alibaba ECI, TKE super nodes): the
// plan's shape, the write and the wait, shared; what differs is each provider's (the annotation,
// the checks before the write, how a pod's instance is read: eci/set-workload.ts,
// supernode/set-workload.ts).
//
// The template is what takes the groups, and the pods follow as the workload replaces them.
// apply: the workload is written with the resourceVersion it was read with. On a conflict it is
//   read again: when its groups annotation is still what the plan saw, the same annotation is
//   set on the object as it is now (someone changed something else); when someone changed the
//   groups, nothing is overwritten and the run fails, saying what they are now.
// verify: until the timeout, the provider reads the workload's pods with their instances: done
//   when no pod from before the change is left, as many new pods run as the workload wants, and
//   every new pod's instance has exactly the new groups. Only kinds that replace their pods by
//   themselves are waited for.
import type { V1Pod, V1PodTemplateSpec } from '@kubernetes/client-node';
import { BadInputError } from '../domain/bad-input.ts';
import { parseWorkloadRef, templateAnnotationChanges, templateAnnotations, type WorkloadKind, type WorkloadRef } from '../domain/workload-ref.ts';
import type { LineChanges } from '../domain/line-changes.ts';
import { sameGroups } from '../domain/cluster-policy.ts';
import { formatDuration } from '../domain/duration.ts';
import { plural } from '../domain/plural.ts';
import { errorMessage } from '../domain/error-message.ts';
import { KubeApiError, type KubeClient } from '../adapters/kube/kube-client.ts';
import { getNamespace } from '../adapters/kube/namespaces.ts';
import { listPods } from '../adapters/kube/pods.ts';
import { getWorkload, replaceWorkload, resourceOf, templateAnnotation, templateOf, type WorkloadObject, type WorkloadResource } from '../adapters/kube/workloads.ts';
import type { AccessAttributes } from '../adapters/kube/access-review.ts';
import { OwnerWalker } from './workload-owner.ts';
import { pollUntil } from './poll-until.ts';
import { recordWorkloadChange, type CloudProvider } from './change-recording.ts';

/** The cluster cannot take the change (no ECI, no cloud): exit 1. */
export class SetWorkloadUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetWorkloadUnavailableError';
  }
}

export class WorkloadNotFoundError extends BadInputError {}
export class ImmutableTemplateError extends BadInputError {}
export class NoCloudForSetWorkloadError extends BadInputError {}

export interface SetWorkloadRequest {
  /** KIND/NAME as typed. */
  workload: string;
  namespace: string;
  /** --groups as typed, comma-separated. */
  groups: string;
}

/** A running pod of the workload, as the plan shows it. */
export interface PlannedPod {
  name: string;
  node: string | undefined;
  instanceId: string | undefined;
  /** The groups its instance has (the cloud's word); undefined when not known. */
  groups: string[] | undefined;
}

export interface SetWorkloadPlan {
  workload: { kind: WorkloadKind['kind']; name: string; namespace: string };
  /** The change as typed, e.g. `--groups sg-a,sg-b`. */
  change: string;
  /** The template's groups annotation now; [] when it has none (the provider's defaults apply). */
  before: string[];
  after: string[];
  changed: boolean;
  /** The template annotation lines taken out and put in. */
  annotation: LineChanges;
  /** The workload's pods now; `replaces` says whether the workload replaces them by itself. */
  pods: PlannedPod[];
  replaces: boolean;
  /** What follows the write, one line. */
  rollout: string;
  notes: string[];
  warnings: string[];
}

/** What differs between the providers whose pods take their groups from a template annotation. */
export interface TemplateGroupsProvider {
  /** Whose cloud the pods' instances are in: the audit trail records that cloud's identity of the caller. */
  cloud: CloudProvider;
  /** The template annotation. */
  annotation: string;
  /** Its value as a list of groups (each provider splits as its cloud reads it). */
  split(value: string): string[];
  /** The nodes whose pods get their groups this way (virtual nodes, super nodes). */
  nodes: ReadonlySet<string>;
  /** What the provider's nodes are, for the warning about pods on others ("virtual"), and why it matters. */
  otherNodes: { are: string; why: string };
  /** What the template's pods get while it names no group. */
  emptyTemplate: string;
  /** The workload's pods with their instances, as the provider reads them (for the plan, `seen.inSync` is unused). */
  readPods(pods: V1Pod[]): Promise<RolloutPod[]>;
  /** Why new pods whose instances the cloud reports as `reported` cannot be told in sync. */
  cannotTellWhy(reported: readonly string[], after: readonly string[]): string;
}

/** A plan ready to apply: what the write needs, and the provider's reading of the pods after it. */
export interface PreparedTemplateWrite {
  plan: SetWorkloadPlan;
  readonly kube: KubeClient;
  readonly ref: WorkloadRef;
  readonly resource: WorkloadResource;
  /** The workload as read for the plan (its resourceVersion guards the write). */
  readonly object: WorkloadObject;
  readonly provider: TemplateGroupsProvider;
  /** UIDs of the pods the plan saw: none of them is a new pod. */
  readonly podUids: ReadonlySet<string>;
}

/** The RBAC the plan's write needs, asked before the question (the command's plan path): updating the workload, when it changes. */
export const setWorkloadAccess = ({ plan, ref }: Pick<PreparedTemplateWrite, 'plan' | 'ref'>): AccessAttributes[] =>
  plan.changed ? [{ verb: 'update', group: ref.workload.group, resource: ref.workload.plural, namespace: plan.workload.namespace, name: ref.name }] : [];


export const list = (groups: readonly string[]) => groups.join(',') || 'none';
export const refText = (ref: WorkloadRef) => `${ref.workload.kind.toLowerCase()}/${ref.name}`;

/** A copy of the workload with the template's groups annotation set; nothing else changes. */
function withGroups(obj: WorkloadObject, w: WorkloadKind, key: string, groups: readonly string[]): WorkloadObject {
  const copy = structuredClone(obj);
  let at = copy as unknown as Record<string, unknown>;
  for (const key of w.templatePath) at = (at[key] ??= {}) as Record<string, unknown>;
  const template = at as V1PodTemplateSpec;
  template.metadata = { ...template.metadata, annotations: templateAnnotations(template.metadata?.annotations, key, groups) };
  return copy;
}

interface JobFields {
  spec: { suspend?: boolean };
  status?: { startTime?: string };
}

/**
 * Kubernetes refuses a change to a Job's pod template, except (KEP-2926, mutable scheduling
 * directives) its annotations and labels while the Job is suspended and has never started.
 * Undefined when the template may change, else why not.
 */
export function jobTemplateLocked(obj: WorkloadObject, ref: WorkloadRef): string | undefined {
  if (ref.workload.kind !== 'Job') return undefined;
  const job = obj as unknown as JobFields;
  const suspended = job.spec.suspend === true;
  const started = job.status?.startTime !== undefined;
  if (suspended && !started) return undefined;
  return (
    `${refText(ref)} ${suspended ? 'has already started' : 'is not suspended'}: Kubernetes keeps a Job's pod template immutable, except its annotations while the Job is suspended and has never started (KEP-2926); ` +
    'set the groups on the CronJob that creates such Jobs, or create the Job with spec.suspend: true, set them, then resume it'
  );
}

interface RolloutFacts {
  replaces: boolean;
  /** Why the pods are not replaced by the workload, when they are not. */
  reason?: string;
}

/** Whether writing the template makes the workload replace its running pods by itself. */
export function rolloutFacts(obj: WorkloadObject, ref: WorkloadRef): RolloutFacts {
  const spec = obj.spec as { paused?: boolean; updateStrategy?: { type?: string } };
  switch (ref.workload.kind) {
    case 'Deployment':
      return spec.paused ? { replaces: false, reason: `the Deployment is paused: nothing rolls out until kubectl rollout resume ${refText(ref)} -n ${obj.metadata.namespace}` } : { replaces: true };
    case 'StatefulSet':
    case 'DaemonSet':
      return spec.updateStrategy?.type === 'OnDelete'
        ? { replaces: false, reason: `its updateStrategy is OnDelete: a pod gets the groups only when it is deleted and created again (kubectl delete pod)` }
        : { replaces: true };
    case 'Job':
      return { replaces: false, reason: 'the Job is suspended: the pods it creates once resumed get the groups' };
    case 'CronJob':
      return { replaces: false, reason: 'Jobs the CronJob starts from now on get the groups; pods of Jobs already running keep theirs' };
  }
}

/** The pods the workload owns (its selector, then the owner chain); terminating pods are on their way out and not counted. */
async function workloadPods(kube: KubeClient, ref: WorkloadRef, namespace: string, obj: WorkloadObject): Promise<V1Pod[]> {
  const wanted = (obj.spec.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? templateOf(obj, ref.workload)?.metadata?.labels ?? {};
  const pods = (await listPods(kube, namespace)).filter((pod) => !pod.metadata?.deletionTimestamp && Object.entries(wanted).every(([k, v]) => pod.metadata?.labels?.[k] === v));
  const owners = new OwnerWalker(kube);
  const owned = await Promise.all(pods.map(async (pod) => {
    const o = await owners.of(pod);
    return o?.kind === ref.workload.kind && o.name === ref.name;
  }));
  return pods.filter((_, i) => owned[i]);
}

/** The workload named on the command line, as it is, when its template may take a change: else why not (not found, a started Job). */
export async function readWritableWorkload(kube: KubeClient, workload: string, namespace: string): Promise<{ ref: WorkloadRef; namespace: string; resource: WorkloadResource; object: WorkloadObject }> {
  const ref = parseWorkloadRef(workload);
  const resource = resourceOf(ref.workload);
  const object = await getWorkload(kube, resource, namespace, ref.name);
  if (!object) throw await notFound(kube, ref, namespace);
  const locked = jobTemplateLocked(object, ref);
  if (locked) throw new ImmutableTemplateError(locked);
  return { ref, namespace, resource, object };
}

/** A pod not scheduled yet counts as the provider's. */
const onProviderNode = (provider: TemplateGroupsProvider, node: string | undefined) => node === undefined || provider.nodes.has(node);

/** The workload's pods (its selector, then the owner chain), read by the provider. */
const readProviderPods = async (p: { kube: KubeClient; ref: WorkloadRef; provider: TemplateGroupsProvider; plan: { workload: { namespace: string } } }, obj: WorkloadObject) =>
  p.provider.readPods(await workloadPods(p.kube, p.ref, p.plan.workload.namespace, obj));

/** The groups the template names; [] when it names none. */
export function templateGroups(obj: WorkloadObject, ref: WorkloadRef, provider: Pick<TemplateGroupsProvider, 'annotation' | 'split'>): string[] {
  const v = templateAnnotation(obj, ref.workload, provider.annotation);
  return v === undefined ? [] : provider.split(v);
}

/**
 * The plan, once the provider has read the workload and checked the groups: the annotation lines,
 * the pods to be replaced with the groups their instances have now, whether the workload replaces
 * them by itself, and what is worth a note. `notes` and `warnings`: the provider's own.
 */
export async function planTemplateWrite(
  kube: KubeClient,
  o: { ref: WorkloadRef; namespace: string; resource: WorkloadResource; object: WorkloadObject; after: string[]; provider: TemplateGroupsProvider; notes?: string[]; warnings?: string[] },
): Promise<PreparedTemplateWrite> {
  const { ref, object, after, provider } = o;
  const pods = await readProviderPods({ kube, ref, provider, plan: { workload: { namespace: o.namespace } } }, object);
  const before = templateGroups(object, ref, provider);
  const changed = !sameGroups(before, after);
  const facts = rolloutFacts(object, ref);
  const notes: string[] = [];
  if (!changed) notes.push(`the pod template already names ${list(after)}: nothing to write`);
  if (before.length === 0 && changed) notes.push(`the template names no group now: ${provider.emptyTemplate}`);
  notes.push(...(o.notes ?? []));
  if (changed && !facts.replaces) notes.push(facts.reason!);
  const warnings = [...(o.warnings ?? [])];
  const off = pods.filter((x) => x.node !== undefined && !onProviderNode(provider, x.node));
  if (off.length > 0) {
    warnings.push(`${plural(off.length, 'pod')} of ${refText(ref)} ${off.length === 1 ? 'runs' : 'run'} on nodes that are not ${provider.otherNodes.are} (${off.map((x) => x.seen.name).join(', ')}): ${provider.otherNodes.why}`);
  }
  const plan: SetWorkloadPlan = {
    workload: { kind: ref.workload.kind, name: ref.name, namespace: o.namespace },
    change: `--groups ${after.join(',')}`,
    before,
    after,
    changed,
    annotation: changed ? templateAnnotationChanges(templateOf(object, ref.workload)?.metadata?.annotations, provider.annotation, after) : { removed: [], added: [] },
    pods: pods.map((x) => ({ name: x.seen.name, node: x.node, instanceId: x.seen.instanceId, groups: x.seen.groups })),
    replaces: changed && facts.replaces,
    rollout: ref.workload.rollout,
    notes,
    warnings,
  };
  return { plan, kube, ref, resource: o.resource, object, provider, podUids: new Set(pods.map((x) => x.pod.metadata?.uid ?? '')) };
}

/** Why the workload is not there: its namespace, when that is missing (a user who may not read namespaces is told about the workload). */
async function notFound(kube: KubeClient, ref: WorkloadRef, namespace: string): Promise<WorkloadNotFoundError> {
  const ns = await getNamespace(kube, namespace).catch((err: unknown) => {
    if (err instanceof KubeApiError && err.status === 403) return { metadata: { name: namespace } };
    throw err;
  });
  if (!ns) return new WorkloadNotFoundError(`namespace "${namespace}" not found: kubectl get namespaces lists them (-n picks the namespace)`);
  return new WorkloadNotFoundError(`${ref.workload.kind.toLowerCase()} "${ref.name}" not found in namespace "${namespace}": kubectl get ${ref.workload.plural} -n ${namespace} lists them`);
}

export type WorkloadResult = 'ok' | 'failed' | 'unchanged' | 'not-verified';

/** A pod of the workload as last seen after the change. */
export interface PodSeen {
  name: string;
  instanceId: string | undefined;
  /** Its instance's groups as the cloud reports them; undefined when not known yet. */
  groups: string[] | undefined;
  /** null: the cloud's answer cannot tell (ECI: one group reported of several asked for, domain/eci/reported-groups.ts). */
  inSync: boolean | null;
}

export interface SetWorkloadOutcome {
  name: string;
  namespace: string;
  before: string[];
  /** What the template holds now. */
  after: string[];
  result: WorkloadResult;
  /** The new pods as last seen; undefined when not verified. */
  pods: PodSeen[] | undefined;
  /** One line: what happened, or why not. */
  detail: string;
}

export interface SetWorkloadRun {
  outcome: SetWorkloadOutcome;
  interrupted: boolean;
}

export interface ApplyWorkloadOptions {
  signal: AbortSignal;
  /** false: --no-wait, the new pods are not verified. */
  wait: boolean;
  timeoutMs: number;
  /** Pods of the new template that carry the groups, of how many the workload wants. */
  onProgress?: (inSync: number, wanted: number) => void;
  /** How often the pods are read again while waiting. */
  intervalMs?: number;
}

/** Conflicts in a row before giving up (each one means someone else wrote the workload meanwhile). */
const MAX_CONFLICTS = 5;

type Written = { kind: 'written'; object: WorkloadObject; note?: string } | { kind: 'failed'; detail: string };

/** The workload written under its resourceVersion; conflicts resolved as the module header says. */
async function writeWorkload(p: PreparedTemplateWrite): Promise<Written> {
  const { kube, ref, resource, plan } = p;
  let obj = p.object;
  let note: string | undefined;
  for (let conflicts = 0; ; ) {
    try {
      return { kind: 'written', object: await replaceWorkload(kube, resource, withGroups(obj, ref.workload, p.provider.annotation, plan.after)), note };
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) return { kind: 'failed', detail: `not written: ${refText(ref)} was deleted since the plan` };
      if (!(err instanceof KubeApiError && err.status === 409)) return { kind: 'failed', detail: `not written: ${errorMessage(err)}` };
      if (++conflicts >= MAX_CONFLICTS) return { kind: 'failed', detail: `not written: ${refText(ref)} changed ${conflicts} times while writing; run the command again` };
    }
    let fresh: WorkloadObject | undefined;
    try {
      fresh = await getWorkload(kube, resource, plan.workload.namespace, ref.name);
    } catch (err) {
      return { kind: 'failed', detail: `not written: cannot read ${refText(ref)} again after a conflict: ${errorMessage(err)}` };
    }
    if (!fresh) return { kind: 'failed', detail: `not written: ${refText(ref)} was deleted since the plan` };
    const now = templateGroups(fresh, ref, p.provider);
    if (sameGroups(now, plan.after)) return { kind: 'written', object: fresh, note: 'someone else set the same groups meanwhile' };
    if (!sameGroups(now, plan.before)) {
      return {
        kind: 'failed',
        detail: `not written: someone else changed its groups since the plan (plan: ${list(plan.before)}; now: ${list(now)}); nothing was overwritten: run the command again to see the new plan`,
      };
    }
    const locked = jobTemplateLocked(fresh, ref);
    if (locked) return { kind: 'failed', detail: `not written: since the plan, ${locked}` };
    obj = fresh;
    note = `${refText(ref)} changed since the plan (not its groups): the groups were set on it as it is now`;
  }
}

export interface RolloutState {
  done: boolean;
  inSync: number;
  wanted: number;
  pods: PodSeen[];
  /** Why it is not done, one phrase. */
  waitingFor: string;
}

/** How many pods the workload wants once the rollout is over. */
function wantedPods(obj: WorkloadObject, ref: WorkloadRef, planned: number): number {
  const replicas = (obj.spec as { replicas?: number }).replicas;
  if (ref.workload.kind === 'Deployment' || ref.workload.kind === 'StatefulSet') return replicas ?? 1;
  return planned; // a DaemonSet: one per node it ran on
}

/** A pod of the workload as a provider reads it after the change. */
export interface RolloutPod {
  pod: V1Pod;
  node: string | undefined;
  seen: PodSeen;
}

/**
 * Where the rollout stands, from the workload's pods: a pod of the new template carries the
 * template's annotation (read from the pod itself: a default may have put the same groups on an
 * old one), and a pod the plan saw is old whatever it carries. Done when only new pods remain,
 * enough of them, each as far as can be told in sync.
 */
function rolloutStateOf(p: PreparedTemplateWrite, obj: WorkloadObject, pods: readonly RolloutPod[]): RolloutState {
  const after = p.plan.after;
  const isNew = ({ pod }: RolloutPod) => {
    const value = pod.metadata?.annotations?.[p.provider.annotation];
    const own = value === undefined ? undefined : p.provider.split(value);
    return !p.podUids.has(pod.metadata?.uid ?? '') && own !== undefined && sameGroups(own, after);
  };
  const old = pods.filter((x) => !isNew(x));
  const seen = pods.filter(isNew).filter((x) => onProviderNode(p.provider, x.node)).map((x) => x.seen);
  const inSync = seen.filter((s) => s.inSync).length;
  // Pods that are as far as can be told: in sync, or whose groups the cloud's answer cannot tell.
  const settled = seen.filter((s) => s.inSync !== false).length;
  const wanted = wantedPods(obj, p.ref, p.plan.pods.filter((x) => onProviderNode(p.provider, x.node)).length);
  const off = seen.find((s) => s.inSync === false && s.groups !== undefined);
  const waitingFor =
    old.length > 0
      ? `${plural(old.length, 'pod')} from before the change still running (${old.map((x) => x.seen.name).join(', ')})`
      : off
        ? `pod ${off.name}'s instance ${off.instanceId} has ${list(off.groups!)}, not ${list(after)}`
        : seen.some((s) => s.inSync === false)
          ? `${plural(seen.filter((s) => s.inSync === false).length, 'new pod')} without an instance yet (${seen.filter((s) => s.inSync === false).map((s) => s.name).join(', ')})`
          : `${settled} of ${wanted} new pods running`;
  return { done: old.length === 0 && settled === seen.length && settled >= wanted, inSync, wanted, pods: seen, waitingFor };
}

export async function applySetWorkload(p: PreparedTemplateWrite, o: ApplyWorkloadOptions): Promise<SetWorkloadRun> {
  const run = await applyAndVerify(p, o);
  // The audit trail, once the rollout is verified (or given up on), when the template was written; it never fails the run.
  if (!sameGroups(run.outcome.before, run.outcome.after)) await recordWorkloadChange(p.kube, p.provider.cloud, { ...p.plan.workload, ...p.resource }, run.outcome);
  return run;
}

async function applyAndVerify(p: PreparedTemplateWrite, o: ApplyWorkloadOptions): Promise<SetWorkloadRun> {
  const { plan } = p;
  const name = refText(p.ref);
  const outcome = (result: WorkloadResult, detail: string, pods?: PodSeen[], after = plan.after): SetWorkloadRun => ({
    outcome: { name, namespace: plan.workload.namespace, before: plan.before, after, result, pods, detail },
    interrupted: o.signal.aborted,
  });
  if (!plan.changed) return outcome('unchanged', `nothing to write: the pod template already names ${list(plan.after)}`, undefined, plan.before);
  if (o.signal.aborted) return outcome('failed', 'not written: interrupted', undefined, plan.before);

  const w = await writeWorkload(p);
  if (w.kind === 'failed') return outcome('failed', w.detail, undefined, plan.before);
  const prefix = w.note ? `${w.note}; ` : '';
  if (!plan.replaces) return outcome('ok', `${prefix}written: ${rolloutFacts(w.object, p.ref).reason}`);
  if (!o.wait) return outcome('not-verified', `${prefix}written, not verified (--no-wait): kubectl sg show pod NAME -n ${plan.workload.namespace} shows a new pod's groups`);

  let last: RolloutState | undefined;
  const polled = await pollUntil(
    async () => {
      try {
        last = rolloutStateOf(p, w.object, await readProviderPods(p, w.object));
      } catch (err) {
        // A failed read (apiserver or cloud) is tried again at the next round, until the timeout.
        last = { done: false, inSync: last?.inSync ?? 0, wanted: last?.wanted ?? 0, pods: last?.pods ?? [], waitingFor: `the pods could not be read: ${errorMessage(err)}` };
      }
      o.onProgress?.(last.inSync, last.wanted);
      return last.done;
    },
    { timeoutMs: o.timeoutMs, intervalMs: o.intervalMs ?? 1000, signal: o.signal },
  );
  const pods = last?.pods;
  const unknown = pods?.filter((s) => s.inSync === null) ?? [];
  if (polled === 'done' && unknown.length > 0) {
    return outcome('not-verified', `${prefix}the pods were replaced, but ${p.provider.cannotTellWhy(unknown[0]!.groups!, plan.after)} (${plural(unknown.length, 'new pod')}: ${unknown.map((s) => s.name).join(', ')})`, pods);
  }
  if (polled === 'done') {
    return outcome('ok', `${prefix}${pods!.length === 0 ? 'no pod wanted: new ones get the groups' : `${pods!.length === 1 ? 'its new pod\'s instance has' : `the instances of all ${pods!.length} new pods have`} ${list(plan.after)}`}`, pods);
  }
  if (polled === 'aborted') return outcome('not-verified', `${prefix}written; interrupted before the pods were replaced (${last?.waitingFor ?? 'not read yet'})`, pods);
  return outcome('failed', `${prefix}written, but after ${formatDuration(o.timeoutMs)}, ${last?.waitingFor ?? 'the pods could not be read'} (kubectl rollout status ${name} -n ${plan.workload.namespace} shows the rollout)`, pods);
}
