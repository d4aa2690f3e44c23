// `show group`: each security group's name, description and rules, which of the cluster's
// nodes' ENIs carry it (and at which priority), which nodes' NECs ask for it, and the lint
// findings of its rules against the account's rule limit. Reads only: the groups and their
// rules, the limits, nodes and NECs (paged), the nodes' ENIs (batched by 100 instances).
import { checkGroupIdList, TENCENT_GROUP_ID } from '../../domain/security-group-id.ts';
import { lintRules } from '../../domain/rule-lint.ts';
import { KubeApiError, type KubeClient } from '../../adapters/kube/kube-client.ts';
import { instanceIdOf, listNecs, type NodeEniConfig } from '../../adapters/kube/tke/objects.ts';
import type { TencentCloud } from '../../adapters/tencent/index.ts';
import { errorMessage } from '../../domain/error-message.ts';
import { type CloudOpener, regionHintsOf } from '../cloud-access.ts';
import { listNodes, type KubeNode } from '../../adapters/kube/nodes.ts';
import { GroupNotFoundError, type GroupReport, type GroupUse } from '../group-report.ts';

/** Checks every ID before any call; duplicates are dropped, order kept. */
export const checkGroupIds = (ids: readonly string[]): string[] => checkGroupIdList(ids, TENCENT_GROUP_ID, 'kubectl sg show group');

export async function readGroupReports(kube: KubeClient, ids: readonly string[], open: CloudOpener): Promise<GroupReport[]> {
  const wanted = checkGroupIds(ids);
  const cluster = await readCluster(kube);
  const session = await open('note' in cluster ? [] : regionHintsOf(cluster.nodes));
  if (!session.cloud) throw new Error(`show group reads the groups from Tencent Cloud: ${session.missing ?? 'no cloud access'}`);
  const cloud = session.cloud;
  const { groups, missing } = await cloud.vpc.describeSecurityGroups(wanted);
  if (missing.length > 0) throw new GroupNotFoundError(missing, cloud.clients.region);

  const [rules, limits, usage] = await Promise.all([
    Promise.all(groups.map((g) => cloud.vpc.describeSecurityGroupRules(g.id))),
    cloud.vpc.securityGroupLimits(),
    'note' in cluster ? cluster : clusterUsage(cluster, cloud, new Set(wanted)),
  ]);
  const ruleLimit = limits.securityGroupPolicyLimit;
  return groups.map((g, i) => {
    const r = rules[i]!;
    return {
      id: g.id,
      name: g.name,
      description: g.description,
      isDefault: g.isDefault,
      rules: r,
      ruleLimit,
      findings: lintRules(r, ruleLimit ?? Number.POSITIVE_INFINITY),
      usedBy: 'note' in usage ? undefined : (usage.enis.get(g.id) ?? []),
      desiredBy: 'note' in usage ? undefined : (usage.necs.get(g.id) ?? []),
      usageNote: 'note' in usage ? usage.note : undefined,
    };
  });
}

type Cluster = { nodes: KubeNode[]; necs: NodeEniConfig[] } | { note: string };
type Usage = { enis: Map<string, GroupUse[]>; necs: Map<string, string[]> } | { note: string };

async function readCluster(kube: KubeClient): Promise<Cluster> {
  try {
    const [nodes, necs] = await Promise.all([
      listNodes(kube),
      listNecs(kube).catch((err: unknown) => {
        if (err instanceof KubeApiError && err.status === 404) return [] as NodeEniConfig[];
        throw err;
      }),
    ]);
    return { nodes, necs };
  } catch (err) {
    // The groups can still be shown; which nodes use them is extra, so its failure is a note.
    return { note: `which nodes use it is unknown: ${errorMessage(err)}` };
  }
}

async function clusterUsage(cluster: { nodes: KubeNode[]; necs: NodeEniConfig[] }, cloud: TencentCloud, wanted: Set<string>): Promise<Usage> {
  const nodeOf = new Map<string, string>();
  for (const n of cluster.nodes) {
    const ins = instanceIdOf(n);
    if (ins) nodeOf.set(ins, n.metadata?.name ?? '');
  }
  const enis = await cloud.vpc.describeEnisByInstances([...nodeOf.keys()]);
  const byGroup = new Map<string, GroupUse[]>();
  for (const e of enis) {
    e.groups.forEach((g, i) => {
      if (!wanted.has(g) || !e.instanceId) return;
      const list = byGroup.get(g) ?? [];
      list.push({ node: nodeOf.get(e.instanceId) ?? '', instanceId: e.instanceId, eniId: e.id, primary: e.primary, priority: i + 1 });
      byGroup.set(g, list);
    });
  }
  const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
  for (const list of byGroup.values()) list.sort((a, b) => byName(a.node, b.node) || Number(b.primary) - Number(a.primary));
  const byNec = new Map<string, string[]>();
  for (const nec of cluster.necs) {
    for (const g of nec.spec?.securityGroups ?? []) {
      if (wanted.has(g)) byNec.set(g, [...(byNec.get(g) ?? []), nec.metadata.name]);
    }
  }
  for (const list of byNec.values()) list.sort(byName);
  return { enis: byGroup, necs: byNec };
}
