// The read verbs and set cluster on Alibaba ECI, as kubectl runs the built plugin (run.ts), against
// the ECI sandbox (virtual-kubelet simulator + Alibaba Cloud emulator): show cluster says what the
// eci-profile does in the order ECI tries it; show node lists a virtual node's pods with the groups
// they asked for against the groups their instances have; show pod follows one pod to its instance;
// show group reads Alibaba rules and lints them; set cluster changes the profile's default alone
// and lists the workloads whose pods keep the old one — after which the pods created from the
// default are out of step (show node --check exits 3) until they roll out. And a cluster that runs
// both providers: the verbs say which they read, or ask.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from './run.ts';
import { builtinsProbe } from './builtins-probe.ts';
import { sgRunner } from './sg-runner.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';

const GROUP_ANNOTATION = 'k8s.aliyun.com/eci-security-group';

interface VirtualNodeJson {
  name: string;
  provider: string;
  desiredGroups: string[];
  inSync: boolean | null;
  state: string;
  pods: { namespace: string; name: string; requestedGroups: string[] | null; source: string | null; actualGroups: string[] | null; status: string }[];
}

function harness(get: () => Sandbox) {
  const { outputs, sg, json } = sgRunner(get);
  const groupId = (name: string) => get().eci!.securityGroups.find((g) => g.name === name)!.id;
  const profileData = (): Record<string, string> => {
    const r = kubectl(['get', 'configmap', 'eci-profile', '-n', 'kube-system', '-o', 'json'], get().env);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { data: Record<string, string> }).data;
  };
  const noSecrets = () => {
    const secret = get().env.ALIBABA_CLOUD_ACCESS_KEY_SECRET!;
    expect(secret.length).toBeGreaterThan(8);
    for (const o of outputs) expect(o).not.toContain(secret);
  };
  return { sg, json, groupId, profileData, noSecrets };
}

describe('ECI: the read verbs and set cluster', () => {
  let sb: Sandbox;
  const { sg, json, groupId, profileData, noSecrets } = harness(() => sb);
  beforeAll(async () => {
    sb = await startSandbox('--provider', 'eci');
  }, 900_000);
  afterAll(() => sb?.down());

  it('show cluster: the default group, vSwitches and each selector with its group, in the order tried', () => {
    const r = sg(['show', 'cluster']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Provider:\s+Alibaba ECI/m);
    expect(r.stdout).toContain(`${groupId('eci-default')} eci-default (basic, ${sb.eci!.vpcId})`);
    const selectors = JSON.parse(sb.eci!.profile.selectors!) as { name: string }[];
    const at = selectors.map((s) => r.stdout.indexOf(`. ${s.name}:`));
    expect(at.every((i) => i > 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));

    const c = json<{ kind: string; provider: string; providers: string[]; eci: { defaultGroup: { id: string; found: boolean; type: string }; vSwitchIds: string[]; selectors: { order: number; name: string; groups: { id: string; found: boolean }[] | null }[]; virtualNodes: { name: string }[] } }>(['show', 'cluster']);
    expect(c.kind).toBe('ClusterReport');
    expect(c.provider).toBe('eci');
    expect(c.providers).toEqual(['eci']);
    expect(c.eci.defaultGroup).toMatchObject({ id: groupId('eci-default'), found: true, type: 'basic' });
    expect(c.eci.vSwitchIds).toEqual(sb.eci!.vSwitchIds);
    expect(c.eci.selectors.map((s) => s.name)).toEqual(selectors.map((s) => s.name));
    expect(c.eci.selectors.flatMap((s) => s.groups ?? []).every((g) => g.found)).toBe(true);
    expect(c.eci.virtualNodes.map((n) => n.name)).toEqual(sb.eci!.virtualNodes);
  });

  it('show node: each pod of the virtual node with the groups it asked for (and where from) against its instance\'s', () => {
    const nodes = json<{ kind: string; items: VirtualNodeJson[] }>(['show', 'node']);
    expect(nodes.kind).toBe('NodeList');
    expect(nodes.items.map((n) => n.name)).toEqual(sb.eci!.virtualNodes);
    const pods = nodes.items.flatMap((n) => n.pods);
    expect(pods.length).toBeGreaterThan(5);
    expect(new Set(pods.map((p) => p.source))).toEqual(new Set(['annotation', 'selector', 'profile']));
    for (const p of pods) {
      expect(p.status, `${p.namespace}/${p.name}`).toBe('ok');
      expect(p.actualGroups).toEqual(p.requestedGroups);
    }
    expect(nodes.items.every((n) => n.inSync === true && n.provider === 'eci')).toBe(true);
    expect(sg(['show', 'node', '--check']).code).toBe(0);
  });

  it('show pod: the pod\'s instance, what it asked for and has, its owner, and the rules of its groups', () => {
    const pod = sb.eci!.workloads.find((w) => w.kind === 'Deployment' && w.annotations[GROUP_ANNOTATION]?.includes(','))!;
    const name = kubectl(['get', 'pods', '-n', pod.namespace, '-l', `app=${pod.labels.app}`, '-o', 'jsonpath={.items[0].metadata.name}'], sb.env).stdout;
    const p = json<{ provider: string; status: string; instanceId: string; requested: { groups: string[]; source: string }; matchesRequested: boolean; owner: { kind: string; name: string }; groups: { id: string; name: string; ingress: { count: number } }[] }>(['show', 'pod', name, '-n', pod.namespace]);
    expect(p.provider).toBe('eci');
    expect(p.instanceId).toMatch(/^eci-/);
    expect(p.requested).toMatchObject({ source: 'annotation', groups: pod.annotations[GROUP_ANNOTATION]!.split(',') });
    expect(p.matchesRequested).toBe(true);
    expect(p.owner).toEqual({ kind: 'Deployment', name: pod.name });
    expect(p.groups.map((g) => g.id)).toEqual(p.requested.groups);
    expect(p.groups.every((g) => g.name && g.ingress.count > 0)).toBe(true);
    const table = sg(['show', 'pod', name, '-n', pod.namespace]);
    expect(table.stdout).toMatch(/Has:\s+.*as asked/);
    expect(table.stdout).toContain(`kubectl sg set workload deployment/${pod.name} -n ${pod.namespace}`);
  });

  it('show pod loads none of the built-ins the Alibaba SDK takes for code it does not run', () => {
    // Each of these came with an SDK module the plugin's calls never reach (build.mjs,
    // LAZY_IN_ALIBABA_SDK), ~60 ms of CPU on every ECI command: the credential providers' HTTP
    // client (zlib), the external-process provider (child_process, dgram), debug (tty), darabonba
    // (worker_threads), a proxy agent (assert).
    const probe = builtinsProbe();
    const pod = sb.eci!.workloads.find((w) => w.kind === 'Deployment')!;
    const name = kubectl(['get', 'pods', '-n', pod.namespace, '-l', `app=${pod.labels.app}`, '-o', 'jsonpath={.items[0].metadata.name}'], sb.env).stdout;
    const r = sg(['show', 'pod', name, '-n', pod.namespace, '-o', 'json'], probe.env);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { instanceId: string }).instanceId).toMatch(/^eci-/);
    const loaded = probe.loaded(r.stderr);
    expect(loaded).toContain('NativeModule https');
    for (const unused of ['zlib', 'child_process', 'dgram', 'tty', 'worker_threads', 'assert']) expect(loaded).not.toContain(`NativeModule ${unused}`);
  });

  it('show group: an Alibaba group\'s type, rules, lint, and the pods that ask for it and have it', () => {
    const wide = json<{ items: { id: string; provider: string; type: string; findings: { code: string; level: string }[]; usedBy: { pod: string }[]; desiredBy: string[]; namedBy: string[] }[] }>(['show', 'group', groupId('legacy-wide-open'), groupId('eci-default'), groupId('eci-many-rules')]);
    const [open, def, many] = wide.items;
    expect(open!.provider).toBe('eci');
    expect(open!.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['open-to-internet', 'range-from-one', 'all-protocols']));
    expect(def!.namedBy).toEqual(['default']);
    expect(def!.usedBy.length).toBeGreaterThan(0);
    expect(def!.usedBy.map((u) => u.pod).sort()).toEqual([...def!.desiredBy].sort());
    expect(many!.findings.map((f) => f.code)).toContain('near-rule-limit');
    const table = sg(['show', 'group', groupId('eci-isolated')]);
    expect(table.stdout).toMatch(/\(advanced, vpc-/);
    expect(table.stdout).toContain('eci-profile names it: selector');
  });

  it('set cluster: refuses what ECI would refuse, changing nothing; --dry-run changes nothing', () => {
    const before = profileData();
    const other = sg(['set', 'cluster', '--groups', groupId('other-vpc-default'), '--yes']);
    expect(other.code).toBe(2);
    expect(other.stderr.trim()).toMatch(new RegExp(`^error: --groups ${groupId('other-vpc-default')}: ${groupId('other-vpc-default')} is in ${sb.eci!.otherVpcId}, not ${sb.eci!.vpcId} \\(the eci-profile's vpcId\\).*ECI would refuse every new pod`));
    const two = sg(['set', 'cluster', '--groups', `${groupId('eci-payments')},${groupId('eci-default')}`, '--yes']);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/holds one: give one default group, and name several on a workload \(kubectl sg set workload/);
    const enable = sg(['set', 'cluster', '--enable', '--yes']);
    expect(enable.code).toBe(2);
    expect(enable.stderr.trim()).toMatch(/^error: --enable is TKE's: on ECI every pod has a group/);
    const missing = sg(['set', 'cluster', '--groups', 'sg-bp1zzzzzzzzzzzzzzzzz', '--yes']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(/^error: --groups sg-bp1zzzzzzzzzzzzzzzzz: sg-bp1zzzzzzzzzzzzzzzzz does not exist in this region \(region cn-hangzhou: check the ID/);
    const dry = sg(['set', 'cluster', '--groups', groupId('eci-payments'), '--dry-run', '-o', 'json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ kind: 'SetClusterPlan', provider: 'eci', before: { securityGroupId: groupId('eci-default') }, after: { securityGroupId: groupId('eci-payments') }, noop: false });
    expect(profileData()).toEqual(before);
  });

  it('set cluster: writes securityGroupId alone, lists the workloads that keep the old group; the next pod gets the new one', async () => {
    const before = profileData();
    const r = sg(['set', 'cluster', '--groups', groupId('eci-payments'), '--yes', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { kind: string; changed: boolean; staleWorkloads: { kind: string; namespace: string; name: string; pods: string[] }[] };
    expect(result).toMatchObject({ kind: 'SetClusterResult', changed: true });
    const after = profileData();
    expect(after).toEqual({ ...before, securityGroupId: groupId('eci-payments') });
    expect(Object.keys(after)).toEqual(Object.keys(before));
    // Every pod that took the default before is listed, under its workload.
    const nodes = json<{ items: VirtualNodeJson[] }>(['show', 'node']);
    const fromDefault = nodes.items.flatMap((n) => n.pods).filter((p) => p.source === 'profile');
    expect(result.staleWorkloads.flatMap((w) => w.pods.map((p) => `${w.namespace}/${p}`)).sort()).toEqual(fromDefault.map((p) => `${p.namespace}/${p.name}`).sort());
    // Those pods now ask for the new default but keep the old one: out of step until they roll out.
    expect(fromDefault.every((p) => p.status === 'mismatch' && p.actualGroups?.[0] === groupId('eci-default'))).toBe(true);
    expect(sg(['show', 'node', '--check']).code).toBe(3);
    expect(sg(['show', 'node', '--drifted', '-o', 'json']).stdout).toContain('"status": "mismatch"');

    // A new pod on the virtual node takes the new default (the simulator reads the hot-updated profile).
    const create = kubectl(['run', 'after-change', '-n', 'default', '--image', 'nginx', '--overrides', JSON.stringify({ spec: { nodeName: sb.eci!.virtualNodes[0] } })], sb.env);
    expect(create.code, create.stderr).toBe(0);
    let pod: { requested: { groups: string[] }; status: string } | undefined;
    for (let i = 0; i < 100 && pod?.status !== 'ok'; i++) {
      await new Promise((res) => setTimeout(res, 200));
      const p = sg(['show', 'pod', 'after-change', '-n', 'default', '-o', 'json']);
      if (p.code === 0) pod = JSON.parse(p.stdout) as typeof pod;
    }
    expect(pod).toMatchObject({ status: 'ok', requested: { groups: [groupId('eci-payments')] } });
    noSecrets();
  });
});

describe('a cluster that runs both TKE VPC-CNI and ECI', () => {
  let sb: Sandbox;
  const { sg, json, groupId, noSecrets } = harness(() => sb);
  beforeAll(async () => {
    sb = await startSandbox('--provider', 'tke,eci', '--nodes', '2');
  }, 900_000);
  afterAll(() => sb?.down());

  it('show cluster shows both; show node shows the TKE nodes and the virtual node\'s pods; show group tells the clouds apart by ID', async () => {
    const c = json<{ providers: string[]; ipamd: { version: string }; eci: { defaultGroup: { id: string } } }>(['show', 'cluster']);
    expect(c.providers).toEqual(['tke-vpc-cni', 'eci']);
    expect(c.ipamd.version).toMatch(/^v3\./);
    expect(c.eci.defaultGroup.id).toBe(groupId('eci-default'));
    const table = sg(['show', 'cluster']);
    expect(table.stdout).toMatch(/Provider:\s+TKE VPC-CNI[^]*Provider:\s+Alibaba ECI/);

    const nodes = json<{ items: { name: string; provider?: string }[] }>(['show', 'node']);
    expect(nodes.items.filter((n) => n.provider === 'eci').map((n) => n.name)).toEqual(sb.eci!.virtualNodes);
    expect(nodes.items.filter((n) => n.provider !== 'eci')).toHaveLength(2);

    const ali = json<{ items: { provider?: string }[] }>(['show', 'group', groupId('eci-default')]);
    expect(ali.items[0]!.provider).toBe('eci');
    const tencent = (await sb.control.state()).securityGroups[0]!.id;
    const ambiguous = sg(['show', 'group', tencent]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr.trim()).toMatch(/could be a Tencent or an Alibaba group and this cluster runs both: pass --provider tke or --provider eci$/);
    const forced = json<{ items: { id: string; provider?: string }[] }>(['show', 'group', tencent, '--provider', 'tke']);
    expect(forced.items[0]).toMatchObject({ id: tencent });
    expect(forced.items[0]!.provider).toBeUndefined();
  });

  it('set cluster asks which provider; set node and resync refuse --provider eci with what to use instead', () => {
    const which = sg(['set', 'cluster', '--groups', groupId('eci-payments'), '--yes']);
    expect(which.code).toBe(2);
    expect(which.stderr.trim()).toMatch(/^error: this cluster runs TKE VPC-CNI \(Deployment kube-system\/tke-eni-ipamd\) and Alibaba ECI \(ConfigMap kube-system\/eci-profile, virtual node [^)]+\): pass --provider tke or --provider eci/);
    const node = sg(['set', 'node', 'x', '--groups', 'sg-aaaa1111', '--provider', 'eci', '--yes']);
    expect(node.code).toBe(2);
    expect(node.stderr.trim()).toMatch(/^error: --provider eci: kubectl sg set node works on TKE VPC-CNI only: ECI pods take their groups from their workload/);
    const resync = sg(['resync', '--all', '--provider', 'eci', '--yes']);
    expect(resync.code).toBe(2);
    expect(resync.stderr).toMatch(/an ECI instance keeps the group it was created with/);
    noSecrets();
  });
});
