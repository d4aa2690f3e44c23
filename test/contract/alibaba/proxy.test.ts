// The production path: the sandbox's HTTPS proxy (the Tencent emulator with
// `--forward aliyuncs.com=<alibaba emulator>`) terminates TLS for *.aliyuncs.com with the
// sandbox CA and hands the SDK-signed requests on with their Host, from which the emulator
// knows the product. Also pinned down: the SDK's own `httpsProxy` setting is ignored by its
// transport, which is why clients must tunnel themselves (helpers.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlibabaEmulator, type AlibabaEmulator } from '../../sandbox/alibaba/emulator.ts';
import { makeScenario } from '../../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../../sandbox/tencent/emulator.ts';
import { contractScenario, credentialOf, DescribeSecurityGroupsRequest, EcsClient, keyOf, proxyAgent, signedRequest, VERSIONS } from './helpers.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const scenario = contractScenario(505);
const key = keyOf(scenario);
let alibaba: AlibabaEmulator;
let proxy: Emulator;

beforeAll(async () => {
  alibaba = await startAlibabaEmulator({ scenario });
  proxy = await startEmulator({ scenario: makeScenario({ nodes: 1, seed: 5 }), forwards: [{ suffix: 'aliyuncs.com', upstream: new URL(alibaba.url) }] });
});
afterAll(async () => {
  await proxy?.close();
  await alibaba?.close();
});

const via = (host: string) => ({ proxyUrl: proxy.proxyUrl, caFile: proxy.caFile, host });

describe('through the HTTPS proxy', () => {
  it('answers ECS on the hosts the SDK uses (ecs-cn-hangzhou, ecs.<region>) and ECI on eci.<region>, over TLS the sandbox CA signed', async () => {
    const params = { RegionId: 'cn-hangzhou', MaxResults: '100' };
    for (const host of ['ecs-cn-hangzhou.aliyuncs.com', 'ecs.cn-hangzhou.aliyuncs.com', 'ecs.aliyuncs.com']) {
      const r = await signedRequest(via(host), { action: 'DescribeSecurityGroups', version: VERSIONS.ecs, params, key });
      expect(r.status).toBe(200);
      expect((r.json.SecurityGroups as { SecurityGroup: unknown[] }).SecurityGroup).toHaveLength(scenario.securityGroups.length);
    }
    const cgs = await signedRequest(via('eci.cn-hangzhou.aliyuncs.com'), { action: 'DescribeContainerGroups', version: VERSIONS.eci, params: { RegionId: 'cn-hangzhou' }, key });
    expect([cgs.status, cgs.json.TotalCount]).toEqual([200, 0]);
    expect((await alibaba.control.calls()).slice(-4).map((c) => c.service)).toEqual(['ecs', 'ecs', 'ecs', 'eci']);
  });

  it('knows the product from the Host: another version for it is InvalidVersion, another product InvalidAction.NotFound', async () => {
    const wrongVersion = await signedRequest(via('ecs.cn-hangzhou.aliyuncs.com'), { action: 'DescribeSecurityGroups', version: VERSIONS.eci, params: { RegionId: 'cn-hangzhou' }, key });
    expect([wrongVersion.status, wrongVersion.json.Code, wrongVersion.json.HostId]).toEqual([400, 'InvalidVersion', 'ecs.cn-hangzhou.aliyuncs.com']);
    const vpc = await signedRequest(via('vpc.cn-hangzhou.aliyuncs.com'), { action: 'DescribeVpcs', version: '2016-04-28', params: { RegionId: 'cn-hangzhou' }, key });
    expect([vpc.status, vpc.json.Code]).toEqual([404, 'InvalidAction.NotFound']);
  });

  it('keeps the Host the client signed: the same request sent to another region\'s host is refused', async () => {
    const o = { action: 'DescribeSecurityGroups', version: VERSIONS.ecs, params: { RegionId: 'cn-hangzhou' }, key };
    expect((await signedRequest(via('ecs.cn-hangzhou.aliyuncs.com'), o)).status).toBe(200);
    const moved = await signedRequest(via('ecs.cn-hangzhou.aliyuncs.com'), { ...o, sendHost: 'ecs.cn-beijing.aliyuncs.com' });
    expect([moved.status, moved.json.Code]).toEqual([400, 'SignatureDoesNotMatch']);
  });

  it('still refuses a CONNECT to any other host', async () => {
    const status = await new Promise<string>((resolve) => {
      const req = httpsRequest({ host: 'example.com', port: 443, path: '/', agent: proxyAgent(proxy.proxyUrl, proxy.caFile) }, () => resolve('connected'));
      req.on('error', (e) => resolve(e.message));
      req.end();
    });
    expect(status).toMatch(/403/);
  });
});

describe('the SDK and proxies', () => {
  it('ignores its own httpsProxy setting: a call never reaches the proxy (so clients tunnel themselves)', async () => {
    let connects = 0;
    const fake = createServer();
    fake.on('connect', (_req, socket) => {
      connects++;
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    try {
      const proxyUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
      // A name under .invalid never resolves (RFC 6761), so nothing can leave the machine.
      const client = new EcsClient({ credential: credentialOf(key), endpoint: 'ecs.cn-hangzhou.invalid', regionId: 'cn-hangzhou', httpsProxy: proxyUrl, connectTimeout: 5_000, readTimeout: 5_000 });
      await expect(client.describeSecurityGroups(new DescribeSecurityGroupsRequest({ regionId: 'cn-hangzhou' }))).rejects.toThrow(/ENOTFOUND|EAI_AGAIN|getaddrinfo/);
      expect(connects).toBe(0);
    } finally {
      fake.close();
    }
  });
});

describe('as sandbox processes', () => {
  const children: ChildProcess[] = [];
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'kubectl-sg-alibaba-proxy-'));
  });
  afterAll(() => {
    for (const c of children) c.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  });

  const start = (args: string[]) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as Record<string, unknown>);
      });
      child.once('exit', (code) => reject(new Error(`${args[0]} exited ${code} before ready`)));
    });

  it('tencent/main.ts --forward aliyuncs.com=<alibaba/main.ts> serves *.aliyuncs.com through its proxy', async () => {
    const eciFile = join(work, 'eci.json');
    const tkeFile = join(work, 'tke.json');
    writeFileSync(eciFile, JSON.stringify(scenario));
    writeFileSync(tkeFile, JSON.stringify(makeScenario({ nodes: 1, seed: 6 })));
    const ali = await start([join(repo, 'test/sandbox/alibaba/main.ts'), '--scenario', eciFile]);
    const tc = await start([join(repo, 'test/sandbox/tencent/main.ts'), '--scenario', tkeFile, '--forward', `aliyuncs.com=${String(ali.url)}`]);
    const r = await signedRequest(
      { proxyUrl: String(tc.proxyUrl), caFile: String(tc.caFile), host: 'eci.cn-hangzhou.aliyuncs.com' },
      { action: 'DescribeContainerGroups', version: VERSIONS.eci, params: { RegionId: 'cn-hangzhou' }, key },
    );
    expect([r.status, r.json.TotalCount]).toEqual([200, 0]);
  });
});
