// The nodes the nodes view shows, in order: the rows read (and kept current by the watch),
// sorted, then narrowed by the filter typed after `/`. 5,000 nodes are sorted once per change
// of the rows or of the sort, not per keystroke; a keystroke only filters the sorted list.
import type { NodeReport } from '../../operations/tke/node-report.ts';
import { stateWords, type NodeState } from '../../domain/tke/node-state.ts';

export type NodeSort = 'name' | 'state';

/** Problems first: what an operator opens the view to find. */
const STATE_RANK: Record<NodeState, number> = { drifted: 0, disabled: 1, 'sync-pending': 2, unknown: 3, 'in-sync': 4 };

const collator = new Intl.Collator('en', { numeric: true });

/** One row of text a filter is matched against: name, state, desired groups. */
const haystackOf = (r: NodeReport) => `${r.name} ${stateText(r)} ${r.desiredGroups.join(',')}`.toLowerCase();

/** How the state reads in the list, with `show node`'s words. */
export function stateText(r: NodeReport): string {
  if (!r.hasNec) return 'no NEC';
  return stateWords(r);
}

export function compareNodes(sort: NodeSort): (a: NodeReport, b: NodeReport) => number {
  const byName = (a: NodeReport, b: NodeReport) => collator.compare(a.name, b.name);
  return sort === 'name' ? byName : (a, b) => STATE_RANK[a.state] - STATE_RANK[b.state] || byName(a, b);
}

interface Sorted {
  rows: readonly NodeReport[];
  sort: NodeSort;
  sorted: NodeReport[];
  haystacks: string[];
}

let lastSorted: Sorted | undefined;
let lastShown: { sorted: Sorted; filter: string; shown: NodeReport[] } | undefined;

function sortedOf(rows: readonly NodeReport[], sort: NodeSort): Sorted {
  if (lastSorted?.rows === rows && lastSorted.sort === sort) return lastSorted;
  const sorted = [...rows].sort(compareNodes(sort));
  lastSorted = { rows, sort, sorted, haystacks: sorted.map(haystackOf) };
  return lastSorted;
}

/** The rows shown, in order. Remembers its last answer: a frame asks several times. */
export function shownNodes(rows: readonly NodeReport[], sort: NodeSort, filter: string): NodeReport[] {
  const sorted = sortedOf(rows, sort);
  const needle = filter.trim().toLowerCase();
  if (lastShown?.sorted === sorted && lastShown.filter === needle) return lastShown.shown;
  // 5,000 precomputed lowercase rows scanned with includes(): well under a millisecond.
  const shown = needle === '' ? sorted.sorted : sorted.sorted.filter((_, i) => sorted.haystacks[i]!.includes(needle));
  lastShown = { sorted, filter: needle, shown };
  return shown;
}
