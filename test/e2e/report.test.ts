// `kubectl sg report` as kubectl runs the built plugin (run.ts) over three contexts of one
// kubeconfig: a TKE sandbox with a node drifted (its ENI's groups changed behind ipamd's back) and
// one disabled, an ECI sandbox, and a context whose API server does not answer. Every format; the
// Prometheus text read back by a real parser (parse-prometheus-text-format, prom2json's shape).
// Expected figures come from the sandboxes (kubectl's and the emulators' view), not from the
// plugin.
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dump, load } from 'js-yaml';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { kubectl, runAsync, type RunResult, runPluginAsync, runPlugin } from './run.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { startProxyRouter, type ProxyRouter } from './cloud-proxy-router.ts';
import { kubectlOk } from './sg-runner.ts';
import type { DoctorItem } from './contract-json.ts';

const DISABLE = 'tke.cloud.tencent.com/disable-node-eni-security-groups';
const ECI_INSTANCE = 'k8s.aliyun.com/eci-instance-id';
const ECI_GROUPS = 'k8s.aliyun.com/eci-security-group';
const DOWN_SERVER = 'https://127.0.0.1:1';

let tke: Sandbox;
let eci: Sandbox;
let router: ProxyRouter;
/** An API server that accepts connections and never says a word: only --cluster-timeout ends its row. */
let silent: Server;
const silentSockets = new Set<Socket>();
let tmp: string;
let env: NodeJS.ProcessEnv;
const outputs: string[] = [];

interface Kubeconfig {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
  'current-context': string;
}

/** The sandbox's current context, its cluster and user renamed to `name`. */
function entriesOf(sb: Sandbox, name: string) {
  const k = load(readFileSync(sb.env.KUBECONFIG!, 'utf8')) as Kubeconfig;
  const ctx = k.contexts.find((c) => c.name === k['current-context'])!.context;
  return {
    cluster: { name, cluster: k.clusters.find((c) => c.name === ctx.cluster)!.cluster },
    user: { name, user: k.users.find((u) => u.name === ctx.user)!.user },
    context: { name, context: { cluster: name, user: name } },
  };
}

const sg = async (args: string[]): Promise<RunResult> => {
  const r = await runPluginAsync([...args], env);
  outputs.push(r.stdout, r.stderr);
  return r;
};

interface PodCounts {
  withGroups: number;
  withoutGroups: number;
  unknown: number;
}
interface RowJson {
  context: string;
  reachable: boolean;
  reason?: string;
  providers?: string[];
  ipamdVersion?: string | null;
  virtualKubeletVersions?: string[] | null;
  featureEnabled?: boolean | null;
  nodes?: { total: number; inSync: number; drifted: number; disabled: number; syncPending: number; noNec: number; unknown: number } | null;
  pods?: PodCounts | null;
  eciPods?: PodCounts | null;
  lintFailures?: number | null;
  doctorFailures?: number | null;
  notes?: string[];
}
interface FleetJson {
  kind: string;
  items: RowJson[];
  total: { clusters: number; unreachable: number; nodes: { drifted: number; disabled: number; inSync: number }; lintFailures: number; doctorFailures: number };
}

interface PodList {
  items: { metadata: { namespace: string; name: string; annotations?: Record<string, string> }; spec: { nodeName?: string; hostNetwork?: boolean } }[];
}

/** What the sandboxes say, worked out from kubectl and the emulators. */
let expected: {
  drifted: string;
  disabled: string;
  tkePods: PodCounts;
  eciPods: PodCounts;
  ipamdVersion: string;
  vkVersion: string;
  doctorFailures: Record<'tke' | 'eci', number>;
};

const doctorFails = (sb: Sandbox) => {
  const r = runPlugin(['doctor', '-o', 'json'], sb.env);
  outputs.push(r.stdout, r.stderr);
  return (JSON.parse(r.stdout) as { items: DoctorItem[] }).items.filter((i) => i.level === 'fail').length;
};

beforeAll(async () => {
  [tke, eci] = await Promise.all([startSandbox('--nodes', '3', '--ipamd-version', 'v3.5.8'), startSandbox('--provider', 'eci')]);
  router = await startProxyRouter([
    { suffix: 'aliyuncs.com', upstream: eci.env.HTTPS_PROXY! },
    { suffix: 'tencentcloudapi.com', upstream: tke.env.HTTPS_PROXY! },
  ]);
  silent = createServer((socket) => {
    silentSockets.add(socket);
    socket.on('close', () => silentSockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const silentServer = `https://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  tmp = mkdtempSync(join(tmpdir(), 'kubectl-sg-report-'));
  // The three contexts of --all-contexts; a second kubeconfig pairs the TKE cluster with the silent server.
  const [a, b] = [entriesOf(tke, 'tke-gz'), entriesOf(eci, 'eci-hz')];
  const kubeconfig = join(tmp, 'fleet.kubeconfig');
  writeFileSync(
    kubeconfig,
    dump({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [a.cluster, b.cluster, { name: 'gone', cluster: { server: DOWN_SERVER, 'certificate-authority-data': a.cluster.cluster['certificate-authority-data'] } }],
      users: [a.user, b.user, { name: 'gone', user: a.user.user }],
      contexts: [a.context, b.context, { name: 'gone', context: { cluster: 'gone', user: 'gone' } }],
      'current-context': 'tke-gz',
    }),
  );
  writeFileSync(
    join(tmp, 'silent.kubeconfig'),
    dump({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [a.cluster, { name: 'silent', cluster: { server: silentServer, 'certificate-authority-data': a.cluster.cluster['certificate-authority-data'] } }],
      users: [a.user, { name: 'silent', user: a.user.user }],
      contexts: [a.context, { name: 'silent', context: { cluster: 'silent', user: 'silent' } }],
      'current-context': 'tke-gz',
    }),
  );
  // Both clouds' keys (each sandbox has its own emulator) behind the one proxy that routes by host.
  env = {
    ...tke.env,
    ALIBABA_CLOUD_ACCESS_KEY_ID: eci.env.ALIBABA_CLOUD_ACCESS_KEY_ID,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: eci.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
    ALIBABA_CLOUD_REGION_ID: eci.env.ALIBABA_CLOUD_REGION_ID,
    HTTPS_PROXY: router.url,
    KUBECONFIG: kubeconfig,
  };

  // TKE: the second node's first secondary ENI given its groups in the wrong priority (drift), the third disabled.
  const state = await tke.control.state();
  const nodes = (JSON.parse(kubectlOk(tke, 'get', 'nodes', '-o', 'json')) as { items: { metadata: { name: string } }[] }).items.map((n) => n.metadata.name).sort();
  expect(nodes).toHaveLength(3);
  const [, drifted, disabled] = nodes as [string, string, string];
  const instance = state.instances.find((i) => i.nodeName === drifted)!;
  const eni = state.enis.find((e) => instance.eniIds.includes(e.NetworkInterfaceId) && !e.Primary)!;
  expect(eni.GroupSet.length).toBeGreaterThan(1);
  await tke.control.setEniGroups(eni.NetworkInterfaceId, [...eni.GroupSet].reverse());
  kubectlOk(tke, 'annotate', 'node', disabled, '--overwrite', `${DISABLE}=yes`);

  const tkePods = (JSON.parse(kubectlOk(tke, 'get', 'pods', '-A', '-o', 'json')) as PodList).items.filter((p) => p.spec.nodeName && !p.spec.hostNetwork);
  const off = new Set([drifted, disabled]);
  // ECI: every pod on a virtual node whose instance the emulator has with exactly the groups the
  // pod's annotation asks for, or (no annotation) whatever the profile gave it at creation.
  const virtual = new Set(kubectlOk(eci, 'get', 'nodes', '-l', 'type=virtual-kubelet', '-o', 'jsonpath={.items[*].metadata.name}').split(' ').filter(Boolean));
  const eciPods = (JSON.parse(kubectlOk(eci, 'get', 'pods', '-A', '-o', 'json')) as PodList).items.filter((p) => virtual.has(p.spec.nodeName ?? ''));
  const groups = new Map((await eci.alibaba!.state()).containerGroups.map((g) => [g.id, g]));
  expect(eciPods.length).toBeGreaterThan(0);
  for (const p of eciPods) {
    const instance = groups.get(p.metadata.annotations?.[ECI_INSTANCE] ?? '');
    expect(instance, `${p.metadata.namespace}/${p.metadata.name} has an instance`).toBeDefined();
    const asked = p.metadata.annotations?.[ECI_GROUPS];
    if (asked) expect(instance!.securityGroupIds).toEqual(asked.split(','));
  }

  expected = {
    drifted,
    disabled,
    tkePods: { withGroups: tkePods.filter((p) => !off.has(p.spec.nodeName!)).length, withoutGroups: tkePods.filter((p) => off.has(p.spec.nodeName!)).length, unknown: 0 },
    eciPods: { withGroups: eciPods.length, withoutGroups: 0, unknown: 0 },
    ipamdVersion: kubectlOk(tke, 'get', 'deploy', '-n', 'kube-system', 'tke-eni-ipamd', '-o', 'jsonpath={.spec.template.spec.containers[0].image}').split(':').at(-1)!,
    vkVersion: kubectlOk(eci, 'get', 'deploy', '-n', 'kube-system', 'ack-virtual-node-controller', '-o', 'jsonpath={.spec.template.spec.containers[0].image}').split(':').at(-1)!,
    doctorFailures: { tke: doctorFails(tke), eci: doctorFails(eci) },
  };
}, 900_000);

afterAll(async () => {
  await router?.close();
  for (const s of silentSockets) s.destroy();
  await new Promise((resolve) => (silent ? silent.close(resolve) : resolve(undefined)));
  await Promise.all([tke?.down(), eci?.down()]);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('kubectl sg report over three contexts (one down)', () => {
  it('reads each cluster into a row, the dead one with its reason, a total, and exits 3 for the drift (JSON)', async () => {
    const r = await sg(['report', '--all-contexts', '-o', 'json']);
    expect(r.code, r.stderr).toBe(3);
    const out = JSON.parse(r.stdout) as FleetJson;
    expect(out.kind).toBe('FleetReport');
    expect(out.items.map((i) => i.context)).toEqual(['tke-gz', 'eci-hz', 'gone']);
    const [t, e, gone] = out.items as [RowJson, RowJson, RowJson];
    expect(t).toMatchObject({
      reachable: true,
      providers: ['tke'],
      ipamdVersion: expected.ipamdVersion,
      featureEnabled: true,
      nodes: { total: 3, inSync: 1, drifted: 1, disabled: 1, syncPending: 0, noNec: 0, unknown: 0 },
      pods: expected.tkePods,
      eciPods: null,
      doctorFailures: expected.doctorFailures.tke,
      notes: [],
    });
    expect(t.lintFailures).toEqual(expect.any(Number));
    expect(e).toMatchObject({
      reachable: true,
      providers: ['eci'],
      virtualKubeletVersions: [expected.vkVersion],
      nodes: null,
      pods: null,
      eciPods: expected.eciPods,
      doctorFailures: expected.doctorFailures.eci,
      notes: [],
    });
    expect(gone.reachable).toBe(false);
    expect(gone.reason).toContain(DOWN_SERVER);
    expect(out.total).toMatchObject({ clusters: 3, unreachable: 1, nodes: { drifted: 1, disabled: 1, inSync: 1 }, lintFailures: t.lintFailures! + e.lintFailures!, doctorFailures: expected.doctorFailures.tke + expected.doctorFailures.eci });
  });

  it('counts a lint failure made in a group the TKE nodes use', async () => {
    const before = (JSON.parse((await sg(['report', '--contexts', 'tke-gz', '-o', 'json'])).stdout) as FleetJson).items[0]!.lintFailures!;
    const first = (JSON.parse(kubectlOk(tke, 'get', 'nec', expected.disabled, '-o', 'jsonpath={.spec.securityGroups}')) as string[])[0]!;
    const group = (await tke.control.state()).securityGroups.find((g) => g.id === first)!;
    // Every TCP port accepted from anywhere: what lint fails; the egress rules stay as they were.
    await tke.control.setGroupRules(first, { ingress: [{ Action: 'ACCEPT', Protocol: 'ALL', Port: 'all', CidrBlock: '0.0.0.0/0' }], egress: group.egress });
    try {
      const after = (JSON.parse((await sg(['report', '--contexts', 'tke-gz', '-o', 'json'])).stdout) as FleetJson).items[0]!;
      expect(after.lintFailures).toBe(before + 1);
      expect(after.notes).toEqual([]);
    } finally {
      await tke.control.setGroupRules(first, { ingress: group.ingress, egress: group.egress });
    }
  });

  it('counts a lint failure made in a group the ECI pods use', async () => {
    const before = (JSON.parse((await sg(['report', '--contexts', 'eci-hz', '-o', 'json'])).stdout) as FleetJson).items[0]!.lintFailures!;
    const profileDefault = kubectlOk(eci, 'get', 'configmap', '-n', 'kube-system', 'eci-profile', '-o', 'jsonpath={.data.securityGroupId}');
    // Everything accepted from anywhere: the one kind of open rule lint fails (not merely warns about).
    await eci.alibaba!.setRules(profileDefault, [{ direction: 'ingress', ipProtocol: 'ALL', portRange: '-1/-1', sourceCidrIp: '0.0.0.0/0', policy: 'Accept', priority: 1 }]);
    const r = await sg(['report', '--contexts', 'eci-hz', '-o', 'json']);
    // No drift in that cluster: 0.
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as FleetJson).items[0]!.lintFailures).toBe(before + 1);
  });

  it('says the same as YAML, and as a table with a row per context, the reason of the dead one and a total row', async () => {
    const [json, yaml, table] = await Promise.all([sg(['report', '--all-contexts', '-o', 'json']), sg(['report', '--all-contexts', '-o', 'yaml']), sg(['report', '--all-contexts'])]);
    expect(yaml.code, yaml.stderr).toBe(3);
    expect(load(yaml.stdout)).toEqual(JSON.parse(json.stdout));
    expect(table.code, table.stderr).toBe(3);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5); // header, three contexts, total
    expect(lines[0]).toMatch(/^CONTEXT\s+PROVIDERS\s+VERSIONS\s+FEATURE\s+IN SYNC\s+DRIFTED\s+DISABLED\s+PENDING\s+PODS\s+ECI PODS\s+LINT\s+DOCTOR\s+STATUS$/);
    expect(lines[1]).toMatch(new RegExp(`^tke-gz\\s+tke\\s+ipamd ${expected.ipamdVersion.replace(/\./g, '\\.')}\\s+on\\s+1\\s+1\\s+1\\s+0\\s+${expected.tkePods.withGroups} with, ${expected.tkePods.withoutGroups} without`));
    expect(lines[2]).toMatch(/^eci-hz\s+eci\s+vk /);
    expect(lines[2]).toContain(`${expected.eciPods.withGroups} with, 0 without`);
    expect(lines[3]).toMatch(/^gone\s+/);
    expect(lines[3]).toContain(`unreachable: cannot reach the Kubernetes API at ${DOWN_SERVER}`);
    expect(lines[4]).toMatch(/^TOTAL \(3 clusters\)\s+1\s+1\s+1\s+0\s+/);
    expect(lines[4]).toMatch(/1 unreachable$/);
    // Not a terminal: no progress line, no colour.
    expect(table.stderr).toBe('');
    expect(table.stdout).not.toContain('\x1b[');
  });

  it('writes the Prometheus text format a real parser reads: kubectl_sg_* with cluster and provider labels', async () => {
    const [r, json] = await Promise.all([sg(['report', '--all-contexts', '-o', 'prometheus']), sg(['report', '--all-contexts', '-o', 'json'])]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout.endsWith('\n')).toBe(true);
    const rows = (JSON.parse(json.stdout) as FleetJson).items;
    const families = parsePrometheusTextFormat(r.stdout);
    const byName = new Map(families.map((f) => [f.name, f]));
    for (const f of families) {
      expect(f.name).toMatch(/^kubectl_sg_[a-z_]+$/);
      expect(f.type).toBe('GAUGE');
      expect(f.help.length).toBeGreaterThan(0);
    }
    const value = (name: string, labels: Record<string, string>) => {
      const samples = byName.get(name)?.metrics.filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v)) ?? [];
      expect(samples, `${name} ${JSON.stringify(labels)}`).toHaveLength(1);
      return Number(samples[0]!.value);
    };
    expect(value('kubectl_sg_cluster_up', { cluster: 'tke-gz' })).toBe(1);
    expect(value('kubectl_sg_cluster_up', { cluster: 'eci-hz' })).toBe(1);
    expect(value('kubectl_sg_cluster_up', { cluster: 'gone' })).toBe(0);
    expect(value('kubectl_sg_provider_info', { cluster: 'tke-gz', provider: 'tke', version: expected.ipamdVersion })).toBe(1);
    expect(value('kubectl_sg_provider_info', { cluster: 'eci-hz', provider: 'eci', version: expected.vkVersion })).toBe(1);
    expect(value('kubectl_sg_feature_enabled', { cluster: 'tke-gz', provider: 'tke' })).toBe(1);
    expect(value('kubectl_sg_nodes', { cluster: 'tke-gz', state: 'in_sync' })).toBe(1);
    expect(value('kubectl_sg_nodes', { cluster: 'tke-gz', state: 'drifted' })).toBe(1);
    expect(value('kubectl_sg_nodes', { cluster: 'tke-gz', state: 'disabled' })).toBe(1);
    expect(value('kubectl_sg_pods', { cluster: 'tke-gz', provider: 'tke', groups: 'with' })).toBe(expected.tkePods.withGroups);
    expect(value('kubectl_sg_pods', { cluster: 'tke-gz', provider: 'tke', groups: 'without' })).toBe(expected.tkePods.withoutGroups);
    expect(value('kubectl_sg_pods', { cluster: 'eci-hz', provider: 'eci', groups: 'with' })).toBe(expected.eciPods.withGroups);
    expect(value('kubectl_sg_doctor_failures', { cluster: 'tke-gz' })).toBe(expected.doctorFailures.tke);
    expect(value('kubectl_sg_doctor_failures', { cluster: 'eci-hz' })).toBe(expected.doctorFailures.eci);
    for (const row of rows.filter((x) => x.reachable)) expect(value('kubectl_sg_lint_failures', { cluster: row.context })).toBe(row.lintFailures);
    // The dead cluster has only its cluster_up sample: no figure stands for what was not read.
    const gone = families.flatMap((f) => f.metrics.filter((m) => m.labels?.cluster === 'gone').map(() => f.name));
    expect(gone).toEqual(['kubectl_sg_cluster_up']);
  });

  it('reads the current context alone by default, a --contexts list in its order, and refuses a context the kubeconfig lacks (exit 2)', async () => {
    const [current, listed, unknown] = await Promise.all([sg(['report', '-o', 'json']), sg(['report', '--contexts', 'eci-hz,tke-gz', '-o', 'json']), sg(['report', '--contexts', 'tke-gz,nope'])]);
    expect(current.code, current.stderr).toBe(3);
    expect((JSON.parse(current.stdout) as FleetJson).items.map((i) => i.context)).toEqual(['tke-gz']);
    expect((JSON.parse(listed.stdout) as FleetJson).items.map((i) => i.context)).toEqual(['eci-hz', 'tke-gz']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no context "nope"');
  });

  it('shows its progress on a terminal, on one line rewritten in place and cleared before the table (NO_COLOR: no colour)', async () => {
    // script(1) gives the plugin a pty for stdout and stderr alike.
    const r = await runAsync('script', ['-qfec', 'kubectl sg report --all-contexts', '/dev/null'], { ...env, NO_COLOR: '1' });
    outputs.push(r.stdout, r.stderr);
    expect(r.code, r.stdout).toBe(3);
    expect(r.stdout).toContain('\r\x1b[2Kreading clusters: 0/3 done');
    const cleared = r.stdout.lastIndexOf('\r\x1b[2K');
    expect(r.stdout.slice(cleared + 5).replace(/\r/g, '')).toMatch(/^CONTEXT\s+PROVIDERS/);
    expect(r.stdout.replace(/\x1b\[2K/g, '')).not.toContain('\x1b[');
  });

  it('gives a cluster that does not answer its own time limit: a row saying so, the other cluster read', async () => {
    // The limit bounds both rows, the live one's report, lint and doctor too: above the 30s default the other runs here get, so only the silent one meets it on a loaded machine (10s, and 2 s at a load of 40, could cut the live one), and not the default, so the reason shows the flag's value.
    const r = await runPluginAsync(['report', '--all-contexts', '--cluster-timeout', '40s', '-o', 'json'], { ...env, KUBECONFIG: join(tmp, 'silent.kubeconfig') });
    outputs.push(r.stdout, r.stderr);
    expect(r.code, r.stderr).toBe(3);
    const [t, s] = (JSON.parse(r.stdout) as FleetJson).items as [RowJson, RowJson];
    expect(t).toMatchObject({ context: 'tke-gz', reachable: true, nodes: { drifted: 1, disabled: 1 } });
    expect(s).toEqual({ context: 'silent', reachable: false, reason: 'no answer within 40s (--cluster-timeout)' });
  });

  it('exits 0 once the drift is repaired and the node enabled again', async () => {
    const state = await tke.control.state();
    const instance = state.instances.find((i) => i.nodeName === expected.drifted)!;
    const nec = JSON.parse(kubectlOk(tke, 'get', 'nec', expected.drifted, '-o', 'jsonpath={.spec.securityGroups}')) as string[];
    for (const e of state.enis.filter((x) => instance.eniIds.includes(x.NetworkInterfaceId) && !x.Primary)) await tke.control.setEniGroups(e.NetworkInterfaceId, nec);
    kubectlOk(tke, 'annotate', 'node', expected.disabled, `${DISABLE}-`);
    // ipamd reacts to the enabled node in its own time (it may re-bind its ENIs): wait for that, not a fixed time.
    const deadline = Date.now() + 60_000;
    let r = await sg(['report', '--contexts', 'tke-gz', '-o', 'json']);
    while (r.code !== 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      r = await sg(['report', '--contexts', 'tke-gz', '-o', 'json']);
    }
    const row = (JSON.parse(r.stdout) as FleetJson).items[0]!;
    expect(row.nodes).toMatchObject({ total: 3, drifted: 0, disabled: 0 });
    expect(r.code, r.stderr).toBe(0);
  });

  it('never prints a secret key', () => {
    for (const secret of [env.TENCENTCLOUD_SECRET_KEY!, env.ALIBABA_CLOUD_ACCESS_KEY_SECRET!]) {
      expect(secret.length).toBeGreaterThan(8);
      for (const o of outputs) expect(o).not.toContain(secret);
    }
  });
});
