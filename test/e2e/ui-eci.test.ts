// `kubectl sg ui` on a cluster running TKE and Alibaba ECI, through the real kubectl in a real
// terminal (tmux), against a sandbox with both providers. A person's path: the header counts both
// providers, p shows the virtual node (not as a TKE node), enter lists its pods with the groups
// each asks for and has, enter opens a pod, w sets its workload's groups through plan → confirm →
// progress → summary. What the screen claims is checked against the apiserver (pods, the pod
// template) and the Alibaba emulator (each new instance's groups), never against the screen alone.
// Then e on the virtual nodes: the eci-profile default through picker (one group) → plan → n
// (nothing written) → again → y → result, checked against ConfigMap kube-system/eci-profile as
// kubectl reads it. No screen may show a secret the sandbox hands the plugin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, runPlugin } from './run.ts';
import { parsed } from './sg-runner.ts';
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

const get = <T>(args: string[]): T => parsed<T>(kubectl([...args, '-o', 'json'], sb.env));

/** The workload's pods by label, leaving out those on their way out. */
const podsOf = (namespace: string, selector: string) => get<{ items: PodJson[] }>(['get', 'pods', '-n', namespace, '-l', selector]).items.filter((p) => !p.metadata.deletionTimestamp);

/** Each pod's instance groups, as the emulator holds them. */
async function instanceGroups(pods: readonly PodJson[]): Promise<string[][]> {
  const state = await alibabaControl(sb).state();
  return pods.map((p) => state.containerGroups.find((c) => c.id === p.metadata.annotations?.[INSTANCE])?.securityGroupIds ?? []);
}

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every secret the sandbox hands the plugin (Tencent's secret key, Alibaba's access key secret): no screen may show one. */
function noSecret(screen: string): string {
  const secrets = Object.entries(sb.env).filter(([k, v]) => /(SECRET_KEY|KEY_SECRET|SECURITY_TOKEN)$/.test(k) && v).map(([, v]) => v!);
  expect(secrets.length).toBeGreaterThan(0);
  for (const secret of secrets) expect(screen).not.toContain(secret);
  return screen;
}

/** Alibaba's API names a group's type normal or enterprise; the plugin says basic or advanced (docs/eci.md). */
const TYPE_SHOWN = { normal: 'basic', enterprise: 'advanced' } as const;

interface ConfigMapJson {
  metadata: { resourceVersion: string };
  data: Record<string, string>;
}
const eciProfile = () => get<ConfigMapJson>(['get', 'configmap', 'eci-profile', '-n', 'kube-system']);
/** eci-profile's default group, as kubectl reads it. */
const profileDefault = () => {
  const r = kubectl(['get', 'configmap', 'eci-profile', '-n', 'kube-system', '-o', 'jsonpath={.data.securityGroupId}'], sb.env);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
};

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

  it('e sets the eci-profile default: the picker takes one group, n writes nothing, y writes it and reads it back', async () => {
    // What the cluster and the cloud say, read on their own: the default now, and a group of the
    // profile's VPC that is not it.
    const vnode = kubectl(['get', 'nodes', '-l', 'type=virtual-kubelet', '-o', 'jsonpath={.items[0].metadata.name}'], sb.env).stdout.trim();
    expect(vnode).not.toBe('');
    const before = eciProfile();
    const old = before.data.securityGroupId!;
    expect(old).toBe(g.default);
    expect(profileDefault()).toBe(old);
    const state = await alibabaControl(sb).state();
    const picked = state.securityGroups.find((s) => s.id === g.payments)!;
    expect(picked.id).not.toBe(old);
    expect(picked.vpcId).toBe(before.data.vpcId);

    term?.close();
    const t = (term = new Terminal('ui-eci-default', sb.env, SIZE));
    const see = async (what: string | RegExp, timeoutMs?: number) => noSecret(await t.waitFor(what, timeoutMs));
    t.run('kubectl sg ui; echo EXIT=$?');
    await see('3 nodes: 3 in-sync');
    t.type('p');
    let screen = await see('VIRTUAL NODE');
    expect(screen.split('\n')[0]).toMatch(new RegExp(`^ sandbox-admin · Alibaba ECI · default group ${old}`));

    /** e, then the picker: it starts from the current default alone; take it out, pick payments by filter, enter. */
    const planPayments = async () => {
      t.type('e');
      screen = await see(new RegExp(`^  1 ${old} +eci-default `, 'm'));
      expect(screen).toContain(`The eci-profile default group, first wins, at most 1: ${old}`);
      t.press('Space');
      await see('(none chosen yet)');
      t.type(`/${picked.name}`);
      t.press('Enter', 'Space');
      await see(new RegExp(`^  1 ${picked.id} +${picked.name} `, 'm'));
      t.press('Enter');
      return see('Apply this plan?');
    };

    // n first: the plan was shown, nothing is written (not even a no-op update: same resourceVersion).
    await planPayments();
    t.type('n');
    await see('cancelled: nothing was changed');
    expect(eciProfile()).toEqual(before);

    screen = await planPayments();
    // The plan as docs/eci.md describes set cluster --provider eci's: the one line of eci-profile
    // that changes (old → new), the group taken, that only new pods get it, and when.
    expect(screen).toContain('Set the ECI default: the plan (as --dry-run prints it). Nothing has been changed yet.');
    expect(screen).toMatch(/^Place: +ConfigMap kube-system\/eci-profile \(securityGroupId\)$/m);
    expect(screen).toMatch(new RegExp(`^Before: +${old}$`, 'm'));
    expect(screen).toMatch(new RegExp(`^After: +${picked.id} ${picked.name} \\(${TYPE_SHOWN[picked.type]}, ${picked.vpcId}\\)$`, 'm'));
    expect(screen).toMatch(new RegExp(`^Change: +- securityGroupId: ${old}\\n +\\+ securityGroupId: ${picked.id}$`, 'm'));
    expect(screen).toMatch(/^Affects: +only pods created from now on get the new default/m);
    expect(screen).toMatch(/^Takes effect: +\S/m);
    // The Deployments whose running pods took the old default (no annotation of their own, the
    // instance has the old group alone), read from the apiserver and the emulator: each listed
    // with its restart.
    expect(screen).toContain(`Workloads whose running pods keep ${old} until they roll out:`);
    const onVnode = get<{ items: (PodJson & { metadata: { namespace: string; ownerReferences?: { kind: string; name: string }[] } })[] }>(['get', 'pods', '-A', '--field-selector', `spec.nodeName=${vnode}`]).items;
    const tookOld = onVnode.filter((p) => !p.metadata.annotations?.[ANNOTATION] && !p.metadata.deletionTimestamp).filter((p) => {
      const groups = state.containerGroups.find((c) => c.id === p.metadata.annotations?.[INSTANCE])?.securityGroupIds;
      return groups?.length === 1 && groups[0] === old;
    });
    const deployments = new Set<string>();
    for (const p of tookOld) {
      const rs = p.metadata.ownerReferences?.find((o) => o.kind === 'ReplicaSet');
      if (!rs) continue;
      const owner = get<{ metadata: { ownerReferences?: { kind: string; name: string }[] } }>(['get', 'replicaset', rs.name, '-n', p.metadata.namespace]).metadata.ownerReferences?.find((o) => o.kind === 'Deployment');
      if (owner) deployments.add(`${p.metadata.namespace}/${owner.name}`);
    }
    expect(deployments.size).toBeGreaterThan(0);
    for (const d of deployments) {
      const [ns, name] = d.split('/') as [string, string];
      expect(screen).toMatch(new RegExp(`^${ns} +deployment/${name} +\\S+ +kubectl rollout restart deployment/${name} -n ${ns}$`, 'm'));
    }
    // The CLI's --dry-run names the same two defaults in the same lines.
    const dry = runPlugin(['set', 'cluster', '--provider', 'eci', '--groups', picked.id, '--dry-run'], sb.env);
    expect(dry.code, dry.stderr).toBe(0);
    noSecret(dry.stdout + dry.stderr);
    for (const line of dry.stdout.split('\n').filter((l) => /^(Before|After|Change): |^ +[-+] securityGroupId: /.test(l))) expect(screen).toContain(line);
    // Still nothing written: the plan and the dry run only read.
    expect(eciProfile()).toEqual(before);

    t.type('y');
    screen = await see('Set the ECI default: finished', 120_000);
    expect(screen).toMatch(new RegExp(`^Changed: +ConfigMap kube-system/eci-profile \\(securityGroupId\\): ${old} → ${picked.id}$`, 'm'));
    expect(screen).toMatch(/^Verified: +\S/m);

    // The profile as kubectl reads it: securityGroupId is the picked group, every other key as it was.
    expect(profileDefault()).toBe(picked.id);
    expect(eciProfile().data).toEqual({ ...before.data, securityGroupId: picked.id });

    // Back from the result: the profile is read again, the list and its header name the new
    // default. The wait is for the list's row: the result screen's header already names the new
    // group, so waiting on the header alone could read the result screen before Enter took effect.
    t.press('Enter');
    screen = await see(new RegExp(`^  ${escaped(vnode)} +\\S+ +\\d+ +\\d+ +${picked.id}$`, 'm'));
    expect(screen.split('\n')[0]).toMatch(new RegExp(`^ sandbox-admin · Alibaba ECI · default group ${picked.id}`));
    // e again starts from the new default; esc leaves it as it is.
    t.type('e');
    await see(`The eci-profile default group, first wins, at most 1: ${picked.id}`);
    t.press('Escape');
    await see('cancelled: nothing was changed');
    expect(profileDefault()).toBe(picked.id);
    t.type('q');
    await see('EXIT=0');

    // Put the default back, so that whatever runs after this on the sandbox finds the scenario's.
    const back = kubectl(['patch', 'configmap', 'eci-profile', '-n', 'kube-system', '--type', 'merge', '-p', JSON.stringify({ data: { securityGroupId: old } })], sb.env);
    expect(back.code, back.stderr).toBe(0);
    expect(profileDefault()).toBe(old);
  }, 300_000);
});
