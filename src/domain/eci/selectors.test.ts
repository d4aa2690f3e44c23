import { describe, expect, it } from 'vitest';
import { parseSelectors, readsNamespaceLabels, selectorGroups, selectorMatches } from './selectors.ts';

const selectors = (v: unknown) => parseSelectors(JSON.stringify(v));

describe('parseSelectors', () => {
  it('reads name, both selectors and the effect; "" means none', () => {
    expect(parseSelectors('')).toEqual({ selectors: [], problems: [] });
    expect(parseSelectors(undefined)).toEqual({ selectors: [], problems: [] });
    const r = selectors([
      { name: 'web', namespaceSelector: { matchLabels: { team: 'a' } }, objectSelector: { matchLabels: { app: 'web' } }, effect: { annotations: { 'k8s.aliyun.com/eci-security-group': 'sg-a1234567, sg-b1234567' }, labels: { x: 'y' } } },
    ]);
    expect(r.problems).toEqual([]);
    expect(r.selectors[0]).toMatchObject({ name: 'web', namespaceSelector: { matchLabels: { team: 'a' } }, effect: { labels: { x: 'y' } } });
    expect(selectorGroups(r.selectors[0]!)).toEqual(['sg-a1234567', 'sg-b1234567']);
  });
  it('names each problem', () => {
    expect(parseSelectors('nope').problems[0]).toMatch(/not valid JSON/);
    expect(selectors([1, { name: '' }, { name: 'a', effect: 'x' }, { name: 'a', objectSelector: { matchLabels: { k: 1 } } }]).problems).toEqual([
      'selectors[0] is not an object',
      'selectors[1] has no name (every selector needs one)',
      'selector "a": effect must be an object with annotations and labels',
      'selector "a" is defined twice',
      'selector "a": objectSelector.matchLabels.k must be a string, not 1',
    ]);
    expect(selectors([{ name: 'a', objectSelector: { matchExpressions: [{ key: 'k', operator: 'Near' }] } }]).problems).toEqual([
      'selector "a": objectSelector.matchExpressions[0] needs a key and an operator In, NotIn, Exists or DoesNotExist',
    ]);
  });
});

describe('selectorMatches', () => {
  const [byBoth, byNothing, byExpr] = selectors([
    { name: 'both', namespaceSelector: { matchLabels: { team: 'a' } }, objectSelector: { matchLabels: { app: 'web' } } },
    { name: 'all' },
    { name: 'expr', objectSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }, { key: 'legacy', operator: 'DoesNotExist' }] } },
  ]).selectors;
  it('needs every label of both selectors; no selector matches every pod', () => {
    expect(selectorMatches(byBoth!, { team: 'a' }, { app: 'web', v: '1' })).toBe(true);
    expect(selectorMatches(byBoth!, { team: 'b' }, { app: 'web' })).toBe(false);
    expect(selectorMatches(byBoth!, { team: 'a' }, {})).toBe(false);
    expect(selectorMatches(byNothing!, {}, {})).toBe(true);
    expect(selectorGroups(byNothing!)).toBeUndefined();
  });
  it('honours matchExpressions', () => {
    expect(selectorMatches(byExpr!, {}, { tier: 'edge' })).toBe(true);
    expect(selectorMatches(byExpr!, {}, { tier: 'back' })).toBe(false);
    expect(selectorMatches(byExpr!, {}, { tier: 'front', legacy: 'yes' })).toBe(false);
  });
});

describe('readsNamespaceLabels', () => {
  const parsed = (json: unknown) => parseSelectors(JSON.stringify(json)).selectors;

  it('is false when no selector has a namespaceSelector, or only empty ones', () => {
    expect(readsNamespaceLabels([])).toBe(false);
    expect(readsNamespaceLabels(parsed([{ name: 'web', objectSelector: { matchLabels: { app: 'web' } } }]))).toBe(false);
    expect(readsNamespaceLabels(parsed([{ name: 'all' }, { name: 'empty', namespaceSelector: { matchLabels: {} } }]))).toBe(false);
  });

  it('is true when any selector names namespace labels or expressions', () => {
    expect(readsNamespaceLabels(parsed([{ name: 'web', objectSelector: { matchLabels: { app: 'web' } } }, { name: 'pay', namespaceSelector: { matchLabels: { team: 'pay' } } }]))).toBe(true);
    expect(readsNamespaceLabels(parsed([{ name: 'strict', namespaceSelector: { matchExpressions: [{ key: 'isolation', operator: 'Exists' }] } }]))).toBe(true);
  });
});
