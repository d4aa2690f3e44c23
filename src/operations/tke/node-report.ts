// One row per node of `show node`: the NEC's desired groups, where they came from, the node's
// annotations, and (when the cloud is asked) what every ENI of its instance actually carries.
// Reads are batched: one paged list of nodes, one of NECs, ENIs by instance in calls of 100.
import { assessNode, groupSource, type EniGroups, type GroupSource, type NodeState } from '../../domain/tke/node-state.ts';
import type { ClusterPolicy } from '../../domain/cluster-policy.ts';
import { KubeApiError, type KubeClient } from '../../adapters/kube/kube-client.ts';
import { DISABLE_ANNOTATION, NEED_SYNC_ANNOTATION, instanceIdOf, listNecs, type NodeEniConfig } from '../../adapters/kube/tke/objects.ts';
import type { Eni, VpcApi } from '../../adapters/tencent/vpc.ts';
import { classifyEnis, type EniClass } from '../../domain/tke/eni-kind.ts';
import { orderShown } from '../../domain/tke/group-order.ts';
import type { KubeNode } from '../../adapters/kube/nodes.ts';

export interface NodeReport {
  name: string;
  instanceId: string | undefined;
  desiredGroups: string[];
  source: GroupSource;
  hasNec: boolean;
  /** The NEC as read (its resourceVersion guards a write made from this report). */
  nec: NodeEniConfig | undefined;
  disabled: boolean;
  syncPending: boolean;
  state: NodeState;
  /** undefined when the cloud was not asked. */
  inSync: boolean | undefined;
  driftedEnis: string[];
  /** ENIs with the desired groups in an order that cannot be read back (group-order.ts): not drift. */
  orderUnread: string[];
  primaryGroups: string[] | undefined;
  /** Primary first; undefined when the cloud was not asked. */
  enis: KindedEni[] | undefined;
}

/** Where a report's ENIs come from: the cloud's VPC API, or show node's read-ahead over it (node-read-ahead.ts). */
export type EniReader = Pick<VpcApi, 'describeEnisByInstances'>;

/** An ENI with its kind: only `shared` ones count for drift and verification (docs/assumptions.md). */
export type KindedEni = EniGroups & EniClass;

/**
 * The ENIs of each instance, classified together: one node's ipamd-named ENIs vouch for the
 * naming on all the others (eni-kind.ts). Primary first.
 */
export function kindedEnisByInstance(enis: readonly Eni[]): Map<string, KindedEni[]> {
  const kinds = classifyEnis(enis);
  const byInstance = new Map<string, KindedEni[]>();
  enis.forEach((e, i) => {
    if (!e.instanceId) return;
    const list = byInstance.get(e.instanceId) ?? [];
    list.push({ id: e.id, primary: e.primary, groups: e.groups, ...kinds[i]! });
    byInstance.set(e.instanceId, list);
  });
  for (const list of byInstance.values()) list.sort((a, b) => Number(b.primary) - Number(a.primary));
  return byInstance;
}

/**
 * Every NEC, in one answer; none on a cluster without the NEC CRD (ipamd < v3.2.0 or no
 * VPC-CNI), where every node says so. Unpaged because a NEC is a custom resource: kube-apiserver
 * serves a list, or a first page, from its watch cache, but every further page from etcd, each
 * object decoded and pruned against the CRD's schema again. 5,000 NECs took 1.2–1.6 s in pages of
 * 500 and 0.4–0.5 s in one answer (v1.33, docs/benchmarks.md); they are small (~1.2 KB each).
 */
export function readNecs(kube: KubeClient): Promise<NodeEniConfig[]> {
  return listNecs(kube, { limit: 0 }).catch((err: unknown) => {
    if (err instanceof KubeApiError && err.status === 404) return [] as NodeEniConfig[];
    throw err;
  });
}

/**
 * The cluster policy may still be on its way (a promise): the NECs and ENIs are then read while
 * it is, e.g. while the addon values are asked for (a cloud round trip). `necsRead`: the NECs
 * when their read was started earlier (readNecs).
 */
export async function readNodeReports(
  kube: KubeClient,
  nodes: KubeNode[],
  policyOrPending: ClusterPolicy | Promise<ClusterPolicy>,
  vpc: EniReader | undefined,
  necsRead?: Promise<NodeEniConfig[]>,
): Promise<NodeReport[]> {
  const [necs, enis, policy] = await Promise.all([
    necsRead ?? readNecs(kube),
    vpc ? vpc.describeEnisByInstances(nodes.map(instanceIdOf).filter((id): id is string => id !== undefined)) : undefined,
    policyOrPending,
  ]);
  const necByName = new Map(necs.map((n) => [n.metadata.name, n]));
  const enisByInstance = kindedEnisByInstance(enis ?? []);
  // One list out of ascending order anywhere in the read shows the cloud lists groups as bound.
  const shown = orderShown((enis ?? []).map((e) => e.groups));
  return nodes.map((node) => {
    const name = node.metadata?.name ?? '';
    const instanceId = instanceIdOf(node);
    const nec = necByName.get(name);
    const desired = nec?.spec?.securityGroups ?? [];
    const annotations = node.metadata?.annotations ?? {};
    const nodeEnis = enis === undefined ? undefined : (enisByInstance.get(instanceId ?? '') ?? []);
    const primaryGroups = nodeEnis?.find((e) => e.primary)?.groups;
    const disabled = annotations[DISABLE_ANNOTATION] === 'yes';
    const syncPending = annotations[NEED_SYNC_ANNOTATION] === 'true';
    const assessment = assessNode({ desired, disabled, syncPending, enis: nodeEnis, orderShown: shown });
    return {
      name,
      instanceId,
      desiredGroups: desired,
      source: groupSource(desired, policy.enabled ? policy.globalList : [], primaryGroups),
      hasNec: nec !== undefined,
      nec,
      disabled,
      syncPending,
      state: assessment.state,
      inSync: assessment.inSync,
      driftedEnis: assessment.driftedEnis,
      orderUnread: assessment.orderUnread,
      primaryGroups,
      enis: nodeEnis,
    };
  });
}
