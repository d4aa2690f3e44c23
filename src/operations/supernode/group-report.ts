// `show group` on a cluster whose only Tencent provider is super nodes: each group's rules and
// their lint. Which super-node pods carry a group is what show node lists (their instances' groups).
import { checkGroupIdList, TENCENT_GROUP_ID } from '../../domain/security-group-id.ts';
import { lintRules } from '../../domain/rule-lint.ts';
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import { firstNode } from '../../adapters/kube/nodes.ts';
import { regionHintsOf, type CloudOpener } from '../cloud-access.ts';
import { GroupNotFoundError, type GroupReport } from '../group-report.ts';

export async function readSuperNodeGroupReports(kube: KubeClient, ids: readonly string[], open: CloudOpener): Promise<GroupReport[]> {
  const wanted = checkGroupIdList(ids, TENCENT_GROUP_ID, 'kubectl sg show group');
  const node = await firstNode(kube).catch(() => undefined);
  const session = await open(regionHintsOf(node ? [node] : []));
  if (!session.cloud) throw new Error(`show group reads the groups from Tencent Cloud: ${session.missing ?? 'no cloud access'}`);
  const cloud = session.cloud;
  const { groups, missing } = await cloud.vpc.describeSecurityGroups(wanted);
  if (missing.length > 0) throw new GroupNotFoundError(missing, cloud.clients.region);
  const [rules, limits] = await Promise.all([Promise.all(groups.map((g) => cloud.vpc.describeSecurityGroupRules(g.id))), cloud.vpc.securityGroupLimits()]);
  return groups.map((g, i) => ({
    id: g.id,
    name: g.name,
    description: g.description,
    isDefault: g.isDefault,
    rules: rules[i]!,
    ruleLimit: limits.securityGroupPolicyLimit,
    findings: lintRules(rules[i]!, limits.securityGroupPolicyLimit ?? Number.POSITIVE_INFINITY),
    usedBy: undefined,
    desiredBy: undefined,
    usageNote: 'super-node pods carry groups on their container instances: kubectl sg show node -l node.kubernetes.io/instance-type=eklet lists them',
  }));
}
