import { describe, expect, it } from 'vitest';
import { trailIdentity } from './actiontrail.ts';

describe('trailIdentity', () => {
  it('names a RAM user as STS does (acs:ram::<account>:user/<name>), the AccessKey masked', () => {
    expect(trailIdentity({ type: 'ram-user', accountId: '1968132000120001', userName: 'colleague', accessKeyId: 'LTAI5tABCDEFGHIJKLMNOP' })).toBe(
      'acs:ram::1968132000120001:user/colleague (colleague, key LTAI****MNOP)',
    );
  });
  it('names the account, and anything else by name and type', () => {
    expect(trailIdentity({ type: 'root-account', accountId: '1968132000120001' })).toBe('acs:ram::1968132000120001:root (root)');
    expect(trailIdentity({ type: 'assumed-role', userName: 'role:session' })).toBe('role:session (assumed-role)');
  });
});
