// `npm run sandbox -- up --provider tke,supernode`: super nodes beside ordinary TKE nodes, as
// docs/sandbox.md describes them, seen through the real kubectl and `status`; the pods' groups
// through the emulator's control interface (on the port env.sh's HTTPS_PROXY names).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from './run.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { SuperNodeControl } from '../sandbox/tencent/supernode-control-client.ts';

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox('--provider', 'tke,supernode', '--nodes', '2', '--supernode-default', 'region-default');
}, 600_000);

afterAll(async () => {
  await sb?.down();
});

describe('npm run sandbox -- up --provider tke,supernode', () => {
  it('serves ordinary nodes and a super node; status names it', async () => {
    const r = kubectl(['get', 'nodes', '-o', 'json'], sb.env);
    expect(r.code, r.stderr).toBe(0);
    const nodes = (JSON.parse(r.stdout) as { items: { metadata: { name: string; labels: Record<string, string> } }[] }).items;
    const supers = nodes.filter((n) => n.metadata.labels['node.kubernetes.io/instance-type'] === 'eklet');
    expect(supers).toHaveLength(1);
    expect(nodes).toHaveLength(3);
    expect(sb.env.TENCENTCLOUD_SECRET_ID).toBeTruthy();
    const status = await sb.cli('status');
    expect(status.stdout + status.stderr).toContain(`super nodes: ${supers[0]!.metadata.name}`);
    const state = JSON.parse(readFileSync(join(sb.dir, 'state.json'), 'utf8')) as { providers: string[]; superNodes: string[] };
    expect(state).toMatchObject({ providers: ['tke', 'supernode'], superNodes: [supers[0]!.metadata.name] });
  });

  it('runs the seeded super-node pods with the groups of the reading chosen (region-default)', async () => {
    const r = kubectl(['get', 'pods', '-n', 'serverless', '-o', 'json'], sb.env);
    const pods = (JSON.parse(r.stdout) as { items: { metadata: { name: string; labels: Record<string, string> }; status: { phase: string; podIP: string } }[] }).items;
    expect(pods.map((p) => p.status.phase)).toEqual(pods.map(() => 'Running'));
    expect(pods).toHaveLength(6);
    const cloud = await new SuperNodeControl(sb.env.HTTPS_PROXY!).state();
    const worker = pods.find((p) => p.metadata.labels.app === 'worker')!;
    expect(cloud.instances.find((i) => i.privateIp === worker.status.podIP)?.securityGroupIds).toEqual([cloud.regionDefaultGroupId]);
  });
});
