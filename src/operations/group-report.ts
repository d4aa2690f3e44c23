// What show group reports of a security group, whichever cloud holds it: its rules and their
// lint findings, the rule limit, which ENIs carry it and who asks for it; and the refusal when a
// group does not exist.
import { BadInputError } from '../domain/bad-input.ts';
import type { LintFinding } from '../domain/rule-lint.ts';
import type { SecurityRule } from '../domain/security-rule.ts';

export class GroupNotFoundError extends BadInputError {
  constructor(ids: readonly string[], region: string) {
    const what = ids.length === 1 ? `security group ${ids[0]}` : `security groups ${ids.join(', ')}`;
    super(`${what} not found in region ${region}: check the ID, or pass --region if it lives in another region`);
  }
}

export interface GroupUse {
  node: string;
  instanceId: string;
  eniId: string;
  primary: boolean;
  /** 1 = highest: the group's place in the ENI's list. */
  priority: number;
  /** On ECI the ENI is a pod's instance's: that pod, namespace/name. */
  pod?: string;
}

export interface GroupReport {
  id: string;
  name: string;
  description: string;
  isDefault: boolean;
  /** Ingress then egress, each in priority order. */
  rules: SecurityRule[];
  /** The account's cap on rules per group; undefined when the API did not say. */
  ruleLimit: number | undefined;
  findings: LintFinding[];
  /** undefined when the cluster could not be read (e.g. no RBAC to list nodes). */
  usedBy: GroupUse[] | undefined;
  /** Nodes whose NEC lists the group. */
  desiredBy: string[] | undefined;
  /** Why usage is missing, in one line. */
  usageNote: string | undefined;
}
