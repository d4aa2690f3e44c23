import { describe, expect, it } from 'vitest';
import { isRegion, RegionError, regionFromLabel, resolveRegion } from './region.ts';

describe('regionFromLabel', () => {
  it('maps Tencent’s short names to API regions', () => {
    const cases: Record<string, string> = {
      gz: 'ap-guangzhou',
      sh: 'ap-shanghai',
      bj: 'ap-beijing',
      cd: 'ap-chengdu',
      cq: 'ap-chongqing',
      hk: 'ap-hongkong',
      sg: 'ap-singapore',
      th: 'ap-bangkok',
      jkt: 'ap-jakarta',
      usw: 'na-siliconvalley',
      use: 'na-ashburn',
      de: 'eu-frankfurt',
      ca: 'na-toronto',
      kr: 'ap-seoul',
      jp: 'ap-tokyo',
      in: 'ap-mumbai',
      tpe: 'ap-taipei',
      nj: 'ap-nanjing',
      sao: 'sa-saopaulo',
      szx: 'ap-shenzhen',
      shjr: 'ap-shanghai-fsi',
      szjr: 'ap-shenzhen-fsi',
      bjjr: 'ap-beijing-fsi',
    };
    for (const [short, region] of Object.entries(cases)) expect(regionFromLabel(short), short).toBe(region);
    expect(regionFromLabel(' GZ ')).toBe('ap-guangzhou');
  });

  it('passes full region names through and knows nothing of made-up codes', () => {
    expect(regionFromLabel('ap-guangzhou')).toBe('ap-guangzhou');
    for (const unknown of ['bkk', 'fra', 'sv', 'va', 'tor', 'tyo', 'seoul', 'xx', '', '100003', 'ap-guangzhou-3']) expect(regionFromLabel(unknown), unknown).toBeUndefined();
  });
});

describe('resolveRegion', () => {
  it('takes --region, then TENCENTCLOUD_REGION, then the cluster, and says which', () => {
    const env = { TENCENTCLOUD_REGION: 'ap-shanghai' };
    expect(resolveRegion({ flag: 'ap-beijing', env, clusterHints: ['gz'] })).toEqual({ region: 'ap-beijing', source: 'flag', from: '--region' });
    expect(resolveRegion({ env, clusterHints: ['gz'] })).toEqual({ region: 'ap-shanghai', source: 'env', from: 'TENCENTCLOUD_REGION' });
    expect(resolveRegion({ env: {}, clusterHints: ['bkk', 'gz'] })).toEqual({ region: 'ap-guangzhou', source: 'cluster', from: 'gz' });
    expect(resolveRegion({ env: { TENCENTCLOUD_REGION: '' }, clusterHints: ['zz'] })).toBeUndefined();
  });

  it('refuses a malformed flag or variable with a pointer to the right value', () => {
    expect(() => resolveRegion({ flag: 'ap-guangzhou-3', env: {} })).toThrow(new RegionError('--region "ap-guangzhou-3" is a zone; its region is ap-guangzhou'));
    expect(() => resolveRegion({ flag: 'gz', env: {} })).toThrow('is a short region name; the API wants ap-guangzhou');
    expect(() => resolveRegion({ env: { TENCENTCLOUD_REGION: 'Guangzhou' } })).toThrow('TENCENTCLOUD_REGION "Guangzhou" is not a region');
  });

  it('validates the form xx-place(-qualifier)', () => {
    for (const ok of ['ap-guangzhou', 'na-siliconvalley', 'ap-shanghai-fsi', 'ap-shanghai-hq-cft']) expect(isRegion(ok), ok).toBe(true);
    for (const bad of ['guangzhou', 'ap-', 'a-guangzhou', 'ap-guangzhou-3', 'AP-GUANGZHOU', 'ap_guangzhou']) expect(isRegion(bad), bad).toBe(false);
  });
});
