// The read verbs (doctor, show cluster, show node, show pod, show group) as kubectl runs the built
// plugin (run.ts) on the ipamd version rows the other files do not start a sandbox for (they cover
// v3.5.8 and v3.4.7): before v3.2.0 (no feature, no NodeENIConfig CRD), v3.2.x (Deployment args,
// ENIs that have groups keep them), and v3.5.0-v3.5.7 (ConfigMap and addon values, the toggle the
// only resync). One 3-node sandbox per row; every output of a row is checked for the secret key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from './run.ts';
import { parsed, sgRunner } from './sg-runner.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import type { NodeJson, ClusterJson, DoctorItem, PodJson, GroupJson } from './contract-json.ts';


let sb: Sandbox;
/** Every output of the current row (outputs, emptied per row), scanned for the secret at the end of the row. */
const { outputs, sgAsync: sg, jsonAsync: json } = sgRunner(() => sb);
const k = (args: string[]): string => {
  const r = kubectl(args, sb.env);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
};
const lines = (text: string) => text.trim().split('\n').filter(Boolean);
const noCredentials = () => ({ TENCENTCLOUD_SECRET_ID: '', TENCENTCLOUD_SECRET_KEY: '', HOME: sb.dir });

interface Doctor {
  code: number;
  get(check: string): DoctorItem;
  notOk: string[];
}

/** `doctor -o json`: its exit code agrees with its findings, and every finding that is not ok has a fix. */
async function doctor(): Promise<Doctor> {
  const r = await sg(['doctor', '-o', 'json']);
  expect(r.stderr).toBe('');
  const items = (JSON.parse(r.stdout) as { kind: string; items: DoctorItem[] }).items;
  for (const i of items) if (i.level !== 'ok') expect(i.fix, `${i.check} has no fix`).toBeTruthy();
  expect(r.code).toBe(items.some((i) => i.level === 'fail') ? 3 : 0);
  return { code: r.code, get: (check) => items.find((i) => i.check === check)!, notOk: items.filter((i) => i.level !== 'ok').map((i) => `${i.check}: ${i.level}`) };
}

/** show node until `ok` holds (ipamd reacts asynchronously); the last answer is returned either way. */
async function nodeUntil(name: string, ok: (n: NodeJson) => boolean, ms = 15_000): Promise<NodeJson> {
  const deadline = Date.now() + ms;
  for (;;) {
    const n = (await json<{ items: NodeJson[] }>(['show', 'node', name])).items[0]!;
    if (ok(n) || Date.now() > deadline) return n;
    await new Promise((res) => setTimeout(res, 300));
  }
}

/** The global list as the Deployment args carry it (`--security-groups=a,b`). */
function argsList(): string[] {
  const args = JSON.parse(k(['-n', 'kube-system', 'get', 'deployment', 'tke-eni-ipamd', '-o', 'jsonpath={.spec.template.spec.containers[0].args}'])) as string[];
  const flag = args.find((a) => a.startsWith('--security-groups='));
  return flag ? flag.slice('--security-groups='.length).split(',') : [];
}

/** The nodes' ENIs in the plugin's JSON are the emulator's, ID for ID and group for group. */
async function expectEnisAsInCloud(items: NodeJson[]): Promise<void> {
  const state = await sb.control.state();
  for (const n of items) {
    const instance = state.instances.find((i) => i.id === n.instanceId)!;
    expect(n.enis!.map((e) => e.id).sort()).toEqual([...instance.eniIds].sort());
    for (const e of n.enis!) expect(e.groups).toEqual(state.enis.find((c) => c.NetworkInterfaceId === e.id)!.GroupSet);
  }
}

// The rows' sandboxes start side by side (most of a start is waiting on other processes);
// each row takes its own down as soon as it is done.
const ROWS = {
  'v3.1.9': ['--ipamd-version', 'v3.1.9', '--feature', 'off'], // a Deployment of that version has no security-group flags
  'v3.2.5': ['--ipamd-version', 'v3.2.5'],
  'v3.5.3': ['--ipamd-version', 'v3.5.3'],
} as const;
type Row = keyof typeof ROWS;
const sandboxes = new Map<Row, Sandbox>();

beforeAll(async () => {
  const rows = Object.keys(ROWS) as Row[];
  const started = await Promise.allSettled(rows.map((row) => startSandbox('--nodes', '3', ...ROWS[row])));
  started.forEach((r, i) => r.status === 'fulfilled' && sandboxes.set(rows[i]!, r.value));
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}, 900_000);
afterAll(async () => {
  await Promise.all([...sandboxes.values()].map((s) => s.down()));
});

function rowSandbox(row: Row): void {
  beforeAll(() => {
    outputs.length = 0;
    sb = sandboxes.get(row)!;
  });
  afterAll(() => sandboxes.get(row)?.down());
}

function neverPrintedTheSecret(): void {
  it('never printed the secret key or the whole SecretId', () => {
    expect(outputs.length).toBeGreaterThan(10);
    const [key, id] = [sb.env.TENCENTCLOUD_SECRET_KEY!, sb.env.TENCENTCLOUD_SECRET_ID!];
    expect(key.length).toBeGreaterThan(16);
    for (const out of outputs) {
      expect(out).not.toContain(key);
      expect(out).not.toContain(id);
    }
  });
}

describe('ipamd v3.1.9: before the security-group feature', () => {
  rowSandbox('v3.1.9');

  it('doctor fails the version and the missing NodeENIConfig CRD, with the upgrade as the fix, exit 3', async () => {
    const [d, table] = await Promise.all([doctor(), sg(['doctor'])]);
    expect(d.code).toBe(3);
    expect(d.get('ipamd-version')).toMatchObject({ level: 'fail', why: 'v3.1.9 has no security-group feature (it came in v3.2.0)', fix: expect.stringContaining('v3.5.8') });
    expect(d.get('nec-crd')).toMatchObject({ level: 'fail', why: expect.stringContaining('does not serve nodeeniconfigs.networking.tke.cloud.tencent.com') });
    expect(d.get('feature')).toMatchObject({ level: 'warn', why: 'not checked: ipamd v3.1.9 has no security-group feature' });
    expect(d.get('nec-per-node')).toMatchObject({ level: 'warn', why: 'not checked: no NodeENIConfig CRD' });
    expect(d.notOk.filter((c) => c.endsWith('fail'))).toEqual(['ipamd-version: fail', 'nec-crd: fail']);
    expect(d.get('ipamd').level).toBe('ok');
    expect(d.get('cam-role').level).toBe('ok');

    expect(table.code).toBe(3);
    expect(table.stdout).toMatch(/^ipamd-version\s+fail\s+v3\.1\.9 has no security-group feature/m);
    expect(lines(table.stdout).at(-1)).toMatch(/, 2 failed: fix the failed checks \(exit 3\)$/);
  });

  it('show cluster says this version has no feature, no place for a setting and no resync', async () => {
    const [r, table] = await Promise.all([sg(['show', 'cluster', '-o', 'json']), sg(['show', 'cluster'])]);
    const c = parsed<ClusterJson>(r);
    expect(c).toMatchObject({
      kind: 'ClusterReport',
      ipamd: { version: 'v3.1.9', replicas: 2, readyReplicas: 2 },
      capabilities: { securityGroups: false, strongSync: false, globalSetting: 'none', resyncMethods: [] },
      feature: { enabled: false, globalList: [], place: null },
      sources: [],
      clusterId: { source: 'ipamd-args' },
      addon: null,
      resync: [],
      nodes: { total: 3, inSync: 0, drifted: 0, disabled: 0, syncPending: 0, noNec: 3, unknown: 0 },
      warnings: ['ipamd v3.1.9 predates v3.2.0 and has no security-group feature: upgrade the eniipamd addon first'],
    });
    expect(lines(r.stderr)).toEqual([`warning: ${c.warnings[0]}`]);

    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Security groups: +not available in this version$/m);
    expect(table.stdout).toMatch(/^Lives in: +nowhere: this ipamd version has no security-group feature \(v3\.2\.0 added it\)$/m);
    expect(table.stdout).toMatch(/^Addon: +not used by this version$/m);
    expect(table.stdout).toMatch(/^Resync: +none in this version$/m);
    expect(table.stdout).toMatch(/^Nodes: +3: .*3 without NEC/m);
  });

  it('show node still works: no NEC anywhere, the ENIs as the cloud has them', async () => {
    const [out, table, offline] = await Promise.all([
      json<{ kind: string; items: NodeJson[] }>(['show', 'node']),
      sg(['show', 'node']),
      json<{ items: NodeJson[] }>(['show', 'node', '--no-cloud']),
    ]);
    expect(out.kind).toBe('NodeList');
    expect(out.items).toHaveLength(3);
    for (const n of out.items) expect(n).toMatchObject({ hasNec: false, desiredGroups: [], source: 'unset' });
    await expectEnisAsInCloud(out.items);
    // Nothing binds groups on this version: the secondary ENIs carry none.
    for (const n of out.items) for (const e of n.enis!.filter((x) => !x.primary)) expect(e.groups).toEqual([]);

    expect(table.code).toBe(0);
    expect(table.stderr).toBe('');
    expect(lines(table.stdout)).toHaveLength(4);
    expect(table.stdout.match(/\(no NEC\)/g)).toHaveLength(3);
    for (const n of offline.items) expect(n).toMatchObject({ hasNec: false, state: 'unknown', enis: null });
  });

  it('show pod and show group still follow a pod to its ENI and a group to its ENIs', async () => {
    const state = await sb.control.state();
    const primaryGroup = state.instances[0]!.securityGroupIds[0]!;
    const [p, groups] = await Promise.all([json<PodJson>(['show', 'pod', 'web-0-0']), json<{ items: GroupJson[] }>(['show', 'group', primaryGroup])]);
    expect(p).toMatchObject({ status: 'ok', eni: { primary: false }, groups: [], nec: { exists: false, desiredGroups: [] } });
    const eni = state.enis.find((e) => e.NetworkInterfaceId === p.eni!.id)!;
    expect(eni.Attachment.InstanceId).toBe(state.instances.find((i) => i.nodeName === p.node)!.id);

    const g = groups.items[0]!;
    expect(g.usedBy!.map((u) => u.eniId).sort()).toEqual(state.enis.filter((e) => e.GroupSet.includes(primaryGroup)).map((e) => e.NetworkInterfaceId).sort());
    expect(g.usedBy!.every((u) => u.primary)).toBe(true);
    expect(g.desiredBy).toEqual([]); // no NEC desires anything
  });

  neverPrintedTheSecret();
});

describe('ipamd v3.2.5: Deployment args, ENIs that have groups keep them', () => {
  rowSandbox('v3.2.5');

  it('doctor passes, warning only that this version does not strongly sync ENIs, exit 0', async () => {
    const d = await doctor();
    expect(d.code).toBe(0);
    expect(d.notOk).toEqual(['ipamd-version: warn']);
    expect(d.get('ipamd-version')).toMatchObject({
      why: expect.stringMatching(/^v3\.2\.5: .*global setting: Deployment args; strong sync of ENIs that have groups: no; need-sync resync: no: ENIs that already have groups keep them when a NEC changes$/),
      fix: expect.stringContaining('upgrade'),
    });
    expect(d.get('feature').why).toBe(`on (Deployment args), global list ${argsList().join(',')}`);
    expect(d.get('setting-places').why).toBe('read from Deployment args');
  });

  it('show cluster reads the Deployment args and offers the toggle only', async () => {
    const global = argsList();
    expect(global).toHaveLength(2);
    const [c, wide] = await Promise.all([json<ClusterJson>(['show', 'cluster']), sg(['show', 'cluster', '-o', 'wide'])]);
    expect(c).toMatchObject({
      ipamd: { version: 'v3.2.5' },
      capabilities: { securityGroups: true, strongSync: false, globalSetting: 'deployment-args', resyncMethods: ['toggle'] },
      feature: { enabled: true, globalList: global, place: 'deployment-args' },
      sources: [{ place: 'deployment-args', enabled: true, globalList: global, authoritative: true, agrees: true }],
      clusterId: { source: 'ipamd-args' },
      addon: null,
      nodes: { total: 3, inSync: 3, drifted: 0, disabled: 0, syncPending: 0, noNec: 0, unknown: 0 },
      warnings: [],
    });
    expect(c.resync.map((m) => m.method)).toEqual(['toggle']);
    expect(wide.stdout).toMatch(/^Lives in: +Deployment kube-system\/tke-eni-ipamd args/m);
    expect(wide.stdout).toMatch(/^Strong sync: +no \(ENIs that have groups keep them\)$/m);
    expect(wide.stdout).not.toContain('need-sync');
  });

  it('shows a changed NEC bound to a new ENI while the ENI that had groups keeps them (drifted)', async () => {
    const global = argsList();
    const before = (await json<{ items: NodeJson[] }>(['show', 'node'])).items;
    for (const n of before) expect(n).toMatchObject({ source: 'global-list', state: 'in-sync', desiredGroups: global });
    await expectEnisAsInCloud(before);

    const victim = before[0]!;
    const old = victim.enis!.find((e) => !e.primary)!;
    const added = await sb.control.createEni({ instanceId: victim.instanceId! }); // a new ENI, no groups yet
    const narrowed = [global[1]!];
    k(['patch', 'nec', victim.name, '--type', 'merge', '-p', JSON.stringify({ spec: { securityGroups: narrowed } })]);
    // ipamd has acted once the new ENI carries the NEC's groups.
    const node = await nodeUntil(victim.name, (n) => n.enis?.find((e) => e.id === added.NetworkInterfaceId)?.groups.length === 1);
    expect(node).toMatchObject({ desiredGroups: narrowed, source: 'custom', state: 'drifted', inSync: false });
    expect(node.enis!.find((e) => e.id === added.NetworkInterfaceId)).toMatchObject({ groups: narrowed, inSync: true });
    expect(node.enis!.find((e) => e.id === old.id)).toMatchObject({ groups: global, inSync: false }); // kept: no strong sync before v3.3.2
    await expectEnisAsInCloud([node]);

    const pods = JSON.parse(k(['get', 'pods', '-o', 'json'])) as { items: { metadata: { name: string }; spec: { nodeName: string } }[] };
    const podName = pods.items.find((p) => p.spec.nodeName === victim.name)!.metadata.name;
    const [wide, check, cluster, pod, groups] = await Promise.all([
      sg(['show', 'node', victim.name, '-o', 'wide']),
      sg(['show', 'node', '--check']),
      json<ClusterJson>(['show', 'cluster']),
      json<PodJson>(['show', 'pod', podName]),
      json<{ items: GroupJson[] }>(['show', 'group', global[0]!]),
    ]);
    expect(wide.stdout).toMatch(new RegExp(`^${victim.name.replaceAll('.', '\\.')} +drifted \\(1 ENI\\) +${narrowed[0]} +custom .* ${old.id} +<none>$`, 'm')); // no other ENIs in this scenario
    expect(check.code).toBe(3);
    expect(cluster.nodes).toMatchObject({ total: 3, inSync: 2, drifted: 1 });
    // A pod on the old ENI keeps the old groups, which its node's NEC no longer lists.
    expect(pod).toMatchObject({ status: 'ok', eni: { id: old.id }, nec: { exists: true, desiredGroups: narrowed }, matchesNec: false });
    expect(pod.groups.map((g) => g.id)).toEqual(global);
    // The first group is still carried by the old ENI, but no longer desired by that node.
    const first = groups.items[0]!;
    expect(first.usedBy!.filter((u) => u.node === victim.name)).toEqual([expect.objectContaining({ eniId: old.id, primary: false, priority: 1 })]);
    expect(first.desiredBy!.sort()).toEqual(before.slice(1).map((n) => n.name).sort());
  });

  neverPrintedTheSecret();
});

describe('ipamd v3.5.3: the addon values count, the ConfigMap mirrors them, the toggle resyncs', () => {
  rowSandbox('v3.5.3');

  const configMapDoc = () => k(['-n', 'kube-system', 'get', 'configmap', 'tke-eni-ipamd', '-o', 'jsonpath={.data.tke-network-conf\\.yaml}']);
  const setConfigMapDoc = (text: string) =>
    k(['-n', 'kube-system', 'patch', 'configmap', 'tke-eni-ipamd', '--type', 'merge', '-p', JSON.stringify({ data: { 'tke-network-conf.yaml': text } })]);
  const addonList = async () => {
    const addon = await sb.control.addon();
    return ((addon.values!.vpcCni as { securityGroups: { securityGroups: string[] } }).securityGroups).securityGroups;
  };

  it('doctor passes: the version\'s rows, the addon values, both places agreeing, exit 0', async () => {
    const [d, global] = await Promise.all([doctor(), addonList()]);
    expect(d.notOk).toEqual([]);
    expect(d.get('ipamd-version').why).toBe('v3.5.3: security groups: yes; global setting: ConfigMap/addon values; strong sync of ENIs that have groups: yes; need-sync resync: no');
    expect(d.get('feature').why).toBe(`on (addon eniipamd values), global list ${global.join(',')}`);
    expect(d.get('setting-places').why).toContain('agree');
  });

  it('show cluster names the addon values as the place and the toggle as the resync (need-sync needs v3.5.8)', async () => {
    const [addon, global, c, table] = await Promise.all([sb.control.addon(), addonList(), json<ClusterJson>(['show', 'cluster']), sg(['show', 'cluster'])]);
    expect(addon.version).toBe('3.5.3');
    expect(c).toMatchObject({
      ipamd: { version: 'v3.5.3' },
      capabilities: { securityGroups: true, strongSync: true, globalSetting: 'addon-values', resyncMethods: ['toggle'] },
      feature: { enabled: true, globalList: global, place: 'addon-values' },
      addon: { read: true, installed: true, version: '3.5.3', phase: addon.phase, notRead: null },
      nodes: { total: 3, inSync: 3, drifted: 0, disabled: 0, syncPending: 0, noNec: 0, unknown: 0 },
      warnings: [],
    });
    expect(c.sources.map((s) => [s.place, s.globalList, s.authoritative, s.agrees])).toEqual([
      ['configmap', global, false, true],
      ['addon-values', global, true, true],
    ]);
    expect(c.resync).toEqual([expect.objectContaining({ method: 'toggle', command: expect.stringContaining('disable-node-eni-security-groups=yes') })]);

    expect(table.stdout).toMatch(/^Lives in: +addon eniipamd values \(vpcCni\.securityGroups\), which TKE renders into ConfigMap kube-system\/tke-eni-ipamd/m);
    expect(table.stdout).toMatch(/^Resync: +toggle \(recommended\): /m);
    expect(table.stdout).not.toContain('need-sync');
    expect(table.stdout).toMatch(/^Addon: +eniipamd 3\.5\.3 \(/m);
  });

  it('show node judges the NECs by the addon values when the ConfigMap disagrees, asking the cloud only when it may', async () => {
    const global = await addonList();
    const original = configMapDoc();
    const edited = original.replace(`    - ${global[1]}\n`, '');
    expect(edited).not.toBe(original);
    setConfigMapDoc(edited);
    try {
      // The addon says [a, b], the hand-edited ConfigMap [a]; the NECs have [a, b] from ipamd.
      await sb.control.clearCalls();
      const withCloud = await sg(['show', 'node', '-o', 'json']);
      const calls = await sb.control.calls();
      expect(withCloud.stderr).toBe('');
      for (const n of parsed<{ items: NodeJson[] }>(withCloud).items) expect(n).toMatchObject({ desiredGroups: global, source: 'global-list', state: 'in-sync' });
      expect(calls.filter((c) => c.service === 'tke').map((c) => c.action)).toEqual(['DescribeAddon']);
      expect(calls.filter((c) => c.service === 'vpc').length).toBeGreaterThan(0);
      expect(calls.every((c) => c.code === '')).toBe(true);

      // No cloud: no call at all, and the ConfigMap's list is all there is to judge by.
      await sb.control.clearCalls();
      const [noCloud, offline] = await Promise.all([json<{ items: NodeJson[] }>(['show', 'node', '--no-cloud']), sg(['show', 'node', '-o', 'json'], noCredentials())]);
      expect(await sb.control.calls()).toEqual([]);
      for (const n of noCloud.items) expect(n).toMatchObject({ source: 'unknown', state: 'unknown', enis: null });
      expect(parsed<{ items: NodeJson[] }>(offline).items.map((n) => n.source)).toEqual(['unknown', 'unknown', 'unknown']);
      expect(lines(offline.stderr)).toEqual([expect.stringMatching(/^warning: no Tencent Cloud credentials found/)]);

      const [cluster, d, other, bad] = await Promise.all([
        json<ClusterJson>(['show', 'cluster']),
        doctor(),
        sg(['show', 'node', '--cluster-id', 'cls-zzzzzzzz', '-o', 'json']),
        sg(['show', 'node', '--cluster-id', 'cls-1']),
      ]);
      expect(cluster.sources.find((s) => s.place === 'configmap')).toMatchObject({ globalList: [global[0]], agrees: false });
      expect(cluster.feature).toMatchObject({ globalList: global, place: 'addon-values' });
      expect(d.get('setting-places').level).toBe('warn');
      // The cloud, but not this cluster's addon: said in one line, and judged by the ConfigMap.
      expect(lines(other.stderr)).toEqual([expect.stringMatching(/^warning: addon values not read: .*ClusterNotFound.*; sources are judged against the ConfigMap's global list$/)]);
      for (const n of parsed<{ items: NodeJson[] }>(other).items) expect(n.source).toBe('custom');
      expect(bad.code).toBe(2);
      expect(bad.stdout).toBe('');
      expect(lines(bad.stderr)).toEqual([expect.stringContaining('"cls-1" is not a TKE cluster ID')]);
    } finally {
      setConfigMapDoc(original);
    }
    expect((await json<ClusterJson>(['show', 'cluster'])).warnings).toEqual([]);
  });

  neverPrintedTheSecret();
});
