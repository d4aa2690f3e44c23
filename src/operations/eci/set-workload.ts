// `set workload KIND/NAME --groups sg-a,sg-b` on Alibaba ECI: set the groups a workload's pods
// are created with (the pod template's `k8s.aliyun.com/eci-security-group`), then check in the
// cloud that the pods the rollout brings carry them.
//
// ECI reads the annotation only when it creates a pod's instance, and an instance's groups never
// change: the template is what takes the groups, and the pods follow as the workload replaces
// them. Hence the plan shows, besides the annotation lines, which running pods will be replaced
// and the groups their instances have now.
//
// prepare: every check before any write — the workload exists and its template may change (a
//   Job's only while suspended and never started: KEP-2926 lets its pod template's annotations
//   change then, nothing else), the groups are a set ECI accepts (1 to 5, existing, all in the
//   eci-profile's VPC, one type: domain/eci/group-set.ts) and the user may update the workload.
// apply: the workload is written with the resourceVersion it was read with. On a conflict it is
//   read again: when its groups annotation is still what the plan saw, the same annotation is
//   set on the object as it is now (someone changed something else); when someone changed the
//   groups, nothing is overwritten and the run fails, saying what they are now.
// verify: until the timeout, the workload's pods are read with their instances
//   (DescribeContainerGroups): done when no pod from before the change is left, as many new
//   pods run as the workload wants, and every new pod's instance has exactly the new groups.
//   Only kinds that replace their pods by themselves are waited for.
import type { V1Pod, V1PodTemplateSpec } from '@kubernetes/client-node';
import { BadInputError } from '../../domain/bad-input.ts';
import { parseAlibabaGroupList } from '../../domain/eci/alibaba-group-id.ts';
import { ECI_GROUP_ANNOTATION, splitGroupAnnotation } from '../../domain/eci/selectors.ts';
import type { EciProfile } from '../../domain/eci/profile.ts';
import { ECI_PROFILE_NAME, ECI_PROFILE_NAMESPACE } from '../../domain/eci/profile.ts';
import { parseWorkloadRef, templateAnnotationChanges, templateAnnotations, type WorkloadKind, type WorkloadRef } from '../../domain/workload-ref.ts';
import type { LineChanges } from '../../domain/line-changes.ts';
import { sameGroups } from '../../domain/cluster-policy.ts';
import { cannotTellWhy, reportedGroupsVerdict } from '../../domain/eci/reported-groups.ts';
import { formatDuration } from '../../domain/duration.ts';
import { KubeApiError, type KubeClient } from '../../adapters/kube/kube-client.ts';
import { getNamespace } from '../../adapters/kube/namespaces.ts';
import { getWorkload, listVirtualNodes, replaceWorkload, resourceOf, templateGroups, templateOf, type WorkloadObject, type WorkloadResource } from '../../adapters/kube/eci/objects.ts';
import type { AlibabaCloud } from '../../adapters/alibaba/index.ts';
import { readEciProfile } from './cluster-report.ts';
import { checkEciGroupsInCloud } from './group-check.ts';
import { readEciPods, type EciPodView } from './pods.ts';
import type { AccessAttributes } from '../../adapters/kube/access-review.ts';
import { pollUntil } from '../poll-until.ts';
import { plural } from '../../domain/plural.ts';
import { errorMessage } from '../../domain/error-message.ts';
import { type AlibabaAccess, regionHintsOf } from '../cloud-access.ts';
import { listPods } from '../../adapters/kube/pods.ts';
import { recordWorkloadChange } from '../change-recording.ts';

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

export type AlibabaOpener = (regionHints: readonly string[]) => Promise<AlibabaAccess>;

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
  /** The template's groups annotation now; [] when it has none (selectors or the profile default apply). */
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

export interface PreparedSetWorkload {
  plan: SetWorkloadPlan;
  readonly kube: KubeClient;
  readonly cloud: AlibabaCloud;
  readonly ref: WorkloadRef;
  readonly resource: WorkloadResource;
  /** The workload as read for the plan (its resourceVersion guards the write). */
  readonly object: WorkloadObject;
  readonly profile: EciProfile;
  readonly virtualNodes: ReadonlySet<string>;
  /** UIDs of the pods the plan saw: none of them is a new pod. */
  readonly podUids: ReadonlySet<string>;
}

/** The RBAC the plan's write needs, asked before the question (the command's plan path): updating the workload, when it changes. */
export const setWorkloadAccess = ({ plan, ref }: Pick<PreparedSetWorkload, 'plan' | 'ref'>): AccessAttributes[] =>
  plan.changed ? [{ verb: 'update', group: ref.workload.group, resource: ref.workload.plural, namespace: plan.workload.namespace, name: ref.name }] : [];

const list = (groups: readonly string[]) => groups.join(',') || 'none';
const refText = (ref: WorkloadRef) => `${ref.workload.kind.toLowerCase()}/${ref.name}`;

/** A copy of the workload with the template's groups annotation set; nothing else changes. */
function withGroups(obj: WorkloadObject, w: WorkloadKind, groups: readonly string[]): WorkloadObject {
  const copy = structuredClone(obj);
  let at = copy as unknown as Record<string, unknown>;
  for (const key of w.templatePath) at = (at[key] ??= {}) as Record<string, unknown>;
  const template = at as V1PodTemplateSpec;
  template.metadata = { ...template.metadata, annotations: templateAnnotations(template.metadata?.annotations, groups) };
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
function jobTemplateLocked(obj: WorkloadObject, ref: WorkloadRef): string | undefined {
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
function rolloutFacts(obj: WorkloadObject, ref: WorkloadRef): RolloutFacts {
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

/** Pods the workload owns, with their instances; terminating pods are on their way out and not counted. */
async function readWorkloadPods(p: Pick<PreparedSetWorkload, 'kube' | 'cloud' | 'ref' | 'profile'>, namespace: string, obj: WorkloadObject): Promise<{ pod: V1Pod; view: EciPodView }[]> {
  const wanted = (obj.spec.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? templateOf(obj, p.ref.workload)?.metadata?.labels ?? {};
  const pods = (await listPods(p.kube, namespace)).filter(
    (pod) => !pod.metadata?.deletionTimestamp && Object.entries(wanted).every(([k, v]) => pod.metadata?.labels?.[k] === v),
  );
  const views = await readEciPods(p.kube, pods, p.profile, p.cloud, { owners: true });
  return pods
    .map((pod, i) => ({ pod, view: views[i]! }))
    .filter(({ view }) => view.owner?.kind === p.ref.workload.kind && view.owner.name === p.ref.name);
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

export async function prepareSetWorkload(kube: KubeClient, openCloud: AlibabaOpener, req: SetWorkloadRequest): Promise<PreparedSetWorkload> {
  // What the command line says is checked before anything is read.
  const ref = parseWorkloadRef(req.workload);
  const after = parseAlibabaGroupList(req.groups);
  const resource = resourceOf(ref.workload);
  const namespace = req.namespace;

  const [object, { object: profileObject, parsed: profile }, virtualNodeList] = await Promise.all([
    getWorkload(kube, resource, namespace, ref.name),
    readEciProfile(kube),
    listVirtualNodes(kube),
  ]);
  if (!object) throw await notFound(kube, ref, namespace);
  if (!profileObject && virtualNodeList.length === 0) {
    throw new SetWorkloadUnavailableError(
      `this cluster runs no Alibaba ECI (no ConfigMap ${ECI_PROFILE_NAMESPACE}/${ECI_PROFILE_NAME}, no node labelled type=virtual-kubelet), so the annotation would change nothing; kubectl sg doctor --provider eci says what is missing`,
    );
  }
  const locked = jobTemplateLocked(object, ref);
  if (locked) throw new ImmutableTemplateError(locked);

  const session = await openCloud(regionHintsOf(virtualNodeList));
  if (!session.cloud) {
    if (session.missing === '--no-cloud') {
      throw new NoCloudForSetWorkloadError('set workload cannot run with --no-cloud: it checks the groups in Alibaba Cloud before writing and verifies the new pods\' instances there after');
    }
    throw new SetWorkloadUnavailableError(
      `${session.missing ?? 'no Alibaba Cloud access'}: set workload checks the groups in Alibaba Cloud before writing and verifies the new pods' instances there after; ` +
        'provide credentials (ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, a profile, or a RAM role) and a region (--region); kubectl sg doctor --provider eci shows what is found',
    );
  }
  const cloud = session.cloud;
  await checkEciGroupsInCloud(cloud, after, profile.vpcId, session.region?.from, 'ECI would refuse to create the pods');

  const p = { kube, cloud, ref, profile };
  const pods = await readWorkloadPods(p, namespace, object);
  const before = templateGroups(object, ref.workload);
  const changed = !sameGroups(before, after);
  const facts = rolloutFacts(object, ref);
  const virtualNodes = new Set(virtualNodeList.map((n) => n.metadata?.name ?? ''));

  const notes: string[] = [];
  const warnings: string[] = [];
  if (!changed) notes.push(`the pod template already names ${list(after)}: nothing to write`);
  if (before.length === 0 && changed) notes.push('the template names no group now: its pods get theirs from an eci-profile selector or the default');
  if (profile.securityGroupId !== undefined && sameGroups(after, [profile.securityGroupId])) {
    notes.push(`${profile.securityGroupId} is the eci-profile default: pinned here, the pods keep it when the default changes`);
  }
  if (changed && !facts.replaces) notes.push(facts.reason!);
  if (!profileObject) warnings.push(`no ConfigMap ${ECI_PROFILE_NAMESPACE}/${ECI_PROFILE_NAME}: the groups' VPC could not be checked against the cluster's (only against each other)`);
  const offVirtual = pods.filter(({ view }) => view.node !== undefined && !virtualNodes.has(view.node));
  if (offVirtual.length > 0) {
    warnings.push(`${plural(offVirtual.length, 'pod')} of ${refText(ref)} ${offVirtual.length === 1 ? 'runs' : 'run'} on nodes that are not virtual (${offVirtual.map(({ view }) => view.name).join(', ')}): ECI groups apply only to pods on virtual nodes`);
  }

  const plan: SetWorkloadPlan = {
    workload: { kind: ref.workload.kind, name: ref.name, namespace },
    change: `--groups ${after.join(',')}`,
    before,
    after,
    changed,
    annotation: changed ? templateAnnotationChanges(templateOf(object, ref.workload)?.metadata?.annotations, after) : { removed: [], added: [] },
    pods: pods.map(({ view }) => ({ name: view.name, node: view.node, instanceId: view.instanceId, groups: view.actual })),
    replaces: changed && facts.replaces,
    rollout: ref.workload.rollout,
    notes,
    warnings,
  };
  return { plan, kube, cloud, ref, resource, object, profile, virtualNodes, podUids: new Set(pods.map(({ pod }) => pod.metadata?.uid ?? '')) };
}

export type WorkloadResult = 'ok' | 'failed' | 'unchanged' | 'not-verified';

/** A pod of the workload as last seen after the change. */
export interface PodSeen {
  name: string;
  instanceId: string | undefined;
  /** Its instance's groups as the cloud reports them; undefined when not known yet. */
  groups: string[] | undefined;
  /** null: ECI reports one group, the first of several asked for, so it cannot be told (domain/eci/reported-groups.ts). */
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
async function writeWorkload(p: PreparedSetWorkload): Promise<Written> {
  const { kube, ref, resource, plan } = p;
  let obj = p.object;
  let note: string | undefined;
  for (let conflicts = 0; ; ) {
    try {
      return { kind: 'written', object: await replaceWorkload(kube, resource, withGroups(obj, ref.workload, plan.after)), note };
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
    const now = templateGroups(fresh, ref.workload);
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

interface RolloutState {
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

/** The workload's pods now, against the new template: done when only new pods remain, enough of them, each instance with exactly the new groups. */
async function rolloutState(p: PreparedSetWorkload, obj: WorkloadObject): Promise<RolloutState> {
  const after = p.plan.after;
  const pods = await readWorkloadPods(p, p.plan.workload.namespace, obj);
  // A pod of the new template carries the template's annotation (read from the pod itself: a
  // selector's effect may have written the same groups on an old one); a pod the plan saw is old whatever it carries.
  const isNew = ({ pod }: (typeof pods)[number]) => {
    const own = pod.metadata?.annotations?.[ECI_GROUP_ANNOTATION];
    return !p.podUids.has(pod.metadata?.uid ?? '') && own !== undefined && sameGroups(splitGroupAnnotation(own), after);
  };
  const old = pods.filter((x) => !isNew(x));
  const fresh = pods.filter(isNew).filter(({ view }) => view.node === undefined || p.virtualNodes.has(view.node));
  const verdict = (actual: string[] | undefined) => (actual === undefined ? undefined : reportedGroupsVerdict(actual, after));
  const seen: PodSeen[] = fresh.map(({ view }) => ({ name: view.name, instanceId: view.instanceId, groups: view.actual, inSync: verdict(view.actual) === 'cannot-tell' ? null : verdict(view.actual) === 'ok' }));
  const inSync = seen.filter((s) => s.inSync).length;
  // Pods that are as far as can be told: in sync, or with only the first group reported.
  const settled = seen.filter((s) => s.inSync !== false).length;
  const wanted = wantedPods(obj, p.ref, p.plan.pods.filter((x) => x.node === undefined || p.virtualNodes.has(x.node)).length);
  const off = seen.find((s) => s.inSync === false && s.groups !== undefined);
  const waitingFor =
    old.length > 0
      ? `${plural(old.length, 'pod')} from before the change still running (${old.map(({ view }) => view.name).join(', ')})`
      : off
        ? `pod ${off.name}'s instance ${off.instanceId} has ${list(off.groups!)}, not ${list(after)}`
        : seen.some((s) => s.inSync === false)
          ? `${plural(seen.filter((s) => s.inSync === false).length, 'new pod')} without an ECI instance yet (${seen.filter((s) => s.inSync === false).map((s) => s.name).join(', ')})`
          : `${settled} of ${wanted} new pods running`;
  return { done: old.length === 0 && settled === seen.length && settled >= wanted, inSync, wanted, pods: seen, waitingFor };
}

async function applyAndVerify(p: PreparedSetWorkload, o: ApplyWorkloadOptions): Promise<SetWorkloadRun> {
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
        last = await rolloutState(p, w.object);
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
    return outcome('not-verified', `${prefix}the pods were replaced, but ${cannotTellWhy(unknown[0]!.groups!, plan.after)} (${plural(unknown.length, 'new pod')}: ${unknown.map((s) => s.name).join(', ')})`, pods);
  }
  if (polled === 'done') {
    return outcome('ok', `${prefix}${pods!.length === 0 ? 'no pod wanted: new ones get the groups' : `${pods!.length === 1 ? 'its new pod\'s instance has' : `the instances of all ${pods!.length} new pods have`} ${list(plan.after)}`}`, pods);
  }
  if (polled === 'aborted') return outcome('not-verified', `${prefix}written; interrupted before the pods were replaced (${last?.waitingFor ?? 'not read yet'})`, pods);
  return outcome('failed', `${prefix}written, but after ${formatDuration(o.timeoutMs)}, ${last?.waitingFor ?? 'the pods could not be read'} (kubectl rollout status ${name} -n ${plan.workload.namespace} shows the rollout)`, pods);
}

export async function applySetWorkload(p: PreparedSetWorkload, o: ApplyWorkloadOptions): Promise<SetWorkloadRun> {
  const run = await applyAndVerify(p, o);
  // The audit trail, once the rollout is verified (or given up on), when the template was written; it never fails the run.
  if (!sameGroups(run.outcome.before, run.outcome.after)) await recordWorkloadChange(p.kube, { ...p.plan.workload, ...p.resource }, run.outcome);
  return run;
}
