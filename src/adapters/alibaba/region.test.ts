import { describe, expect, it } from 'vitest';
import { AlibabaRegionError, alibabaRegionFromHint, resolveAlibabaRegion } from './region.ts';

describe('resolveAlibabaRegion', () => {
  it('takes --region, then ALIBABA_CLOUD_REGION_ID, then the cluster', () => {
    expect(resolveAlibabaRegion({ flag: 'cn-beijing', env: { ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou' }, clusterHints: ['cn-shanghai'] })).toEqual({ region: 'cn-beijing', source: 'flag', from: '--region' });
    expect(resolveAlibabaRegion({ env: { ALIBABA_CLOUD_REGION_ID: 'ap-southeast-1' }, clusterHints: ['cn-shanghai'] })).toEqual({ region: 'ap-southeast-1', source: 'env', from: 'ALIBABA_CLOUD_REGION_ID' });
    expect(resolveAlibabaRegion({ env: {}, clusterHints: ['nonsense!', 'cn-shanghai-finance-1'] })).toEqual({ region: 'cn-shanghai-finance-1', source: 'cluster', from: 'cn-shanghai-finance-1' });
    expect(resolveAlibabaRegion({ env: {}, clusterHints: [] })).toBeUndefined();
  });
  it('refuses zones and malformed names, naming the region of a zone', () => {
    expect(() => resolveAlibabaRegion({ flag: 'cn-hangzhou-h', env: {} })).toThrow(AlibabaRegionError);
    expect(() => resolveAlibabaRegion({ flag: 'cn-hangzhou-h', env: {} })).toThrow('--region "cn-hangzhou-h" is a zone; its region is cn-hangzhou');
    expect(() => resolveAlibabaRegion({ env: { ALIBABA_CLOUD_REGION_ID: 'ap-southeast-1a' } })).toThrow('is a zone; its region is ap-southeast-1');
    expect(() => resolveAlibabaRegion({ flag: 'Hangzhou', env: {} })).toThrow(/"Hangzhou" is not an Alibaba Cloud region \(expected a name like cn-hangzhou\)/);
  });
  it('reads a zone label as its region', () => {
    expect(alibabaRegionFromHint('cn-hangzhou-h')).toBe('cn-hangzhou');
    expect(alibabaRegionFromHint('us-west-1')).toBe('us-west-1');
  });
});
