// The region's Tencent security groups as a picker shows them (group-catalog.ts). Reads only:
// one paged listing, one limits call, and each group's rules (paced by the adapter's rate gate,
// 100/s).
import { DEFAULT_GROUPS_PER_ENI } from '../../domain/tke/group-limit.ts';
import { lintRules } from '../../domain/rule-lint.ts';
import type { VpcApi } from '../../adapters/tencent/vpc.ts';
import type { GroupCatalog } from '../group-catalog.ts';

export async function readGroupCatalog(vpc: VpcApi): Promise<GroupCatalog> {
  const [groups, limits] = await Promise.all([vpc.listSecurityGroups(), vpc.securityGroupLimits()]);
  const ruleLimit = limits.securityGroupPolicyLimit ?? Number.POSITIVE_INFINITY;
  const rules = await Promise.all(groups.map((g) => vpc.describeSecurityGroupRules(g.id)));
  const catalog = groups.map((g, i) => ({ id: g.id, name: g.name, description: g.description, ruleCount: rules[i]!.length, findings: lintRules(rules[i]!, ruleLimit) }));
  catalog.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }) || a.id.localeCompare(b.id));
  return { groups: catalog, groupsPerEni: limits.instanceSecurityGroupLimit ?? DEFAULT_GROUPS_PER_ENI };
}
