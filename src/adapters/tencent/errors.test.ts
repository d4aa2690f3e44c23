// What the SDK throws, turned into CloudError: the SDK's own exception class, not a stand-in.
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CloudCredential } from './credentials.ts';
import { kindOfCode, toCloudError } from './errors.ts';

// The SDK's CommonJS module, required as the SDK itself requires it.
const { default: TencentCloudSDKHttpException } = createRequire(import.meta.url)(
  'tencentcloud-sdk-nodejs/tencentcloud/common/exception/tencent_cloud_sdk_exception.js',
) as typeof import('tencentcloud-sdk-nodejs/tencentcloud/common/exception/tencent_cloud_sdk_exception.js');

const cred = new CloudCredential('env', 'test', { secretId: 'AKIDabcdefghijklmnopqrstuvwxyz123456', secretKey: 'the-secret-key-0123456789', token: 'the-session-token-abcdef' });
const scrub = (t: string) => cred.scrub(t);

function sdkError(message: string, code?: string, requestId = '', httpCode?: number) {
  const e = new TencentCloudSDKHttpException(message, requestId, 'trace') as InstanceType<typeof TencentCloudSDKHttpException> & { code?: string; httpCode?: number };
  if (code) e.code = code;
  if (httpCode) e.httpCode = httpCode;
  return e;
}

describe('toCloudError', () => {
  it('keeps code, action and request id of an API error', () => {
    const e = toCloudError(sdkError('you are not authorized', 'UnauthorizedOperation', 'rid-1'), 'vpc:AssociateNetworkInterfaceSecurityGroups', scrub);
    expect(e).toMatchObject({ code: 'UnauthorizedOperation', kind: 'unauthorized', requestId: 'rid-1', action: 'vpc:AssociateNetworkInterfaceSecurityGroups' });
    expect(e.message).toBe('vpc:AssociateNetworkInterfaceSecurityGroups: UnauthorizedOperation: you are not authorized (request id rid-1)');
  });

  it('masks every secret of the credential in the message, whatever echoed it', () => {
    const e = toCloudError(sdkError(`bad signature for AKIDabcdefghijklmnopqrstuvwxyz123456 key the-secret-key-0123456789 token the-session-token-abcdef`, 'AuthFailure.SignatureFailure'), 'vpc:X', scrub);
    const all = [e.message, String(e), e.stack ?? '', JSON.stringify(e), inspect(e)].join('\n');
    expect(all).not.toContain('the-secret-key-0123456789');
    expect(all).not.toContain('the-session-token-abcdef');
    expect(all).not.toContain('AKIDabcdefghijklmnopqrstuvwxyz123456');
    expect(e.message).toContain('AKID****3456');
    expect(e.kind).toBe('auth');
  });

  it('tells network failures, timeouts and HTTP errors apart', () => {
    expect(toCloudError(sdkError('request to https://vpc.tencentcloudapi.com/ failed, reason: connect ECONNREFUSED 127.0.0.1:9'), 'vpc:X', scrub)).toMatchObject({ code: 'NetworkError', kind: 'network' });
    expect(toCloudError(sdkError('network timeout at: https://vpc.tencentcloudapi.com/'), 'vpc:X', scrub)).toMatchObject({ code: 'RequestTimeout', kind: 'network' });
    expect(toCloudError(sdkError('Bad Gateway', undefined, '', 502), 'vpc:X', scrub)).toMatchObject({ code: 'HttpError', kind: 'server', message: 'vpc:X: HttpError: HTTP 502 Bad Gateway' });
  });
});

describe('kindOfCode', () => {
  it('sorts codes into kinds', () => {
    expect(kindOfCode('UnauthorizedOperation')).toBe('unauthorized');
    expect(kindOfCode('AuthFailure.UnauthorizedOperation')).toBe('unauthorized');
    expect(kindOfCode('AuthFailure.SecretIdNotFound')).toBe('auth');
    expect(kindOfCode('RequestLimitExceeded.UinLimitExceeded')).toBe('throttled');
    expect(kindOfCode('ResourceNotFound')).toBe('not-found');
    expect(kindOfCode('InternalError')).toBe('server');
    expect(kindOfCode('ServiceUnavailable')).toBe('server');
    expect(kindOfCode('InvalidParameterValue.LimitExceeded')).toBe('invalid');
    expect(kindOfCode('LimitExceeded')).toBe('invalid');
    expect(kindOfCode('FailedOperation')).toBe('other');
  });
});
