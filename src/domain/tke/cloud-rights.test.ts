import { describe, expect, it } from 'vitest';
import { callerKind, judgeRights } from './cloud-rights.ts';

const WRITE = ['tke:DescribeAddon', 'tke:UpdateAddon'];
const doc = (statement: object[]) => ({ version: '2.0', statement });

describe('callerKind', () => {
  // Shapes from tencentcloud-cli tccli/examples/sts/v20180813/GetCallerIdentity.md.
  it('reads a sub-user, an assumed role, a federated user and the root account', () => {
    expect(callerKind({ type: 'CAMUser', accountId: '1000262001', userId: '1000261001', principalId: '1000261001', arn: 'qcs::cam:1000262001:uin/1000261001' })).toEqual({ kind: 'user', uin: 1000261001 });
    expect(callerKind({ type: 'CAMRole', accountId: '1000262001', userId: '4611686018427412345:s', principalId: '1000261001', arn: 'qcs::sts:1000262001:assumed-role/4611686018427412345' })).toEqual({ kind: 'role', roleId: '4611686018427412345' });
    expect(callerKind({ type: 'CAMUser', accountId: '1000262001', userId: '1000261001:fed', principalId: '1000261001', arn: 'qcs::sts:1000262001:federated-user/1000261001' }).kind).toBe('other');
    expect(callerKind({ type: 'CAMUser', accountId: '1000262001', userId: '1000262001', principalId: '1000262001', arn: 'qcs::cam::uin/1000262001:uin/1000262001' })).toEqual({ kind: 'root' });
  });
});

describe('judgeRights', () => {
  it('is ok when a full grant covers every action', () => {
    const r = judgeRights(WRITE, [{ name: 'QcloudTKEFullAccess', document: doc([{ effect: 'allow', action: ['tke:*'], resource: '*' }]) }], 'me');
    expect(r.status).toBe('ok');
    expect(r.missing).toEqual([]);
    expect(r.fix).toBeUndefined();
  });

  it('names the missing write and a policy that grants exactly it', () => {
    const r = judgeRights(WRITE, [{ name: 'ReadOnlyAccess', document: doc([{ effect: 'allow', action: ['*:Describe*', '*:Get*', '*:List*'], resource: '*' }]) }], 'me');
    expect(r.status).toBe('missing');
    expect(r.missing).toEqual(['tke:UpdateAddon']);
    expect(r.fix).toEqual({ version: '2.0', statement: [{ effect: 'allow', action: ['tke:UpdateAddon'], resource: '*' }] });
  });

  it('counts an explicit deny as missing even beside a full grant, naming the denying policy', () => {
    const r = judgeRights(WRITE, [
      { name: 'Admin', document: doc([{ effect: 'allow', action: '*', resource: '*' }]) },
      { name: 'NoTkeWrites', document: doc([{ effect: 'deny', action: 'tke:Update*', resource: '*' }]) },
    ], 'me');
    expect(r.status).toBe('missing');
    expect(r.actions.find((a) => a.action === 'tke:UpdateAddon')?.deniedBy).toEqual(['NoTkeWrites']);
    expect(r.notes.join(' ')).toContain('NoTkeWrites');
  });

  it('is unknown, not missing, when an attached document could not be judged', () => {
    const r = judgeRights(WRITE, [{ name: 'Odd', document: 'not json' }, { name: 'Read', document: doc([{ effect: 'allow', action: 'tke:Describe*', resource: '*' }]) }], 'me');
    expect(r.status).toBe('unknown');
    expect(r.missing).toEqual([]);
    expect(r.actions.find((a) => a.action === 'tke:UpdateAddon')?.verdict).toBe('unknown');
  });

  it('is unknown when a grant is narrowed to some resources', () => {
    const r = judgeRights(WRITE, [{ name: 'OneCluster', document: doc([{ effect: 'allow', action: 'tke:*', resource: 'qcs::tke:ap-guangzhou:uin/1:cluster/cls-1' }]) }], 'me');
    expect(r.status).toBe('unknown');
    expect(r.notes[0]).toContain('OneCluster');
  });
});
