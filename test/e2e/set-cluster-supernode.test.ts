// set cluster on TKE super nodes, as kubectl runs the built plugin (run.ts): a pool's default
// groups and eks-config's, each planned (--dry-run changes nothing), confirmed with --yes, written,
// read back, and reaching the next pod only. What is expected comes from the emulator's state (its
// control interface) and the cluster (kubectl), never from the plugin's output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from './run.ts';
import { kubeOf } from './kube-client.ts';
import { sgRunner } from './sg-runner.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { SuperNodeControl } from '../sandbox/tencent/supernode-control-client.ts';

const NS = 'serverless';

let sb: Sandbox;
const { sg, json, outputs } = sgRunner(() => sb);
const control = () => new SuperNodeControl(sb.env.HTTPS_PROXY!);
const eksConfig = (): Record<string, string> => (JSON.parse(kubectl(['get', 'configmap', 'eks-config', '-n', 'kube-system', '-o', 'json'], sb.env).stdout) as { data: Record<string, string> }).data;

/** The worker pod (it names no groups) recreated by its Deployment, and the groups its new instance has. */
async function recreatedWorkerGroups(): Promise<string[]> {
  // Read in this process (kube-client.ts): the loop polls every 200 ms.
  const pods = async () => (await kubeOf(sb).core.listNamespacedPod({ namespace: NS, labelSelector: 'app=worker' })).items;
  const old = (await pods()).map((p) => p.metadata!.name!);
  expect(kubectl(['delete', 'pod', '-n', NS, ...old, '--wait=false'], sb.env).code).toBe(0);
  for (;;) {
    const fresh = (await pods()).find((p) => !old.includes(p.metadata!.name!) && p.status?.phase === 'Running' && p.status.podIP);
    if (fresh) return (await control().state()).instances.find((i) => i.privateIp === fresh.status!.podIP)!.securityGroupIds;
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  sb = await startSandbox('--provider', 'tke,supernode', '--nodes', '2');
}, 900_000);
afterAll(() => sb?.down());

describe('set cluster --provider supernode', () => {
  it('a pool: --dry-run changes nothing; --yes sets the pool\'s groups, read back, and the next pod that names none gets them', async () => {
    const before = await control().state();
    const pool = before.pools[0]!;
    const target = [before.regionDefaultGroupId!, pool.securityGroupIds[0]!];
    const plan = json<{ kind: string; provider: string; place: { kind: string; id: string }; before: string[]; after: string[]; noop: boolean; pods: string[] }>(['set', 'cluster', '--provider', 'supernode', '--groups', target.join(','), '--dry-run']);
    expect(plan).toMatchObject({ kind: 'SetClusterPlan', provider: 'supernode', place: { kind: 'pool', id: pool.id }, before: pool.securityGroupIds, after: target, noop: false });
    expect(plan.pods).toContain(`${NS}/debug`);
    expect((await control().state()).pools[0]!.securityGroupIds).toEqual(pool.securityGroupIds);

    const r = json<{ kind: string; changed: boolean; verified: string }>(['set', 'cluster', '--provider', 'supernode', '--groups', target.join(','), '--pool', pool.id, '--yes']);
    expect(r).toMatchObject({ kind: 'SetClusterResult', changed: true });
    expect((await control().state()).pools[0]!.securityGroupIds).toEqual(target);
    expect(await recreatedWorkerGroups()).toEqual(target);
    // Again: nothing to do.
    expect(json<{ changed: boolean }>(['set', 'cluster', '--provider', 'supernode', '--groups', target.join(','), '--yes']).changed).toBe(false);
  });

  it('eks-config: that one annotation is added, every other line and key kept, and the next pod gets it', async () => {
    const before = eksConfig();
    const target = [(await control().state()).regionDefaultGroupId!];
    expect(sg(['set', 'cluster', '--provider', 'supernode', '--eks-config', '--groups', target[0]!, '--dry-run']).code).toBe(0);
    expect(eksConfig()).toEqual(before);
    const r = json<{ changed: boolean; place: { kind: string } }>(['set', 'cluster', '--provider', 'supernode', '--eks-config', '--groups', target[0]!, '--yes']);
    expect(r).toMatchObject({ changed: true, place: { kind: 'eks-config' } });
    const after = eksConfig();
    expect(after['pod.annotations']).toBe(`${before['pod.annotations']}eks.tke.cloud.tencent.com/security-group-id: "${target[0]}"\n`);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(await recreatedWorkerGroups()).toEqual(target);
  });

  it('prints no secret', () => {
    const secret = sb.env.TENCENTCLOUD_SECRET_KEY!;
    for (const o of outputs) expect(o).not.toContain(secret);
  });
});
