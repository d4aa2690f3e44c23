// `kubectl sg show cluster|pod|group` against the sandbox as kubectl runs the built plugin
// (run.ts): the JSON contracts, the places the global setting lives and their disagreement, node
// counts after drift made behind the plugin's back, pod → ENI → groups against the emulator's
// truth, a group's rules and lint, the ipamd v3.4 (Deployment args) view, a cluster without ipamd,
// and bad input. Everything is compared with the emulator or the apiserver, never with a copy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, run, type RunResult } from './run.ts';
import { parsed, sgRunner } from './sg-runner.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import type { ClusterJson, PodJson, GroupJson } from './contract-json.ts';

let sb: Sandbox;
/** Every output of the file is kept (outputs), scanned for the secret key at the end. */
const { outputs, sg, sgAsync, json, jsonAsync } = sgRunner(() => sb);
const k = (args: string[], input?: string) => {
  const r = input === undefined ? kubectl(args, sb.env) : run('kubectl', [...args, '-f', '-'], sb.env, input);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
};
const oneLine = (r: RunResult) => r.stderr.trim().split('\n');
const groupId = async (name: string) => (await sb.control.state()).securityGroups.find((g) => g.name === name)!.id;

beforeAll(async () => {
  sb = await startSandbox('--nodes', '3', '--ipamd-version', 'v3.5.8');
}, 900_000);
afterAll(() => sb.down());

describe('kubectl sg show cluster', () => {
  it('detects TKE VPC-CNI and reports version, feature, places, resync and counts as documented JSON', async () => {
    const state = await sb.control.state();
    const addon = await sb.control.addon();
    const global = ((addon.values!.vpcCni as { securityGroups: { securityGroups: string[] } }).securityGroups).securityGroups;
    const [c, yaml, table, wide] = await Promise.all([
      jsonAsync<ClusterJson>(['show', 'cluster']),
      sgAsync(['show', 'cluster', '-o', 'yaml']),
      sgAsync(['show', 'cluster']),
      sgAsync(['show', 'cluster', '-o', 'wide']),
    ]);
    expect(c).toMatchObject({
      apiVersion: 'kubectl-sg/v1',
      kind: 'ClusterReport',
      provider: 'tke-vpc-cni',
      ipamd: { version: 'v3.5.8', replicas: 2, readyReplicas: 2 },
      capabilities: { securityGroups: true, strongSync: true, globalSetting: 'addon-values', resyncMethods: ['need-sync', 'toggle'] },
      feature: { enabled: true, globalList: global, place: 'addon-values' },
      // Detected from ipamd's `--clusterid cls-...` (two list items, as on real clusters).
      clusterId: { id: state.cluster.clusterId, source: 'ipamd-args' },
      region: { region: 'ap-guangzhou', source: 'env' },
      addon: { read: true, installed: true, version: addon.version, phase: addon.phase, notRead: null },
      nodes: { total: 3, inSync: 3, drifted: 0, disabled: 0, syncPending: 0, noNec: 0, unknown: 0 },
      warnings: [],
    });
    expect(c.sources.map((s) => [s.place, s.authoritative, s.agrees])).toEqual([
      ['configmap', false, true],
      ['addon-values', true, true],
    ]);
    expect(c.resync.map((m) => m.method)).toEqual(['need-sync', 'toggle']);
    expect(c.resync[0]!.command).toContain('tke.cloud.tencent.com/need-sync-security-groups=true');
    expect(c.resync[1]!.effect).toMatch(/interrupted/);

    expect(yaml.stdout).toMatch(/^apiVersion: kubectl-sg\/v1\nkind: ClusterReport\n/);
    expect(table.code).toBe(0);
    expect(table.stderr).toBe('');
    expect(table.stdout).toMatch(/^Provider: +TKE VPC-CNI/m);
    expect(table.stdout).toMatch(/^Nodes: +3: 3 in sync, 0 drifted/m);
    expect(table.stdout).toContain(`${state.cluster.clusterId} (from Deployment kube-system/tke-eni-ipamd args (--clusterid))`);
    expect(table.stdout).not.toContain('\x1b['); // piped: no colour
    expect(wide.stdout).toMatch(/^Args: +--clusterid cls-/m);
  });

  it('warns once for a place that disagrees: a hand-edited ConfigMap against the addon values', async () => {
    const cm = JSON.parse(k(['-n', 'kube-system', 'get', 'configmap', 'tke-eni-ipamd', '-o', 'json'])) as { data: Record<string, string> };
    const original = cm.data['tke-network-conf.yaml']!;
    const [first, second] = [await groupId('pods-base'), await groupId('pods-web')];
    const edited = original.replace(`    - ${second}\n`, '');
    expect(edited).not.toBe(original);
    const patch = (text: string) => k(['-n', 'kube-system', 'patch', 'configmap', 'tke-eni-ipamd', '--type', 'merge', '-p', JSON.stringify({ data: { 'tke-network-conf.yaml': text } })]);
    patch(edited);
    try {
      const [r, table, offline] = await Promise.all([
        sgAsync(['show', 'cluster', '-o', 'json']),
        sgAsync(['show', 'cluster']),
        sgAsync(['show', 'cluster', '--no-cloud', '-o', 'json']),
      ]);
      const c = parsed<ClusterJson>(r);
      expect(c.feature).toEqual({ enabled: true, globalList: [first, second], place: 'addon-values' });
      expect(c.sources.find((s) => s.place === 'configmap')).toMatchObject({ globalList: [first], authoritative: false, agrees: false });
      expect(c.warnings).toHaveLength(1);
      expect(oneLine(r)).toEqual([expect.stringMatching(/^warning: ConfigMap kube-system\/tke-eni-ipamd .*\[.*\].* but addon eniipamd values .*change the addon's values instead$/)]);
      expect(table.stdout).toMatch(/ConfigMap .*: on, \[[^\]]+\] \(DISAGREES\)/);

      // Without the cloud only the ConfigMap can be read: it is then what is shown, and said so.
      expect(offline.stderr).toBe('');
      expect(JSON.parse(offline.stdout)).toMatchObject({
        feature: { globalList: [first], place: 'configmap' },
        addon: { read: false, notRead: '--no-cloud' },
        nodes: { total: 3, unknown: 3, inSync: 0 },
      });
    } finally {
      patch(original);
    }
    expect(json<ClusterJson>(['show', 'cluster']).warnings).toEqual([]);
  });

  it('takes --cluster-id over detection, says which, and names a malformed one (exit 2)', async () => {
    const [otherRun, bad] = await Promise.all([sgAsync(['show', 'cluster', '--cluster-id', 'cls-zzzzzzzz', '-o', 'json']), sgAsync(['show', 'cluster', '--cluster-id', 'cls-123'])]);
    const other = parsed<ClusterJson>(otherRun);
    expect(other.clusterId).toEqual({ id: 'cls-zzzzzzzz', source: 'flag' });
    expect(other.addon).toMatchObject({ read: false, notRead: expect.stringContaining('ClusterNotFound') });
    expect(other.feature.place).toBe('configmap');
    expect(other.warnings).toEqual([expect.stringMatching(/^addon values not read: .*ClusterNotFound/)]);

    expect(bad.code).toBe(2);
    expect(oneLine(bad)).toEqual([expect.stringContaining('"cls-123" is not a TKE cluster ID')]);
    expect(bad.stdout).toBe('');
  });

  it('counts a node drifted behind its back, and the pod on it no longer matches its NEC', async () => {
    const pod = json<PodJson>(['show', 'pod', 'web-1-0']);
    expect(pod).toMatchObject({ status: 'ok', matchesNec: true });
    const eniId = pod.eni!.id;
    const desired = pod.nec!.desiredGroups;
    await sb.control.setEniGroups(eniId, [desired[0]!]);
    try {
      const [cluster, clusterTable, after, podTable] = await Promise.all([
        jsonAsync<ClusterJson>(['show', 'cluster']),
        sgAsync(['show', 'cluster']),
        jsonAsync<PodJson>(['show', 'pod', 'web-1-0']),
        sgAsync(['show', 'pod', 'web-1-0']),
      ]);
      expect(cluster.nodes).toEqual({ total: 3, inSync: 2, drifted: 1, disabled: 0, syncPending: 0, noNec: 0, unknown: 0 });
      expect(clusterTable.stdout).toMatch(/^Nodes: +3: 2 in sync, 1 drifted/m);
      expect(after.matchesNec).toBe(false);
      expect(after.groups.map((g) => g.id)).toEqual([desired[0]]);
      expect(podTable.stdout).toMatch(/^Groups: .*DIFFER from the node's NEC/m);
    } finally {
      await sb.control.setEniGroups(eniId, desired);
    }
    expect(json<ClusterJson>(['show', 'cluster']).nodes.inSync).toBe(3);
  });
});

describe('kubectl sg show pod', () => {
  it('follows pod → node → the ENI holding its IP → the groups, as the emulator has them', async () => {
    const state = await sb.control.state();
    const names = ['web-0-0', 'web-2-1'];
    const [reports, table, wide] = await Promise.all([
      Promise.all(names.map((name) => jsonAsync<PodJson>(['show', 'pod', name]))),
      sgAsync(['show', 'pod', 'web-0-0']),
      sgAsync(['show', 'pod', 'web-0-0', '-o', 'wide']),
    ]);
    const pods = JSON.parse(k(['get', 'pods', '-o', 'json'])) as { items: { metadata: { name: string }; spec: { nodeName: string }; status: { podIP: string } }[] };
    for (const [i, name] of names.entries()) {
      const podObj = pods.items.find((x) => x.metadata.name === name)!;
      const p = reports[i]!;
      const truth = state.enis.find((e) => e.PrivateIpAddressSet.some((a) => a.PrivateIpAddress === podObj.status.podIP))!;
      const instance = state.instances.find((i) => i.nodeName === podObj.spec.nodeName)!;
      expect(p).toMatchObject({
        kind: 'PodReport',
        namespace: 'default',
        name,
        node: podObj.spec.nodeName,
        instanceId: instance.id,
        ip: podObj.status.podIP,
        hostNetwork: false,
        status: 'ok',
        note: null,
        vpcId: state.vpc.id,
        eni: { id: truth.NetworkInterfaceId, primary: false, instanceId: instance.id, subnetId: truth.SubnetId, onPodNode: true },
        matchesNec: true,
      });
      expect(p.groups.map((g) => g.id)).toEqual(truth.GroupSet);
      for (const g of p.groups) {
        const spec = state.securityGroups.find((s) => s.id === g.id)!;
        expect(g).toMatchObject({ name: spec.name, description: spec.description });
        expect(g.ingress!.count).toBe(spec.ingress.length);
        expect(g.egress!.count).toBe(spec.egress.length);
      }
    }
    const base = reports[0]!.groups.find((g) => g.name === 'pods-base')!;
    expect(base.ingress!.rules).toEqual(['TCP 80,443 from 10.0.0.0/16', 'ICMP from 10.0.0.0/16']);
    expect(base.egress!.rules).toEqual(['ALL to 0.0.0.0/0']);

    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Groups: .*match the node's NEC$/m);
    expect(table.stdout).toMatch(/^1 +sg-[0-9a-z]{8} +pods-base +2: TCP 80,443 from 10\.0\.0\.0\/16, ICMP from 10\.0\.0\.0\/16 +1: ALL to 0\.0\.0\.0\/0$/m);
    expect(wide.stdout).toContain('Baseline for all pods');
  });

  it('says plainly when a pod has no IP, or uses the host network (then the primary ENI)', async () => {
    const state = await sb.control.state();
    const node = state.instances[0]!;
    const pod = (name: string, hostNetwork: boolean) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'kube-system' },
        spec: { nodeName: node.nodeName, hostNetwork, automountServiceAccountToken: false, containers: [{ name: 'c', image: 'nginx' }] },
      });
    k(['create'], pod('no-ip', false));
    k(['create'], pod('host', true));
    k(['-n', 'kube-system', 'patch', 'pod', 'host', '--subresource', 'status', '--type', 'merge', '-p', JSON.stringify({ status: { hostIP: node.nodeName, hostIPs: [{ ip: node.nodeName }], podIP: node.nodeName, podIPs: [{ ip: node.nodeName }] } })]);

    const [noIp, noIpJson, host, hostTable] = await Promise.all([
      sgAsync(['show', 'pod', 'no-ip', '-n', 'kube-system']),
      jsonAsync<PodJson>(['show', 'pod', 'no-ip', '-n', 'kube-system']),
      jsonAsync<PodJson>(['show', 'pod', 'host', '--namespace', 'kube-system']),
      sgAsync(['show', 'pod', 'host', '-n', 'kube-system']),
    ]);
    expect(noIp.code).toBe(0);
    expect(noIp.stdout).toMatch(/^Note: +pod has no IP yet/m);
    expect(noIpJson).toMatchObject({ status: 'no-ip', ip: null, eni: null, groups: [] });

    expect(host).toMatchObject({ status: 'host-network', hostNetwork: true, ip: node.nodeName, eni: { id: node.primaryEniId, primary: true, onPodNode: true }, matchesNec: null });
    expect(host.groups.map((g) => g.id)).toEqual(node.securityGroupIds);
    expect(hostTable.stdout).toMatch(/^Note: +pod uses the host network/m);
  });

  it('names an unknown pod in one line, exit 2', () => {
    const r = sg(['show', 'pod', 'no-such-pod', '-n', 'kube-system']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(oneLine(r)).toEqual([expect.stringContaining('pod "no-such-pod" not found in namespace "kube-system"')]);
  });
});

describe('kubectl sg show group', () => {
  it('shows legacy-wide-open\'s rules and lint findings; --check exits 3 on a failing finding', async () => {
    const state = await sb.control.state();
    const id = await groupId('legacy-wide-open');
    const spec = state.securityGroups.find((g) => g.id === id)!;
    const [out, table, check, checkOk] = await Promise.all([
      jsonAsync<{ kind: string; items: GroupJson[] }>(['show', 'group', id]),
      sgAsync(['show', 'group', id]),
      sgAsync(['show', 'group', id, '--check']),
      sgAsync(['show', 'group', await groupId('pods-base'), '--check']),
    ]);
    expect(out.kind).toBe('SecurityGroupList');
    expect(out.items).toHaveLength(1);
    const g = out.items[0]!;
    expect(g).toMatchObject({ id, name: spec.name, description: spec.description, ruleLimit: state.limits.securityGroupPolicyLimit, usedBy: [], desiredBy: [] });
    expect(g.ingress.map((r) => [r.protocol, r.ports, r.peer, r.action])).toEqual(spec.ingress.map((r) => [r.Protocol, r.Port, r.CidrBlock, 'accept']));
    expect(g.egress.map((r) => r.summary)).toEqual(['ALL to 0.0.0.0/0']);
    // Rule 1 (ALL from 0.0.0.0/0) takes every packet from anywhere first: rule 2 (TCP 1-65535
    // from 0.0.0.0/0) opens nothing more and is never reached (rules are matched from the top).
    expect(g.findings.map((f) => [f.level, f.code])).toEqual([
      ['fail', 'open-to-internet'],
      ['warn', 'all-protocols'],
      ['warn', 'wide-port-range'],
      ['warn', 'shadowed-rule'],
    ]);
    // Each finding names the document it rests on: "0.0.0.0/0 … Do not set it as the authorization
    // object unless necessary" is in seed 002's "Security group rules"; first-match order is
    // Tencent's "安全组概述" (docs/reach.md).
    const ack = { document: 'Alibaba ACK, "Configure a security group"', section: 'Security group rules', url: null };
    expect(g.findings.map((f) => f.source)).toEqual([ack, ack, ack, { document: 'Tencent CVM, "安全组概述"', section: null, url: 'https://www.tencentcloud.com/zh/document/product/213/12452' }]);

    expect(table.code).toBe(0);
    expect(table.stdout).not.toContain('\x1b[');
    expect(table.stdout).toMatch(/^ingress +2 +TCP +1-65535 +0\.0\.0\.0\/0 +ACCEPT/m);
    expect(table.stdout).toMatch(/^Lint: +FAIL open-to-internet.*\n +source: Alibaba ACK, "Configure a security group" > Security group rules$/m);
    expect(check.code).toBe(3);
    expect(checkOk.code).toBe(0);
  });

  it('lists the nodes and ENIs that carry a group, with its priority, as the emulator has them', async () => {
    const state = await sb.control.state();
    const [base, web, primary] = [await groupId('pods-base'), await groupId('pods-web'), await groupId('tke-node-default')];
    const [out, wide] = await Promise.all([jsonAsync<{ items: GroupJson[] }>(['show', 'group', web, primary, base]), sgAsync(['show', 'group', web, '-o', 'wide'])]);
    expect(out.items.map((g) => g.id)).toEqual([web, primary, base]);
    for (const g of out.items) {
      const carriers = state.enis.filter((e) => e.GroupSet.includes(g.id));
      expect(g.usedBy!.map((u) => u.eniId).sort()).toEqual(carriers.map((e) => e.NetworkInterfaceId).sort());
      for (const u of g.usedBy!) {
        const e = carriers.find((c) => c.NetworkInterfaceId === u.eniId)!;
        expect(u).toMatchObject({ instanceId: e.Attachment.InstanceId, primary: e.Primary, priority: e.GroupSet.indexOf(g.id) + 1 });
        expect(u.node).toBe(state.instances.find((i) => i.id === e.Attachment.InstanceId)!.nodeName);
      }
    }
    expect(out.items[0]!.usedBy!.every((u) => !u.primary && u.priority === 2)).toBe(true);
    expect(out.items[0]!.desiredBy).toHaveLength(3);
    expect(out.items[1]!.usedBy!.every((u) => u.primary)).toBe(true);
    expect(out.items[1]!.desiredBy).toEqual([]);
    expect(wide.stdout).toMatch(/^Used by: +3 ENIs on 3 nodes \(3 secondary, 0 primary\)$/m);
  });

  it('names a malformed ID (exit 2) before any call, and an unknown one (exit 2)', async () => {
    await sb.control.clearCalls();
    const bad = sg(['show', 'group', 'sg-12345678', 'sg-BAD']);
    expect(bad.code).toBe(2);
    expect(oneLine(bad)).toEqual([expect.stringContaining('"sg-BAD" is not a security-group ID')]);
    expect(await sb.control.calls()).toEqual([]);

    const unknown = sg(['show', 'group', await groupId('pods-db'), 'sg-zzzzzzzz']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(oneLine(unknown)).toEqual([expect.stringMatching(/security group sg-zzzzzzzz not found in region ap-guangzhou/)]);
  });

  it('needs the cloud: says so in one line, exit 1 (show cluster goes on with one warning)', async () => {
    const noCredentials = { TENCENTCLOUD_SECRET_ID: '', TENCENTCLOUD_SECRET_KEY: '', HOME: sb.dir };
    const [r, cluster] = await Promise.all([sgAsync(['show', 'group', 'sg-12345678'], noCredentials), sgAsync(['show', 'cluster', '-o', 'json'], noCredentials)]);
    expect(r.code).toBe(1);
    expect(oneLine(r)).toEqual([expect.stringMatching(/^error: show group reads the groups from Tencent Cloud: no Tencent Cloud credentials found/)]);
    expect(parsed<ClusterJson>(cluster)).toMatchObject({ feature: { place: 'configmap' }, addon: { read: false }, nodes: { total: 3, unknown: 3 } });
    expect(oneLine(cluster)).toEqual([expect.stringMatching(/^warning: no Tencent Cloud credentials found .*: the addon values and the ENIs' groups are not read, .*\(--no-cloud silences this\)$/)]);
  });
});

describe('every show verb', () => {
  it('has help with examples, and colour only when forced and NO_COLOR is unset', async () => {
    const verbs = ['cluster', 'pod', 'group'];
    const helps = await Promise.all(verbs.map((verb) => sgAsync(['show', verb, '--help'])));
    for (const [i, verb] of verbs.entries()) {
      const help = helps[i]!;
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Examples:');
      expect(help.stdout).toContain(`kubectl sg show ${verb}`);
      expect(help.stdout).toContain('--kubeconfig');
    }
    const id = await groupId('legacy-wide-open');
    const [noColor, forced, forcedCluster] = await Promise.all([
      sgAsync(['show', 'group', id], { FORCE_COLOR: '1', NO_COLOR: '1' }),
      sgAsync(['show', 'group', id], { FORCE_COLOR: '1' }),
      sgAsync(['show', 'cluster'], { FORCE_COLOR: '1' }),
    ]);
    expect(noColor.stdout).not.toContain('\x1b[');
    expect(forced.stdout).toContain('\x1b[31mFAIL');
    expect(forcedCluster.stdout).toContain('\x1b[32mon');
  });

  it('refuses a bad -o in one line, exit 2', async () => {
    const runs = await Promise.all([['show', 'cluster'], ['show', 'pod', 'web-0-0'], ['show', 'group', 'sg-12345678']].map((args) => sgAsync([...args, '-o', 'xml'])));
    for (const r of runs) {
      expect(r.code).toBe(2);
      expect(oneLine(r)).toEqual([expect.stringMatching(/invalid value "xml" for --output: choose one of table, wide, json, yaml/)]);
    }
  });
});

// These change the cluster under the other tests, so they run last.
describe('kubectl sg show cluster on other clusters', () => {
  it('on ipamd v3.4: the Deployment args are the place, the toggle the only resync, a typo is named', () => {
    const dep = JSON.parse(k(['-n', 'kube-system', 'get', 'deployment', 'tke-eni-ipamd', '-o', 'json'])) as {
      spec: { template: { spec: { containers: { image: string; args: string[] }[] } } };
    };
    const container = dep.spec.template.spec.containers[0]!;
    const global = json<ClusterJson>(['show', 'cluster']).feature.globalList;
    const args = [...container.args, '--enable-security-group', `--security-groups=${global.join(',')}`];
    k(['-n', 'kube-system', 'patch', 'deployment', 'tke-eni-ipamd', '--type', 'json', '-p', JSON.stringify([
      { op: 'replace', path: '/spec/template/spec/containers/0/image', value: container.image.replace(/:[^:]+$/, ':v3.4.7') },
      { op: 'replace', path: '/spec/template/spec/containers/0/args', value: args },
    ])]);
    const r = sg(['show', 'cluster', '-o', 'json']);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as ClusterJson;
    expect(c).toMatchObject({
      ipamd: { version: 'v3.4.7' },
      capabilities: { globalSetting: 'deployment-args', resyncMethods: ['toggle'] },
      // The typo does nothing, so the feature is off, whatever the list says.
      feature: { enabled: false, globalList: global, place: 'deployment-args' },
      addon: null,
    });
    expect(c.sources.map((s) => s.place)).toEqual(['deployment-args']);
    expect(c.clusterId?.source).toBe('ipamd-args');
    expect(oneLine(r)).toEqual([expect.stringMatching(/^warning: ipamd's args have --enable-security-group, which ipamd ignores: did you mean --enable-security-groups\?$/)]);
    expect(sg(['show', 'cluster']).stdout).toMatch(/^Lives in: +Deployment kube-system\/tke-eni-ipamd args/m);
  });

  it('says plainly that a cluster without tke-eni-ipamd is not TKE VPC-CNI, exit 1', () => {
    k(['-n', 'kube-system', 'delete', 'deployment', 'tke-eni-ipamd']);
    for (const format of ['table', 'json']) {
      const r = sg(['show', 'cluster', '-o', format]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(oneLine(r)).toEqual([expect.stringMatching(/^error: not a TKE VPC-CNI cluster: context "[^"]+" has no Deployment kube-system\/tke-eni-ipamd/)]);
    }
  });

  it('never printed the secret key', () => {
    expect(outputs.length).toBeGreaterThan(50);
    const key = sb.env.TENCENTCLOUD_SECRET_KEY!;
    expect(key.length).toBeGreaterThan(16);
    for (const out of outputs) expect(out).not.toContain(key);
  });
});
