// The plugin's TC3-HMAC-SHA256 signature against the official SDK's signer (Sign.sign3 of
// tencentcloud-sdk-nodejs), over the same request: any difference in the canonical request,
// the scope or the key derivation shows here. Calls themselves are tested against the emulator,
// which verifies signatures (test/adapters/tencent/clients.test.ts).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { tc3Authorization } from './api-call.ts';

const { default: Sign } = createRequire(import.meta.url)('tencentcloud-sdk-nodejs/tencentcloud/common/sign.js') as {
  default: { sign3(o: { method: string; url: string; payload: unknown; timestamp: number; service: string; secretId: string; secretKey: string; multipart: boolean; headers: Record<string, string> }): string };
};

const cases = [
  { service: 'vpc', host: 'vpc.tencentcloudapi.com', timestamp: 1551113065, params: { Filters: [{ Name: 'vpc-id', Values: ['vpc-abc'] }], Limit: 100 } },
  { service: 'cvm', host: 'cvm.tencentcloudapi.com', timestamp: 1700000000, params: {} },
  // A day boundary: the scope's date is the UTC date of the timestamp.
  { service: 'tke', host: 'tke.tencentcloudapi.com', timestamp: 1735689599, params: { ClusterId: 'cls-1', AddonName: 'eniipamd', RawValues: 'e30=' } },
  { service: 'cam', host: 'cam.tencentcloudapi.com', timestamp: 1735689600, params: { PolicyId: 7, Text: 'ünïcødé 组' } },
];

describe('tc3Authorization', () => {
  it.each(cases)('matches the SDK for $service at $timestamp', (c) => {
    const secretId = 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE';
    const secretKey = 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE';
    const body = JSON.stringify(c.params);
    const sdk = Sign.sign3({ method: 'POST', url: `https://${c.host}/`, payload: c.params, timestamp: c.timestamp, service: c.service, secretId, secretKey, multipart: false, headers: { 'Content-Type': 'application/json' } });
    expect(tc3Authorization({ secretId, secretKey, service: c.service, host: c.host, timestamp: c.timestamp, body })).toBe(sdk);
  });

  it('signs the body: another body, another signature', () => {
    const base = { secretId: 'AKIDx', secretKey: 'k', service: 'vpc', host: 'vpc.tencentcloudapi.com', timestamp: 1551113065 };
    expect(tc3Authorization({ ...base, body: '{"Limit":100}' })).not.toBe(tc3Authorization({ ...base, body: '{"Limit":99}' }));
  });
});
