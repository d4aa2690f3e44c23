// `set workload KIND/NAME --groups sg-a,sg-b` on Alibaba ECI: set the groups a workload's pods
// are created with (the pod template's `k8s.aliyun.com/eci-security-group`), then check in the
// cloud that the pods the rollout brings carry them (the write and the wait:
// ../workload-template-write.ts).
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
// verify: the workload's pods are read with their instances (DescribeContainerGroups).
import type { V1Pod } from '@kubernetes/client-node';
import { parseAlibabaGroupList } from '../../domain/eci/alibaba-group-id.ts';
import { ECI_GROUP_ANNOTATION, splitGroupAnnotation } from '../../domain/eci/selectors.ts';
import type { EciProfile } from '../../domain/eci/profile.ts';
import { ECI_PROFILE_NAME, ECI_PROFILE_NAMESPACE } from '../../domain/eci/profile.ts';
import { parseWorkloadRef, templateAnnotationChanges } from '../../domain/workload-ref.ts';
import { sameGroups } from '../../domain/cluster-policy.ts';
import { cannotTellWhy, reportedGroupsVerdict } from '../../domain/eci/reported-groups.ts';
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import { listVirtualNodes, templateGroups } from '../../adapters/kube/eci/objects.ts';
import { getWorkload, resourceOf, templateOf, type WorkloadObject } from '../../adapters/kube/workloads.ts';
import type { AlibabaCloud } from '../../adapters/alibaba/index.ts';
import { readEciProfile } from './cluster-report.ts';
import { checkEciGroupsInCloud } from './group-check.ts';
import { readEciPods, type EciPodView } from './pods.ts';
import { plural } from '../../domain/plural.ts';
import { type AlibabaAccess, regionHintsOf } from '../cloud-access.ts';
import {
  ImmutableTemplateError,
  jobTemplateLocked,
  list,
  NoCloudForSetWorkloadError,
  notFound,
  refText,
  rolloutFacts,
  SetWorkloadUnavailableError,
  rolloutStateOf,
  workloadPods,
  type PreparedTemplateWrite,
  type RolloutState,
  type SetWorkloadPlan,
  type SetWorkloadRequest,
} from '../workload-template-write.ts';

export type AlibabaOpener = (regionHints: readonly string[]) => Promise<AlibabaAccess>;

interface EciReads {
  kube: KubeClient;
  cloud: AlibabaCloud;
  ref: PreparedTemplateWrite['ref'];
  profile: EciProfile;
}

/** Pods the workload owns, with their instances. */
async function readWorkloadPods(p: EciReads, namespace: string, obj: WorkloadObject): Promise<{ pod: V1Pod; view: EciPodView }[]> {
  const pods = await workloadPods(p.kube, p.ref, namespace, obj);
  const views = await readEciPods(p.kube, pods, p.profile, p.cloud, { owners: true });
  return pods.map((pod, i) => ({ pod, view: views[i]! }));
}

export async function prepareSetWorkload(kube: KubeClient, openCloud: AlibabaOpener, req: SetWorkloadRequest): Promise<PreparedTemplateWrite> {
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
    annotation: changed ? templateAnnotationChanges(templateOf(object, ref.workload)?.metadata?.annotations, ECI_GROUP_ANNOTATION, after) : { removed: [], added: [] },
    pods: pods.map(({ view }) => ({ name: view.name, node: view.node, instanceId: view.instanceId, groups: view.actual })),
    replaces: changed && facts.replaces,
    rollout: ref.workload.rollout,
    notes,
    warnings,
  };
  const podUids = new Set(pods.map(({ pod }) => pod.metadata?.uid ?? ''));
  return {
    plan,
    kube,
    ref,
    resource,
    object,
    annotation: ECI_GROUP_ANNOTATION,
    templateGroups: (obj) => templateGroups(obj, ref.workload),
    rolloutState: (obj) => rolloutState({ ...p, plan, podUids, virtualNodes }, obj),
    cannotTellWhy: (reported) => cannotTellWhy(reported, plan.after),
  };
}

/** The workload's pods now with their instances; ECI's one reported group of several cannot be told (null). */
async function rolloutState(p: EciReads & { plan: SetWorkloadPlan; podUids: ReadonlySet<string>; virtualNodes: ReadonlySet<string> }, obj: WorkloadObject): Promise<RolloutState> {
  const after = p.plan.after;
  const pods = await readWorkloadPods(p, p.plan.workload.namespace, obj);
  const verdict = (actual: string[] | undefined) => (actual === undefined ? undefined : reportedGroupsVerdict(actual, after));
  return rolloutStateOf(
    {
      ...p,
      podGroups: (pod) => {
        const own = pod.metadata?.annotations?.[ECI_GROUP_ANNOTATION];
        return own === undefined ? undefined : splitGroupAnnotation(own);
      },
      onProviderNode: (node) => node === undefined || p.virtualNodes.has(node),
    },
    obj,
    pods.map(({ pod, view }) => ({
      pod,
      node: view.node,
      seen: { name: view.name, instanceId: view.instanceId, groups: view.actual, inSync: verdict(view.actual) === 'cannot-tell' ? null : verdict(view.actual) === 'ok' },
    })),
  );
}
