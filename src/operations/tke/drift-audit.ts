// Changes made behind kubectl-sg's back: for a node, who changed its ENIs' groups, from the
// cloud's audit service (Tencent CloudAudit LookUpEvents), over the last days. Each ENI that is
// drifted now (its groups are not its NodeENIConfig's) is named with the last recorded change,
// or with the fact that CloudAudit holds none (changed before the window, or by a call it does
// not keep). No cloud, no access (cloudaudit:LookUpEvents refused) and a failed read are said
// as such: `history` still shows what kubectl-sg recorded.
import { AUDIT_WINDOW_DAYS, type CloudAuditEvent, type SourceStatus } from '../../domain/change-timeline.ts';
import { sameGroups } from '../../domain/cluster-policy.ts';
import { errorMessage } from '../../domain/error-message.ts';
import { plural } from '../../domain/plural.ts';
import { KubeApiError, orUndefinedOn404, type KubeClient } from '../../adapters/kube/kube-client.ts';
import { getNec, instanceIdOf } from '../../adapters/kube/tke/objects.ts';
import { getNode } from '../../adapters/kube/nodes.ts';
import { CloudError } from '../../adapters/tencent/index.ts';
import { regionHintsOf, type CloudOpener } from '../cloud-access.ts';


export interface CloudAuditRead {
  events: CloudAuditEvent[];
  status: SourceStatus;
}

const notRead = (detail: string): CloudAuditRead => ({ events: [], status: { source: 'cloudaudit', read: false, detail } });

export async function readNodeCloudAudit(kube: KubeClient, openCloud: CloudOpener, nodeName: string, nowMs = Date.now()): Promise<CloudAuditRead> {
  let node;
  try {
    node = await getNode(kube, nodeName);
  } catch (err) {
    return notRead(err instanceof KubeApiError && err.status === 404 ? `node ${nodeName} does not exist, so its ENIs are not known` : `the node could not be read: ${errorMessage(err)}`);
  }
  const instanceId = instanceIdOf(node);
  if (!instanceId) return notRead(`node ${nodeName} names no CVM instance (label or providerID), so its ENIs are not known`);
  const session = await openCloud(regionHintsOf([node]));
  if (!session.cloud) return notRead(session.missing ?? 'no Tencent Cloud access');
  try {
    const [enis, nec] = await Promise.all([session.cloud.vpc.describeEnisByInstances([instanceId]), orUndefinedOn404(getNec(kube, nodeName))]);
    const secondaries = enis.filter((e) => !e.primary);
    if (secondaries.length === 0) return { events: [], status: { source: 'cloudaudit', read: true, detail: `instance ${instanceId} has no secondary ENI` } };
    const to = Math.floor(nowMs / 1000);
    const from = to - AUDIT_WINDOW_DAYS * 86_400;
    const about = (e: { id: string }) => ({ id: e.id, about: `node ${nodeName}` });
    const audit = session.cloud.cloudAudit;
    const answer = await audit.eniGroupChanges(secondaries.map(about), from, to);
    const desired = nec?.spec?.securityGroups;
    const drifted = desired === undefined ? [] : secondaries.filter((e) => !sameGroups(e.groups, desired));
    // A drifted ENI nothing was found for: asked again by event name, in case a call on several
    // ENIs is found only by its whole ResourceName (docs/assumptions.md, "CloudAudit").
    const unexplained = drifted.filter((e) => !answer.events.some((ev) => ev.resource === e.id));
    if (unexplained.length > 0) {
      const more = await audit.eniGroupChangesByName(unexplained.map(about), from, to);
      answer.events.push(...more.events);
      answer.truncated ||= more.truncated;
    }
    const notes = drifted.map((e) => {
      const last = answer.events.filter((ev) => ev.resource === e.id).sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
      return last
        ? `${e.id} is drifted (${e.groups.join(',') || 'no group'}): last changed by ${last.identity} at ${last.at} (${last.eventName})`
        : `${e.id} is drifted (${e.groups.join(',') || 'no group'}): CloudAudit has no record of a change to its groups in the last ${AUDIT_WINDOW_DAYS} days`;
    });
    const detail = [
      `${plural(answer.events.length, 'group change')} of ${plural(secondaries.length, 'ENI')} in the last ${AUDIT_WINDOW_DAYS} days`,
      ...notes,
      ...(answer.truncated ? ['an ENI has more events than were read: the oldest are not shown'] : []),
    ].join('; ');
    return { events: answer.events, status: { source: 'cloudaudit', read: true, detail } };
  } catch (err) {
    if (err instanceof CloudError && /UnauthorizedOperation/.test(err.code)) {
      return notRead(`no access: the key may not call cloudaudit:LookUpEvents (${errorMessage(err)}); grant it to read who changed the ENIs`);
    }
    return notRead(`CloudAudit could not be read: ${errorMessage(err)}`);
  }
}
