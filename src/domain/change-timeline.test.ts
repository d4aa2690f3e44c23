import { describe, expect, it } from 'vitest';
import { mergeTimeline } from './change-timeline.ts';
import type { ChangeRecord } from './change-record.ts';

const base: ChangeRecord = {
  at: '2026-12-06T10:00:00.000Z',
  runId: 'r-1',
  verb: 'set node',
  target: { kind: 'node', name: 'n1' },
  context: 'prod',
  server: 'https://10.0.0.2',
  before: ['sg-a'],
  after: ['sg-b'],
  result: 'ok',
  kubeUser: 'alice',
  cloudIdentity: null,
  commandLine: 'kubectl sg set node n1 --groups sg-b',
};

describe('mergeTimeline', () => {
  it('shows one change found in three sources once, with every source, the fullest copy winning', () => {
    const [only, ...rest] = mergeTimeline([
      { source: 'annotation', record: { ...base, commandLine: '' } },
      { source: 'log', record: { ...base, cloudIdentity: 'arn-1' } },
      { source: 'event', record: base },
    ]);
    expect(rest).toEqual([]);
    expect(only!.sources).toEqual(['annotation', 'event', 'log']);
    expect(only!.commandLine).toBe('kubectl sg set node n1 --groups sg-b');
    expect(only!.cloudIdentity).toBe('arn-1');
  });
  it('puts the newest first, the cloud audit service\'s records among them', () => {
    const t = mergeTimeline(
      [
        { source: 'log', record: base },
        { source: 'log', record: { ...base, runId: 'r-2', at: '2026-12-06T12:00:00.000Z' } },
      ],
      [{ source: 'cloudaudit', at: '2026-12-06T11:00:00.000Z', eventName: 'AssociateNetworkInterfaceSecurityGroups', resource: 'eni-1', identity: 'qcs::cam:1:uin/2', groups: ['sg-x'], about: 'node n1' }],
    );
    expect(t.map((e) => e.runId ?? e.what)).toEqual(['r-2', 'AssociateNetworkInterfaceSecurityGroups', 'r-1']);
    expect(t[1]!.target).toBe('eni-1 (node n1)');
    expect(t[1]!.call).toEqual({ did: 'bound', groups: ['sg-x'] });
  });
});
