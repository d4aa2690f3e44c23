// `kubectl sg ui` on a cluster running TKE VPC-CNI and TKE super nodes, through the real kubectl
// in a real terminal (tmux), against a sandbox with both providers. A person's path: the header
// counts both providers (the super node is not a VPC-CNI row), p shows the super nodes, enter
// lists a super node's pods with the groups each asks for, where from and what its instance has,
// enter opens a pod (as show pod tells it), esc goes back, q quits. What the screen claims is
// checked against the apiserver (pods, their annotations) and the Tencent emulator's control
// interface (the pool's groups, the region default, each instance's groups by the pod's IP),
// never against the screen alone. Read-only: nothing here writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from './run.ts';
import { parsed } from './sg-runner.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { Terminal } from './tmux.ts';
import { SuperNodeControl } from '../sandbox/tencent/supernode-control-client.ts';

const ANNOTATION = 'eks.tke.cloud.tencent.com/security-group-id';
const NS = 'serverless';
/** Wide enough for both readings of a pod naming no groups in the ASKED FOR column. */
const SIZE = { columns: 200, rows: 40 };

interface PodJson {
  metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string>; deletionTimestamp?: string };
  spec: { nodeName?: string };
  status: { phase: string; podIP?: string };
}

let sb: Sandbox;
let term: Terminal | undefined;

beforeAll(async () => {
  sb = await startSandbox('--provider', 'tke,supernode', '--nodes', '2');
}, 900_000);
afterAll(async () => {
  term?.close();
  await sb?.down();
});

const get = <T>(args: string[]): T => parsed<T>(kubectl([...args, '-o', 'json'], sb.env));

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every secret the sandbox hands the plugin: no screen may show one. */
function noSecret(screen: string): string {
  const secrets = Object.entries(sb.env).filter(([k, v]) => /(SECRET_KEY|KEY_SECRET|SECURITY_TOKEN)$/.test(k) && v).map(([, v]) => v!);
  expect(secrets.length).toBeGreaterThan(0);
  for (const secret of secrets) expect(screen).not.toContain(secret);
  return screen;
}

describe('kubectl sg ui on TKE VPC-CNI and super nodes', () => {
  it('counts the super nodes in the header, lists a super node\'s pods with what each asks for and has, and opens one', async () => {
    const superNodes = get<{ items: { metadata: { name: string } }[] }>(['get', 'nodes', '-l', 'node.kubernetes.io/instance-type=eklet']).items.map((n) => n.metadata.name).sort();
    expect(superNodes.length).toBe(1);
    const snode = superNodes[0]!;
    const ordinary = get<{ items: unknown[] }>(['get', 'nodes', '-l', 'node.kubernetes.io/instance-type!=eklet']).items.length;
    const onSuper = get<{ items: PodJson[] }>(['get', 'pods', '-A', '--field-selector', `spec.nodeName=${snode}`]).items.filter((p) => !p.metadata.deletionTimestamp);
    const pods = onSuper.filter((p) => p.metadata.namespace === NS);
    expect(pods.length).toBeGreaterThan(3);
    // The emulator's side: the pool's groups, the region's default group, each instance by the pod's IP.
    const cloud = await new SuperNodeControl(sb.env.HTTPS_PROXY!).state();
    const pool = cloud.pools[0]!.securityGroupIds;
    const regionDefault = cloud.regionDefaultGroupId!;
    expect(pool).not.toEqual([regionDefault]);
    const instanceOf = (p: PodJson) => cloud.instances.find((i) => i.privateIp === p.status.podIP)!;
    for (const p of pods) expect(instanceOf(p), p.metadata.name).toBeDefined();

    const t = (term = new Terminal('ui-supernode', sb.env, SIZE));
    t.run('kubectl sg ui; echo EXIT=$?');
    // VPC-CNI's nodes only: the super node is not a VPC-CNI row (no NEC to miss).
    let screen = await t.waitFor(`${ordinary} nodes: ${ordinary} in-sync`);
    screen = await t.waitFor(new RegExp(`^▸ TKE VPC-CNI: ${ordinary} nodes │ {3}TKE super nodes: 1 super node, ${onSuper.length} pods {3}p switches`, 'm'));
    expect(screen).not.toContain(snode);
    expect(screen).not.toContain('no NEC');

    t.type('p');
    screen = await t.waitFor('SUPER NODE');
    expect(screen.split('\n')[0]).toMatch(/^ sandbox-admin · TKE super nodes · eks-config default \(none\)/);
    expect(screen).toMatch(new RegExp(`^ {2}TKE VPC-CNI: ${ordinary} nodes │ ▸ TKE super nodes: 1 super node`, 'm'));
    expect(screen).toMatch(new RegExp(`^  ${escaped(snode)} +in-sync +${onSuper.length} +0 +${cloud.pools[0]!.id} ${escaped(cloud.pools[0]!.name)} ${pool.join(',')}`, 'm'));

    t.press('Enter');
    screen = noSecret(await t.waitFor(`Super node ${snode}`));
    expect(screen).toMatch(/^ {2}POD +ASKED FOR +SOURCE +HAS +STATE/m);
    for (const p of pods) {
      const own = p.metadata.annotations?.[ANNOTATION];
      const has = instanceOf(p).securityGroupIds.join(',');
      const name = `  ${NS}/${p.metadata.name}`;
      if (own) {
        // Its own annotation, as kubectl reads it, against its instance's groups in the emulator.
        expect(screen).toMatch(new RegExp(`^${escaped(name)} +${own} +annotation +${has} +in-sync$`, 'm'));
      } else if (p.metadata.labels?.app !== 'api') {
        // Naming none: both readings (the pool's groups, the region's default group); the instance has the pool's.
        expect(has).toBe(pool.join(','));
        expect(screen).toMatch(new RegExp(`^${escaped(name)} +${pool.join(',')} \\[pool-default\\] or ${regionDefault} \\[region-default\\] +pool or region-default +${has} +in-sync \\[pool-default\\]$`, 'm'));
      } else {
        expect(screen).toMatch(new RegExp(`^${escaped(name)} +\\S+ +policy api-pods +${has} +in-sync$`, 'm'));
      }
    }

    // The worker (naming no groups): the cursor starts on the first pod; the rows are in the screen's order.
    const worker = pods.find((p) => p.metadata.labels?.app === 'worker')!;
    const rows = screen.split('\n').filter((l) => new RegExp(`^ {2}${NS}/\\S+ +sg-`).test(l));
    const at = rows.findIndex((l) => l.startsWith(`  ${NS}/${worker.metadata.name} `));
    expect(at).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < at; i++) t.press('Down');
    t.press('Enter');
    screen = noSecret(await t.waitFor(`Pod ${NS}/${worker.metadata.name}`));
    expect(screen).toContain(`super node ${snode}   IP ${worker.status.podIP}`);
    expect(screen).toContain(`instance ${instanceOf(worker).id} (`);
    expect(screen).toContain(`asks for ${pool.join(', ')}  from its super node pool's default`);
    expect(screen).toContain(`      or ${regionDefault}  from the region's default group`);
    expect(screen).toContain(`has      ${instanceOf(worker).securityGroupIds.join(', ')}: as asked if a pod naming no groups gets its super node pool's (newer pages)`);
    expect(screen).toMatch(/^in-sync \[pool-default\]/m);
    expect(screen).toContain(`1. ${pool[0]}`);
    // Nothing writes here: w (ECI's set workload) does nothing on a super-node pod.
    t.type('w');
    t.press('Escape');
    await t.waitFor(`Super node ${snode}`);
    t.type('q');
    await t.waitFor('EXIT=0');
  });
});
