// The two ways the Alibaba APIs cap one answer: at most N IDs per request (a JSON array
// parameter; ../net/chunks.ts), and pages chained by NextToken (no total to fan out from, so
// pages are asked one after another).
export { chunks } from '../net/chunks.ts';

/** Every page, following NextToken until the API stops giving one. */
export async function allTokenPages<T>(fetchPage: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken?: string }>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    items.push(...page.items);
    token = page.nextToken || undefined;
  } while (token);
  return items;
}
