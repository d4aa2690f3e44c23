// Tencent Cloud's groups as show pod lists them, for both providers whose pods hold Tencent groups
// (TKE's ENIs, super nodes' container instances).
import { summariseRules } from '../domain/rule-summary.ts';
import type { TencentCloud } from '../adapters/tencent/index.ts';
import type { GroupView } from './group-view.ts';

/** Names, descriptions and rules of the groups, in the order given (priority). */
export async function groupViews(cloud: TencentCloud, ids: readonly string[]): Promise<GroupView[]> {
  if (ids.length === 0) return [];
  const { groups } = await cloud.vpc.describeSecurityGroups(ids);
  // Rules only of the groups that exist: a group deleted while still bound has none to read.
  const rules = new Map(await Promise.all(groups.map(async (g) => [g.id, await cloud.vpc.describeSecurityGroupRules(g.id)] as const)));
  const byId = new Map(groups.map((g) => [g.id, g]));
  return ids.map((id) => {
    const g = byId.get(id);
    const r = rules.get(id);
    return { id, name: g?.name, description: g?.description, rules: r ? summariseRules(r) : undefined };
  });
}
