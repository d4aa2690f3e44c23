import { describe, expect, it } from 'vitest';
import { LAST_CHANGE_MAX_CHARS, eventNote, lastChangeValue, parseChangeRecord, parseLastChange, redactCommandLine, sameCluster, type ChangeRecord } from './change-record.ts';

const record: ChangeRecord = {
  at: '2026-12-06T10:00:00.000Z',
  runId: 'r-20261206-100000-abcd',
  verb: 'set node',
  target: { kind: 'node', name: '10.0.0.10' },
  context: 'prod',
  server: 'https://cls-prod.ccs.tencent-cloud.com',
  before: ['sg-aaaa1111'],
  after: ['sg-bbbb2222', 'sg-aaaa1111'],
  result: 'ok',
  kubeUser: 'alice',
  cloudIdentity: 'qcs::cam:100000000001:uin/100000000011',
  commandLine: 'kubectl sg set node 10.0.0.10 --add sg-bbbb2222 --first',
};

describe('redactCommandLine', () => {
  it('replaces the values of secret flags, in both spellings', () => {
    expect(redactCommandLine(['set', 'node', 'n1', '--token', 'abc123secret', '--password=hunter22', '--yes'])).toBe('set node n1 --token <redacted> --password=<redacted> --yes');
  });
  it('replaces any word that holds a known secret value, and quotes words a shell would split', () => {
    expect(redactCommandLine(['-l', 'pool=AKIDsecretvalue', '-l', 'a b'], ['AKIDsecretvalue'])).toBe("-l <redacted> -l 'a b'");
  });
  it('leaves short values alone (masking them protects nothing)', () => {
    expect(redactCommandLine(['--groups', 'sg-a'], ['sg'])).toBe('--groups sg-a');
  });
});

describe('the last-change annotation', () => {
  it('round-trips without the command line', () => {
    const back = parseLastChange(lastChangeValue(record), record.target, { context: 'prod', server: record.server });
    expect(back).toEqual({ ...record, commandLine: '' });
  });
  it('is about the cluster it was read from, whatever context its writer used', () => {
    const back = parseLastChange(lastChangeValue(record), record.target, { context: 'tke-prod', server: 'https://10.0.0.2' });
    expect(back).toMatchObject({ context: 'tke-prod', server: 'https://10.0.0.2' });
  });
  it('stays within its size limit even for a huge list', () => {
    const many = Array.from({ length: 500 }, (_, i) => `sg-${String(i).padStart(8, '0')}`);
    const v = lastChangeValue({ ...record, before: many, after: many });
    expect(v.length).toBeLessThanOrEqual(LAST_CHANGE_MAX_CHARS);
    expect(JSON.parse(v).after).toEqual(['(500 groups)']);
  });
  it('is ignored when edited out of shape', () => {
    const from = { context: 'prod', server: record.server };
    expect(parseLastChange('{"at":1}', record.target, from)).toBeUndefined();
    expect(parseLastChange('not json', record.target, from)).toBeUndefined();
  });
});

describe('records read back', () => {
  it('parse from a string or an object; anything else is not a record', () => {
    expect(parseChangeRecord(JSON.stringify(record))).toEqual(record);
    expect(parseChangeRecord({ ...record })).toEqual(record);
    expect(parseChangeRecord({ at: 'x' })).toBeUndefined();
    expect(parseChangeRecord(null)).toBeUndefined();
  });
  it('a line written before the server was kept reads with none', () => {
    const { server: _, ...older } = record;
    expect(parseChangeRecord(JSON.stringify(older))).toEqual({ ...record, server: '' });
  });
});

describe('sameCluster: which lines of the local log are about the cluster read', () => {
  it('goes by the API server when the line names one, whatever the context names', () => {
    expect(sameCluster(record, { context: 'prod', server: record.server })).toBe(true);
    expect(sameCluster(record, { context: 'renamed', server: record.server })).toBe(true);
    // Another cluster under the same context name (kubeadm's default, a copied kubeconfig).
    expect(sameCluster(record, { context: 'prod', server: 'https://cls-staging.ccs.tencent-cloud.com' })).toBe(false);
  });
  it('goes by the context name for a line that names no server', () => {
    const older = { ...record, server: '' };
    expect(sameCluster(older, { context: 'prod', server: 'https://anywhere' })).toBe(true);
    expect(sameCluster(older, { context: 'staging', server: record.server })).toBe(false);
    expect(sameCluster({ ...older, context: '' }, { context: 'staging', server: record.server })).toBe(true);
  });
});

describe('eventNote', () => {
  it('names the user, the cloud identity, the groups and the run', () => {
    expect(eventNote(record)).toBe(
      'kubectl sg set node by alice (cloud: qcs::cam:100000000001:uin/100000000011): security groups sg-aaaa1111 -> sg-bbbb2222,sg-aaaa1111, ok (run r-20261206-100000-abcd)',
    );
  });
  it('is cut to the API limit of 1 KiB', () => {
    expect(eventNote({ ...record, kubeUser: 'u'.repeat(2000) }).length).toBe(1024);
  });
});
