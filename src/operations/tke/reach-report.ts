// `reach` on TKE: each side to an address and, where an ENI of the cluster's VPC holds it (a
// pod's, a node's primary ENI, a database's), to that ENI's groups in priority order and their
// rules; then the source's egress and the destination's ingress, evaluated as Tencent documents
// (domain/reach/tencent.ts). Reads only: the pod or node, the ENIs by address
// (DescribeNetworkInterfaces, address-ip), the groups, their rules and the templates they name.
import { orderShown } from '../../domain/tke/group-order.ts';
import type { PeerSets } from '../../domain/reach/match.ts';
import { evaluateTencentLeg, type TencentGroupRules } from '../../domain/reach/tencent.ts';
import type { Destination, Side } from '../../domain/reach/target.ts';
import { orUndefinedOn404, type KubeClient } from '../../adapters/kube/kube-client.ts';
import { instanceIdOf } from '../../adapters/kube/tke/objects.ts';
import type { Eni, TemplateKind, TencentCloud } from '../../adapters/tencent/index.ts';
import { vpcOf } from './pod-report.ts';
import { addressSide, CIDR_OUTSIDE, isOneAddress, located, outside, reachReport, type Located, type ReachReport, type ReadSide } from '../reach-legs.ts';
import { type CloudOpener, regionHintsOf } from '../cloud-access.ts';
import { firstNode, getNode, type KubeNode } from '../../adapters/kube/nodes.ts';
import { NodeNotFoundError } from '../node-selection.ts';
import { findPod } from '../pod-lookup.ts';

async function locate(kube: KubeClient, side: Side): Promise<Located> {
  if (side.kind === 'address') return addressSide(side);
  if (side.kind === 'node') {
    const node = await orUndefinedOn404(getNode(kube, side.name));
    if (!node) throw new NodeNotFoundError(side.name);
    const ip = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
    if (!ip) throw new Error(`node ${side.name} reports no InternalIP: its primary ENI cannot be found by address`);
    // The node's own address is its primary ENI's: the instance's groups.
    return located(`node/${side.name}`, ip, node);
  }
  const namespace = side.namespace ?? kube.target.namespace;
  const { pod, node } = await findPod(kube, namespace, side.name);
  const ip = pod.status?.podIP;
  if (!ip) throw new Error(`pod ${namespace}/${side.name} has no IP yet (phase ${pod.status?.phase ?? 'unknown'}): there is no traffic to evaluate`);
  const hostNetwork = pod.spec?.hostNetwork === true;
  return located(`pod/${namespace}/${side.name}`, ip, node, hostNetwork ? 'the pod uses the host network: its traffic goes through the node\'s primary ENI' : undefined);
}

/** The ENI holding the side's address in the VPC; none for a CIDR block. */
async function eniOf(cloud: TencentCloud, side: Located, vpcId: string): Promise<Eni | undefined> {
  if (!isOneAddress(side)) return undefined;
  return cloud.vpc.describeEniByIp(side.address.split('/')[0]!, vpcId);
}

async function readRules(cloud: TencentCloud, ids: readonly string[]): Promise<Map<string, TencentGroupRules>> {
  if (ids.length === 0) return new Map();
  const { groups } = await cloud.vpc.describeSecurityGroups(ids);
  return new Map(await Promise.all(groups.map(async (g) => [g.id, { id: g.id, rules: await cloud.vpc.describeSecurityGroupRules(g.id) }] as const)));
}

/**
 * The templates the rules name, read so the evaluator can see through them: the groups first,
 * then every template they or the rules name. Nothing is asked when no rule names one.
 */
async function readTemplates(cloud: TencentCloud, groups: Iterable<TencentGroupRules>): Promise<PeerSets> {
  const rules = [...groups].flatMap((g) => g.rules);
  const named = (prefix: string, values: string[]) => [...new Set(values.filter((v) => v.startsWith(prefix)))];
  const peers = rules.map((r) => r.peer);
  const services = rules.filter((r) => r.protocol === 'TEMPLATE').map((r) => r.ports);
  const read = (kind: TemplateKind, ids: string[]) => (ids.length > 0 ? cloud.vpc.describeTemplates(kind, ids) : Promise.resolve(new Map<string, string[]>()));
  const [addressGroups, serviceGroups] = await Promise.all([read('address-group', named('ipmg-', peers)), read('service-group', named('ppmg-', services))]);
  const [addresses, serviceSets] = await Promise.all([
    read('address', named('ipm-', [...peers, ...[...addressGroups.values()].flat()])),
    read('service', named('ppm-', [...services, ...[...serviceGroups.values()].flat()])),
  ]);
  return { addresses, addressGroups, services: serviceSets, serviceGroups };
}

function readSide(side: Located, eni: Eni | undefined, rules: Map<string, TencentGroupRules>, vpcId: string, orderKnown: boolean): ReadSide<TencentGroupRules> {
  if (!eni) return { report: outside(side, isOneAddress(side) ? `no ENI in ${vpcId} holds ${side.address}: its groups are not known` : CIDR_OUTSIDE), range: side.range, rules: undefined };
  const gone = eni.groups.filter((g) => !rules.has(g));
  const notes = [side.note, gone.length > 0 ? `bound group${gone.length === 1 ? '' : 's'} ${gone.join(', ')} no longer exist${gone.length === 1 ? 's' : ''}: left out` : undefined].filter(Boolean);
  const groups = eni.groups.filter((g) => rules.has(g));
  return {
    report: {
      named: side.named,
      address: side.address,
      eni: { id: eni.id, primary: eni.primary, instanceId: eni.instanceId },
      groups,
      note: notes.length > 0 ? notes.join('; ') : undefined,
    },
    range: side.range,
    rules: groups.map((g) => rules.get(g)!),
    orderUnread: !orderKnown && groups.length > 1,
  };
}

export async function readReach(kube: KubeClient, source: Side, destination: Destination, o: ReachOptions): Promise<ReachReport> {
  const [src, dst] = await Promise.all([locate(kube, source), locate(kube, destination.side)]);
  const known = [src.node, dst.node].filter((n): n is KubeNode => n !== undefined);
  // Neither side names a node: any node tells the region and the VPC.
  const nodes = known.length > 0 ? known : [await firstNode(kube)].filter((n): n is KubeNode => n !== undefined);
  const session = await o.cloud(regionHintsOf(nodes));
  if (!session.cloud) throw new Error(`reach reads the groups from Tencent Cloud: ${session.missing ?? 'no cloud access'}`);
  const cloud = session.cloud;
  // A node's ENIs tell the VPC, and, with the two sides' ENIs, whether the cloud lists groups in
  // the order bound (a list out of ascending order shows it: domain/tke/group-order.ts).
  const instanceId = nodes.map(instanceIdOf).find((i) => i !== undefined);
  const nodeEnis = instanceId ? await cloud.vpc.describeEnisByInstances([instanceId]) : [];
  const vpcId = await vpcOf(kube, cloud, nodeEnis, instanceId, o.clusterIdFlag);
  const [srcEni, dstEni] = await Promise.all([eniOf(cloud, src, vpcId), eniOf(cloud, dst, vpcId)]);
  const orderKnown = orderShown([...nodeEnis, srcEni, dstEni].filter((e): e is Eni => e !== undefined).map((e) => e.groups));
  const rules = await readRules(cloud, [...new Set([...(srcEni?.groups ?? []), ...(dstEni?.groups ?? [])])]);
  const sets = await readTemplates(cloud, rules.values());
  return reachReport('tke', vpcId, destination.packet, readSide(src, srcEni, rules, vpcId, orderKnown), readSide(dst, dstEni, rules, vpcId, orderKnown), (groups, direction, packet, peer, orderUnread) =>
    evaluateTencentLeg(groups, direction, packet, peer, sets, orderUnread),
  );
}

export interface ReachOptions {
  clusterIdFlag?: string;
  cloud: CloudOpener;
}
