import { describe, expect, it } from 'vitest';
import { renderPrometheus } from './prometheus.ts';

describe('renderPrometheus', () => {
  it('writes HELP and TYPE once per family, then its samples, and ends with a line feed', () => {
    const text = renderPrometheus([
      { name: 'a_total', help: 'As.', type: 'gauge', samples: [{ labels: { cluster: 'x' }, value: 1 }, { labels: { cluster: 'y' }, value: 2 }] },
      { name: 'b', help: 'Bs.', type: 'gauge', samples: [{ labels: {}, value: 0 }] },
    ]);
    expect(text).toBe('# HELP a_total As.\n# TYPE a_total gauge\na_total{cluster="x"} 1\na_total{cluster="y"} 2\n# HELP b Bs.\n# TYPE b gauge\nb 0\n');
  });

  it('escapes backslash, double quote and line feed in label values, backslash and line feed in HELP', () => {
    const text = renderPrometheus([{ name: 'm', help: 'one\\two\nthree "q"', type: 'gauge', samples: [{ labels: { cluster: 'a\\b"c\nd' }, value: 3 }] }]);
    expect(text.split('\n')).toEqual(['# HELP m one\\\\two\\nthree "q"', '# TYPE m gauge', 'm{cluster="a\\\\b\\"c\\nd"} 3', '']);
  });

  it('leaves out a family with no sample, and refuses names the format cannot carry', () => {
    expect(renderPrometheus([{ name: 'm', help: 'h', type: 'gauge', samples: [] }])).toBe('');
    expect(() => renderPrometheus([{ name: 'kubectl-sg', help: 'h', type: 'gauge', samples: [{ labels: {}, value: 1 }] }])).toThrow(/metric name/);
    expect(() => renderPrometheus([{ name: 'm', help: 'h', type: 'gauge', samples: [{ labels: { 'a-b': 'x' }, value: 1 }] }])).toThrow(/label name/);
  });
});
