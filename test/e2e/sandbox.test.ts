// The sandbox as docs/sandbox.md tells a user to run it: `npm run sandbox -- up`, the printed
// `source .../env.sh`, plain kubectl and kubectl sg, then `down` leaving nothing running.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from './run.ts';
import { startSandboxWith, type Sandbox } from './sandbox-fixture.ts';
import { isRunning } from '../sandbox/processes.ts';
import { KUBE_POOL_ENV } from '../sandbox/kube/pool.ts';
import { SIM_BUNDLES_ENV } from '../sandbox/shared/simulator-bundles.ts';

let sb: Sandbox;
let eci: Sandbox;
// The one file that starts sandboxes exactly as a user does: each with its own kube-apiserver
// and etcd, not leased from the test run's pool (every other e2e file leases), and its
// simulators from their TypeScript, not from the run's bundles.
const pool = process.env[KUBE_POOL_ENV];
const bundles = process.env[SIM_BUNDLES_ENV];

beforeAll(async () => {
  delete process.env[KUBE_POOL_ENV];
  delete process.env[SIM_BUNDLES_ENV];
  // The ECI sandbox starts beside the TKE one.
  [sb, eci] = await Promise.all([
    startSandboxWith({ viaNpm: true }, '--nodes', '3', '--ipamd-version', 'v3.5.8'),
    startSandboxWith({ viaNpm: true }, '--provider', 'eci'),
  ]);
}, 900_000);

afterAll(async () => {
  await Promise.all([sb?.down(), eci?.down()]);
  if (pool) process.env[KUBE_POOL_ENV] = pool;
  if (bundles) process.env[SIM_BUNDLES_ENV] = bundles;
});

describe('npm run sandbox', () => {
  it('starts the simulators from their TypeScript files, as in a user\'s checkout', () => {
    const commandLines = [sb, eci].flatMap((s) => (JSON.parse(readFileSync(join(s.dir, 'state.json'), 'utf8')) as { pids: number[] }).pids).map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        return '';
      }
    });
    expect(commandLines.some((c) => c.includes('test/sandbox/tke/ipamd/main.ts'))).toBe(true);
    expect(commandLines.some((c) => c.includes('test/sandbox/eci/main.ts'))).toBe(true);
  });

  it('prints the line that points a shell at it', () => {
    expect(sb.up.stdout).toContain(`source ${join(sb.dir, 'env.sh')}`);
  });

  it('serves TKE-looking nodes and one NEC per node to the real kubectl', () => {
    const nodes = kubectl(['get', 'nodes', '-o', 'json'], sb.env);
    expect(nodes.code, nodes.stderr).toBe(0);
    const items = (JSON.parse(nodes.stdout) as { items: { spec: { providerID: string }; metadata: { labels: Record<string, string> } }[] }).items;
    expect(items).toHaveLength(3);
    for (const n of items) {
      expect(n.spec.providerID).toMatch(/^qcloud:\/\/\/100003\/ins-[0-9a-z]{8}$/);
      expect(n.metadata.labels['topology.kubernetes.io/region']).toBe('gz');
    }
    const necs = kubectl(['get', 'nec', '-o', 'jsonpath={range .items[*]}{.spec.securityGroups}{"\\n"}{end}'], sb.env);
    expect(necs.code, necs.stderr).toBe(0);
    const lists = necs.stdout.trim().split('\n');
    expect(lists).toHaveLength(3);
    for (const l of lists) expect(JSON.parse(l)).toEqual(expect.arrayContaining([expect.stringMatching(/^sg-[0-9a-z]{8}$/)]));
  });

  it('gives kubectl no skew warning and the limited user no rights', () => {
    const v = kubectl(['version'], sb.env);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('Server Version: v1.33.13');
    expect(v.stderr).not.toMatch(/skew/i);
    const limited = kubectl(['get', 'nodes'], { ...sb.env, KUBECONFIG: join(sb.dir, 'kube', 'limited.kubeconfig') });
    expect(limited.code).toBe(1);
    expect(limited.stderr).toMatch(/forbidden/i);
  });

  it('runs kubectl sg from the env it prints', () => {
    const r = kubectl(['sg', 'version'], sb.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^kubectl-sg v\d+\.\d+\.\d+\n$/);
  });

  it('stops everything on down', async () => {
    const status = await sb.cli('status');
    expect(status.stdout).toMatch(/4\/4 processes running/);
    const down = await sb.down();
    expect(down?.code, down?.stderr).toBe(0);
    // Zombies count as stopped: in a container nobody may reap them, but they run nothing.
    expect(sb.pids.filter(isRunning)).toEqual([]);
    expect(existsSync(sb.dir)).toBe(false);
    expect((await sb.cli('status')).code).toBe(1);
  });
});


describe('npm run sandbox -- up --provider eci', () => {
  type PodItem = { metadata: { namespace: string; name: string; annotations?: Record<string, string> }; spec: { nodeName: string }; status: { phase: string; podIP: string } };

  it('exports the Alibaba Cloud variables, not the Tencent ones', () => {
    expect(eci.env.ALIBABA_CLOUD_ACCESS_KEY_ID).toBe(eci.eci!.accessKeyId);
    expect(eci.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET).toBe(eci.eci!.accessKeySecret);
    expect(eci.env.ALIBABA_CLOUD_REGION_ID).toBe('cn-hangzhou');
    expect(eci.env.HTTPS_PROXY).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(eci.env.TENCENTCLOUD_SECRET_ID).toBeUndefined();
  });

  it('serves a virtual node and eci-profile to the real kubectl', () => {
    const nodes = kubectl(['get', 'nodes', '-l', 'type=virtual-kubelet', '-o', 'json'], eci.env);
    expect(nodes.code, nodes.stderr).toBe(0);
    const [vk] = (JSON.parse(nodes.stdout) as { items: Array<{ metadata: { name: string; labels: Record<string, string> }; spec: { taints: Array<{ key: string; effect: string }> } }> }).items;
    expect(vk!.metadata.name).toBe('virtual-kubelet-cn-hangzhou-k');
    expect(vk!.metadata.labels).toMatchObject({ 'kubernetes.io/role': 'agent', 'topology.kubernetes.io/region': 'cn-hangzhou', 'topology.kubernetes.io/zone': 'cn-hangzhou-k' });
    expect(vk!.spec.taints).toEqual([{ key: 'virtual-kubelet.io/provider', value: 'alibabacloud', effect: 'NoSchedule' }]);
    const profile = kubectl(['-n', 'kube-system', 'get', 'configmap', 'eci-profile', '-o', 'jsonpath={.data.securityGroupId}'], eci.env);
    expect(profile.stdout).toBe(eci.eci!.profile.securityGroupId);
  });

  it('shows every pod Running on the virtual node, annotated with the instance that runs it', async () => {
    const r = kubectl(['get', 'pods', '-A', '-o', 'json'], eci.env);
    expect(r.code, r.stderr).toBe(0);
    const pods = (JSON.parse(r.stdout) as { items: PodItem[] }).items;
    // 2 frontend, 2 cart, 2 payments, 1 ledger, 2 secrets, the Job's, the CronJob's Job's, the bare pod.
    expect(pods).toHaveLength(12);
    const groups = new Map((await eci.alibaba!.state()).containerGroups.map((g) => [g.id, g]));
    for (const p of pods) {
      expect(p.spec.nodeName).toBe('virtual-kubelet-cn-hangzhou-k');
      expect(p.status.phase).toBe('Running');
      const cg = groups.get(p.metadata.annotations?.['k8s.aliyun.com/eci-instance-id'] ?? '');
      expect(cg, `${p.metadata.namespace}/${p.metadata.name}`).toBeDefined();
      expect(cg!.intranetIp).toBe(p.status.podIP);
      expect(p.metadata.annotations?.['k8s.aliyun.com/eni-instance-id']).toBe(cg!.eniInstanceId);
      expect(p.metadata.annotations?.['k8s.aliyun.com/eci-vpc']).toBe(eci.eci!.vpcId);
    }
    expect(groups.size).toBe(12);
  });

  it('stops the Alibaba emulator and the simulator on down too', async () => {
    expect((await eci.cli('status')).stdout).toMatch(/5\/5 processes running/);
    const down = await eci.down();
    expect(down?.code, down?.stderr).toBe(0);
    expect(eci.pids.filter(isRunning)).toEqual([]);
    expect(existsSync(eci.dir)).toBe(false);
  });
});
