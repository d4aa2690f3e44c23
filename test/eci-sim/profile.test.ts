// The simulator's reading of eci-profile and its decision for a new pod, without a cluster.
import { describe, expect, it } from 'vitest';
import { decideForPod, parseProfile, type Profile } from '../sandbox/eci/profile.ts';
import { groupByRole, makeEciScenario } from '../sandbox/eci/scenario.ts';
import { ANN_SECURITY_GROUP } from '../sandbox/eci/names.ts';

const s = makeEciScenario();
const good = (): Profile => {
  const p = parseProfile(s.profile);
  if (!p.ok) throw new Error(p.error);
  return p.profile;
};

describe('parseProfile', () => {
  it('reads the scenario profile: default group, vSwitches, VPC, both selectors in order', () => {
    const p = good();
    expect(p.securityGroupId).toBe(groupByRole(s, 'default').id);
    expect(p.vSwitchIds).toEqual(s.vSwitchIds);
    expect(p.vpcId).toBe(s.vpcId);
    expect(p.selectors.map((x) => x.name)).toEqual(['payments', 'isolated-namespaces']);
  });

  it('takes the older spelling vswitchIds and an empty selectors string', () => {
    const { vSwitchIds, ...rest } = s.profile;
    const p = parseProfile({ ...rest, vswitchIds: vSwitchIds!, selectors: '' });
    expect(p.ok && p.profile.vSwitchIds).toEqual(s.vSwitchIds);
    expect(p.ok && p.profile.selectors).toEqual([]);
  });

  it.each([
    ['selectors not JSON', { selectors: '[{' }, /selectors is not JSON/],
    ['selectors not an array', { selectors: '{"name":"x"}' }, /must be a JSON array/],
    ['a selector without a name', { selectors: '[{"effect":{}}]' }, /has no name/],
    ['matchLabels with a number', { selectors: '[{"name":"x","objectSelector":{"matchLabels":{"a":1}}}]' }, /must be an object of strings/],
    ['no default group', { securityGroupId: '' }, /not a security group ID/],
    ['no vSwitches', { vSwitchIds: '' }, /vSwitchIds is empty/],
    ['a bad VPC ID', { vpcId: 'vnet-1' }, /not a VPC ID/],
  ])('refuses %s', (_what, change, why) => {
    const p = parseProfile({ ...s.profile, ...change });
    expect(p.ok).toBe(false);
    expect(!p.ok && p.error).toMatch(why);
  });
});

describe('decideForPod', () => {
  const payments = groupByRole(s, 'payments').id;
  it('annotation first, in the order written', () => {
    const d = decideForPod(good(), { labels: { app: 'payments' }, annotations: { [ANN_SECURITY_GROUP]: ' sg-b , sg-a ' } }, { team: 'pay' });
    expect(d).toMatchObject({ securityGroupIds: ['sg-b', 'sg-a'], source: 'annotation', matched: ['payments'], addAnnotations: {} });
    expect(d.addLabels).toEqual({ 'eci-selector': 'payments' });
  });

  it('a selector needs both its namespace and its pod labels to match', () => {
    expect(decideForPod(good(), { labels: { app: 'payments' }, annotations: {} }, { team: 'pay' })).toMatchObject({ securityGroupIds: [payments], source: 'selector' });
    expect(decideForPod(good(), { labels: { app: 'payments' }, annotations: {} }, { team: 'shop' }).source).toBe('profile');
    expect(decideForPod(good(), { labels: { app: 'ledger' }, annotations: {} }, { team: 'pay' }).source).toBe('profile');
  });

  it('the first matching selector sets the group; a later one does not overwrite it', () => {
    const d = decideForPod(good(), { labels: { app: 'payments' }, annotations: {} }, { team: 'pay', isolation: 'strict' });
    expect(d.matched).toEqual(['payments', 'isolated-namespaces']);
    expect(d.securityGroupIds).toEqual([payments]);
  });

  it('without annotation or selector: the profile default', () => {
    expect(decideForPod(good(), { labels: {}, annotations: {} }, {})).toMatchObject({ securityGroupIds: [groupByRole(s, 'default').id], source: 'profile', matched: [] });
  });
});
