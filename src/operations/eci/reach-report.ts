// `reach` on ECI: a side is an ECI pod (named, or found by its IP among the cluster's pods), its
// instance's groups as DescribeContainerGroups reports them, or any other ENI of the VPC found
// by its address (ECS DescribeNetworkInterfaces: a database's, an instance outside the cluster);
// each group's type, internal policy and rules (DescribeSecurityGroupAttribute); the legs are
// evaluated as Alibaba documents (domain/reach/alibaba.ts). Virtual nodes, ECS nodes, pods not
// on ECI, and addresses no ENI of the VPC holds are outside the evaluation. Reads only.
import type { V1Pod } from '@kubernetes/client-node';
import { NO_SETS, type PeerSets } from '../../domain/reach/match.ts';
import { evaluateAlibabaLeg, type AlibabaGroupRules } from '../../domain/reach/alibaba.ts';
import type { Destination, Side } from '../../domain/reach/target.ts';
import { orUndefinedOn404, type KubeClient } from '../../adapters/kube/kube-client.ts';
import { isEciPod, isVirtualNode } from '../../adapters/kube/eci/objects.ts';
import type { AlibabaCloud, AlibabaEni } from '../../adapters/alibaba/index.ts';
import { readEciProfile } from './cluster-report.ts';
import { readEciPods, type EciPodView } from './pods.ts';
import { addressSide, CIDR_OUTSIDE, isOneAddress, located, outside, reachReport, type Located, type ReachReport, type ReadSide } from '../reach-legs.ts';
import { type AlibabaAccess, regionHintsOf } from '../cloud-access.ts';
import { listPodsByIp } from '../../adapters/kube/pods.ts';
import { getNode, type KubeNode } from '../../adapters/kube/nodes.ts';
import { NodeNotFoundError } from '../node-selection.ts';
import { findPod } from '../pod-lookup.ts';

/** A located side, and the ECI pod behind it when there is one. */
interface EciLocated extends Located {
  pod: V1Pod | undefined;
  /** Why there is no ECI pod to evaluate. */
  why: string | undefined;
}

async function locate(kube: KubeClient, side: Side): Promise<EciLocated> {
  if (side.kind === 'node') {
    const node = await orUndefinedOn404(getNode(kube, side.name));
    if (!node) throw new NodeNotFoundError(side.name);
    const ip = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
    if (!ip) throw new Error(`node ${side.name} reports no InternalIP: there is no address to evaluate`);
    const why = isVirtualNode(node) ? 'a virtual node has no ENI of its own: each ECI pod carries its instance\'s groups' : 'an ECS node\'s groups are not read on ECI';
    return { ...located(`node/${side.name}`, ip, node), pod: undefined, why };
  }
  if (side.kind === 'pod') {
    const namespace = side.namespace ?? kube.target.namespace;
    const { pod, node } = await findPod(kube, namespace, side.name);
    const ip = pod.status?.podIP;
    if (!ip) throw new Error(`pod ${namespace}/${side.name} has no IP yet (phase ${pod.status?.phase ?? 'unknown'}): there is no traffic to evaluate`);
    const eci = isEciPod(pod, node);
    return { ...located(`pod/${namespace}/${side.name}`, ip, node), pod: eci ? pod : undefined, why: eci ? undefined : 'not an ECI pod: its node\'s groups are not read on ECI' };
  }
  const at = addressSide(side);
  if (!isOneAddress(at)) return { ...at, pod: undefined, why: CIDR_OUTSIDE };
  const holders = (await listPodsByIp(kube, side.text)).filter((p) => p.spec?.hostNetwork !== true);
  const pod = holders.find((p) => isEciPod(p, undefined));
  if (!pod) return { ...at, pod: undefined, why: undefined };
  return { ...at, note: `held by ECI pod ${pod.metadata?.namespace}/${pod.metadata?.name}`, pod, why: undefined };
}

const WHY_UNKNOWN: Record<Exclude<EciPodView['status'], 'ok' | 'mismatch'>, string> = {
  'cannot-tell': 'ECI reports one group where the pod asks for several: the instance\'s full list is not known',
  'no-instance': 'virtual kubelet has not created its ECI instance yet',
  'instance-not-found': 'ECI does not know its instance in this region (--region?)',
  'no-cloud': 'its instance was not read (no Alibaba Cloud access)',
};

/** The side's ENI and groups when it is no pod but an address some ENI of the VPC holds. */
function eniSide(side: EciLocated, eni: AlibabaEni, groups: Map<string, AlibabaGroupRules>): ReadSide<AlibabaGroupRules> {
  const kept = eni.groups.filter((g) => groups.has(g));
  return {
    report: { named: side.named, address: side.address, eni: { id: eni.id, primary: false, instanceId: eni.instanceId }, groups: kept, note: `no pod of the cluster holds it: ENI ${eni.id} of the VPC does` },
    range: side.range,
    rules: kept.map((g) => groups.get(g)!),
  };
}

function readSide(side: EciLocated, view: EciPodView | undefined, eni: AlibabaEni | undefined, groups: Map<string, AlibabaGroupRules>, vpcId: string): ReadSide<AlibabaGroupRules> {
  if (!side.pod && eni) return eniSide(side, eni, groups);
  if (!side.pod || !view) {
    const why = side.why ?? (vpcId ? `no ENI in ${vpcId} holds ${side.address}: its groups are not known` : `no ECI pod of the cluster holds ${side.address}, and the VPC to look it up in is not known`);
    return { report: outside(side, why), range: side.range, rules: undefined };
  }
  // mismatch: the instance's groups differ from what the pod asks for now; the instance's are what filter traffic.
  if (view.status !== 'ok' && view.status !== 'mismatch') return { report: outside(side, WHY_UNKNOWN[view.status]), range: side.range, rules: undefined };
  const actual = view.actual ?? [];
  const gone = actual.filter((g) => !groups.has(g));
  const kept = actual.filter((g) => groups.has(g));
  const notes = [side.note, gone.length > 0 ? `group${gone.length === 1 ? '' : 's'} ${gone.join(', ')} no longer exist${gone.length === 1 ? 's' : ''}: left out` : undefined].filter(Boolean);
  return {
    report: {
      named: side.named,
      address: side.address,
      eni: view.instance?.eniId ? { id: view.instance.eniId, primary: true, instanceId: view.instanceId } : undefined,
      groups: kept,
      note: notes.length > 0 ? notes.join('; ') : undefined,
    },
    range: side.range,
    rules: kept.map((g) => groups.get(g)!),
  };
}

/** The prefix lists the rules name (pl-…), read so the evaluator can see through them; one that does not exist stays unknown. */
async function readPrefixLists(cloud: AlibabaCloud, groups: Iterable<AlibabaGroupRules>): Promise<PeerSets> {
  const ids = [...new Set([...groups].flatMap((g) => g.rules.map((r) => r.peer)).filter((p) => p.startsWith('pl-')))];
  const lists = await Promise.all(ids.map(async (id) => [id, await cloud.describePrefixList(id)] as const));
  return { ...NO_SETS, addresses: new Map(lists.filter((l): l is readonly [string, string[]] => l[1] !== undefined)) };
}

async function readGroups(cloud: AlibabaCloud, ids: readonly string[]): Promise<Map<string, AlibabaGroupRules>> {
  const details = await Promise.all(ids.map((id) => cloud.describeSecurityGroupAttribute(id)));
  return new Map(details.filter((d) => d !== undefined).map((d) => [d.id, { id: d.id, type: d.type, innerAccessPolicy: d.innerAccessPolicy, rules: d.rules }]));
}

export async function readEciReach(kube: KubeClient, source: Side, destination: Destination, openCloud: (hints: readonly string[]) => Promise<AlibabaAccess>): Promise<ReachReport> {
  const [src, dst] = await Promise.all([locate(kube, source), locate(kube, destination.side)]);
  const pods = [src.pod, dst.pod].filter((p): p is V1Pod => p !== undefined);
  const nodes = [src.node, dst.node].filter((n): n is KubeNode => n !== undefined);
  const access = await openCloud(regionHintsOf(nodes));
  const cloud = access.cloud;
  if (!cloud) throw new Error(`reach reads the ECI instances' groups from Alibaba Cloud: ${access.missing ?? 'no cloud access'}`);
  const { parsed } = await readEciProfile(kube);
  const views = pods.length > 0 ? await readEciPods(kube, pods, parsed, cloud) : [];
  const viewOf = (side: EciLocated) => (side.pod ? views[pods.indexOf(side.pod)] : undefined);
  // The pods' instances tell the VPC; else eci-profile's vpcId does.
  const vpcId = views.find((v) => v.instance?.vpcId)?.instance?.vpcId ?? parsed.vpcId ?? '';
  const lookup = (side: EciLocated) => (vpcId && !side.pod && !side.why && isOneAddress(side) ? cloud.describeEniByIp(side.address, vpcId) : Promise.resolve(undefined));
  const [srcEni, dstEni] = await Promise.all([lookup(src), lookup(dst)]);
  const ids = [...new Set([...views.flatMap((v) => v.actual ?? []), ...(srcEni?.groups ?? []), ...(dstEni?.groups ?? [])])];
  const groups = ids.length > 0 ? await readGroups(cloud, ids) : new Map<string, AlibabaGroupRules>();
  const sets = await readPrefixLists(cloud, groups.values());
  return reachReport('eci', vpcId, destination.packet, readSide(src, viewOf(src), srcEni, groups, vpcId), readSide(dst, viewOf(dst), dstEni, groups, vpcId), (g, direction, packet, peer) =>
    evaluateAlibabaLeg(g, direction, packet, peer, sets),
  );
}
