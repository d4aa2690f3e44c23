// The Alibaba groups a pod of the cluster may take, as the TUI's group views and pickers show
// them: every group of the eci-profile's VPC (ECI refuses groups of another VPC) with its
// type, rule count and lint, and how many one ECI instance takes. Reads only: one paged listing
// and each group's rules.
import { MAX_ECI_GROUPS } from '../../domain/eci/group-set.ts';
import { lintRules } from '../../domain/rule-lint.ts';
import type { AlibabaCloud, AlibabaSecurityGroup } from '../../adapters/alibaba/index.ts';
import type { CatalogGroup, GroupCatalog } from '../group-catalog.ts';
import { ALIBABA_RULE_LIMIT } from './group-report.ts';

export interface EciCatalogGroup extends CatalogGroup {
  /** An instance's groups are all basic or all advanced. */
  type: AlibabaSecurityGroup['type'];
}

export interface EciGroupCatalog extends GroupCatalog {
  groups: EciCatalogGroup[];
}

/** vpcId undefined (the profile names none): every group of the region. */
export async function readEciGroupCatalog(cloud: AlibabaCloud, vpcId: string | undefined): Promise<EciGroupCatalog> {
  const groups = await cloud.listSecurityGroups(vpcId);
  const details = await Promise.all(groups.map((g) => cloud.describeSecurityGroupAttribute(g.id)));
  const catalog = groups.map((g, i) => {
    const rules = details[i]?.rules ?? [];
    return { id: g.id, name: g.name, description: g.description, type: g.type, ruleCount: rules.length, findings: lintRules(rules, ALIBABA_RULE_LIMIT, { type: g.type }) };
  });
  catalog.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }) || a.id.localeCompare(b.id));
  return { groups: catalog, groupsPerEni: MAX_ECI_GROUPS };
}
