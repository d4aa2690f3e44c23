// The -o formats every read verb offers. JSON and YAML are the stable, documented contract
// (top-level `kind` and `items`); table and wide are for people and may change.
import { renderObject } from './object.ts';

export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface Listing<T> {
  kind: string;
  items: T[];
}

/** A list is printed as one object whose fields are its kind and items. */
export function renderStructured<T>(format: 'json' | 'yaml', listing: Listing<T>): string {
  return renderObject(format, listing.kind, listing);
}
