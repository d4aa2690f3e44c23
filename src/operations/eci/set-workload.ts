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
import { parseAlibabaGroupList } from '../../domain/eci/alibaba-group-id.ts';
import { ECI_GROUP_ANNOTATION, splitGroupAnnotation } from '../../domain/eci/selectors.ts';
import { ECI_PROFILE_NAME, ECI_PROFILE_NAMESPACE } from '../../domain/eci/profile.ts';
import { parseWorkloadRef } from '../../domain/workload-ref.ts';
import { sameGroups } from '../../domain/cluster-policy.ts';
import { cannotTellWhy, reportedGroupsVerdict } from '../../domain/eci/reported-groups.ts';
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import { listVirtualNodes } from '../../adapters/kube/eci/objects.ts';
import { readEciProfile } from './cluster-report.ts';
import { checkEciGroupsInCloud } from './group-check.ts';
import { readEciPods } from './pods.ts';
import { type AlibabaAccess, regionHintsOf } from '../cloud-access.ts';
import {
  NoCloudForSetWorkloadError,
  planTemplateWrite,
  readWritableWorkload,
  SetWorkloadUnavailableError,
  type PreparedTemplateWrite,
  type SetWorkloadRequest,
} from '../workload-template-write.ts';

export type AlibabaOpener = (regionHints: readonly string[]) => Promise<AlibabaAccess>;

export async function prepareSetWorkload(kube: KubeClient, openCloud: AlibabaOpener, req: SetWorkloadRequest): Promise<PreparedTemplateWrite> {
  // What the command line says is checked before anything is read.
  parseWorkloadRef(req.workload);
  const after = parseAlibabaGroupList(req.groups);
  const [w, { object: profileObject, parsed: profile }, virtualNodeList] = await Promise.all([readWritableWorkload(kube, req.workload, req.namespace), readEciProfile(kube), listVirtualNodes(kube)]);
  if (!profileObject && virtualNodeList.length === 0) {
    throw new SetWorkloadUnavailableError(
      `this cluster runs no Alibaba ECI (no ConfigMap ${ECI_PROFILE_NAMESPACE}/${ECI_PROFILE_NAME}, no node labelled type=virtual-kubelet), so the annotation would change nothing; kubectl sg doctor --provider eci says what is missing`,
    );
  }
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

  const virtualNodes = new Set(virtualNodeList.map((n) => n.metadata?.name ?? ''));
  const notes: string[] = [];
  if (profile.securityGroupId !== undefined && sameGroups(after, [profile.securityGroupId])) {
    notes.push(`${profile.securityGroupId} is the eci-profile default: pinned here, the pods keep it when the default changes`);
  }
  return planTemplateWrite(kube, {
    ...w,
    after,
    notes,
    warnings: profileObject ? [] : [`no ConfigMap ${ECI_PROFILE_NAMESPACE}/${ECI_PROFILE_NAME}: the groups' VPC could not be checked against the cluster's (only against each other)`],
    provider: {
      cloud: 'eci',
      annotation: ECI_GROUP_ANNOTATION,
      split: splitGroupAnnotation,
      nodes: virtualNodes,
      otherNodes: { are: 'virtual', why: 'ECI groups apply only to pods on virtual nodes' },
      emptyTemplate: 'its pods get theirs from an eci-profile selector or the default',
      // ECI's one reported group of several asked for cannot be told (null).
      async readPods(pods) {
        const views = await readEciPods(kube, pods, profile, cloud);
        return pods.map((pod, i) => {
          const v = views[i]!;
          const verdict = v.actual === undefined ? undefined : reportedGroupsVerdict(v.actual, after);
          return { pod, node: v.node, seen: { name: v.name, instanceId: v.instanceId, groups: v.actual, inSync: verdict === 'cannot-tell' ? null : verdict === 'ok' } };
        });
      },
      cannotTellWhy,
    },
  });
}
