// Nodes counted by state, each once: the figures `show cluster` reports and the TUI's header shows.
import type { NodeState } from './node-state.ts';

export interface NodeCounts {
  total: number;
  inSync: number;
  drifted: number;
  disabled: number;
  syncPending: number;
  /** Nodes without a NodeENIConfig (ipamd has not configured them, or the CRD is missing). */
  noNec: number;
  /** The cloud was not asked, so the ENIs' groups are not known. */
  unknown: number;
}

export function countNodes(nodes: Iterable<{ hasNec: boolean; state: NodeState }>): NodeCounts {
  const counts: NodeCounts = { total: 0, inSync: 0, drifted: 0, disabled: 0, syncPending: 0, noNec: 0, unknown: 0 };
  for (const n of nodes) {
    counts.total++;
    if (!n.hasNec) counts.noNec++;
    else if (n.state === 'in-sync') counts.inSync++;
    else if (n.state === 'drifted') counts.drifted++;
    else if (n.state === 'disabled') counts.disabled++;
    else if (n.state === 'sync-pending') counts.syncPending++;
    else counts.unknown++;
  }
  return counts;
}
