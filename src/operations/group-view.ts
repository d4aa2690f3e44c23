// A security group as show pod lists it, whichever cloud holds it: its name and description, its
// rules summarised.
import type { RuleSummary } from '../domain/rule-summary.ts';

export interface GroupView {
  id: string;
  /** undefined when the group does not exist (any more). */
  name: string | undefined;
  description: string | undefined;
  rules: RuleSummary | undefined;
}
