import { describe, expect, it } from 'vitest';
import { parseEciProfile, withDefaultGroup } from './profile.ts';

// The seed's sample, as the API returns it.
const SAMPLE = {
  enableClusterIp: 'true',
  enableHybridMode: 'false',
  enablePrivateZone: 'false',
  resourceGroupId: '',
  securityGroupId: 'sg-2ze0b9o8pjjzts4h1234',
  selectors: '',
  vSwitchIds: 'vsw-2zeet2ksvw7f14ryz1234,vsw-2ze94pjtfuj9vaymf1234',
  vpcId: 'vpc-2zeghwzptn5zii0w71234',
};

describe('parseEciProfile', () => {
  it('reads the documented keys and keeps the rest', () => {
    const p = parseEciProfile(SAMPLE);
    expect(p).toMatchObject({
      securityGroupId: 'sg-2ze0b9o8pjjzts4h1234',
      vSwitchIds: ['vsw-2zeet2ksvw7f14ryz1234', 'vsw-2ze94pjtfuj9vaymf1234'],
      vSwitchKey: 'vSwitchIds',
      vpcId: 'vpc-2zeghwzptn5zii0w71234',
      selectors: [],
      problems: [],
    });
    expect(p.other).toEqual({ enableClusterIp: 'true', enableHybridMode: 'false', enablePrivateZone: 'false', resourceGroupId: '' });
  });
  it('accepts the older vswitchIds spelling and an absent default group', () => {
    const p = parseEciProfile({ vswitchIds: 'vsw-a, vsw-b', securityGroupId: ' ' });
    expect(p.vSwitchIds).toEqual(['vsw-a', 'vsw-b']);
    expect(p.vSwitchKey).toBe('vswitchIds');
    expect(p.securityGroupId).toBeUndefined();
    expect(p.problems).toEqual([]);
  });
  it('says why ECI would ignore the whole profile', () => {
    expect(parseEciProfile({ ...SAMPLE, selectors: '[{"name": "a",' }).problems[0]).toMatch(/^selectors is not valid JSON/);
    expect(parseEciProfile({ ...SAMPLE, selectors: '[{"objectSelector": {"matchLabels": {"a": "b"}}}]' }).problems).toEqual(['selectors[0] has no name (every selector needs one)']);
    expect(parseEciProfile({ ...SAMPLE, enableClusterIp: true } as Record<string, unknown>).problems).toEqual(['data.enableClusterIp is boolean, not a string: ConfigMap values are strings (quote it)']);
    expect(parseEciProfile({ selectors: '{"name":"a"}' }).problems).toEqual(['selectors must be a JSON array of selectors']);
  });
});

describe('withDefaultGroup', () => {
  it('changes only securityGroupId, every other key byte-identical and in place', () => {
    const data = { ...SAMPLE, featureGates: 'A=true,\nB=false ', selectors: '[ {"name":"x"} ]' };
    const out = withDefaultGroup(data, 'sg-bp1dktddjsg5nktv1234');
    expect(out.securityGroupId).toBe('sg-bp1dktddjsg5nktv1234');
    for (const k of Object.keys(data).filter((k) => k !== 'securityGroupId')) expect(out[k]).toBe(data[k as keyof typeof data]);
    expect(Object.keys(out)).toEqual(Object.keys(data));
    expect(data.securityGroupId).toBe('sg-2ze0b9o8pjjzts4h1234');
    expect(Object.keys(withDefaultGroup({ vpcId: 'vpc-a' }, 'sg-12345678'))).toEqual(['vpcId', 'securityGroupId']);
  });
});
