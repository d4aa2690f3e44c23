// The answer of `reach` as both providers give it: each side (what the command line named, the
// address compared, the ENI and groups that hold it, or why it is outside the evaluation), each
// leg's evaluation, and the verdict. tke/reach-report.ts fills it on TKE, eci/reach-report.ts on ECI.
import { parseRange, type AddressRange } from '../domain/reach/ip-address.ts';
import type { LegResult, LegVerdict, Packet, Peer } from '../domain/reach/match.ts';
import type { Side } from '../domain/reach/target.ts';
import { overallVerdict, type Leg } from '../domain/reach/verdict.ts';
import type { KubeNode } from '../adapters/kube/nodes.ts';

export interface ReachSideReport {
  /** As the command line named it: pod/NAMESPACE/NAME, node/NAME, an address or a CIDR block. */
  named: string;
  /** The address the rules are compared with (a CIDR block for a CIDR side). */
  address: string;
  /** The ENI holding the address (on ECI: the instance's). */
  eni: { id: string; primary: boolean; instanceId: string | undefined } | undefined;
  /** Its groups in priority order; undefined: the side is outside the evaluation. */
  groups: string[] | undefined;
  /** Why the side is outside the evaluation, or what else is worth knowing about it. */
  note: string | undefined;
}

export interface ReachReport {
  provider: 'tke' | 'eci';
  vpcId: string;
  packet: Packet;
  source: ReachSideReport;
  destination: ReachSideReport;
  egress: Leg;
  ingress: Leg;
  verdict: LegVerdict;
  reason: string;
}

/** A side once read: what the report shows, its addresses, and its groups' rules (undefined: outside). */
export interface ReadSide<G> {
  report: ReachSideReport;
  range: AddressRange;
  rules: readonly G[] | undefined;
  /** Tencent: the ENI's groups are listed in an order that may be the cloud's sorting, not their priority. */
  orderUnread?: boolean;
}

export type LegEvaluator<G> = (groups: readonly G[], direction: 'ingress' | 'egress', packet: Packet, peer: Peer, orderUnread: boolean) => LegResult;

/** Both legs and the verdict, whichever cloud's evaluator applies. */
export function reachReport<G>(provider: ReachReport['provider'], vpcId: string, packet: Packet, src: ReadSide<G>, dst: ReadSide<G>, evaluate: LegEvaluator<G>): ReachReport {
  const peer = (side: ReadSide<G>): Peer => ({ text: side.report.address, range: side.range, groups: side.report.groups });
  const leg = (side: ReadSide<G>, direction: 'ingress' | 'egress', other: ReadSide<G>): Leg =>
    side.rules ? { result: evaluate(side.rules, direction, packet, peer(other), side.orderUnread ?? false), note: undefined } : { result: undefined, note: side.report.note };
  const egress = leg(src, 'egress', dst);
  const ingress = leg(dst, 'ingress', src);
  return { provider, vpcId, packet, source: src.report, destination: dst.report, egress, ingress, ...overallVerdict(egress, ingress) };
}

/** A side before the cloud is asked: its address, and the node that tells region and VPC. */
export interface Located {
  named: string;
  address: string;
  range: AddressRange;
  node: KubeNode | undefined;
  note: string | undefined;
}

/** A pod's or node's address as Kubernetes reports it. */
export function located(named: string, ip: string, node: KubeNode | undefined, note?: string): Located {
  const range = parseRange(ip);
  if (!range || range.first !== range.last) throw new Error(`${named} reports the address "${ip}", which is not one IP address`);
  return { named, address: ip, range, node, note };
}

export const addressSide = (side: Extract<Side, { kind: 'address' }>): Located => ({ named: side.text, address: side.text, range: side.range, node: undefined, note: undefined });

/** One address, not a block: the only kind of side an ENI can hold. */
export const isOneAddress = (side: Located) => side.range.first === side.range.last;

/** The side left out of the evaluation, and why. */
export function outside(side: Located, why: string): ReachSideReport {
  return { named: side.named, address: side.address, eni: undefined, groups: undefined, note: side.note ? `${side.note}; ${why}` : why };
}

export const CIDR_OUTSIDE = 'a CIDR block is no one ENI: its groups are not known';
