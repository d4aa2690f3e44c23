import { describe, expect, it } from 'vitest';
import { profileReloadView } from './profile-reload.ts';
import {
  ECI_CHECKS,
  ECI_RBAC_NEEDS,
  eciDefaultGroupFinding,
  eciProfileFinding,
  eciProfileReloadFinding,
  eciSelectorsFinding,
  eciVpcFinding,
  eciVSwitchesFinding,
  virtualNodesFinding,
  type GroupLookupFacts,
  type KnownGroup,
} from './doctor-findings.ts';
import { parseEciProfile } from './profile.ts';
import { rbacFinding, rbacFix } from '../rbac-finding.ts';

const VPC = 'vpc-bp1aaaaaaaaaaaaaaaaa';
const OTHER_VPC = 'vpc-bp1zzzzzzzzzzzzzzzzz';
const SG = {
  default: 'sg-bp1defaultdefault0001',
  payments: 'sg-bp1payments000000001',
  isolated: 'sg-bp1isolated000000001',
  other: 'sg-bp1othervpc000000001',
  missing: 'sg-bp1nosuchgroup000001',
};
const GROUPS: KnownGroup[] = [
  { id: SG.default, name: 'eci-default', vpcId: VPC, type: 'basic' },
  { id: SG.payments, name: 'eci-payments', vpcId: VPC, type: 'basic' },
  { id: SG.isolated, name: 'eci-isolated', vpcId: VPC, type: 'advanced' },
  { id: SG.other, name: 'other-vpc', vpcId: OTHER_VPC, type: 'basic' },
];
const found: GroupLookupFacts = { kind: 'looked-up', found: GROUPS, missing: [SG.missing] };
const selectors = (...effects: (string | undefined)[]) =>
  JSON.stringify(effects.map((g, i) => ({ name: `s${i}`, namespaceSelector: { matchLabels: { team: `t${i}` } }, effect: g === undefined ? { labels: { x: 'y' } } : { annotations: { 'k8s.aliyun.com/eci-security-group': g } } })));
const data = (o: Record<string, string> = {}) => ({ securityGroupId: SG.default, vSwitchIds: 'vsw-bp1aaaaaaaaaaaaaaaaa,vsw-bp1bbbbbbbbbbbbbbbbb', vpcId: VPC, selectors: selectors(SG.payments, SG.isolated), enableClusterIp: 'true', ...o });
const profile = (o: Record<string, string> = {}) => parseEciProfile(data(o));
const now = new Date('2026-11-23T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

it('reports the ECI checks in a fixed order, none shared with the TKE names', () => {
  expect(ECI_CHECKS).toEqual(['eci-profile', 'eci-vpc', 'eci-vswitches', 'eci-default-group', 'eci-selectors', 'virtual-nodes', 'eci-profile-reload', 'eci-credentials', 'eci-region', 'rbac-eci-show', 'rbac-eci-set-cluster', 'rbac-eci-set-workload']);
});

describe('eci-profile', () => {
  it('fails when there is none, pointing at the add-on that creates it', () => {
    const f = eciProfileFinding({ profile: undefined, events: [], changedAt: undefined }, now);
    expect(f).toMatchObject({ level: 'fail', why: expect.stringContaining('no ConfigMap kube-system/eci-profile') });
    expect(f.fix).toContain('ack-virtual-node');
    expect(f.fix).toContain('kubectl -n kube-system get configmap eci-profile -o yaml');
  });

  it('passes a profile that parses', () => {
    expect(eciProfileFinding({ profile: profile(), events: [], changedAt: minutesAgo(60) }, now)).toMatchObject({ level: 'ok', why: 'kube-system/eci-profile parses (securityGroupId, vSwitchIds, vpcId, 2 selectors)', fix: undefined });
  });

  it('fails a malformed one: ignored whole, the last good one in force, with the Events virtual kubelet wrote', () => {
    const bad = profile({ selectors: '[{"name": "x",' });
    const events = [
      { reason: 'InvalidEciProfile', message: 'selectors: unexpected end of JSON input', count: 3, last: minutesAgo(1) },
      { reason: 'InvalidEciProfile', message: 'older', count: 1, last: minutesAgo(30) },
    ];
    const f = eciProfileFinding({ profile: bad, events, changedAt: minutesAgo(2) }, now);
    expect(f.level).toBe('fail');
    expect(f.why).toMatch(/^kube-system\/eci-profile is malformed, so virtual kubelet ignores all of it and keeps the last good profile in force: selectors is not valid JSON .*; virtual kubelet said \(4 Warning Events, last 60s ago\): selectors: unexpected end of JSON input$/);
    expect(f.fix).toMatch(/^kubectl -n kube-system edit configmap eci-profile {3}# correct: selectors is not valid JSON/);
    expect(f.details).toContainEqual('Event InvalidEciProfile, 3x, last 2026-11-23T11:59:00.000Z: selectors: unexpected end of JSON input');
  });

  it('tells Events about the current data from history by the last write', () => {
    const events = [{ reason: 'InvalidEciProfile', message: 'securityGroupId: bad', count: 1, last: minutesAgo(5) }];
    expect(eciProfileFinding({ profile: profile(), events, changedAt: minutesAgo(1) }, now)).toMatchObject({ level: 'ok', why: expect.stringContaining('1 older Warning Event about an earlier version') });
    const current = eciProfileFinding({ profile: profile(), events, changedAt: minutesAgo(10) }, now);
    expect(current).toMatchObject({ level: 'warn', why: expect.stringContaining('virtual kubelet complained after its last change') });
    expect(current.fix).toContain('kubectl -n kube-system edit configmap eci-profile');
    // Without the write time, a recent Event counts as current.
    expect(eciProfileFinding({ profile: profile(), events, changedAt: undefined }, now).level).toBe('warn');
    expect(eciProfileFinding({ profile: profile(), events: [{ ...events[0]!, last: minutesAgo(60) }], changedAt: undefined }, now).level).toBe('ok');
  });
});

describe('eci-vpc and eci-vswitches', () => {
  it('pass well-formed IDs, and say when the older vswitchIds key held them', () => {
    expect(eciVpcFinding(profile())).toMatchObject({ level: 'ok', why: VPC });
    expect(eciVSwitchesFinding(profile())).toMatchObject({ level: 'ok', why: '2 vSwitches: vsw-bp1aaaaaaaaaaaaaaaaa, vsw-bp1bbbbbbbbbbbbbbbbb' });
    const old = parseEciProfile({ ...data(), vSwitchIds: '', vswitchIds: 'vsw-bp1aaaaaaaaaaaaaaaaa' });
    expect(eciVSwitchesFinding(old).why).toBe('1 vSwitch: vsw-bp1aaaaaaaaaaaaaaaaa (read from the older key vswitchIds)');
  });

  it('fail absent or malformed values, with the edit', () => {
    expect(eciVpcFinding(profile({ vpcId: '' }))).toMatchObject({ level: 'fail', why: expect.stringContaining('has no vpcId'), fix: expect.stringContaining('edit configmap eci-profile') });
    expect(eciVpcFinding(profile({ vpcId: 'my-vpc' }))).toMatchObject({ level: 'fail', why: expect.stringContaining('"my-vpc" is not a VPC ID') });
    expect(eciVSwitchesFinding(profile({ vSwitchIds: '' }))).toMatchObject({ level: 'fail', why: expect.stringContaining('has no vSwitchIds') });
    expect(eciVSwitchesFinding(profile({ vSwitchIds: 'vsw-bp1aaaaaaaaaaaaaaaaa,subnet-1' }))).toMatchObject({ level: 'fail', why: '"subnet-1" is not a vSwitch ID (vsw- followed by lowercase letters and digits)' });
    expect(eciVSwitchesFinding(profile({ vSwitchIds: 'vsw-bp1aaaaaaaaaaaaaaaaa,vsw-bp1aaaaaaaaaaaaaaaaa' })).level).toBe('warn');
  });

  it('are not checked without a profile', () => {
    expect(eciVpcFinding(undefined)).toMatchObject({ level: 'warn', why: 'not checked: no eci-profile' });
    expect(eciVSwitchesFinding(undefined).level).toBe('warn');
  });
});

describe('eci-default-group', () => {
  it('passes a basic group of the VPC, naming it and what its type means', () => {
    expect(eciDefaultGroupFinding(profile(), found, { innerAccessPolicy: 'accept', egressAccepts: 1 })).toMatchObject({
      level: 'ok',
      why: `${SG.default} "eci-default" (basic, ${VPC}): its pods reach each other by default`,
    });
    expect(eciDefaultGroupFinding(profile(), found, { innerAccessPolicy: 'drop', egressAccepts: 1 }).why).toContain('internal access policy is Drop');
  });

  it('fails a missing, malformed, absent or other-VPC group, with set cluster as the fix', () => {
    const missing = eciDefaultGroupFinding(profile({ securityGroupId: SG.missing }), found);
    expect(missing).toMatchObject({ level: 'fail', why: `default group ${SG.missing} does not exist in this region: virtual kubelet cannot create ECI pods that use it` });
    expect(missing.fix).toMatch(/^kubectl sg set cluster --provider eci --groups </);
    expect(missing.fix).toContain('Create Security Group');
    expect(eciDefaultGroupFinding(profile({ securityGroupId: SG.other }), found)).toMatchObject({ level: 'fail', why: expect.stringContaining(`is not in the profile's VPC ${VPC}: ECI refuses to create pods with it`) });
    expect(eciDefaultGroupFinding(profile({ securityGroupId: 'sg-bp1****' }), found)).toMatchObject({ level: 'fail', why: expect.stringContaining('is not a security group ID') });
    expect(eciDefaultGroupFinding(profile({ securityGroupId: '' }), found)).toMatchObject({ level: 'fail', why: expect.stringContaining('has no securityGroupId') });
  });

  it('warns on an advanced group with what that implies, worse without an egress rule', () => {
    const adv = eciDefaultGroupFinding(profile({ securityGroupId: SG.isolated }), found, { innerAccessPolicy: 'drop', egressAccepts: 0 });
    expect(adv.level).toBe('warn');
    expect(adv.why).toContain('is advanced: instances in an advanced group are isolated from each other unless a rule allows it, and outbound traffic is denied unless an egress rule allows it');
    expect(adv.why).toContain('no egress rule that accepts anything');
    expect(adv.fix).toContain('Manage Rules');
    expect(adv.fix).toContain('kubectl sg set cluster --provider eci --groups <a basic group of');
  });

  it('is not checked without the cloud, and says so when the lookup failed', () => {
    expect(eciDefaultGroupFinding(profile(), { kind: 'not-asked', why: 'no Alibaba Cloud credentials' })).toMatchObject({ level: 'warn', why: `not checked: default group ${SG.default}; not looked up in the cloud: no Alibaba Cloud credentials` });
    expect(eciDefaultGroupFinding(profile(), { kind: 'error', message: 'Forbidden.RAM (RequestId 1)' })).toMatchObject({ level: 'warn', fix: expect.stringContaining('ecs:DescribeSecurityGroups') });
  });
});

describe('eci-selectors', () => {
  const sel = (text: string, lookup: GroupLookupFacts = found) => eciSelectorsFinding(profile({ selectors: text }), text, lookup);

  it('passes selectors whose groups exist in the VPC and share a type, listing them in order', () => {
    const f = sel(selectors(SG.payments, undefined, SG.isolated));
    expect(f).toMatchObject({ level: 'ok', why: `3 selectors parse, tried in order: s0 -> ${SG.payments}; s1 (sets no group); s2 -> ${SG.isolated}` });
    expect(sel('')).toMatchObject({ level: 'ok', why: 'no selectors: a pod without its own group annotation gets the default group' });
  });

  it('fails selectors that do not parse: the whole profile is ignored', () => {
    expect(sel('{"name": "a"}')).toMatchObject({ level: 'fail', why: expect.stringContaining('selectors must be a JSON array') });
    expect(sel('[{"effect": {}}]')).toMatchObject({ level: 'fail', why: expect.stringContaining('has no name') });
  });

  it('fails each group ECI would refuse: missing, other VPC, mixed types, malformed, more than five', () => {
    const f = sel(selectors(SG.missing, `${SG.payments},${SG.other}`, `${SG.payments},${SG.isolated}`, 'sg-BAD'));
    expect(f.level).toBe('fail');
    expect(f.why).toContain(`selector "s0": ${SG.missing} does not exist in this region`);
    expect(f.why).toContain(`selector "s1": ${SG.other} is in ${OTHER_VPC}, not ${VPC}`);
    expect(f.why).toContain(`selector "s2": ${SG.isolated} is an advanced group but ${SG.payments} is basic`);
    expect(f.why).toContain('selector "s3": "sg-BAD" is not a security group ID');
    expect(f.fix).toContain('effect.annotations["k8s.aliyun.com/eci-security-group"]');
    const six = Array.from({ length: 6 }, (_, i) => `sg-bp1many${i}00000000000`).join(',');
    expect(sel(selectors(six), { kind: 'not-asked', why: '--no-cloud' }).why).toContain('at most 5');
  });

  it('without the cloud, says what it could not look up', () => {
    expect(sel(selectors(SG.payments), { kind: 'not-asked', why: '--no-cloud' })).toMatchObject({ level: 'warn', why: expect.stringMatching(/^not checked: 1 selector parse.*; not looked up in the cloud: --no-cloud$/) });
    expect(sel(selectors(undefined), { kind: 'not-asked', why: '--no-cloud' }).level).toBe('ok');
  });
});

describe('virtual-nodes', () => {
  it('fails without one, with the add-on to install', () => {
    expect(virtualNodesFinding([])).toMatchObject({ level: 'fail', why: expect.stringContaining('no virtual-kubelet node (label type=virtual-kubelet)'), fix: expect.stringContaining('ack-virtual-node') });
  });

  it('passes Ready ones, warns on some not Ready, fails when none is', () => {
    expect(virtualNodesFinding([{ name: 'vk-k', ready: true }])).toMatchObject({ level: 'ok', why: '1 virtual node, all Ready: vk-k' });
    expect(virtualNodesFinding([{ name: 'vk-k', ready: true }, { name: 'vk-j', ready: false, why: 'KubeletNotReady' }])).toMatchObject({ level: 'warn', fix: expect.stringContaining('kubectl describe node vk-j') });
    expect(virtualNodesFinding([{ name: 'vk-j', ready: false, why: 'KubeletNotReady' }])).toMatchObject({ level: 'fail', why: '1 virtual node, none Ready: vk-j: not Ready (KubeletNotReady)' });
  });
});

describe('RBAC for the ECI verbs', () => {
  const need = (check: string) => ECI_RBAC_NEEDS.find((n) => n.check === check)!;
  it('fails the read half, warns on the writes, and grants eci-profile by name', () => {
    const show = need('rbac-eci-show');
    expect(rbacFinding(show, show.permissions.map((_, i) => i !== 3), 'alice')).toMatchObject({ level: 'fail', why: 'user alice may not run doctor and show on ECI: missing get pods' });
    const setCluster = need('rbac-eci-set-cluster');
    expect(rbacFinding(setCluster, [false], 'alice').level).toBe('warn');
    expect(rbacFix(setCluster, 'alice')).toContain('kubectl -n kube-system create role kubectl-sg-eci-set-cluster --verb=update --resource=configmaps --resource-name=eci-profile');
    expect(rbacFix(need('rbac-eci-set-workload'), 'alice')).toContain(
      'kubectl create clusterrole kubectl-sg-eci-set-workload --verb=get,update --resource=deployments.apps,statefulsets.apps,daemonsets.apps,jobs.batch,cronjobs.batch',
    );
  });
});

describe('eci-profile-reload', () => {
  const IMAGE = 'registry-vpc.cn-hangzhou.aliyuncs.com/acs/virtual-nodes-eci';
  const view = (tag: string) => profileReloadView({ deployments: [{ name: 'ack-virtual-node-controller', images: [`${IMAGE}:${tag}`] }], nodes: [] });

  it('ok when virtual kubelet hot-updates the profile, no fix', () => {
    expect(eciProfileReloadFinding(view('v2.0.0.90-15deb126e-aliyun'))).toMatchObject({ level: 'ok', fix: undefined });
  });

  it('warns when a change waits for a restart, with the restart and the upgrade', () => {
    const f = eciProfileReloadFinding(view('v2.0.0.80-f9a46a994-aliyun'));
    expect(f.level).toBe('warn');
    expect(f.fix).toContain('kubectl -n kube-system rollout restart deployment/ack-virtual-node-controller');
    expect(f.fix).toContain('upgrade it to v2.0.0.90-15deb126e-aliyun or later');
  });

  it('warns, saying it cannot tell, when the version is unknown', () => {
    const f = eciProfileReloadFinding(view('latest'));
    expect(f).toMatchObject({ level: 'warn', why: expect.stringMatching(/^cannot tell/) });
    expect(f.fix).toMatch(/^to be sure a change is in force, restart virtual kubelet after it/);
  });
});

describe('eci-selectors: a selector with no selectors', () => {
  it('warns that whether it matches every pod or none is not documented, and asks for a selector', () => {
    const selectors = JSON.stringify([{ name: 'everyone', effect: { annotations: { 'k8s.aliyun.com/eci-security-group': 'sg-bp1aaaaaaaaaaaaaaaaa' } } }]);
    const profile = parseEciProfile({ securityGroupId: 'sg-bp1bbbbbbbbbbbbbbbbb', vpcId: 'vpc-bp1cccccccccccccccc', vSwitchIds: 'vsw-bp1ddddddddddddddd', selectors });
    const f = eciSelectorsFinding(profile, selectors, { kind: 'looked-up', found: [{ id: 'sg-bp1aaaaaaaaaaaaaaaaa', name: 'a', vpcId: 'vpc-bp1cccccccccccccccc', type: 'basic' }], missing: [] });
    expect(f.level).toBe('warn');
    expect(f.why).toContain('selector "everyone" names no namespaceSelector or objectSelector');
    expect(f.why).toContain('not documented');
    expect(f.fix).toContain('namespaceSelector or objectSelector');
  });
});
