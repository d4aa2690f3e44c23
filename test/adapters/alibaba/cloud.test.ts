// The Alibaba adapter against the Alibaba Cloud emulator, reached as in production: through the
// sandbox's HTTPS proxy (the Tencent emulator forwarding *.aliyuncs.com, the sandbox CA trusted
// by the global test setup), with credentials found in the environment given.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeEciScenario, groupByRole } from '../../sandbox/eci/scenario.ts';
import { startAlibabaEmulator, type AlibabaEmulator } from '../../sandbox/alibaba/emulator.ts';
import { makeScenario } from '../../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../../sandbox/tencent/emulator.ts';
import { AlibabaApiError, AlibabaCredential, createAlibabaCloud, resolveAlibabaCredential, type AlibabaCloud } from '../../../src/adapters/alibaba/index.ts';

const scenario = makeEciScenario({ seed: 11 });
const env = () => ({ HTTPS_PROXY: proxy.proxyUrl, ALIBABA_CLOUD_ACCESS_KEY_ID: scenario.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: scenario.accessKeySecret });
let ali: AlibabaEmulator;
let proxy: Emulator;
let cloud: AlibabaCloud;

async function connect(o: { secret?: string; requestTimeoutMs?: number } = {}): Promise<AlibabaCloud> {
  const e = { ...env(), ...(o.secret ? { ALIBABA_CLOUD_ACCESS_KEY_SECRET: o.secret } : {}) };
  const { credential } = await resolveAlibabaCredential({ env: e, homeDir: '/nonexistent', ecsRamRole: false });
  return createAlibabaCloud({ credential: credential!, region: scenario.region, env: e, retry: { baseDelayMs: 5, maxDelayMs: 20 }, requestTimeoutMs: o.requestTimeoutMs });
}
const calls = async (action: string) => (await ali.control.calls()).filter((c) => c.action === action);

beforeAll(async () => {
  ali = await startAlibabaEmulator({ scenario });
  proxy = await startEmulator({ scenario: makeScenario({ nodes: 1, seed: 3 }), forwards: [{ suffix: 'aliyuncs.com', upstream: new URL(ali.url) }] });
  cloud = await connect();
});
afterAll(async () => {
  cloud?.close();
  await proxy?.close();
  await ali?.close();
});
beforeEach(async () => {
  await ali.control.clearFaults();
  await ali.control.clearCalls();
  await ali.control.resetRateLimits();
});

describe('security groups', () => {
  it('describes groups by ID through the proxy, with their type, and lists the unknown ones as missing', async () => {
    const basic = groupByRole(scenario, 'default');
    const advanced = groupByRole(scenario, 'isolated');
    const r = await cloud.describeSecurityGroups([basic.id, advanced.id, 'sg-bp1doesnotexist000']);
    expect(r.found.map((g) => [g.id, g.type, g.vpcId])).toEqual(
      expect.arrayContaining([
        [basic.id, 'basic', basic.vpcId],
        [advanced.id, 'advanced', advanced.vpcId],
      ]),
    );
    expect(r.missing).toEqual(['sg-bp1doesnotexist000']);
    expect(cloud.proxyDecision('ecs').proxy).toBe(proxy.proxyUrl);
    const [call] = await calls('DescribeSecurityGroups');
    expect(call).toMatchObject({ service: 'ecs', identity: 'accessKey', code: '' });
  });

  it('pages a VPC of 250 groups by NextToken and asks by ID in batches of 100', async () => {
    const made: string[] = [];
    for (let i = 0; i < 250; i++) made.push((await ali.control.createSecurityGroup({ name: `bulk-${i}`, vpcId: scenario.otherVpcId, type: 'normal' })).id);
    await ali.control.clearCalls();
    const listed = await cloud.listSecurityGroups(scenario.otherVpcId);
    expect(listed.map((g) => g.id)).toEqual(expect.arrayContaining(made));
    expect(new Set(listed.map((g) => g.id)).size).toBe(listed.length);
    const pages = await calls('DescribeSecurityGroups');
    expect(pages.length).toBe(Math.ceil(listed.length / 100));
    expect(pages.slice(1).every((p) => p.params.NextToken)).toBe(true);

    await ali.control.clearCalls();
    const byId = await cloud.describeSecurityGroups([...made, 'sg-bp1doesnotexist000']);
    expect(byId.found.length).toBe(250);
    expect(byId.missing).toEqual(['sg-bp1doesnotexist000']);
    const batches = await calls('DescribeSecurityGroups');
    expect(batches.map((b) => (JSON.parse(b.params.SecurityGroupIds!) as string[]).length).sort((a, b) => b - a)).toEqual([100, 100, 51]);
  });

  it('reads a group with all its permissions in the domain shape; an unknown group is undefined', async () => {
    const many = groupByRole(scenario, 'manyRules');
    const d = await cloud.describeSecurityGroupAttribute(many.id);
    expect(d?.rules.length).toBe(many.rules.length);
    expect(d?.type).toBe(many.type === 'enterprise' ? 'advanced' : 'basic');
    const wide = await cloud.describeSecurityGroupAttribute(groupByRole(scenario, 'wideOpen').id);
    expect(wide?.rules.some((r) => /^\d+(-\d+)?$|^all$/.test(r.ports))).toBe(true);
    expect(wide?.rules.every((r) => !r.ports.includes('/'))).toBe(true);
    expect(await cloud.describeSecurityGroupAttribute('sg-bp1doesnotexist000')).toBeUndefined();
  });
});

describe('container groups', () => {
  it('asks in batches of 20 and splits the comma-joined groups of an instance', async () => {
    const a = groupByRole(scenario, 'default').id;
    const b = groupByRole(scenario, 'payments').id;
    const ids: string[] = [];
    for (let i = 0; i < 45; i++) {
      const c = await ali.control.createContainerGroup({ name: `pod-${i}`, namespace: 'default', vpcId: scenario.vpcId, vSwitchId: scenario.vSwitchIds[0]!, securityGroupIds: i === 0 ? [a, b] : [a] });
      ids.push(c.containerGroupId);
    }
    await ali.control.clearCalls();
    const r = await cloud.describeContainerGroups([...ids, 'eci-bp1doesnotexist00']);
    expect(r.found.length).toBe(45);
    expect(r.missing).toEqual(['eci-bp1doesnotexist00']);
    expect(r.found.find((c) => c.id === ids[0])).toMatchObject({ securityGroupIds: [a, b], vpcId: scenario.vpcId, name: 'pod-0' });
    expect(r.found.find((c) => c.id === ids[1])?.securityGroupIds).toEqual([a]);
    const batches = await calls('DescribeContainerGroups');
    expect(batches.map((c) => (JSON.parse(c.params.ContainerGroupIds!) as string[]).length).sort((x, y) => y - x)).toEqual([20, 20, 6]);
  });
});

describe('failures', () => {
  it('retries throttling and succeeds', async () => {
    await ali.control.setFaults({ failAction: { action: 'DescribeSecurityGroups', code: 'Throttling.User', times: 2 } });
    await cloud.describeSecurityGroups([groupByRole(scenario, 'default').id]);
    expect((await calls('DescribeSecurityGroups')).map((c) => c.code)).toEqual(['Throttling.User', 'Throttling.User', '']);
  });

  it('a refused signature ends at once with Code and RequestId in the message and no secret anywhere', async () => {
    const wrong = 'WrongSecretValue0123456789abcdef';
    const bad = await connect({ secret: wrong });
    const e = await bad.describeSecurityGroups([groupByRole(scenario, 'default').id]).catch((x: unknown) => x);
    bad.close();
    expect(e).toBeInstanceOf(AlibabaApiError);
    const err = e as AlibabaApiError;
    expect(err.message).toMatch(/^ecs:DescribeSecurityGroups: SignatureDoesNotMatch HTTP 400: /);
    expect(err.kind).toBe('auth');
    expect(err.attempts).toBe(1);
    expect(err.requestId).toBeTruthy();
    expect(err.message).toContain(err.code);
    expect(err.message).toContain(err.requestId!);
    for (const text of [err.message, JSON.stringify(err), String(err.stack)]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(scenario.accessKeySecret);
    }
  });

  it('a call with no answer within the request timeout is a RequestTimeout', async () => {
    await ali.control.setFaults({ latencyMs: 2_000 });
    const slow = await connect({ requestTimeoutMs: 200 });
    const e = await slow.describeSecurityGroups([groupByRole(scenario, 'default').id]).catch((x: unknown) => x);
    slow.close();
    expect(e).toMatchObject({ code: 'RequestTimeout', kind: 'network' });
  });

  it('also talks to the emulator straight, for a private endpoint', async () => {
    const direct = createAlibabaCloud({ credential: new AlibabaCredential('env', 'test', { accessKeyId: scenario.accessKeyId, accessKeySecret: scenario.accessKeySecret }), region: scenario.region, env: {}, endpoint: ali.url });
    const r = await direct.describeContainerGroups(['eci-bp1doesnotexist00']);
    direct.close();
    expect(r).toEqual({ found: [], missing: ['eci-bp1doesnotexist00'] });
  });
});

describe('ENIs by address', () => {
  it('finds the ENI holding a private address in the VPC, with its groups; none elsewhere', async () => {
    const group = groupByRole(scenario, 'payments').id;
    const cg = await ali.control.createContainerGroup({ name: 'db-0', namespace: 'data', vpcId: scenario.vpcId, vSwitchId: scenario.vSwitches[0]!.id, securityGroupIds: [group] });
    expect(await cloud.describeEniByIp(cg.intranetIp, scenario.vpcId)).toEqual({ id: cg.eniInstanceId, vpcId: scenario.vpcId, groups: [group], instanceId: undefined });
    expect(await cloud.describeEniByIp(cg.intranetIp, 'vpc-elsewhere00000000')).toBeUndefined();
    expect(await cloud.describeEniByIp('192.0.2.1', scenario.vpcId)).toBeUndefined();
    expect((await calls('DescribeNetworkInterfaces')).length).toBe(3);
  });
});

describe('prefix lists', () => {
  it('reads a prefix list\'s CIDR blocks, and says when it does not exist', async () => {
    const list = await ali.control.createPrefixList({ name: 'office', entries: ['10.20.0.0/16', '10.30.0.0/16'] });
    expect(await cloud.describePrefixList(list.id)).toEqual(['10.20.0.0/16', '10.30.0.0/16']);
    expect(await cloud.describePrefixList('pl-bp1doesnotexist0000')).toBeUndefined();
  });
});
