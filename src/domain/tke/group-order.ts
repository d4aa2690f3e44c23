// Whether the order of an ENI's groups, as DescribeNetworkInterfaces lists them, can be read as
// their priority. ipamd keeps "the user's order as priority" (changelog v3.3.2), so a list in
// another order is drift; but no public source says the API lists GroupSet in priority order
// rather than, say, sorted by ID (docs/assumptions.md). A list of two or more groups that is not
// in ascending order shows the cloud keeps the order bound; where every list read is ascending,
// a difference in order alone cannot be told from the cloud's sorting, and is not called drift.

function ascending(groups: readonly string[]): boolean {
  return groups.every((g, i) => i === 0 || groups[i - 1]! <= g);
}

/** Some list of the ones read has two or more groups out of ascending order: the cloud lists groups as bound. */
export function orderShown(lists: Iterable<readonly string[]>): boolean {
  for (const l of lists) if (l.length > 1 && !ascending(l)) return true;
  return false;
}

/** The same groups as `desired` in another order, listed ascending: the difference may be the cloud's sorting. */
export function orderUnreadable(listed: readonly string[], desired: readonly string[]): boolean {
  // The very list asked for (none, one group, or already ascending) is in sync: nothing to doubt.
  if (listed.length !== desired.length || !ascending(listed) || listed.every((g, i) => g === desired[i])) return false;
  const want = [...desired].sort();
  return listed.every((g, i) => g === want[i]);
}
