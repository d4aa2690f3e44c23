// One object rather than a list: `-o json|yaml` as kubectl prints a single resource (apiVersion
// and kind on top, the fields beside them), and for people a `Key: value` block, kubectl
// describe's layout, with multi-line values indented under their key.
import { dump } from 'js-yaml';
import { visibleLength } from './color.ts';

/** The apiVersion of every document -o json|yaml prints. */
export const API_VERSION = 'kubectl-sg/v1';

export function renderObject(format: 'json' | 'yaml', kind: string, body: object): string {
  const doc = { apiVersion: API_VERSION, kind, ...body };
  return format === 'json' ? JSON.stringify(doc, null, 2) + '\n' : dump(doc, { noRefs: true, lineWidth: -1 });
}

/** `[key, value]` pairs; a value may be several lines (a string[]); an empty value shows `<none>`. */
export function renderFields(fields: ReadonlyArray<readonly [string, string | readonly string[]]>): string {
  const width = Math.max(0, ...fields.map(([k]) => visibleLength(k))) + 2;
  const out: string[] = [];
  for (const [key, value] of fields) {
    const lines = typeof value === 'string' ? [value] : value.length > 0 ? [...value] : [''];
    lines.forEach((line, i) => {
      const head = i === 0 ? `${key}:`.padEnd(width + 1) : ' '.repeat(width + 1);
      out.push((head + (line === '' && lines.length === 1 ? '<none>' : line)).trimEnd());
    });
  }
  return out.join('\n') + '\n';
}
