import { describe, expect, it } from 'vitest';
import { writeStructured } from './output.ts';

/** What writeStructured writes, and the pieces it wrote it in. */
function written(format: 'json' | 'yaml', kind: string, items: Iterable<unknown>): { text: string; pieces: number } {
  const pieces: string[] = [];
  writeStructured(format, kind, items, (t) => void pieces.push(t));
  return { text: pieces.join(''), pieces: pieces.length };
}

describe('writeStructured', () => {
  it('writes JSON.stringify(document, null, 2) byte for byte, with the kind and items under apiVersion', () => {
    const lists: unknown[][] = [
      [],
      [{ name: 'a', desiredGroups: ['sg-1'] }],
      [{ name: '10.0.0.1', enis: [], empty: {}, n: 0, no: null, skipped: undefined, nested: { deep: [[1, 2], { x: 'y' }] } }, { name: 'b' }],
      // Text JSON escapes (a newline inside a string must not be indented), non-ASCII, an item JSON cannot show.
      [{ note: 'two\nlines "quoted"\ttab', utf: 'ノード ✓ 🚀' }, undefined, 'plain', 7],
    ];
    for (const items of lists) {
      const expected = JSON.stringify({ apiVersion: 'kubectl-sg/v1', kind: 'NodeList', items }, null, 2) + '\n';
      expect(written('json', 'NodeList', items).text).toBe(expected);
    }
  });

  it('writes a long list in pieces, turning each item into JSON only when its turn comes', () => {
    const items = Array.from({ length: 3000 }, (_, i) => ({ name: `10.0.${i >> 8}.${i & 255}`, groups: ['sg-aaaaaaaa', 'sg-bbbbbbbb'] }));
    let made = 0;
    function* lazily() {
      for (const item of items) {
        made++;
        yield item;
      }
    }
    const pieces: string[] = [];
    writeStructured('json', 'NodeList', lazily(), (t) => {
      pieces.push(t);
      // The first piece goes out long before the last item is made.
      if (pieces.length === 1) expect(made).toBeLessThan(items.length / 2);
    });
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.join('')).toBe(JSON.stringify({ apiVersion: 'kubectl-sg/v1', kind: 'NodeList', items }, null, 2) + '\n');
  });

  it('writes YAML whole, with the same fields', () => {
    expect(written('yaml', 'NodeList', [{ name: 'a', desiredGroups: ['sg-1'] }])).toEqual({
      text: 'apiVersion: kubectl-sg/v1\nkind: NodeList\nitems:\n  - name: a\n    desiredGroups:\n      - sg-1\n',
      pieces: 1,
    });
  });
});
