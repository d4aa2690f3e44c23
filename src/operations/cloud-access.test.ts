import { describe, expect, it } from 'vitest';
import type { V1Node } from '@kubernetes/client-node';
import { lazyCloud, regionHintsOf } from './cloud-access.ts';

describe('regionHintsOf', () => {
  it('takes the first region label of the nodes', () => {
    const node = (labels: Record<string, string>) => ({ metadata: { labels } }) as V1Node;
    expect(regionHintsOf([node({}), node({ 'failure-domain.beta.kubernetes.io/region': 'sh' })])).toEqual(['sh']);
    expect(regionHintsOf([])).toEqual([]);
  });
});

describe('lazyCloud', () => {
  it('opens the cloud once', async () => {
    let n = 0;
    const open = lazyCloud(async () => ((n += 1), { cloud: undefined, missing: 'x' }));
    await Promise.all([open([]), open(['gz'])]);
    expect(n).toBe(1);
  });
});
