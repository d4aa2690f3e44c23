// `kubectl sg ui` on a cluster running TKE and Alibaba ECI, through the real kubectl in a real
// terminal (tmux), against a sandbox with both providers. A person's path: the header counts both
// providers, p shows the virtual node (not as a TKE node), enter lists its pods with the groups
// each asks for and has, enter opens a pod, w sets its workload's groups through plan → confirm →
// progress → summary. What the screen claims is checked against the apiserver (pods, the pod
// template) and the Alibaba emulator (each new instance's groups), never against the screen alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from './run.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { Terminal } from './tmux.ts';
import { alibabaControl } from './snapshot-eci.ts';

const ANNOTATION = 'k8s.aliyun.com/eci-security-group';
const INSTANCE = 'k8s.aliyun.com/eci-instance-id';
/** Wide enough for two Alibaba IDs (23 characters each) in the pods' group columns. */
const SIZE = { columns: 180, rows: 40 };

interface PodJson {
  metadata: { name: string; uid: string; annotations?: Record<string, string>; deletionTimestamp?: string };
  spec: { nodeName?: string };
}

let sb: Sandbox;
let term: Terminal | undefined;
/** The scenario's groups by name (test/sandbox/eci/scenario.ts). */
const g: Record<'default' | 'payments' | 'wideOpen', string> = { default: '', payments: '', wideOpen: '' };

beforeAll(async () => {
  sb = await startSandbox('--provider', 'tke,eci', '--nodes', '3');
  const state = await alibabaControl(sb).state();
  const byName = (name: string) => state.securityGroups.find((s) => s.name === name)!.id;
  Object.assign(g, { default: byName('eci-default'), payments: byName('eci-payments'), wideOpen: byName('legacy-wide-open') });
}, 900_000);
afterAll(async () => {
  term?.close();
  await sb?.down();
});

function get<T>(args: string[]): T {
  const r = kubectl([...args, '-o', 'json'], sb.env);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

/** The workload's pods by label, leaving out those on their way out. */
const podsOf = (namespace: string, selector: string) => get<{ items: PodJson[] }>(['get', 'pods', '-n', namespace, '-l', selector]).items.filter((p) => !p.metadata.deletionTimestamp);

/** Each pod's instance groups, as the emulator holds them. */
async function instanceGroups(pods: readonly PodJson[]): Promise<string[][]> {
  const state = await alibabaControl(sb).state();
  return pods.map((p) => state.containerGroups.find((c) => c.id === p.metadata.annotations?.[INSTANCE])?.securityGroupIds ?? []);
}

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('kubectl sg ui on TKE and ECI', () => {
  it('shows the virtual node\'s pods with their groups, opens one, and sets its workload\'s groups through plan, confirm and summary', async () => {
    const vnode = kubectl(['get', 'nodes', '-l', 'type=virtual-kubelet', '-o', 'jsonpath={.items[0].metadata.name}'], sb.env).stdout.trim();
    expect(vnode).not.toBe('');
    const before = podsOf('shop', 'app=frontend');
    expect(before.length).toBe(2);
    expect(before.every((p) => p.spec.nodeName === vnode)).toBe(true);
    const oldGroups = await instanceGroups(before);

    const t = (term = new Terminal('ui-eci', sb.env, SIZE));
    t.run('kubectl sg ui; echo EXIT=$?');
    await t.waitFor('3 nodes: 3 in-sync');
    // Both providers counted in the header; the virtual node is ECI's, not a TKE row with no NEC.
    let screen = await t.waitFor(/^▸ TKE VPC-CNI: 3 nodes │ {3}Alibaba ECI: 1 virtual node, \d+ pods/m);
    expect(screen).toContain('3 nodes: 3 in-sync');
    expect(screen).not.toContain(vnode);
    expect(screen).not.toContain('no NEC');

    t.type('p');
    screen = await t.waitFor('VIRTUAL NODE');
    expect(screen.split('\n')[0]).toMatch(new RegExp(`^ sandbox-admin · Alibaba ECI · default group ${g.default}`));
    expect(screen).toMatch(new RegExp(`^  ${escaped(vnode)} +in-sync`, 'm'));

    t.press('Enter');
    screen = await t.waitFor(`Virtual node ${vnode}`);
    expect(screen).toMatch(/^ {2}POD +ASKED FOR +SOURCE +HAS +STATE/m);
    // Each frontend pod: what its annotation asks for, and what its instance has in the emulator.
    for (const [i, p] of before.entries()) {
      expect(p.metadata.annotations?.[ANNOTATION]).toBe(`${g.wideOpen},${g.default}`);
      expect(screen).toMatch(new RegExp(`^  shop/${p.metadata.name} +${g.wideOpen},${g.default} +annotation +${oldGroups[i]!.join(',')} +in-sync`, 'm'));
    }

    // The cursor starts on the first pod; the rows are in the screen's order.
    const rows = screen.split('\n').filter((l) => /^ {2}\S+\/\S+ +sg-/.test(l));
    const at = rows.findIndex((l) => l.startsWith(`  shop/${before[0]!.metadata.name} `));
    expect(at).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < at; i++) t.press('Down');
    t.press('Enter');
    screen = await t.waitFor(`Pod shop/${before[0]!.metadata.name}`);
    expect(screen).toContain(`instance ${before[0]!.metadata.annotations![INSTANCE]}`);
    expect(screen).toContain(`asks for ${g.wideOpen}, ${g.default}  from annotation`);
    expect(screen).toContain('workload deployment/frontend');

    t.type('w');
    await t.waitFor('Groups for deployment/frontend in shop');
    // The picker starts from what the pod asks for, once the groups are read: take both out, then pick payments by filter.
    screen = await t.waitFor(new RegExp(`^  1 ${g.wideOpen} +legacy-wide-open `, 'm'));
    expect(screen).toMatch(new RegExp(`^  2 ${g.default} +eci-default `, 'm'));
    t.press('Space');
    await t.waitFor(new RegExp(`^  1 ${g.default} `, 'm'));
    t.press('Space');
    await t.waitFor('(none chosen yet)');
    t.type('/eci-payments');
    t.press('Enter', 'Space');
    await t.waitFor(new RegExp(`^  1 ${g.payments} `, 'm'));
    t.press('Enter');

    screen = await t.waitFor('Apply this plan?');
    expect(screen).toContain('Set workload: the plan (as --dry-run prints it). Nothing has been changed yet.');
    expect(screen).toContain(`- ${ANNOTATION}: ${g.wideOpen},${g.default}`);
    expect(screen).toContain(`+ ${ANNOTATION}: ${g.payments}`);
    for (const p of before) expect(screen).toMatch(new RegExp(`^${p.metadata.name} +${escaped(vnode)} +${p.metadata.annotations![INSTANCE]} +${g.wideOpen},${g.default} +${g.payments}$`, 'm'));
    expect(screen).toContain('rollout: the Deployment rolls out new pods');
    // Nothing written before y.
    expect(kubectl(['get', 'deployment', 'frontend', '-n', 'shop', '-o', `jsonpath={.spec.template.metadata.annotations['k8s\\.aliyun\\.com/eci-security-group']}`], sb.env).stdout).toBe(`${g.wideOpen},${g.default}`);

    t.type('y');
    screen = await t.waitFor('Set workload: finished', 300_000);
    expect(screen).toMatch(/^deployment\/frontend +shop +ok +2\/2 /m);

    // The cluster and the cloud, read on their own: the template names payments, the old pods are
    // gone, and every new pod's instance has exactly payments.
    expect(kubectl(['get', 'deployment', 'frontend', '-n', 'shop', '-o', `jsonpath={.spec.template.metadata.annotations['k8s\\.aliyun\\.com/eci-security-group']}`], sb.env).stdout).toBe(g.payments);
    const after = podsOf('shop', 'app=frontend');
    expect(after.length).toBe(2);
    const oldUids = new Set(before.map((p) => p.metadata.uid));
    expect(after.some((p) => oldUids.has(p.metadata.uid))).toBe(false);
    expect(await instanceGroups(after)).toEqual([[g.payments], [g.payments]]);

    // Back from the summary: the virtual node, read again, lists the new pods as the cluster has them.
    t.press('Enter');
    await t.waitFor(`Virtual node ${vnode}`);
    for (const p of after) await t.waitFor(new RegExp(`^  shop/${p.metadata.name} +${g.payments} +annotation +${g.payments} +in-sync`, 'm'));
    t.type('q');
    await t.waitFor('EXIT=0');
  }, 600_000);
});
