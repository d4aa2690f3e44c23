// The control interface (what the virtual-kubelet simulator and tests use): health and state,
// container groups refused for what CreateContainerGroup refuses, groups and rules changed and
// seen by the SDK, faults as the SDK surfaces them, flow control, the call log; and the
// emulator as a process (main.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AlibabaControl, startAlibabaEmulator, type AlibabaEmulator } from '../../sandbox/alibaba/emulator.ts';
import { groupByRole } from '../../sandbox/eci/scenario.ts';
import { sdkError } from '../helpers.ts';
import { contractScenario, eci, ecs, keyOf, secretsOf, signedRequest, VERSIONS, type SdkError } from './helpers.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const scenario = contractScenario(404);
const sg = (role: Parameters<typeof groupByRole>[1]) => groupByRole(scenario, role).id;
const vSwitchId = scenario.vSwitchIds[0]!;
let emu: AlibabaEmulator;
// The flow control's clock, frozen: a test counts calls "within one second" without timing them.
let rateNow = 0;

beforeAll(async () => {
  emu = await startAlibabaEmulator({ scenario, rateClock: () => rateNow });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await emu.control.clearFaults();
  await emu.control.resetRateLimits();
});

const fail = (p: Promise<unknown>) => sdkError(p) as Promise<SdkError>;
const refusal = (p: Promise<unknown>) => p.then(
  () => 'created',
  (e: Error) => e.message,
);

describe('control interface', () => {
  it('health and state', async () => {
    expect(await emu.control.health()).toMatchObject({ ok: true, region: 'cn-hangzhou', scenario: scenario.name });
    const st = await emu.control.state();
    expect(st.securityGroups.map((g) => g.id)).toEqual(scenario.securityGroups.map((g) => g.id));
    expect(st).toMatchObject({ vpcId: scenario.vpcId, otherVpcId: scenario.otherVpcId, region: 'cn-hangzhou' });
    expect(st.securityGroups[0]!.rules[0]).toMatchObject({ ...scenario.securityGroups[0]!.rules[0], id: expect.stringMatching(/^sgr-/) });
  });

  it('creates a container group with up to 5 groups of one VPC and one type', async () => {
    const five = [sg('default'), sg('payments'), sg('wideOpen'), sg('manyRules')];
    const extra = await emu.control.createSecurityGroup({ name: 'fifth', vpcId: scenario.vpcId, type: 'normal' });
    const cg = await emu.control.createContainerGroup({ name: 'five', namespace: 'shop', vpcId: scenario.vpcId, vSwitchId, securityGroupIds: [...five, extra.id] });
    expect(cg.intranetIp).toMatch(/^192\.168\./);
    const st = await emu.control.state();
    expect(st.containerGroups.find((c) => c.id === cg.containerGroupId)).toMatchObject({ securityGroupIds: [...five, extra.id], namespace: 'shop', vSwitchId });
  });

  it('refuses, with the reason, what CreateContainerGroup refuses', async () => {
    const create = (securityGroupIds: string[], o: { vpcId?: string; vSwitchId?: string } = {}) =>
      refusal(emu.control.createContainerGroup({ name: 'refused', namespace: 'shop', vpcId: o.vpcId ?? scenario.vpcId, vSwitchId: o.vSwitchId ?? vSwitchId, securityGroupIds }));
    expect(await create(['sg-bp1doesnotexist00000'])).toMatch(/400 .*sg-bp1doesnotexist00000 does not exist/);
    expect(await create([sg('default'), sg('otherVpc')])).toMatch(/400 .*not in the instance's VPC/);
    expect(await create([sg('default'), sg('isolated')])).toMatch(/400 .*different types/);
    expect(await create([sg('default'), sg('payments'), sg('wideOpen'), sg('manyRules'), sg('default').replace(/.$/, 'x'), 'sg-bp1six']))
      .toMatch(/400 .*at most 5/);
    expect(await create([sg('default'), sg('default')])).toMatch(/400 .*twice/);
    expect(await create([])).toMatch(/400 /);
    expect(await create([sg('default')], { vSwitchId: 'vsw-bp1nope' })).toMatch(/400 .*vSwitch vsw-bp1nope does not exist/);
    expect((await emu.control.state()).containerGroups.map((c) => c.name)).not.toContain('refused');
  });

  it('adds groups and replaces rules, as the SDK then reads them', async () => {
    const g = await emu.control.createSecurityGroup({ id: 'sg-bp1controladded0001', name: 'added', vpcId: scenario.vpcId, type: 'enterprise' });
    const api = ecs(emu.port, keyOf(scenario));
    expect((await api.describeSecurityGroupAttribute({ securityGroupId: g.id })).body.innerAccessPolicy).toBe('Drop');
    await emu.control.setRules(g.id, [{ direction: 'ingress', ipProtocol: 'TCP', portRange: '443/443', sourceCidrIp: '10.0.0.0/8', policy: 'Accept', priority: 5 }]);
    const r = await api.describeSecurityGroupAttribute({ securityGroupId: g.id });
    expect((r.body.permissions as { permission: unknown[] }).permission).toEqual([expect.objectContaining({ portRange: '443/443', priority: '5', sourceCidrIp: '10.0.0.0/8' })]);
    expect(await refusal(emu.control.setRules(g.id, [{ direction: 'in', ipProtocol: 'TCP', portRange: '80', policy: 'Accept', priority: 1 } as never]))).toMatch(/400 .*direction/);
    expect(await refusal(emu.control.createSecurityGroup({ id: g.id, name: 'again', vpcId: scenario.vpcId, type: 'normal' }))).toMatch(/409 /);
  });
});

describe('faults', () => {
  it('fails an action with the injected code and its HTTP status, as the SDK surfaces them, `times` times', async () => {
    await emu.control.setFaults({ failAction: { action: 'DescribeSecurityGroups', code: 'ServiceUnavailable', times: 1 } });
    const api = ecs(emu.port, keyOf(scenario));
    expect(await fail(api.describeSecurityGroups({}))).toMatchObject({ code: 'ServiceUnavailable', statusCode: 503, name: 'ServerError' });
    expect((await api.describeSecurityGroups({})).statusCode).toBe(200);
  });

  it('takes the short form {failAction: name, failCode}: Throttling.User is the SDK\'s ThrottlingError, HTTP 400', async () => {
    await emu.control.setFaults({ failAction: 'DescribeContainerGroups', failCode: 'Throttling.User' });
    const e = await fail(eci(emu.port, keyOf(scenario)).describeContainerGroups({}));
    expect(e).toMatchObject({ code: 'Throttling.User', statusCode: 400 });
    expect((await emu.control.faults()).failAction).toEqual([{ action: 'DescribeContainerGroups', code: 'Throttling.User' }]);
  });

  it('fails every call with InternalError (500) at errorRate 1, after authentication', async () => {
    await emu.control.setFaults({ errorRate: 1 });
    expect(await fail(ecs(emu.port, keyOf(scenario)).describeSecurityGroups({}))).toMatchObject({ code: 'InternalError', statusCode: 500 });
    expect(await fail(ecs(emu.port, { ...keyOf(scenario), accessKeySecret: 'wrong' }).describeSecurityGroups({}))).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });
});

describe('flow control and the call log', () => {
  it('refuses the 101st call of an action within a second with Throttling.User (the SDK\'s ThrottlingError), and takes calls again a second later', async () => {
    const params = { RegionId: 'cn-hangzhou', MaxResults: '1' };
    const call = () => signedRequest({ port: emu.port }, { action: 'DescribeSecurityGroups', version: VERSIONS.ecs, params, key: keyOf(scenario) });
    const answers = await Promise.all(Array.from({ length: 100 }, call));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 100 }, () => 200));
    const e = await fail(ecs(emu.port, keyOf(scenario)).describeSecurityGroups({}));
    expect(e).toMatchObject({ code: 'Throttling.User', statusCode: 400, name: 'ThrottlingError' });
    // Another action has its own budget.
    expect((await ecs(emu.port, keyOf(scenario)).describeSecurityGroupAttribute({ securityGroupId: sg('default') })).statusCode).toBe(200);
    rateNow += 1000;
    expect((await call()).status).toBe(200);
  });

  it('logs every call: product, action, identity, params, code and status, never a secret', async () => {
    await emu.control.clearCalls();
    await ecs(emu.port, keyOf(scenario)).describeSecurityGroupAttribute({ securityGroupId: sg('default') });
    await fail(ecs(emu.port, scenario.stsCredential!).describeSecurityGroupAttribute({ securityGroupId: 'sg-bp1nope' }));
    const calls = await emu.control.calls();
    expect(calls.map(({ at: _at, ...c }) => c)).toEqual([
      { service: 'ecs', action: 'DescribeSecurityGroupAttribute', identity: 'accessKey', params: { RegionId: 'cn-hangzhou', SecurityGroupId: sg('default') }, code: '', status: 200 },
      { service: 'ecs', action: 'DescribeSecurityGroupAttribute', identity: 'sts', params: { RegionId: 'cn-hangzhou', SecurityGroupId: 'sg-bp1nope' }, code: 'InvalidSecurityGroupId.NotFound', status: 404 },
    ]);
    for (const secret of secretsOf(scenario)) expect(JSON.stringify(calls)).not.toContain(secret);
  });
});

describe('main.ts', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'kubectl-sg-alibaba-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('prints one ready line, serves the SDK and the control interface, and stops on SIGTERM', async () => {
    const file = join(work, 'scenario.json');
    writeFileSync(file, JSON.stringify(scenario));
    const child = spawn(process.execPath, [join(repo, 'test/sandbox/alibaba/main.ts'), '--scenario', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code} before ready`)));
      });
      const ready = JSON.parse(line) as { ready: boolean; port: number; url: string };
      expect(ready).toEqual({ ready: true, port: ready.port, url: `http://127.0.0.1:${ready.port}` });
      expect((await ecs(ready.port, keyOf(scenario)).describeSecurityGroups({})).statusCode).toBe(200);
      expect(await new AlibabaControl(ready.url).health()).toMatchObject({ ok: true });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
