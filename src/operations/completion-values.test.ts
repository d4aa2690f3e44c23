import { describe, expect, it } from 'vitest';
import type { V1Node } from '@kubernetes/client-node';
import type { NodeEniConfig } from '../adapters/kube/tke-objects.ts';
import { labelValues, nodeValues } from './completion-values.ts';

const node = (name: string, labels: Record<string, string> = {}): V1Node => ({ metadata: { name, labels } });
const nec = (name: string, securityGroups: string[]): NodeEniConfig => ({ metadata: { name }, spec: { securityGroups } }) as NodeEniConfig;

describe('node and NodeENIConfig names for completion', () => {
  it('offers every node with its NEC\'s groups, and NECs whose node is gone', () => {
    expect(nodeValues([node('10.0.0.1'), node('10.0.0.2')], [nec('10.0.0.1', ['sg-aaaa1111', 'sg-bbbb2222']), nec('10.0.0.9', [])])).toEqual([
      { value: '10.0.0.1', description: 'NEC: sg-aaaa1111,sg-bbbb2222' },
      { value: '10.0.0.2', description: 'no NodeENIConfig' },
      { value: '10.0.0.9', description: 'NodeENIConfig without a node' },
    ]);
  });

  it('says so when a NEC lists no groups', () => {
    expect(nodeValues([node('n')], [nec('n', [])])).toEqual([{ value: 'n', description: 'NEC: no groups' }]);
  });
});

describe('label selectors for completion', () => {
  it('offers each key=value once, sorted, with how many nodes carry it', () => {
    expect(labelValues([node('a', { pool: 'blue', zone: 'gz-3' }), node('b', { pool: 'blue' })])).toEqual([
      { value: 'pool=blue', description: '2 nodes' },
      { value: 'zone=gz-3', description: '1 node' },
    ]);
  });
});
