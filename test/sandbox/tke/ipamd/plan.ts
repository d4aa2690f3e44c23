// What one secondary ENI needs, as the two API calls ipamd has: Disassociate (remove) then
// Associate (add). Associate appends groups after the ENI's current ones, in the order given
// (the emulator's model of priority), so reaching an exact ordered list may need removing
// groups that are in the target but out of order.
//
// Modes:
// - 'strong' (v3.3.2+, and any resync): the ENI ends with exactly the target, in order;
// - 'bind-if-empty' (v3.2.0 - v3.3.1): an ENI with no group gets the target, an ENI with
//   groups keeps them (seed 000: "the bound security groups will be retained");
// - 'unbind-all' (disable-node-eni-security-groups = "yes"): every group is removed.

export type SyncMode = 'strong' | 'bind-if-empty' | 'unbind-all';

export interface EniChange {
  eniId: string;
  remove: string[];
  add: string[];
}

export function planEni(eniId: string, current: readonly string[], target: readonly string[], mode: SyncMode): EniChange | undefined {
  if (mode === 'unbind-all') return current.length > 0 ? { eniId, remove: [...current], add: [] } : undefined;
  if (mode === 'bind-if-empty' && current.length > 0) return undefined;
  const wanted = new Set(target);
  const remove = current.filter((g) => !wanted.has(g));
  const kept = current.filter((g) => wanted.has(g));
  // The longest prefix of `kept` that already matches the target's order stays bound.
  let k = 0;
  while (k < kept.length && kept[k] === target[k]) k++;
  remove.push(...kept.slice(k));
  const add = target.slice(k);
  if (remove.length === 0 && add.length === 0) return undefined;
  return { eniId, remove, add };
}

/** The groups an ENI has after a change (for logs and tests). */
export function applyChange(current: readonly string[], c: EniChange | undefined): string[] {
  if (!c) return [...current];
  const after = current.filter((g) => !c.remove.includes(g));
  for (const g of c.add) if (!after.includes(g)) after.push(g);
  return after;
}
