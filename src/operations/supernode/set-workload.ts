// `set workload KIND/NAME --groups sg-a,sg-b` for pods on TKE super nodes: set the pod template's
// `eks.tke.cloud.tencent.com/security-group-id`, then check in the cloud that the pods the rollout
// brings carry the groups (the write and the wait: ../workload-template-write.ts, shared with ECI).
// A super-node pod's groups are read when its instance is created (docs/assumptions.md, "read
// once"), so the pods follow as the workload replaces them.
//
// prepare: every check before any write — the workload exists and its template may change, the
// groups exist in the region (group-check.ts; more than 5 warned about), the user may update it.
// A SecurityGroupPolicy selecting the workload's pods is named: whether it or the annotation wins
// is not documented. verify: the new pods' instances by their IPs (DescribeEKSContainerInstances);
// when the cloud lists none, the run ends "not verified", never "ok".
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { parseGroupList } from '../../domain/security-group-id.ts';
import { splitGroupAnnotation, SUPERNODE_GROUP_ANNOTATION } from '../../domain/supernode/eks-config.ts';
import { policiesSelecting } from '../../domain/supernode/security-group-policy.ts';
import { parseWorkloadRef, templateAnnotationChanges, type WorkloadRef } from '../../domain/workload-ref.ts';
import { sameGroups } from '../../domain/cluster-policy.ts';
import { plural } from '../../domain/plural.ts';
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import { listSuperNodes } from '../../adapters/kube/supernode/objects.ts';
import { getWorkload, resourceOf, templateAnnotation, templateOf, type WorkloadObject } from '../../adapters/kube/workloads.ts';
import type { CloudOpener } from '../cloud-access.ts';
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
import { checkSuperNodeGroups } from './group-check.ts';
import { readGroupSources, type GroupSources } from './group-sources.ts';
import { readSuperNodePods, type SuperNodePodView } from './pods.ts';

const templateGroups = (obj: WorkloadObject, ref: WorkloadRef): string[] => {
  const v = templateAnnotation(obj, ref.workload, SUPERNODE_GROUP_ANNOTATION);
  return v === undefined ? [] : splitGroupAnnotation(v);
};

interface Reads {
  kube: KubeClient;
  ref: WorkloadRef;
  sources: GroupSources;
}

async function readWorkloadPods(p: Reads, namespace: string, obj: WorkloadObject): Promise<{ pod: V1Pod; view: SuperNodePodView }[]> {
  const pods = await workloadPods(p.kube, p.ref, namespace, obj);
  const views = await readSuperNodePods(p.kube, pods, p.sources);
  return pods.map((pod, i) => ({ pod, view: views[i]! }));
}

export async function prepareSuperNodeSetWorkload(kube: KubeClient, openCloud: CloudOpener, clusterIdFlag: string | undefined, req: SetWorkloadRequest): Promise<PreparedTemplateWrite> {
  // What the command line says is checked before anything is read.
  const ref = parseWorkloadRef(req.workload);
  const after = parseGroupList(req.groups);
  const resource = resourceOf(ref.workload);
  const namespace = req.namespace;

  const [object, nodes] = await Promise.all([getWorkload(kube, resource, namespace, ref.name), listSuperNodes(kube)]);
  if (!object) throw await notFound(kube, ref, namespace);
  if (nodes.length === 0) {
    throw new SetWorkloadUnavailableError('this cluster has no TKE super node (no node labelled node.kubernetes.io/instance-type=eklet), so the annotation would change nothing; kubectl sg doctor --provider supernode says what is missing');
  }
  const locked = jobTemplateLocked(object, ref);
  if (locked) throw new ImmutableTemplateError(locked);

  const sources = await readGroupSources(kube, clusterIdFlag, openCloud);
  const cloud = sources.access.cloud;
  if (!cloud) {
    if (sources.access.missing === '--no-cloud') {
      throw new NoCloudForSetWorkloadError('set workload cannot run with --no-cloud: it checks the groups in Tencent Cloud before writing and verifies the new pods\' instances there after');
    }
    throw new SetWorkloadUnavailableError(
      `${sources.access.missing ?? 'no Tencent Cloud access'}: set workload checks the groups in Tencent Cloud before writing and verifies the new pods' instances there after; kubectl sg doctor --provider supernode shows what is found`,
    );
  }
  const warnings = await checkSuperNodeGroups(cloud, after, 'the super node would refuse to create the pods');

  const p: Reads = { kube, ref, sources };
  const pods = await readWorkloadPods(p, namespace, object);
  const before = templateGroups(object, ref);
  const changed = !sameGroups(before, after);
  const facts = rolloutFacts(object, ref);
  const superNodes = new Set(nodes.map((n: V1Node) => n.metadata?.name ?? ''));

  const notes: string[] = [];
  if (!changed) notes.push(`the pod template already names ${list(after)}: nothing to write`);
  if (before.length === 0 && changed) notes.push('the template names no group now: its pods get eks-config\'s default, else their pool\'s groups (or the region\'s default group under the older pages)');
  if (changed && !facts.replaces) notes.push(facts.reason!);
  const template = templateOf(object, ref.workload);
  const selecting = policiesSelecting(sources.policies ?? [], { namespace, labels: template?.metadata?.labels ?? {}, serviceAccountLabels: undefined });
  if (selecting.length > 0) {
    warnings.push(
      `SecurityGroupPolicy ${selecting.map((x) => x.name).join(', ')} selects these pods (${selecting.flatMap((x) => x.groupIds).join(',')}): whether a policy or the pod's annotation wins is not documented (docs/assumptions.md), so the new pods may get the policy's groups instead`,
    );
  }
  const offSuper = pods.filter(({ view }) => view.node !== undefined && !superNodes.has(view.node));
  if (offSuper.length > 0) {
    warnings.push(`${plural(offSuper.length, 'pod')} of ${refText(ref)} ${offSuper.length === 1 ? 'runs' : 'run'} on nodes that are not super nodes (${offSuper.map(({ view }) => view.name).join(', ')}): the annotation applies only to pods on super nodes`);
  }

  const plan: SetWorkloadPlan = {
    workload: { kind: ref.workload.kind, name: ref.name, namespace },
    change: `--groups ${after.join(',')}`,
    before,
    after,
    changed,
    annotation: changed ? templateAnnotationChanges(template?.metadata?.annotations, SUPERNODE_GROUP_ANNOTATION, after) : { removed: [], added: [] },
    pods: pods.map(({ view }) => ({ name: view.name, node: view.node, instanceId: view.instance?.id, groups: view.actual })),
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
    annotation: SUPERNODE_GROUP_ANNOTATION,
    templateGroups: (obj) => templateGroups(obj, ref),
    rolloutState: (obj) => rolloutState({ ...p, plan, podUids, superNodes }, obj),
    cannotTellWhy: () => 'DescribeEKSContainerInstances lists no instance for them: whether it lists a standard cluster\'s super-node pods is not documented (docs/assumptions.md), so their groups cannot be told',
  };
}

/** The workload's pods now with their instances; a running pod the cloud does not list cannot be told (null), never out of step. */
async function rolloutState(p: Reads & { plan: SetWorkloadPlan; podUids: ReadonlySet<string>; superNodes: ReadonlySet<string> }, obj: WorkloadObject): Promise<RolloutState> {
  const after = p.plan.after;
  const pods = await readWorkloadPods(p, p.plan.workload.namespace, obj);
  return rolloutStateOf(
    {
      ...p,
      podGroups: (pod) => {
        const own = pod.metadata?.annotations?.[SUPERNODE_GROUP_ANNOTATION];
        return own === undefined ? undefined : splitGroupAnnotation(own);
      },
      onProviderNode: (node) => node === undefined || p.superNodes.has(node),
    },
    obj,
    pods.map(({ pod, view }) => ({
      pod,
      node: view.node,
      seen: { name: view.name, instanceId: view.instance?.id, groups: view.actual, inSync: view.status === 'not-listed' ? null : view.actual !== undefined && sameGroups(view.actual, after) },
    })),
  );
}
