import { describe, expect, it } from 'vitest';
import type { WarningEventFacts } from './ipamd-events.ts';
import { RBAC_NEEDS, bindEventsFinding, camPolicyFix, camRoleFinding, clusterIdFinding, featureFinding, flagsFinding, startFinding, interruptedResyncFinding, ipamdFinding, necCrdFinding, necPerNodeFinding, nearMissFix, placesFinding, sharedEniFinding, versionFinding, versionRows, type SettingFacts } from './doctor-findings.ts';
import { someNames } from '../doctor-finding.ts';
import { evaluatePolicies, IPAMD_SG_ACTIONS } from './cam-policy.ts';
import { readIpamdSecurityGroupArgs } from './ipamd-args.ts';
import { doctorProviders, providerFinding } from '../provider-finding.ts';
import { rbacFinding, rbacFix, rbacName, type RbacNeed } from '../rbac-finding.ts';
import { credentialsFinding, regionFinding } from '../cloud-findings.ts';

const ipamd = (tag: string, ready = 2, replicas = 2) => ({ image: `ccr.ccs.tencentyun.com/tkeimages/tke-eni-ipamd:${tag}`, imageTag: tag, replicas, readyReplicas: ready });
const setting = (o: Partial<SettingFacts> = {}): SettingFacts => ({
  imageTag: 'v3.5.8',
  enabled: true,
  globalList: ['sg-aaaaaaaa'],
  place: 'addon-values',
  sources: [
    { place: 'addon-values', enabled: true, globalList: ['sg-aaaaaaaa'] },
    { place: 'configmap', enabled: true, globalList: ['sg-aaaaaaaa'] },
  ],
  disagreements: [],
  nearMisses: [],
  unread: [],
  problems: [],
  addonNote: undefined,
  clusterId: 'cls-kjqul1ir',
  ...o,
});

describe('ipamd and its version', () => {
  it('fails without the Deployment or ready replicas, warns on some', () => {
    expect(ipamdFinding(undefined)).toMatchObject({ level: 'fail', fix: expect.stringContaining('VPC-CNI') });
    expect(ipamdFinding(ipamd('v3.5.8', 0)).level).toBe('fail');
    expect(ipamdFinding(ipamd('v3.5.8', 0, 0))).toMatchObject({ level: 'fail', fix: expect.stringContaining('scale') });
    expect(ipamdFinding(ipamd('v3.5.8', 1)).level).toBe('warn');
    expect(ipamdFinding(ipamd('v3.5.8')).level).toBe('ok');
  });

  const fromTag = (tag: string) => versionFinding(ipamd(tag), { version: tag, from: 'image-tag', problem: undefined });
  it('names the feature rows of each version, compared numerically', () => {
    expect(fromTag('v3.1.9')).toMatchObject({ level: 'fail', why: expect.stringContaining('v3.2.0') });
    expect(fromTag('v3.3.1')).toMatchObject({ level: 'warn', why: expect.stringContaining('keep them') });
    const v34 = fromTag('v3.4.7');
    expect(v34.level).toBe('ok');
    expect(v34.why).toContain('Deployment args');
    expect(v34.why).toMatch(/need-sync resync: no/);
    expect(versionRows('v3.5.0')).toContain('need-sync resync: no (needs v3.5.8; resync toggles disable-node-eni-security-groups, unbinding groups meanwhile)');
    expect(versionRows('v3.5.8')).toContain('need-sync resync: yes (v3.5.8+)');
    expect(versionRows('v3.10.0')).toContain('global setting: ConfigMap/addon values (v3.5.0+)');
    const unknown = versionFinding(ipamd('latest'), { version: undefined, from: undefined, problem: 'cannot tell the ipamd version: image x:latest has tag latest, not a version like v3.5.8, and no cloud access; pass --ipamd-version vX.Y.Z' });
    expect(unknown).toMatchObject({ level: 'warn', why: expect.stringMatching(/^cannot tell the ipamd version: image x:latest .*--ipamd-version vX\.Y\.Z, so the feature rows below assume nothing$/) });
  });
  it('says so when the version is the addon\'s, the image naming none', () => {
    expect(versionFinding(ipamd('latest'), { version: 'v3.5.8', from: 'addon', problem: undefined }).why).toMatch(
      /^v3\.5\.8 \(the addon eniipamd's AddonVersion: image ccr\.ccs\.tencentyun\.com\/tkeimages\/tke-eni-ipamd:latest names no version\): security groups: yes/,
    );
  });
});

describe('shared-ENI mode', () => {
  it('passes when nodes offer shared-ENI IPs, fails with exclusive ENIs only, warns when it cannot tell', () => {
    expect(sharedEniFinding([{ name: 'a', sharedIps: 30, directEnis: 0 }], undefined).level).toBe('ok');
    const mixed = sharedEniFinding([{ name: 'a', sharedIps: 30, directEnis: 0 }, { name: 'b', sharedIps: 0, directEnis: 4 }], undefined);
    expect(mixed).toMatchObject({ level: 'warn', why: expect.stringContaining('b') });
    expect(sharedEniFinding([{ name: 'b', sharedIps: 0, directEnis: 4 }], undefined).level).toBe('fail');
    expect(sharedEniFinding([{ name: 'b', sharedIps: 0, directEnis: 0 }], 'tke-direct-eni').level).toBe('fail');
    expect(sharedEniFinding([{ name: 'b', sharedIps: 0, directEnis: 0 }], undefined).level).toBe('warn');
    expect(sharedEniFinding([], 'tke-route-eni').level).toBe('ok');
  });
});

describe('the feature and where it lives', () => {
  it('is ok when on, and says where', () => {
    expect(featureFinding(setting())).toMatchObject({ level: 'ok', why: expect.stringContaining('addon eniipamd values') });
    expect(featureFinding(setting({ globalList: [] })).why).toContain("primary ENI's groups");
  });

  it('fails when off, with the fix for the version\'s place', () => {
    const args = featureFinding(setting({ imageTag: 'v3.4.7', enabled: false, place: 'deployment-args' }));
    expect(args).toMatchObject({ level: 'fail' });
    expect(args.fix).toContain('"value":"--enable-security-groups"');
    const addon = featureFinding(setting({ enabled: false }));
    expect(addon.fix).toContain('vpcCni.securityGroups.enableSecurityGroups');
    expect(addon.fix).toContain('cls-kjqul1ir');
  });

  it('names the documented typo as the reason it is off', () => {
    const parsed = readIpamdSecurityGroupArgs(['--enable-security-group', '--security-groups=sg-aaaaaaaa']);
    const s = setting({ imageTag: 'v3.4.7', enabled: false, place: 'deployment-args', nearMisses: parsed.nearMisses, sources: [{ place: 'deployment-args', enabled: false, globalList: ['sg-aaaaaaaa'] }] });
    expect(featureFinding(s)).toMatchObject({ level: 'fail', why: expect.stringContaining('--enable-security-group,') });
    expect(flagsFinding(s)).toMatchObject({ level: 'fail' });
  });

  it('only warns about a near-miss whose correct flag is set too, or that v3.5+ ignores anyway', () => {
    const misses = [{ written: '--enable-security-group', meant: '--enable-security-groups' }];
    const s = setting({ imageTag: 'v3.4.7', place: 'deployment-args', nearMisses: misses, sources: [{ place: 'deployment-args', enabled: true, globalList: [] }] });
    expect(flagsFinding(s).level).toBe('warn');
    expect(flagsFinding(setting({ nearMisses: misses })).level).toBe('warn');
    expect(flagsFinding(setting()).level).toBe('ok');
  });

  it('fails on security-group flags after the point where Go stops reading flags', () => {
    const parsed = readIpamdSecurityGroupArgs(['--enable-security-groups', 'false', '--security-groups=sg-aaaaaaaa']);
    expect(flagsFinding(setting({ unread: parsed.unread }))).toMatchObject({ level: 'fail', why: expect.stringMatching(/^ipamd never reads --security-groups=sg-aaaaaaaa: /) });
  });
});

describe('startFinding', () => {
  it('says ipamd will not start on a value Go refuses, with the replacement when it is plain', () => {
    expect(startFinding(readIpamdSecurityGroupArgs(['--enable-security-groups']).refused).level).toBe('ok');
    const yes = startFinding(readIpamdSecurityGroupArgs(['--enable-security-groups=yes']).refused);
    expect(yes).toMatchObject({
      level: 'fail',
      why: `ipamd will not start: its arg --enable-security-groups=yes is refused by Go's flag package (invalid boolean value "yes" for -enable-security-groups: parse error), so it exits with status 2`,
    });
    expect(yes.fix).toContain(`sed 's/"--enable-security-groups=yes"/"--enable-security-groups=true"/'`);
    expect(yes.fix).toContain('Go accepts -enable-security-groups or --enable-security-groups, or =1|0|t|f|T|F|true|false|TRUE|FALSE|True|False');
    const missing = startFinding(readIpamdSecurityGroupArgs(['--security-groups']).refused);
    expect(missing.fix).not.toContain('sed');
    expect(missing.why).toContain('flag needs an argument: --security-groups');
  });

  it('gives a pipeline that fixes both spellings of a near-miss exactly', () => {
    const fix = nearMissFix([{ written: '--security-group', meant: '--security-groups' }]);
    const script = /sed '(.*)'/.exec(fix)![1]!;
    const json = '["--security-group=sg-a", "--security-group", "sg-b", "--security-groups=sg-c"]';
    // what sed does with these substitutions, in JS
    let out = json;
    for (const cmd of script.split('; ')) {
      const [, from, to] = /^s\/(.*)\/(.*)\/$/.exec(cmd)!;
      out = out.split(from!.replace(/\\(.)/g, '$1')).join(to!);
    }
    expect(out).toBe('["--security-groups=sg-a", "--security-groups", "sg-b", "--security-groups=sg-c"]');
  });

  it('warns when the places disagree, and says which fix applies', () => {
    const cm = setting({
      sources: [
        { place: 'addon-values', enabled: true, globalList: ['sg-aaaaaaaa'] },
        { place: 'configmap', enabled: false, globalList: [] },
      ],
      disagreements: [{ place: 'configmap', enabled: false, globalList: [] }],
    });
    expect(placesFinding(cm)).toMatchObject({ level: 'warn', why: expect.stringContaining('places disagree: addon eniipamd values: on, global list sg-aaaaaaaa; ConfigMap kube-system/tke-eni-ipamd: off;'), fix: expect.stringContaining('eniipamd') });
    const args = setting({
      sources: [
        { place: 'deployment-args', enabled: true, globalList: [] },
        { place: 'addon-values', enabled: true, globalList: ['sg-aaaaaaaa'] },
      ],
      disagreements: [{ place: 'deployment-args', enabled: true, globalList: [] }],
    });
    expect(placesFinding(args)).toMatchObject({ level: 'warn', fix: expect.stringContaining('remove --enable-security-groups') });
    expect(placesFinding(setting()).level).toBe('ok');
    expect(placesFinding(setting({ addonNote: 'no cloud access' })).why).toContain('not compared: no cloud access');
    expect(placesFinding(setting({ problems: ['ConfigMap kube-system/tke-eni-ipamd: not valid YAML'] })).level).toBe('fail');
  });
});

describe('NodeENIConfigs', () => {
  it('needs the CRD served', () => {
    expect(necCrdFinding(true).level).toBe('ok');
    expect(necCrdFinding(false).level).toBe('fail');
  });

  it('wants one NEC per CVM node, names the rest', () => {
    const nodes = [
      { name: '10.0.0.1', instanceId: 'ins-aaaaaaaa' },
      { name: '10.0.0.2', instanceId: 'ins-bbbbbbbb' },
    ];
    expect(necPerNodeFinding(nodes, ['10.0.0.1', '10.0.0.2']).level).toBe('ok');
    const missing = necPerNodeFinding(nodes, ['10.0.0.1']);
    expect(missing).toMatchObject({ level: 'fail', why: expect.stringContaining('10.0.0.2') });
    expect(missing.fix).toContain("grep -E '10\\.0\\.0\\.2'");
    const virtual = necPerNodeFinding([...nodes, { name: 'eklet-1', instanceId: undefined }], ['10.0.0.1', '10.0.0.2', '10.0.0.9']);
    expect(virtual).toMatchObject({ level: 'warn', why: expect.stringContaining('eklet-1') });
    expect(virtual.fix).toContain('kubectl delete nec 10.0.0.9');
  });

  it('lists at most five names in the why line', () => {
    expect(someNames(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe('a, b, c, d, e and 2 more');
  });
});

describe('bind events', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  const ev = (minutesAgo: number, message = 'failed to bind ...: UnauthorizedOperation: ...', more: Partial<WarningEventFacts> = {}): WarningEventFacts => ({
    kind: 'Node',
    name: '10.0.0.1',
    reason: 'SyncENIFailed',
    component: 'tke-eni-ipamd',
    message,
    count: 3,
    last: new Date(now.getTime() - minutesAgo * 60_000),
    ...more,
  });
  it('fails on recent events, warns on old ones, and points at the cause and the resync', () => {
    expect(bindEventsFinding([], now, true).level).toBe('ok');
    const recent = bindEventsFinding([ev(1)], now, true);
    expect(recent).toMatchObject({ level: 'fail', why: expect.stringContaining('3 Warning events from ipamd or about security groups on 1 node (last 60s ago)') });
    expect(recent.fix).toContain('cam-role');
    expect(recent.fix).toContain('need-sync-security-groups=true');
    expect(bindEventsFinding([ev(30, 'LimitExceeded')], now, false)).toMatchObject({ level: 'warn', fix: expect.stringContaining('disable-node-eni-security-groups=yes') });
  });
  it('quotes the event as written, whatever its reason: object, reason, source, message, count and time', () => {
    const f = bindEventsFinding([ev(2, 'sync eni eni-1 failed: Code=LimitExceeded', { kind: 'NodeENIConfig', reason: 'AnythingAtAll' })], now, true);
    expect(f.why).toBe('3 Warning events from ipamd or about security groups on 1 node (last 2m ago): NodeENIConfig 10.0.0.1 AnythingAtAll from tke-eni-ipamd: sync eni eni-1 failed: Code=LimitExceeded');
    expect(f.details).toEqual(['3x, last 2026-11-23T09:58:00.000Z: NodeENIConfig 10.0.0.1 AnythingAtAll from tke-eni-ipamd: sync eni eni-1 failed: Code=LimitExceeded']);
    expect(f.fix).toContain('kubectl get events -A --field-selector type=Warning,involvedObject.name=10.0.0.1');
  });
  it('leaves out Warning events of others that say nothing of security groups', () => {
    const kubelet = ev(1, 'invalid capacity 0 on image filesystem', { component: 'kubelet', reason: 'InvalidDiskCapacity' });
    expect(bindEventsFinding([kubelet], now, true)).toMatchObject({ level: 'ok', why: 'no Warning events on nodes or NodeENIConfigs from ipamd or naming security groups' });
  });
});

describe('interrupted resync runs', () => {
  it('passes without markers, and fails naming the nodes, the disabled ones and one --resume per run', () => {
    expect(interruptedResyncFinding([])).toMatchObject({ level: 'ok', fix: undefined });
    const one = interruptedResyncFinding([{ node: '10.0.0.1', runId: 'r-20261123-105912-ab12', disabled: true }]);
    expect(one).toMatchObject({ level: 'fail', fix: 'kubectl sg resync --resume r-20261123-105912-ab12', details: ['10.0.0.1: run r-20261123-105912-ab12, disabled'] });
    expect(one.why).toBe(
      '1 node still carries the marker of resync run r-20261123-105912-ab12, which stopped before finishing it: 10.0.0.1; 1 is still disabled, with no security groups on its pods (10.0.0.1)',
    );
    const two = interruptedResyncFinding([
      { node: '10.0.0.1', runId: 'r-1', disabled: false },
      { node: '10.0.0.2', runId: 'r-2', disabled: false },
    ]);
    expect(two.why).toBe('2 nodes still carry the marker of 2 resync runs, which stopped before finishing them: 10.0.0.1, 10.0.0.2');
    expect(two.fix).toBe('kubectl sg resync --resume r-1\nkubectl sg resync --resume r-2');
  });
});

describe('cloud access', () => {
  it('shows the credential source, never asks for more than the fix says', () => {
    expect(credentialsFinding('tke', { described: 'env (TENCENTCLOUD_SECRET_ID), SecretId AKID****abcd' })).toMatchObject({ check: 'cloud-credentials', level: 'ok' });
    expect(credentialsFinding('tke', { missing: 'no Tencent Cloud credentials found' })).toMatchObject({ level: 'warn', fix: expect.stringContaining('TENCENTCLOUD_SECRET_ID') });
    expect(credentialsFinding('tke', { skipped: true }).level).toBe('warn');
  });

  it('says the same for Alibaba Cloud under the ECI check names, with its own variables', () => {
    const missing = credentialsFinding('eci', { missing: 'no Alibaba Cloud credentials found (looked in env, ~/.aliyun/config.json)' });
    expect(missing).toMatchObject({ check: 'eci-credentials', level: 'warn', why: expect.stringContaining('eci-profile groups') });
    expect(missing.fix).toContain('export ALIBABA_CLOUD_ACCESS_KEY_ID=<AccessKeyId> ALIBABA_CLOUD_ACCESS_KEY_SECRET=<AccessKeySecret>');
    expect(missing.fix).toContain('aliyun configure');
    expect(missing.fix).not.toContain('TENCENTCLOUD');
    expect(regionFinding('eci', { region: 'cn-hangzhou', source: 'cluster', from: 'cn-hangzhou-k' })).toMatchObject({ check: 'eci-region', why: 'cn-hangzhou (from virtual node label topology.kubernetes.io/region=cn-hangzhou-k)' });
    expect(regionFinding('eci', { region: 'cn-hangzhou', source: 'env', from: 'ALIBABA_CLOUD_REGION_ID' }).why).toBe('cn-hangzhou (from ALIBABA_CLOUD_REGION_ID)');
    expect(regionFinding('eci', undefined)).toMatchObject({ level: 'warn', fix: 'pass --region cn-hangzhou (your cluster\'s region) or export ALIBABA_CLOUD_REGION_ID=cn-hangzhou' });
    expect(regionFinding('eci', undefined, undefined, true)).toMatchObject({ check: 'eci-region', why: 'not checked: --no-cloud' });
  });

  it('says where the region came from', () => {
    expect(regionFinding('tke', { region: 'ap-guangzhou', source: 'cluster', from: 'gz' }).why).toBe('ap-guangzhou (from node label topology.kubernetes.io/region=gz)');
    expect(regionFinding('tke', undefined).level).toBe('warn');
    expect(regionFinding('tke', undefined, 'TENCENTCLOUD_REGION "gz" is a short region name; the API wants ap-guangzhou').level).toBe('fail');
  });

  it('checks the cluster ID against the cloud when it can', () => {
    expect(clusterIdFinding({ id: undefined, from: undefined }).level).toBe('warn');
    expect(clusterIdFinding({ id: 'cls-kjqul1ir', from: 'ipamd args' }).level).toBe('ok');
    expect(clusterIdFinding({ id: 'cls-kjqul1ir', from: '--cluster-id', cloud: { found: false, region: 'ap-shanghai' } }).level).toBe('fail');
    expect(clusterIdFinding({ id: 'cls-kjqul1ir', from: '--cluster-id', cloud: { found: true, name: 'prod', cni: false } }).level).toBe('fail');
    expect(clusterIdFinding({ id: 'cls-kjqul1ir', from: '--cluster-id', cloud: { found: true, name: 'prod', cni: true } }).level).toBe('ok');
  });
});

describe('the CAM role', () => {
  const evaluated = (...docs: unknown[]) =>
    camRoleFinding({
      kind: 'evaluated',
      policies: docs.map((_, i) => `p${i}`),
      evaluation: evaluatePolicies(docs.map((document, i) => ({ name: `p${i}`, document })), IPAMD_SG_ACTIONS),
    });

  it('passes on a document that grants both actions', () => {
    expect(evaluated({ version: '2.0', statement: [{ effect: 'allow', action: ['cvm:*'], resource: '*' }] })).toMatchObject({ level: 'ok', why: expect.stringContaining('p0') });
  });

  it('fails when an action is missing, with the exact policy to attach', () => {
    const f = evaluated({ version: '2.0', statement: [{ effect: 'allow', action: ['vpc:*'], resource: '*' }] });
    expect(f.level).toBe('fail');
    expect(f.fix).toBe(camPolicyFix());
    const json = f.fix!.slice(f.fix!.indexOf('{'), f.fix!.indexOf('\nthen '));
    expect(JSON.parse(json)).toEqual({
      version: '2.0',
      statement: [{ action: ['cvm:AssociateNetworkInterfaceSecurityGroups', 'cvm:DisassociateNetworkInterfaceSecurityGroups'], resource: '*', effect: 'allow' }],
    });
    expect(f.fix).toContain('CAM console > Roles > IPAMDofTKE_QCSRole > Associate Policies > SecurityGroupsAccessForIPAMD');
  });

  it('fails on a deny, warns on a limited grant, and on what it could not read', () => {
    const denied = evaluated({ version: '2.0', statement: [{ effect: 'allow', action: '*', resource: '*' }, { effect: 'deny', action: 'cvm:*', resource: '*' }] });
    expect(denied).toMatchObject({ level: 'fail', why: expect.stringContaining('denied') });
    expect(evaluated({ version: '2.0', statement: [{ effect: 'allow', action: '*', resource: 'qcs::cvm:::eni/eni-x' }] }).level).toBe('warn');
    expect(camRoleFinding({ kind: 'no-role' }).level).toBe('fail');
    expect(camRoleFinding({ kind: 'error', what: 'read role', message: 'UnauthorizedOperation', unauthorized: true, auth: false })).toMatchObject({
      level: 'warn',
      fix: expect.stringContaining('cam:GetRole'),
    });
    expect(camRoleFinding({ kind: 'no-cloud', why: '--no-cloud' }).level).toBe('warn');
  });
});

describe('RBAC', () => {
  const show = RBAC_NEEDS.find((n) => n.check === 'rbac-show')!;
  const resync = RBAC_NEEDS.find((n) => n.check === 'rbac-resync')!;
  it('fails the read half and warns on the write halves', () => {
    expect(rbacFinding(show, show.permissions.map(() => true), 'alice').level).toBe('ok');
    expect(rbacFinding(show, show.permissions.map((_, i) => i !== 1), 'alice')).toMatchObject({ level: 'fail', why: expect.stringContaining('missing list nodes') });
    expect(rbacFinding(resync, [false], 'alice').level).toBe('warn');
  });

  it('prints idempotent kubectl commands for the user, cluster-wide and in kube-system', () => {
    const fix = rbacFix(show, 'alice@example.com');
    expect(fix).toContain('kubectl create clusterrole kubectl-sg-show --verb=get,list --resource=nodes,nodeeniconfigs.networking.tke.cloud.tencent.com,events');
    expect(fix).toContain('--user=alice@example.com');
    expect(fix).toContain('kubectl-sg-show:alice-example.com');
    expect(fix).toContain('kubectl -n kube-system create role kubectl-sg-show --verb=get --resource=deployments.apps,configmaps');
    expect(rbacFix(resync, undefined)).toContain('--user=<your-user>');
    expect(rbacName('system:serviceaccount:ops:bot')).toBe('system-serviceaccount-ops-bot');
  });

  it('grants one named object only when every namespaced permission is about it', () => {
    const profile: RbacNeed = { check: 'rbac-x', purpose: 'x', level: 'warn', permissions: [{ verb: 'update', group: '', resource: 'configmaps', namespace: 'kube-system', name: 'eci-profile' }] };
    expect(rbacFix(profile, 'bob')).toContain('kubectl -n kube-system create role kubectl-sg-x --verb=update --resource=configmaps --resource-name=eci-profile ');
    expect(rbacFinding(profile, [false], 'bob').why).toBe('user bob may not x: missing update configmaps eci-profile in kube-system');
    const mixed: RbacNeed = { ...profile, permissions: [...profile.permissions, { verb: 'get', group: '', resource: 'configmaps', namespace: 'kube-system' }] };
    expect(rbacFix(mixed, 'bob')).not.toContain('--resource-name');
  });
});

describe('the provider check', () => {
  const none = { tke: undefined, supernode: undefined, eci: undefined };
  it('says which providers run and on what evidence, and picks the checks that follow', () => {
    const both = { ...none, tke: 'Deployment kube-system/tke-eni-ipamd', eci: 'ConfigMap kube-system/eci-profile' };
    expect(providerFinding(both, undefined)).toMatchObject({ check: 'provider', level: 'ok', why: 'TKE VPC-CNI (Deployment kube-system/tke-eni-ipamd) and Alibaba ECI (ConfigMap kube-system/eci-profile)' });
    expect(doctorProviders(both, undefined)).toEqual(['tke', 'eci']);
    expect(doctorProviders(both, 'eci')).toEqual(['eci']);
    expect(doctorProviders({ ...none, eci: 'virtual node vk-1' }, undefined)).toEqual(['eci']);
    expect(providerFinding({ ...none, tke: 'Deployment kube-system/tke-eni-ipamd' }, 'eci')).toMatchObject({ level: 'ok', why: expect.stringContaining(', not Alibaba ECI; --provider eci: checking Alibaba ECI only') });
  });

  it('fails when neither runs, saying how to tell, and runs the TKE checks as before', () => {
    const f = providerFinding(none, undefined);
    expect(f).toMatchObject({ level: 'fail', why: expect.stringMatching(/^neither TKE VPC-CNI .* nor Alibaba ECI .*checking TKE VPC-CNI/) });
    expect(f.fix).toContain('kubectl -n kube-system get deploy tke-eni-ipamd');
    expect(f.fix).toContain('kubectl -n kube-system get configmap eci-profile');
    expect(doctorProviders(none, undefined)).toEqual(['tke']);
    expect(doctorProviders(undefined, undefined)).toEqual(['tke']);
    expect(providerFinding(undefined, undefined, 'forbidden: nodes')).toMatchObject({ level: 'warn', fix: expect.stringContaining('--provider eci') });
  });
});
