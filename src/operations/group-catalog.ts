// The groups a picker offers, whichever cloud they are in: name, how many rules, the lint
// findings of those rules, and how many groups one ENI (or instance) may carry. Each provider
// reads its own (tke/group-catalog.ts, eci/group-catalog.ts).
import type { LintFinding } from '../domain/rule-lint.ts';

export interface CatalogGroup {
  id: string;
  name: string;
  description: string;
  ruleCount: number;
  findings: LintFinding[];
}

export interface GroupCatalog {
  /** By name, then ID: the order a person scans a list in. */
  groups: CatalogGroup[];
  /** The most groups one ENI may carry: a node's list may not be longer. */
  groupsPerEni: number;
}
