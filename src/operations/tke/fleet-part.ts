// `kubectl sg report`, TKE's part of a cluster's row: ipamd's version, the feature and the nodes by
// state (show cluster's report), the pods on the nodes' ENIs by their node's state, and the lint
// failures over the groups nodes are given (show group's lint). A part that cannot be read is a
// note, never a failed row.
import type { V1Pod } from '@kubernetes/client-node';
import { countPods, type PodGroupCounts } from '../../domain/fleet-totals.ts';
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import { listScheduledPods } from '../../adapters/kube/pods.ts';
import type { CloudOpener } from '../cloud-access.ts';
import { firstErrorLine, settle } from '../doctor-settle.ts';
import type { FleetContext, FleetPart } from '../provider.ts';
import { readClusterReport, type ClusterReport } from './cluster-report.ts';
import { readGroupReports } from './group-report.ts';

/**
 * A TKE pod has its groups when its node's ENIs carry the node's groups; a disabled node's pods
 * have none. Host-network pods use no ENI and are left out, and so are other providers' pods
 * (an ECI pod's instance has its own groups: counted apart) in a cluster that runs both.
 */
function tkePods(report: ClusterReport, pods: readonly V1Pod[], podOfOther: (pod: V1Pod) => boolean): PodGroupCounts {
  const stateOf = new Map(report.nodeReports.map((n) => [n.name, n.hasNec ? n.state : undefined]));
  const onEnis = pods.filter((p) => !p.spec?.hostNetwork && !podOfOther(p) && stateOf.has(p.spec?.nodeName ?? ''));
  return countPods(onEnis, (p) => {
    const state = stateOf.get(p.spec?.nodeName ?? '');
    return state === 'in-sync' ? 'withGroups' : state === 'drifted' || state === 'disabled' ? 'withoutGroups' : 'unknown';
  });
}

const failed = (findings: readonly { level: string }[]) => findings.filter((x) => x.level === 'fail').length;

/** The groups TKE nodes are given: the global list and every NEC's list, linted as show group does. */
async function lintFailures(kube: KubeClient, tke: ClusterReport, openCloud: CloudOpener): Promise<number> {
  const ids = [...new Set([...tke.feature.globalList, ...tke.nodeReports.flatMap((n) => n.desiredGroups)])];
  if (ids.length === 0) return 0;
  return (await readGroupReports(kube, ids, openCloud)).reduce((sum, g) => sum + failed(g.findings), 0);
}

export async function readTkeFleetPart(ctx: FleetContext): Promise<FleetPart> {
  const kube = ctx.factory.kube();
  const openCloud: CloudOpener = (hints) => ctx.factory.tencent(hints);
  const read = await settle(readClusterReport(kube, { clusterIdFlag: ctx.clusterIdFlag, cloud: openCloud, nodeOfOther: ctx.nodeOfOther }));
  if (!read.ok) return { figures: {}, lint: undefined, notes: [{ stage: 'report', text: `TKE: ${firstErrorLine(read.error)}` }] };
  const tke = read.value;
  const notes: FleetPart['notes'] = [];
  const [pods, lint] = await Promise.all([settle(listScheduledPods(kube)), settle(lintFailures(kube, tke, openCloud))]);
  if (!pods.ok) notes.push({ stage: 'pods', text: `pods: ${firstErrorLine(pods.error)}` });
  if (!lint.ok) notes.push({ stage: 'lint', text: `lint: ${firstErrorLine(lint.error)}` });
  return {
    figures: {
      ipamdVersion: tke.ipamd.version,
      featureEnabled: tke.feature.enabled,
      nodes: tke.nodes,
      pods: pods.ok ? tkePods(tke, pods.value, ctx.podOfOther) : undefined,
    },
    lint: { failures: lint.ok ? lint.value : undefined },
    notes,
  };
}
