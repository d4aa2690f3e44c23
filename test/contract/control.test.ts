// The control interface (what the ipamd simulator and tests use), the emulator as a process
// (main.ts), and the one documented client setting — HTTPS proxy + NODE_EXTRA_CA_CERTS — in a
// fresh child process with the real SDK.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScenario } from '../sandbox/scenario.ts';
import { EmulatorControl, startEmulator, type Emulator } from '../sandbox/tencent/emulator.ts';
import { SDK_CLIENT_PATHS, sdk } from './helpers.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const scenario = makeScenario({ nodes: 3, seed: 51 });
const { admin } = scenario.credentials;
let emu: Emulator;
let work: string;

beforeAll(async () => {
  emu = await startEmulator({ scenario });
  work = mkdtempSync(join(tmpdir(), 'kubectl-sg-contract-'));
});
afterAll(async () => {
  await emu?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('control interface', () => {
  it('health and state', async () => {
    expect(await emu.control.health()).toMatchObject({ ok: true, region: 'ap-guangzhou' });
    const st = await emu.control.state();
    expect(st.instances).toHaveLength(3);
    expect(st.enis).toHaveLength(6);
    expect(st.securityGroups.map((g) => g.id)).toEqual(scenario.securityGroups.map((g) => g.id));
    expect(st.securityGroups[0]!.ingress.length).toBeGreaterThan(0);
    expect(st.cluster).toMatchObject({ clusterId: scenario.clusterId, vpcId: scenario.vpc.id });
    expect(st.addon).toMatchObject({ name: 'eniipamd', installed: true, generation: 1 });
    expect(st.cam.roles.find((r) => r.name === 'IPAMDofTKE_QCSRole')!.attachedPolicies.map((p) => p.name)).toContain('SecurityGroupsAccessForIPAMD');
  });

  it('POST /instances makes a node the API knows, with the node groups on its primary ENI', async () => {
    const ins = await emu.control.createInstance({ nodeName: '10.0.0.200' });
    expect(ins).toMatchObject({ nodeName: '10.0.0.200', zone: 'ap-guangzhou-3', secondaryEnis: [] });
    expect(ins.id).toMatch(/^ins-[a-z0-9]{8}$/);
    expect(ins.primaryEni.ips).toEqual(['10.0.0.200']);
    const r = await sdk('cvm', emu, admin).request('DescribeInstances', { InstanceIds: [ins.id] });
    expect((r.InstanceSet as { SecurityGroupIds: string[] }[])[0]!.SecurityGroupIds).toEqual(scenario.instances[0]!.primaryEni.groups);
    await expect(emu.control.createInstance({ id: ins.id })).rejects.toThrow(/400/);
  });

  it('POST /enis attaches a new secondary ENI without groups; PUT /enis/:id/groups drifts it behind everyone', async () => {
    const insId = scenario.instances[2]!.id;
    const eni = await emu.control.createEni({ instanceId: insId, ipCount: 3 });
    expect(eni).toMatchObject({ Primary: false, GroupSet: [], Attachment: { InstanceId: insId, DeviceIndex: 2 } });
    expect(eni.PrivateIpAddressSet).toHaveLength(3);
    const vpc = sdk('vpc', emu, admin);
    const listed = await vpc.request('DescribeNetworkInterfaces', { Filters: [{ Name: 'attachment.instance-id', Values: [insId] }] });
    expect((listed.NetworkInterfaceSet as { NetworkInterfaceId: string }[]).map((e) => e.NetworkInterfaceId)).toContain(eni.NetworkInterfaceId);
    const drifted = await emu.control.setEniGroups(eni.NetworkInterfaceId, [scenario.securityGroups[4]!.id]);
    expect(drifted.GroupSet).toEqual([scenario.securityGroups[4]!.id]);
    const seen = await vpc.request('DescribeNetworkInterfaces', { NetworkInterfaceIds: [eni.NetworkInterfaceId] });
    expect((seen.NetworkInterfaceSet as { GroupSet: string[] }[])[0]!.GroupSet).toEqual([scenario.securityGroups[4]!.id]);
    expect((await emu.control.enis(insId)).map((e) => e.NetworkInterfaceId)).toContain(eni.NetworkInterfaceId);
    await expect(emu.control.createEni({ instanceId: 'ins-zzzzzzzz' })).rejects.toThrow(/404/);
    await expect(emu.control.setEniGroups(eni.NetworkInterfaceId, ['sg-zzzzzzzz'])).rejects.toThrow(/400/);
    await expect(emu.control.setEniGroups('eni-zzzzzzzz', [])).rejects.toThrow(/404/);
  });

  it('DELETE /security-groups/:id: the API no longer knows the group; a second delete is a 404', async () => {
    const g = await emu.control.createGroup({ name: 'short-lived' });
    const vpc = sdk('vpc', emu, admin);
    const ids = async () => ((await vpc.request('DescribeSecurityGroups', { Limit: 100 })).SecurityGroupSet as { SecurityGroupId: string }[]).map((x) => x.SecurityGroupId);
    expect(await ids()).toContain(g.id);
    expect(await emu.control.deleteGroup(g.id)).toEqual({ id: g.id });
    expect(await ids()).not.toContain(g.id);
    await expect(emu.control.deleteGroup(g.id)).rejects.toThrow(/404/);
  });

  it('GET /addon shows what UpdateAddon wrote', async () => {
    const values = { vpcCni: { securityGroups: { enableSecurityGroups: true, securityGroups: [scenario.securityGroups[2]!.id] } } };
    await sdk('tke', emu, admin).request('UpdateAddon', {
      ClusterId: scenario.clusterId,
      AddonName: 'eniipamd',
      RawValues: Buffer.from(JSON.stringify(values)).toString('base64'),
    });
    const a = await emu.control.addon();
    expect(a).toMatchObject({ clusterId: scenario.clusterId, name: 'eniipamd', version: scenario.addon.version, generation: 2 });
    expect((a.values as typeof values).vpcCni.securityGroups).toEqual(values.vpcCni.securityGroups);
  });
});

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('a client in a fresh process, configured only through the environment', () => {
  const script = (useProfileProxy: boolean) => `
    const { Client } = require(${JSON.stringify(SDK_CLIENT_PATHS.vpc)});
    const profile = ${useProfileProxy} ? { httpProfile: { proxy: process.env.HTTPS_PROXY } } : {};
    const c = new Client({ credential: { secretId: process.env.TENCENTCLOUD_SECRET_ID, secretKey: process.env.TENCENTCLOUD_SECRET_KEY }, region: process.env.TENCENTCLOUD_REGION, profile });
    c.DescribeSecurityGroups({}).then((r) => console.log(JSON.stringify({ total: r.TotalCount })), (e) => { console.log(JSON.stringify({ error: e.code || e.message })); process.exitCode = 1; });
  `;
  const baseEnv = () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const k of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) delete env[k];
    return {
      ...env,
      NODE_EXTRA_CA_CERTS: emu.caFile,
      TENCENTCLOUD_SECRET_ID: admin.secretId,
      TENCENTCLOUD_SECRET_KEY: admin.secretKey,
      TENCENTCLOUD_REGION: 'ap-guangzhou',
    };
  };

  it('HTTPS_PROXY passed as httpProfile.proxy (what kubectl-sg does) + NODE_EXTRA_CA_CERTS', async () => {
    const file = join(work, 'profile-proxy.cjs');
    writeFileSync(file, script(true));
    const r = await run(process.execPath, [file], { ...baseEnv(), HTTPS_PROXY: emu.proxyUrl });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ total: scenario.securityGroups.length });
  });

  it('the SDK alone honours only lowercase http_proxy', async () => {
    const file = join(work, 'env-proxy.cjs');
    writeFileSync(file, script(false));
    const r = await run(process.execPath, [file], { ...baseEnv(), http_proxy: emu.proxyUrl });
    expect(JSON.parse(r.stdout)).toEqual({ total: scenario.securityGroups.length });
  });

  it('without the CA the TLS handshake is refused (the CA is what makes it trusted)', async () => {
    const file = join(work, 'no-ca.cjs');
    writeFileSync(file, script(true));
    const env: NodeJS.ProcessEnv = { ...baseEnv(), HTTPS_PROXY: emu.proxyUrl };
    delete env.NODE_EXTRA_CA_CERTS;
    const r = await run(process.execPath, [file], env);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatch(/certificate|self.signed|issuer/i);
  });
});

describe('main.ts', () => {
  it('prints one ready line, serves, and exits cleanly on SIGTERM', async () => {
    const file = join(work, 'scenario.json');
    writeFileSync(file, JSON.stringify(makeScenario({ nodes: 2, seed: 52 })));
    const node = join(repo, 'node_modules', '.bin', 'node'); // Node 26: runs .ts natively
    const child = spawn(node, [join(repo, 'test/sandbox/tencent/main.ts'), '--scenario', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no ready line; stdout=${stdout}`)), 20_000);
      child.stdout.on('data', () => {
        if (stdout.includes('\n')) {
          clearTimeout(t);
          resolve(JSON.parse(stdout.split('\n')[0]!) as Record<string, unknown>);
        }
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    expect(ready).toMatchObject({ ready: true, proxyUrl: `http://127.0.0.1:${ready.port}`, caFile: emu.caFile });
    expect(await new EmulatorControl(String(ready.proxyUrl)).health()).toMatchObject({ ok: true });
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });
});
