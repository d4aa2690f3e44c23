import { describe, expect, it } from 'vitest';
import { requestedCandidates, superNodeVerdict, type SuperNodePodFacts } from './requested-groups.ts';

// The documents' order (docs/tke-pod-groups.md §1): annotation, else eks-config, else the default
// of a reading (pool or region); a policy before or after the annotation (not published).
const none: SuperNodePodFacts = { own: undefined, clusterDefault: undefined, policies: [], poolGroups: ['sg-pool0001'], regionDefault: ['sg-default1'] };

describe('requestedCandidates', () => {
  it('the annotation, then eks-config: settled by the documents, one candidate without a reading', () => {
    expect(requestedCandidates({ ...none, own: ['sg-own00001'], clusterDefault: ['sg-eks00001'] })).toEqual([{ reading: null, source: 'annotation', groups: ['sg-own00001'] }]);
    expect(requestedCandidates({ ...none, clusterDefault: ['sg-eks00001'] })).toEqual([{ reading: null, source: 'eks-config', groups: ['sg-eks00001'] }]);
  });

  it('nothing named: the pool\'s and the region default, each with its reading; one when they agree; unread stays unread', () => {
    expect(requestedCandidates(none).map((c) => [c.reading, c.groups])).toEqual([
      ['pool-default', ['sg-pool0001']],
      ['region-default', ['sg-default1']],
    ]);
    expect(requestedCandidates({ ...none, regionDefault: ['sg-pool0001'] })).toEqual([{ reading: null, source: 'pool', groups: ['sg-pool0001'] }]);
    expect(requestedCandidates({ ...none, poolGroups: undefined })[0]).toMatchObject({ source: 'pool', groups: undefined });
  });

  it('a policy and an annotation: both, policy first and annotation first; a policy alone beats the default under both readings', () => {
    const policies = [
      { name: 'a', groupIds: ['sg-pol00001', 'sg-pol00002'] },
      { name: 'b', groupIds: ['sg-pol00002', 'sg-pol00003'] },
    ];
    expect(requestedCandidates({ ...none, own: ['sg-own00001'], policies }).map((c) => [c.reading, c.source, c.groups])).toEqual([
      ['policy-first', 'policy', ['sg-pol00001', 'sg-pol00002', 'sg-pol00003']],
      ['annotation-first', 'annotation', ['sg-own00001']],
    ]);
    expect(requestedCandidates({ ...none, policies })).toEqual([{ reading: null, source: 'policy', groups: ['sg-pol00001', 'sg-pol00002', 'sg-pol00003'], policies: ['a', 'b'] }]);
  });
});

describe('superNodeVerdict', () => {
  const two = requestedCandidates(none);
  it('in sync with either reading\'s groups, naming it; drift only when it has neither; order is priority', () => {
    expect(superNodeVerdict(['sg-default1'], two)).toMatchObject({ status: 'ok', matched: { reading: 'region-default' } });
    expect(superNodeVerdict(['sg-other001'], two).status).toBe('mismatch');
    const ordered = requestedCandidates({ ...none, own: ['sg-a0000001', 'sg-b0000001'] });
    expect(superNodeVerdict(['sg-b0000001', 'sg-a0000001'], ordered).status).toBe('mismatch');
  });

  it('cannot tell when a candidate could not be read and no other matches', () => {
    expect(superNodeVerdict(['sg-other001'], requestedCandidates({ ...none, poolGroups: undefined })).status).toBe('cannot-tell');
  });
});
