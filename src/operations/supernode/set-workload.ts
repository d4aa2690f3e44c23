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
import { parseGroupList } from '../../domain/security-group-id.ts';
import { splitGroupAnnotation, SUPERNODE_GROUP_ANNOTATION } from '../../domain/supernode/eks-config.ts';
import { policiesSelecting } from '../../domain/supernode/security-group-policy.ts';
import { parseWorkloadRef } from '../../domain/workload-ref.ts';
import { sameGroups } from '../../domain/cluster-policy.ts';
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import { listSuperNodes } from '../../adapters/kube/supernode/objects.ts';
import { templateOf } from '../../adapters/kube/workloads.ts';
import type { CloudOpener } from '../cloud-access.ts';
import {
  NoCloudForSetWorkloadError,
  planTemplateWrite,
  readWritableWorkload,
  SetWorkloadUnavailableError,
  type PreparedTemplateWrite,
  type SetWorkloadRequest,
} from '../workload-template-write.ts';
import { checkSuperNodeGroups } from './group-check.ts';
import { readGroupSources } from './group-sources.ts';
import { readSuperNodePods } from './pods.ts';

export async function prepareSuperNodeSetWorkload(kube: KubeClient, openCloud: CloudOpener, clusterIdFlag: string | undefined, req: SetWorkloadRequest): Promise<PreparedTemplateWrite> {
  // What the command line says is checked before anything is read.
  parseWorkloadRef(req.workload);
  const after = parseGroupList(req.groups);
  const [w, nodes] = await Promise.all([readWritableWorkload(kube, req.workload, req.namespace), listSuperNodes(kube)]);
  if (nodes.length === 0) {
    throw new SetWorkloadUnavailableError('this cluster has no TKE super node (no node labelled node.kubernetes.io/instance-type=eklet), so the annotation would change nothing; kubectl sg doctor --provider supernode says what is missing');
  }
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
  const selecting = policiesSelecting(sources.policies ?? [], { namespace: w.namespace, labels: templateOf(w.object, w.ref.workload)?.metadata?.labels ?? {}, serviceAccountLabels: undefined });
  if (selecting.length > 0) {
    warnings.push(
      `SecurityGroupPolicy ${selecting.map((x) => x.name).join(', ')} selects these pods (${selecting.flatMap((x) => x.groupIds).join(',')}): whether a policy or the pod's annotation wins is not documented (docs/assumptions.md), so the new pods may get the policy's groups instead`,
    );
  }
  const superNodes = new Set(nodes.map((n) => n.metadata?.name ?? ''));
  return planTemplateWrite(kube, {
    ...w,
    after,
    warnings,
    provider: {
      cloud: 'tke',
      annotation: SUPERNODE_GROUP_ANNOTATION,
      split: splitGroupAnnotation,
      nodes: superNodes,
      otherNodes: { are: 'super nodes', why: 'the annotation applies only to pods on super nodes' },
      emptyTemplate: 'its pods get eks-config\'s default, else their pool\'s groups (or the region\'s default group under the older pages)',
      // A running pod the cloud does not list cannot be told (null), never out of step.
      async readPods(pods) {
        const views = await readSuperNodePods(kube, pods, sources);
        return pods.map((pod, i) => {
          const v = views[i]!;
          return { pod, node: v.node, seen: { name: v.name, instanceId: v.instance?.id, groups: v.actual, inSync: v.status === 'not-listed' ? null : v.actual !== undefined && sameGroups(v.actual, after) } };
        });
      },
      cannotTellWhy: () => 'DescribeEKSContainerInstances lists no instance for them: whether it lists a standard cluster\'s super-node pods is not documented (docs/assumptions.md), so their groups cannot be told',
    },
  });
}
