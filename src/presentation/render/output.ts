// The -o formats every read verb offers. JSON and YAML are the stable, documented contract
// (top-level `kind` and `items`); table and wide are for people and may change.
import { API_VERSION, renderObject } from './object.ts';

export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml'] as const;

/** The document formats of -o: the ones whose output is the stable contract rather than text for people. */
export type StructuredFormat = 'json' | 'yaml';

/** json or yaml when -o names one, else undefined (a table is printed). */
export const structuredFormat = (output: string): StructuredFormat | undefined => (output === 'json' || output === 'yaml' ? output : undefined);

/** Text written a piece at a time (process.stdout by default). */
export type Write = (text: string) => void;

const toStdout: Write = (text) => void process.stdout.write(text);

/** Pieces of about this many characters: few writes, and never the whole document at once. */
const PIECE = 64 * 1024;

/**
 * A list printed as one object whose fields are its kind and items. In JSON, each item is turned
 * into text as its turn comes and written in pieces, so 5,000 nodes are never held as one string
 * (~5 MB, and its bytes again on the way out), nor as all their JSON objects at once: the text is
 * JSON.stringify(document, null, 2)'s own, byte for byte. YAML is written whole.
 */
export function writeStructured(format: StructuredFormat, kind: string, items: Iterable<unknown>, write: Write = toStdout): void {
  if (format === 'yaml') return write(renderObject(format, kind, { items: [...items] }));
  let piece = `{\n  "apiVersion": ${JSON.stringify(API_VERSION)},\n  "kind": ${JSON.stringify(kind)},\n  "items": [`;
  let first = true;
  for (const item of items) {
    // An item JSON cannot show (undefined, a function) is null in an array, as in JSON.stringify.
    const text = JSON.stringify(item, null, 2) ?? 'null';
    piece += `${first ? '' : ','}\n    ${text.replaceAll('\n', '\n    ')}`;
    first = false;
    if (piece.length >= PIECE) {
      write(piece);
      piece = '';
    }
  }
  write(`${piece}${first ? ']' : '\n  ]'}\n}\n`);
}
