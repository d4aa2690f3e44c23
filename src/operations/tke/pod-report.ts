// `show pod`: pod → node → the ENI that holds the pod's IP (asked of the VPC API by IP, in the
// VPC of the node's ENIs) → the groups bound to that ENI in priority order, each with its rules
// summarised, and whether those groups are what the node's NEC asks for.
import { assessNode } from '../../domain/tke/node-state.ts';
import { classifyEnis } from '../../domain/tke/eni-kind.ts';
import { orUndefinedOn404, type KubeClient } from '../../adapters/kube/kube-client.ts';
import { DISABLE_ANNOTATION, NEED_SYNC_ANNOTATION, getIpamdDeployment, getNec, instanceIdOf, type NodeEniConfig } from '../../adapters/kube/tke/objects.ts';
import { deploymentFacts } from '../../adapters/kube/tke/ipamd-config.ts';
import type { Eni, TencentCloud } from '../../adapters/tencent/index.ts';
import { resolveClusterId } from './addon.ts';
import { type CloudOpener, regionHintsOf } from '../cloud-access.ts';
import type { FoundPod } from '../pod-lookup.ts';
import type { GroupView } from '../group-view.ts';
import { groupViews } from '../tencent-group-views.ts';

/**
 * ok: the ENI was found. host-network: the pod shares the node's IP, so its traffic uses the
 * node's primary ENI (the instance's groups; the NEC does not apply). The rest say why there
 * is no ENI to show.
 */
export type PodEniStatus = 'ok' | 'host-network' | 'not-scheduled' | 'no-ip' | 'no-cloud' | 'eni-not-found';

export interface PodReport {
  namespace: string;
  name: string;
  phase: string | undefined;
  node: string | undefined;
  instanceId: string | undefined;
  ip: string | undefined;
  hostNetwork: boolean;
  status: PodEniStatus;
  /** In plain words when status is not ok. */
  note: string | undefined;
  vpcId: string | undefined;
  eni: { id: string; primary: boolean; instanceId: string | undefined; subnetId: string; onPodNode: boolean } | undefined;
  /** The ENI's groups in priority order, each with its rules. */
  groups: GroupView[];
  nec: { exists: boolean; desiredGroups: string[]; disabled: boolean; syncPending: boolean } | undefined;
  /** Whether the ENI carries exactly the NEC's groups (none when the node is disabled); undefined when it does not apply. */
  matchesNec: boolean | undefined;
}

export interface PodReportOptions {
  clusterIdFlag?: string;
  cloud: CloudOpener;
}

export async function readPodReport(kube: KubeClient, { pod, node }: FoundPod, o: PodReportOptions): Promise<PodReport> {
  const report: PodReport = {
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    phase: pod.status?.phase,
    node: pod.spec?.nodeName || undefined,
    instanceId: undefined,
    ip: pod.status?.podIP || undefined,
    hostNetwork: pod.spec?.hostNetwork === true,
    status: 'ok',
    note: undefined,
    vpcId: undefined,
    eni: undefined,
    groups: [],
    nec: undefined,
    matchesNec: undefined,
  };
  if (!report.node) {
    report.status = 'not-scheduled';
    report.note = `pod is not scheduled to a node yet (phase ${report.phase ?? 'unknown'}): it has no IP and no ENI`;
    return report;
  }
  const nec = await orUndefinedOn404<NodeEniConfig>(getNec(kube, report.node));
  const annotations = node?.metadata?.annotations ?? {};
  report.instanceId = node ? instanceIdOf(node) : undefined;
  report.nec = {
    exists: nec !== undefined,
    desiredGroups: nec?.spec?.securityGroups ?? [],
    disabled: annotations[DISABLE_ANNOTATION] === 'yes',
    syncPending: annotations[NEED_SYNC_ANNOTATION] === 'true',
  };
  if (!report.ip) {
    report.status = 'no-ip';
    report.note = `pod has no IP yet (phase ${report.phase ?? 'unknown'}): no ENI holds it`;
    return report;
  }
  if (report.hostNetwork) {
    report.status = 'host-network';
    report.note = 'pod uses the host network: its traffic goes through the node\'s primary ENI, whose groups are the instance\'s (the NEC does not apply)';
  }

  const session = await o.cloud(node ? regionHintsOf([node]) : []);
  if (!session.cloud) {
    report.status = 'no-cloud';
    report.note = `the ENI holding ${report.ip} is not looked up: ${session.missing ?? 'no Tencent Cloud access'}`;
    return report;
  }
  const cloud = session.cloud;
  // The node's ENIs, read once: they tell the VPC and, below, the kind of the pod's ENI.
  const nodeEnis = report.instanceId ? await cloud.vpc.describeEnisByInstances([report.instanceId]) : [];
  report.vpcId = await vpcOf(kube, cloud, nodeEnis, report.instanceId, o.clusterIdFlag);
  const eni: Eni | undefined = await cloud.vpc.describeEniByIp(report.ip, report.vpcId);
  if (!eni) {
    report.status = 'eni-not-found';
    report.note = `no ENI in ${report.vpcId} holds ${report.ip}: the IP may have been released (pod gone or recreated), or the pod is not on VPC-CNI (global router mode)`;
    return report;
  }
  report.eni = { id: eni.id, primary: eni.primary, instanceId: eni.instanceId, subnetId: eni.subnetId, onPodNode: eni.instanceId !== undefined && eni.instanceId === report.instanceId };
  report.groups = await groupViews(cloud, eni.groups);
  // Only ipamd's shared ENIs are held to the NEC (docs/assumptions.md, "Which ENIs count"): a
  // direct or sub-ENI keeps its own groups. Its kind is read with the node's other ENIs.
  const enisBeside = async (instanceId: string | undefined) =>
    instanceId === report.instanceId ? nodeEnis : instanceId ? cloud.vpc.describeEnisByInstances([instanceId]) : [];
  const siblings = eni.primary ? [] : (await enisBeside(eni.instanceId)).filter((e) => e.id !== eni.id);
  const kind = eni.primary ? undefined : classifyEnis([eni, ...siblings])[0]!;
  if (kind?.kind === 'other') {
    report.note = `the pod's ENI ${eni.id} is not one of ipamd's shared ENIs (${kind.why}): the NEC does not govern its groups`;
  } else if (kind) {
    if (!kind.certain) report.note = `whether the pod's ENI ${eni.id} is ipamd's: ${kind.why}`;
    const a = assessNode({ desired: report.nec.desiredGroups, disabled: report.nec.disabled, syncPending: report.nec.syncPending, enis: [{ id: eni.id, primary: false, groups: eni.groups }] });
    report.matchesNec = a.driftedEnis.length === 0;
  }
  return report;
}

/** The VPC of the node's ENIs (`nodeEnis`, already read); else the cluster's (DescribeClusters), when the cluster ID is known. */
export async function vpcOf(kube: KubeClient, cloud: TencentCloud, nodeEnis: readonly Eni[], instanceId: string | undefined, clusterIdFlag: string | undefined): Promise<string> {
  const vpc = nodeEnis.find((e) => e.vpcId)?.vpcId;
  if (vpc) return vpc;
  const dep = await orUndefinedOn404(getIpamdDeployment(kube));
  const id = resolveClusterId({ flag: clusterIdFlag, ipamdArgs: dep ? deploymentFacts(dep).args : [], server: kube.target.server });
  const cluster = id ? await cloud.tke.describeCluster(id.id) : undefined;
  if (cluster?.vpcId) return cluster.vpcId;
  throw new Error(
    `cannot tell the pod's VPC: its node ${instanceId ? `(${instanceId}) has no ENIs in this region` : 'names no CVM instance'}` +
      `${id ? ` and cluster ${id.id} was not found` : ' and no cluster ID is known'}: check --region, or pass --cluster-id`,
  );
}

