// The read verbs and doctor on TKE super nodes, as kubectl runs the built plugin (run.ts), against
// the super node sandbox, under both readings of each switch that changes what is shown
// (docs/assumptions.md):
// --supernode-default pool|region-default, --supernode-instances listed|unlisted,
// --sgp-precedence policy|annotation, --supernode-type-label. Expected groups come from the
// sandbox's state (the emulator's control interface, kubectl), never from the plugin's output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, run } from './run.ts';
import { sgRunner } from './sg-runner.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { SuperNodeControl } from '../sandbox/tencent/supernode-control-client.ts';
import { doctorReport } from './doctor-report.ts';

/** doctor --provider supernode's checks, in order. */
const CHECKS = ['provider', 'supernode-credentials', 'supernode-region', 'supernode-pool-groups', 'supernode-eks-config', 'supernode-pod-groups', 'supernode-instances'];

const ANNOTATION = 'eks.tke.cloud.tencent.com/security-group-id';
const NS = 'serverless';

interface Candidate {
  groups: string[] | null;
  source: string;
  policies: string[] | null;
  reading: string | null;
}
interface SuperNodeJson {
  name: string;
  provider: string;
  inSync: boolean | null;
  pods: { namespace: string; name: string; instanceId: string | null; requested: Candidate[]; matchedReading: string | null; actualGroups: string[] | null; status: string }[];
}
interface PodJson {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  status: { phase: string; podIP?: string };
}

function harness(get: () => Sandbox) {
  const { outputs, sg, json } = sgRunner(get);
  const control = () => new SuperNodeControl(get().env.HTTPS_PROXY!);
  const pods = (): PodJson[] => {
    const r = kubectl(['get', 'pods', '-n', NS, '-o', 'json'], get().env);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { items: PodJson[] }).items;
  };
  const podOf = (app: string) => pods().find((p) => p.metadata.labels?.app === app || p.metadata.name === app)!;
  const superNodes = (): SuperNodeJson[] => json<{ items: SuperNodeJson[] }>(['show', 'node', '-l', 'node.kubernetes.io/instance-type=eklet']).items;
  const shown = (name: string) => superNodes().flatMap((n) => n.pods).find((p) => p.name === name)!;
  /** A bare pod labelled app=api (the seeded policy selects it) that also names its own groups. */
  const startApiLookalike = async (groups: string) => {
    const manifest = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'api-own', namespace: NS, labels: { app: 'api' }, annotations: { [ANNOTATION]: groups } },
      spec: {
        nodeSelector: { 'node.kubernetes.io/instance-type': 'eklet' },
        tolerations: [{ key: 'eks.tke.cloud.tencent.com/eklet', operator: 'Exists', effect: 'NoSchedule' }],
        containers: [{ name: 'c', image: 'nginx' }],
      },
    });
    const applied = run('kubectl', ['apply', '-f', '-'], get().env, manifest);
    expect(applied.code, applied.stderr).toBe(0);
    for (;;) {
      const p = podOf('api-own');
      if (p?.status.phase === 'Running' && p.status.podIP) return p;
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const noSecrets = () => {
    const secret = get().env.TENCENTCLOUD_SECRET_KEY!;
    expect(secret.length).toBeGreaterThan(8);
    for (const o of outputs) expect(o).not.toContain(secret);
  };
  const doctor = () => doctorReport(sg(['doctor', '--provider', 'supernode', '-o', 'json']), CHECKS);
  return { sg, json, control, pods, podOf, superNodes, shown, startApiLookalike, noSecrets, doctor };
}

describe('super nodes, readings pool / listed / policy first, super nodes also labelled type=virtual-kubelet', () => {
  let sb: Sandbox;
  const h = harness(() => sb);
  beforeAll(async () => {
    sb = await startSandbox('--provider', 'tke,supernode', '--nodes', '2', '--supernode-type-label');
  }, 900_000);
  afterAll(() => sb?.down());

  it('show node: a super node with virtual-kubelet\'s label is the super node provider\'s; each pod against its instance', async () => {
    const cloud = await h.control().state();
    const nodes = h.superNodes();
    expect(nodes.map((n) => n.provider)).toEqual(nodes.map(() => 'supernode'));
    const byIp = new Map(cloud.instances.map((i) => [i.privateIp, i]));
    for (const p of h.pods()) {
      const s = h.shown(p.metadata.name);
      expect(s.actualGroups).toEqual(byIp.get(p.status.podIP!)!.securityGroupIds);
      expect(s.instanceId).toBe(byIp.get(p.status.podIP!)!.id);
      expect(s.status).toBe('ok');
    }
    const pool = cloud.pools[0]!.securityGroupIds;
    const worker = h.shown(h.podOf('worker').metadata.name);
    expect(worker.requested).toEqual([
      { groups: pool, source: 'pool', policies: null, reading: 'pool-default' },
      { groups: [cloud.regionDefaultGroupId], source: 'region-default', policies: null, reading: 'region-default' },
    ]);
    expect(worker.matchedReading).toBe('pool-default');
    const web = h.podOf('web');
    expect(h.shown(web.metadata.name).requested).toEqual([{ groups: web.metadata.annotations![ANNOTATION]!.split(','), source: 'annotation', policies: null, reading: null }]);
    expect(h.shown(h.podOf('api').metadata.name).requested[0]).toMatchObject({ source: 'policy', policies: ['api-pods'], reading: null });
    expect(nodes.every((n) => n.inSync === true)).toBe(true);
  });

  it('show cluster names the pool\'s groups, eks-config, the region default and the policies', async () => {
    const cloud = await h.control().state();
    const c = h.json<{ supernode: { pools: { id: string; groups: { id: string; found: boolean }[] }[]; eksConfig: { exists: boolean; groups: unknown }; regionDefaultGroup: { id: string }; securityGroupPolicies: { name: string; selects: string[] }[] } }>(['show', 'cluster', '--provider', 'supernode']);
    expect(c.supernode.pools.map((p) => p.id)).toEqual(cloud.pools.map((p) => p.id));
    expect(c.supernode.pools[0]!.groups).toEqual(cloud.pools[0]!.securityGroupIds.map((id) => ({ id, found: true, name: expect.any(String) })));
    expect(c.supernode.eksConfig).toMatchObject({ exists: true, groups: null });
    expect(c.supernode.regionDefaultGroup.id).toBe(cloud.regionDefaultGroupId);
    expect(c.supernode.securityGroupPolicies).toEqual([expect.objectContaining({ name: 'api-pods', selects: [h.podOf('api').metadata.name] })]);
    // Both providers' reports: VPC-CNI counts its own nodes, not the super nodes.
    const both = h.json<{ providers: string[]; nodes: { total: number; noNec: number } }>(['show', 'cluster']);
    const ordinary = (JSON.parse(kubectl(['get', 'nodes', '-l', 'node.kubernetes.io/instance-type!=eklet', '-o', 'json'], sb.env).stdout) as { items: unknown[] }).items.length;
    expect(both.providers).toEqual(['tke-vpc-cni', 'supernode']);
    expect(both.nodes).toMatchObject({ total: ordinary, noNec: 0 });
  });

  it('Tab after set cluster --pool offers the cluster\'s super node pools, each with its default groups', async () => {
    const cloud = await h.control().state();
    const r = kubectl(['__complete', 'sg', 'set', 'cluster', '--provider', 'supernode', '--pool', ''], sb.env);
    expect(r.code, r.stderr).toBe(0);
    const offered = r.stdout.split('\n').filter((l) => l && !l.startsWith(':'));
    expect(offered.map((l) => l.split('\t')[0]).sort()).toEqual(cloud.pools.map((p) => p.id).sort());
    for (const p of cloud.pools) expect(offered.find((l) => l.startsWith(`${p.id}\t`))).toContain(p.securityGroupIds.join(','));
  });

  it('doctor: every check ok as seeded; pools that cannot be read, or no credentials, warn with what to do', () => {
    expect(h.doctor().items.map((i) => i.level)).toEqual(CHECKS.map(() => 'ok'));
    // VPC-CNI's node checks leave the super nodes to their own provider (no NEC is expected there).
    const both = h.json<{ items: { check: string; level: string; why: string }[] }>(['doctor']);
    const superNode = h.superNodes()[0]!.name;
    expect(both.items.find((i) => i.check === 'nec-per-node')).toMatchObject({ level: 'ok' });
    expect(both.items.filter((i) => i.check !== 'provider' && !i.check.startsWith('supernode-') && i.why.includes(superNode))).toEqual([]);
    // A cluster ID the cloud does not know: DescribeNodePools answers nothing for it.
    const wrongCluster = doctorReport(h.sg(['doctor', '--provider', 'supernode', '-o', 'json', '--cluster-id', 'cls-zzzzzzzz']), CHECKS);
    expect(wrongCluster.get('supernode-pool-groups')).toMatchObject({ level: 'warn', why: expect.stringContaining('the super node pools were not read'), fix: expect.stringContaining('--cluster-id') });
    const noKeys = doctorReport(h.sg(['doctor', '--provider', 'supernode', '-o', 'json'], { TENCENTCLOUD_SECRET_ID: '', TENCENTCLOUD_SECRET_KEY: '', HOME: sb.dir }), CHECKS);
    expect(noKeys.get('supernode-credentials')).toMatchObject({ level: 'warn', fix: expect.stringContaining('TENCENTCLOUD_SECRET_ID') });
    expect(noKeys.get('supernode-instances').why).toContain('no Tencent Cloud credentials');
    expect(noKeys.get('supernode-pod-groups').level).not.toBe('ok');
  });

  it('a policy and the pod\'s own annotation: both shown, the instance has the policy\'s (policy first)', async () => {
    const db = h.podOf('db-0').metadata.annotations![ANNOTATION]!;
    const p = await h.startApiLookalike(db);
    const cloud = await h.control().state();
    const s = h.json<{ provider: string; requested: Candidate[]; matchedReading: string; status: string; groups: { id: string }[] }>(['show', 'pod', 'api-own', '-n', NS]);
    expect(s.provider).toBe('supernode');
    expect(s.requested.map((c) => [c.source, c.reading])).toEqual([
      ['policy', 'policy-first'],
      ['annotation', 'annotation-first'],
    ]);
    expect(s.groups.map((g) => g.id)).toEqual(cloud.instances.find((i) => i.privateIp === p.status.podIP)!.securityGroupIds);
    expect(s.matchedReading).toBe('policy-first');
    expect(s.status).toBe('ok');
  });

  it('an annotation changed on a running pod: drift marked in show pod, show node --check and doctor', () => {
    const db = h.podOf('db-0').metadata.annotations![ANNOTATION]!;
    expect(kubectl(['annotate', 'pod', 'debug', '-n', NS, `${ANNOTATION}=${db}`], sb.env).code).toBe(0);
    expect(h.json<{ status: string; matchesRequested: boolean }>(['show', 'pod', 'debug', '-n', NS])).toMatchObject({ status: 'mismatch', matchesRequested: false });
    expect(h.sg(['show', 'node', '-l', 'node.kubernetes.io/instance-type=eklet', '--check']).code).toBe(3);
    const f = h.doctor().get('supernode-pod-groups');
    expect(f.level).toBe('warn');
    expect(f.why).toContain(`${NS}/debug`);
    expect(f.fix).toContain('kubectl sg show pod debug -n serverless');
    expect(f.source?.url).toMatch(/^https:\/\/www.tencentcloud.com\//);
  });

  it('set workload: the template annotation is written, the new pod\'s instance has the groups (checked in the cloud), a policy is named', async () => {
    const cloud = await h.control().state();
    const target = cloud.regionDefaultGroupId!;
    const dry = h.json<{ kind: string; provider: string; items: { before: string[]; after: string[]; changed: boolean }[]; warnings: string[] }>(['set', 'workload', 'deploy/api', '-n', NS, '--groups', target, '--dry-run']);
    expect(dry).toMatchObject({ kind: 'SetWorkloadPlan', provider: 'supernode', items: [{ before: [], after: [target], changed: true }] });
    expect(dry.warnings.join('\n')).toContain('SecurityGroupPolicy api-pods selects these pods');
    const r = h.json<{ kind: string; items: { result: string; after: string[] }[] }>(['set', 'workload', 'deploy/worker', '-n', NS, '--groups', target, '--yes']);
    expect(r).toMatchObject({ kind: 'SetWorkloadResult', items: [{ result: 'ok', after: [target] }] });
    const template = kubectl(['get', 'deploy', 'worker', '-n', NS, '-o', `jsonpath={.spec.template.metadata.annotations.${ANNOTATION.replace(/\./g, '\\.')}}`], sb.env);
    expect(template.stdout).toBe(target);
    const worker = h.podOf('worker');
    const after = await h.control().state();
    expect(after.instances.find((i) => i.privateIp === worker.status.podIP)!.securityGroupIds).toEqual([target]);
    expect(kubectl(['get', 'deploy', 'api', '-n', NS, '-o', 'jsonpath={.spec.template.metadata.annotations}'], sb.env).stdout).not.toContain(ANNOTATION);
  });

  it('doctor: a pool naming a group deleted behind its back fails, naming the pool, the group and the fix', async () => {
    // A second pool with a group of its own, then the group deleted as another tool would: the pool keeps its ID.
    const group = await sb.control.createGroup({ name: 'pool-only' });
    const seeded = (await h.control().state()).pools[0]!;
    const pool = await h.control().createPool({ name: 'second', subnetIds: seeded.subnetIds, securityGroupIds: [group.id] });
    await sb.control.deleteGroup(group.id);
    const d = h.doctor();
    expect(d.code).toBe(3);
    const finding = d.get('supernode-pool-groups');
    expect(finding).toMatchObject({ level: 'fail', fix: expect.stringContaining(`ModifyClusterVirtualNodePool --ClusterId`) });
    expect(finding.why).toContain(pool.id);
    expect(finding.why).toContain(group.id);
    expect(finding.why).not.toContain(seeded.id);
    expect(finding.fix).toContain(`--NodePoolId ${pool.id}`);
    h.noSecrets();
  });

  it('doctor: a malformed eks-config fails, naming the key and the fix', () => {
    expect(kubectl(['patch', 'configmap', 'eks-config', '-n', 'kube-system', '--type', 'merge', '-p', JSON.stringify({ data: { 'pod.annotations': '- not\n- a map' } })], sb.env).code).toBe(0);
    const d = h.doctor();
    expect(d.code).toBe(3);
    expect(d.get('supernode-eks-config')).toMatchObject({ level: 'fail', why: expect.stringContaining('ConfigMap kube-system/eks-config: pod.annotations is not a map of annotations'), fix: expect.stringContaining('kubectl -n kube-system edit configmap eks-config') });
    h.noSecrets();
  });
});

describe('super nodes, readings region-default / unlisted / annotation first', () => {
  let sb: Sandbox;
  const h = harness(() => sb);
  beforeAll(async () => {
    sb = await startSandbox('--provider', 'tke,supernode', '--nodes', '2', '--supernode-default', 'region-default', '--supernode-instances', 'unlisted', '--sgp-precedence', 'annotation');
  }, 900_000);
  afterAll(() => sb?.down());

  it('unlisted: every pod "cannot tell", never drift; doctor says so with a fix', () => {
    const nodes = h.superNodes();
    const all = nodes.flatMap((n) => n.pods);
    expect(all.length).toBe(h.pods().length);
    expect(all.map((p) => [p.status, p.actualGroups])).toEqual(all.map(() => ['not-listed', null]));
    expect(nodes.every((n) => n.inSync === null)).toBe(true);
    expect(h.sg(['show', 'node', '-l', 'node.kubernetes.io/instance-type=eklet', '--check']).code).toBe(0);
    expect(h.doctor().get('supernode-instances')).toMatchObject({ level: 'warn', why: expect.stringContaining('cannot tell'), fix: expect.stringContaining('DescribeEKSContainerInstances') });
  });

  it('set workload while the cloud lists no instance: written, "not-verified", never "ok"', async () => {
    const target = (await h.control().state()).regionDefaultGroupId!;
    const r = h.json<{ items: { result: string; detail: string }[] }>(['set', 'workload', 'sts/db', '-n', NS, '--groups', target, '--yes']);
    expect(r.items[0]).toMatchObject({ result: 'not-verified', detail: expect.stringContaining('cannot be told') });
    expect(kubectl(['get', 'pod', 'db-0', '-n', NS, '-o', 'jsonpath={.metadata.annotations}'], sb.env).stdout).toContain(target);
  });

  it('listed again: a pod naming nothing has the region\'s default group, and it is not called drift', async () => {
    await h.control().settings({ instancesListed: true });
    const cloud = await h.control().state();
    const worker = h.shown(h.podOf('worker').metadata.name);
    expect(worker.actualGroups).toEqual([cloud.regionDefaultGroupId]);
    expect(worker).toMatchObject({ status: 'ok', matchedReading: 'region-default' });
  });

  it('a policy and the pod\'s own annotation: the instance has the annotation\'s (annotation first)', async () => {
    const db = h.podOf('db-0').metadata.annotations![ANNOTATION]!;
    await h.startApiLookalike(db);
    const s = h.json<{ matchedReading: string; status: string; groups: { id: string }[] }>(['show', 'pod', 'api-own', '-n', NS]);
    expect(s).toMatchObject({ status: 'ok', matchedReading: 'annotation-first' });
    expect(s.groups.map((g) => g.id)).toEqual(db.split(','));
    h.noSecrets();
  });
});
