// The -o formats every read verb offers. JSON and YAML are the stable, documented contract
// (top-level `kind` and `items`); table and wide are for people and may change.
import { renderObject } from './object.ts';

export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml'] as const;

/** The document formats of -o: the ones whose output is the stable contract rather than text for people. */
export type StructuredFormat = 'json' | 'yaml';

/** json or yaml when -o names one, else undefined (a table is printed). */
export const structuredFormat = (output: string): StructuredFormat | undefined => (output === 'json' || output === 'yaml' ? output : undefined);

export interface Listing<T> {
  kind: string;
  items: T[];
}

/** A list is printed as one object whose fields are its kind and items. */
export function renderStructured<T>(format: StructuredFormat, listing: Listing<T>): string {
  return renderObject(format, listing.kind, listing);
}
