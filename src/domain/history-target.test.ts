import { describe, expect, it } from 'vitest';
import { HistoryTargetError, parseHistoryTarget, targetMatches } from './history-target.ts';
import { WorkloadRefError } from './workload-ref.ts';

describe('parseHistoryTarget', () => {
  it('reads the three forms and nothing', () => {
    expect(parseHistoryTarget([], 'shop')).toEqual({ kind: 'all' });
    expect(parseHistoryTarget(['node/10.0.0.10'], 'shop')).toEqual({ kind: 'node', name: '10.0.0.10' });
    expect(parseHistoryTarget(['workload', 'deploy/web'], 'shop')).toEqual({ kind: 'workload', workloadKind: 'Deployment', namespace: 'shop', name: 'web' });
    expect(parseHistoryTarget(['cluster'], 'shop')).toEqual({ kind: 'cluster' });
  });
  it.each([
    [['pod/web-0'], /"pod\/web-0" is not a history target: give node\/NAME, workload KIND\/NAME or cluster/],
    [['node/'], /"" is not a node name/],
    [['node/Bad_Name'], /"Bad_Name" is not a node name/],
    [['workload'], /"workload" needs KIND\/NAME/],
    [['cluster', 'extra'], /history takes one target, got also "extra"/],
  ])('refuses %j with one line', (words, message) => {
    expect(() => parseHistoryTarget(words, 'default')).toThrow(HistoryTargetError);
    expect(() => parseHistoryTarget(words, 'default')).toThrow(message);
  });
  it('refuses a workload kind it does not know', () => {
    expect(() => parseHistoryTarget(['workload', 'pod/x'], 'default')).toThrow(WorkloadRefError);
  });
});

describe('targetMatches', () => {
  it('matches a workload by kind, name and namespace', () => {
    const asked = parseHistoryTarget(['workload', 'deploy/web'], 'shop');
    expect(targetMatches(asked, { kind: 'workload', workloadKind: 'Deployment', namespace: 'shop', name: 'web' })).toBe(true);
    expect(targetMatches(asked, { kind: 'workload', workloadKind: 'Deployment', namespace: 'pay', name: 'web' })).toBe(false);
    expect(targetMatches(asked, { kind: 'node', name: 'web' })).toBe(false);
  });
});
