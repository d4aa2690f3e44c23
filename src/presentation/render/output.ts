// The -o formats every read verb offers. JSON and YAML are the stable, documented contract
// (top-level `kind` and `items`); table and wide are for people and may change.
import { dump } from 'js-yaml';

export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface Listing<T> {
  kind: string;
  items: T[];
}

export function renderStructured<T>(format: 'json' | 'yaml', listing: Listing<T>): string {
  const doc = { apiVersion: 'kubectl-sg/v1', ...listing };
  return format === 'json' ? JSON.stringify(doc, null, 2) + '\n' : dump(doc, { noRefs: true, lineWidth: -1 });
}
