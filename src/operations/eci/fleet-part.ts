// `kubectl sg report`, ECI's part of a cluster's row: virtual kubelet's version (show cluster's
// report), the ECI pods by whether their instance has the groups they ask for, and the lint
// failures over the groups ECI pods are given (show group's lint). A part that cannot be read is
// a note, never a failed row.
import { podsOnNodes } from '../../adapters/kube/pods.ts';
import { countPods, type PodGroupCounts } from '../../domain/fleet-totals.ts';
import { selectorGroups } from '../../domain/eci/selectors.ts';
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import { listVirtualNodes } from '../../adapters/kube/eci/objects.ts';
import type { AlibabaAccess, CloudOpener } from '../cloud-access.ts';
import { firstErrorLine, settle } from '../doctor-settle.ts';
import type { FleetContext, FleetPart } from '../provider.ts';
import { readEciClusterReport, type EciClusterReport } from './cluster-report.ts';
import { readEciGroupReports } from './group-report.ts';
import { readEciPods, type EciPodStatus, type EciPodView } from './pods.ts';

const VERDICT: Record<EciPodStatus, keyof PodGroupCounts> = {
  ok: 'withGroups',
  mismatch: 'withoutGroups',
  'cannot-tell': 'unknown',
  'no-instance': 'unknown',
  'instance-not-found': 'unknown',
  'no-cloud': 'unknown',
};

async function readPodViews(kube: KubeClient, eci: EciClusterReport, openAlibaba: CloudOpener<AlibabaAccess>): Promise<EciPodView[]> {
  const [nodes, access] = await Promise.all([listVirtualNodes(kube), openAlibaba([])]);
  return readEciPods(kube, await podsOnNodes(kube, nodes), eci.profile.parsed, access.cloud);
}

const failed = (findings: readonly { level: string }[]) => findings.filter((x) => x.level === 'fail').length;

/** The groups ECI pods are given: eci-profile's default and every selector's, and those the pods ask for (their own annotation). */
async function lintFailures(kube: KubeClient, eci: EciClusterReport, pods: readonly EciPodView[], openAlibaba: CloudOpener<AlibabaAccess>): Promise<number> {
  const p = eci.profile.parsed;
  const ids = [...new Set([...(p.securityGroupId ? [p.securityGroupId] : []), ...p.selectors.flatMap((s) => selectorGroups(s) ?? []), ...pods.flatMap((v) => v.requested?.groups ?? [])])];
  if (ids.length === 0) return 0;
  return (await readEciGroupReports(kube, ids, openAlibaba)).reduce((sum, g) => sum + failed(g.findings), 0);
}

export async function readEciFleetPart(ctx: FleetContext): Promise<FleetPart> {
  const kube = ctx.factory.kube();
  const openAlibaba: CloudOpener<AlibabaAccess> = (hints) => ctx.factory.alibaba(hints);
  const read = await settle(readEciClusterReport(kube, openAlibaba));
  if (!read.ok) return { figures: {}, lint: undefined, notes: [{ stage: 'report', text: `ECI: ${firstErrorLine(read.error)}` }] };
  const eci = read.value;
  const notes: FleetPart['notes'] = [];
  const views = await settle(readPodViews(kube, eci, openAlibaba));
  if (!views.ok) notes.push({ stage: 'pods', text: `ECI pods: ${firstErrorLine(views.error)}` });
  const pods = views.ok ? views.value : undefined;
  const lint = await settle(lintFailures(kube, eci, pods ?? [], openAlibaba));
  if (!lint.ok) notes.push({ stage: 'lint', text: `lint: ${firstErrorLine(lint.error)}` });
  return {
    figures: { virtualKubeletVersions: eci.profileReload.versions, eciPods: pods && countPods(pods, (v) => VERDICT[v.status]) },
    lint: { failures: lint.ok ? lint.value : undefined },
    notes,
  };
}
