import { describe, expect, it } from 'vitest';
import { auditIdentity, auditTime } from './cloudaudit.ts';

describe('auditTime', () => {
  it('reads CloudAudit\'s "YYYY-MM-DD hh:mm:ss" as UTC+8 (tccli\'s example: 12:36:27 for a call at 04:36 UTC)', () => {
    expect(auditTime('2019-03-20 12:36:27')).toBe('2019-03-20T04:36:27.000Z');
    expect(auditTime('2019-03-20 02:00:00')).toBe('2019-03-19T18:00:00.000Z');
  });
  it('is undefined for any other shape', () => {
    expect(auditTime('1553056587')).toBeUndefined();
    expect(auditTime(undefined)).toBeUndefined();
  });
});

describe('auditIdentity', () => {
  it('names a sub-user as STS does, with its name and the key masked', () => {
    expect(auditIdentity({ type: 'CAMUser', accountId: 100000000001, principalId: 100000000013 }, 'colleague', 'AKIDabcdefghijklmnop1234')).toBe(
      'qcs::cam:100000000001:uin/100000000013 (colleague, key AKID****1234)',
    );
  });
  it('names the root account, and anything else by name and type', () => {
    expect(auditIdentity({ type: 'Root', accountId: 1150691759 }, 'root', undefined)).toBe('qcs::cam::uin/1150691759 (root)');
    expect(auditIdentity({ type: 'AssumedRole' }, 'IPAMDofTKE_QCSRole', 'AKIDabcdefghijklmnopqrst')).toBe('IPAMDofTKE_QCSRole (AssumedRole, key AKID****qrst)');
    expect(auditIdentity(undefined, undefined, undefined)).toBe('unknown (unknown type)');
  });
});
