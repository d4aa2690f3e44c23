import { describe, expect, it } from 'vitest';
import { renderFields, renderObject } from './object.ts';

describe('renderObject', () => {
  it('puts apiVersion and kind on top, the same in JSON and YAML', () => {
    expect(JSON.parse(renderObject('json', 'ClusterReport', { provider: 'tke-vpc-cni', nodes: { total: 3 } }))).toEqual({
      apiVersion: 'kubectl-sg/v1',
      kind: 'ClusterReport',
      provider: 'tke-vpc-cni',
      nodes: { total: 3 },
    });
    expect(renderObject('yaml', 'PodReport', { name: 'web', groups: ['sg-1'] })).toBe('apiVersion: kubectl-sg/v1\nkind: PodReport\nname: web\ngroups:\n  - sg-1\n');
  });
});

describe('renderFields', () => {
  it('aligns values and indents continuation lines', () => {
    expect(renderFields([['Provider', 'TKE VPC-CNI'], ['Resync', ['need-sync: a', 'toggle: b']], ['Global list', '']])).toBe(
      'Provider:     TKE VPC-CNI\nResync:       need-sync: a\n              toggle: b\nGlobal list:  <none>\n',
    );
  });
});
