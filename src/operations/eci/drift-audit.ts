// Changes made behind kubectl-sg's back on ECI: for a workload, who changed the groups of its
// pods' instances' ENIs, from Alibaba ActionTrail (LookupEvents), over the last days. The pods
// are the workload's (its pod template's labels), their instances read from the cloud
// (DescribeContainerGroups gives each one's ENI). No cloud, no access and a failed read are said
// as such; `history` still shows what kubectl-sg recorded.
import { AUDIT_WINDOW_DAYS, type CloudAuditEvent, type SourceStatus } from '../../domain/change-timeline.ts';
import { errorMessage } from '../../domain/error-message.ts';
import { plural } from '../../domain/plural.ts';
import { WORKLOAD_KINDS } from '../../domain/workload-ref.ts';
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import { ECI_INSTANCE_ID_ANNOTATION } from '../../adapters/kube/eci/objects.ts';
import { getWorkload, resourceOf, templateOf } from '../../adapters/kube/workloads.ts';
import { listPods } from '../../adapters/kube/pods.ts';
import { AlibabaApiError } from '../../adapters/alibaba/index.ts';
import type { AlibabaOpener } from './set-workload.ts';

export interface ActionTrailRead {
  events: CloudAuditEvent[];
  status: SourceStatus;
}

const notRead = (detail: string): ActionTrailRead => ({ events: [], status: { source: 'actiontrail', read: false, detail } });

export async function readWorkloadActionTrail(
  kube: KubeClient,
  openCloud: AlibabaOpener,
  target: { workloadKind: string; namespace: string; name: string },
  nowMs = Date.now(),
): Promise<ActionTrailRead> {
  const kind = WORKLOAD_KINDS.find((k) => k.kind === target.workloadKind)!;
  const where = `${kind.kind.toLowerCase()}/${target.name} -n ${target.namespace}`;
  try {
    const obj = await getWorkload(kube, resourceOf(kind), target.namespace, target.name);
    if (!obj) return notRead(`${where} does not exist, so its pods are not known`);
    const labels = templateOf(obj, kind)?.metadata?.labels ?? {};
    // A template without labels selects no pod: none is taken for the workload's.
    const pods = Object.keys(labels).length > 0 ? (await listPods(kube, target.namespace)).filter((p) => Object.entries(labels).every(([k, v]) => p.metadata?.labels?.[k] === v)) : [];
    const instances = new Map(pods.flatMap((p) => (p.metadata?.annotations?.[ECI_INSTANCE_ID_ANNOTATION] ? [[p.metadata.annotations[ECI_INSTANCE_ID_ANNOTATION], p.metadata.name ?? '']] : [])));
    if (instances.size === 0) return { events: [], status: { source: 'actiontrail', read: true, detail: `${where} has no pod with an ECI instance now` } };
    const access = await openCloud([]);
    if (!access.cloud) return notRead(access.missing ?? 'no Alibaba Cloud access');
    const { found } = await access.cloud.describeContainerGroups([...instances.keys()]);
    const enis = found.flatMap((cg) => (cg.eniId ? [{ id: cg.eniId, about: `pod ${instances.get(cg.id)}` }] : []));
    const answer = await access.cloud.eniGroupChanges(enis, nowMs - AUDIT_WINDOW_DAYS * 86_400_000, nowMs);
    const detail = [
      `${plural(answer.events.length, 'group change')} of ${plural(enis.length, 'ENI')} of ${where}'s pods in the last ${AUDIT_WINDOW_DAYS} days`,
      ...(answer.truncated ? ['an ENI has more events than were read: the oldest are not shown'] : []),
    ].join('; ');
    return { events: answer.events, status: { source: 'actiontrail', read: true, detail } };
  } catch (err) {
    if (err instanceof AlibabaApiError && err.kind === 'unauthorized') {
      return notRead(`no access: the key may not call actiontrail:LookupEvents (${errorMessage(err)}); grant it to read who changed the ENIs`);
    }
    return notRead(`ActionTrail could not be read: ${errorMessage(err)}`);
  }
}
