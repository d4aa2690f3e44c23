// What a plan shows of an edit to a list of lines (container args, a YAML document): the lines
// taken out and the lines put in, without the ones that stayed. Edits here are small and keep
// everything else in place, so the common head and tail are cut first, then lines that only
// moved within the changed middle cancel out.
export interface LineChanges {
  removed: string[];
  added: string[];
}

export function lineChanges(before: readonly string[], after: readonly string[]): LineChanges {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const removed = before.slice(head, before.length - tail);
  const added = after.slice(head, after.length - tail);
  for (let i = removed.length - 1; i >= 0; i--) {
    const j = added.indexOf(removed[i]!);
    if (j >= 0) {
      removed.splice(i, 1);
      added.splice(j, 1);
    }
  }
  return { removed, added };
}
