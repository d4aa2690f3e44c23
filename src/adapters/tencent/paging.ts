// Batches and pages, the two ways the API caps one answer: at most N IDs (or filter values)
// per request, and at most `Limit` results per page. A listing costs the fewest calls when the
// first page of each batch is asked at once and, once its total is known, every other page of
// it is asked at once too; the rate gate keeps that within the action's limit.

/** The API's maximum page size (Limit) for the listing actions used here. */
export const PAGE_SIZE = 100;

export { chunks } from '../net/chunks.ts';

/** Unique, in first-seen order. */
export function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}

export interface Page<T> {
  items: T[];
  /** The API's TotalCount; undefined when it gives none (then paging stops at a short page). */
  total: number | undefined;
}

export interface Paged<T> {
  items: T[];
  /** False when the total changed between pages: something was created or deleted meanwhile. */
  consistent: boolean;
}

export async function allPages<T>(fetchPage: (offset: number, limit: number) => Promise<Page<T>>, limit = PAGE_SIZE): Promise<Paged<T>> {
  const first = await fetchPage(0, limit);
  if (first.total === undefined) {
    const items = [...first.items];
    for (let last = first; last.items.length === limit; ) {
      last = await fetchPage(items.length, limit);
      items.push(...last.items);
    }
    return { items, consistent: true };
  }
  const offsets: number[] = [];
  for (let o = limit; o < first.total; o += limit) offsets.push(o);
  const rest = await Promise.all(offsets.map((o) => fetchPage(o, limit)));
  return {
    items: [...first.items, ...rest.flatMap((p) => p.items)],
    consistent: rest.every((p) => p.total === first.total),
  };
}
