// The virtual-kubelet simulator against a real kube-apiserver and the Alibaba Cloud emulator:
// every documented ECI rule for a pod's security groups, observed the way an operator would
// (kubectl, and the cloud's record of each container group).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { groupByRole, type GroupRole } from '../sandbox/eci/scenario.ts';
import { ANN_ENI_ID, ANN_INSTANCE_ID, ANN_SECURITY_GROUP, ANN_VPC, REASON_CREATE_FAILED, REASON_INVALID_PROFILE, REASON_PROVIDER_FAILED, VK_DEPLOYMENT, VK_IMAGE_REPOSITORY } from '../sandbox/eci/names.ts';
import { eventually, printLogOnFailure, startCluster, startEciWorld, type Cluster, type EciWorld, type PodView } from './harness.ts';

let c: Cluster;
let w: EciWorld | undefined;

beforeAll(async () => {
  c = await startCluster();
}, 900_000);

afterAll(async () => {
  await c?.stop();
});

afterEach(async () => {
  await w?.close();
  w = undefined;
});

const showLogOnFailure = printLogOnFailure('virtual kubelet simulator');

async function world(o: Parameters<typeof startEciWorld>[1] = {}): Promise<EciWorld> {
  w = await startEciWorld(c, o);
  showLogOnFailure(w.log);
  return w;
}

const sg = (w: EciWorld, role: GroupRole) => groupByRole(w.scenario, role).id;

/** A bare pod on the first virtual node, tolerating its taint, with optional labels and annotations. */
async function createPod(w: EciWorld, namespace: string, name: string, meta: { labels?: Record<string, string>; annotations?: Record<string, string> } = {}): Promise<void> {
  await w.clients.core.createNamespacedPod({
    namespace,
    body: {
      metadata: { name, namespace, labels: meta.labels, annotations: meta.annotations },
      spec: {
        nodeName: w.scenario.virtualNodes[0],
        tolerations: [{ key: 'virtual-kubelet.io/provider', operator: 'Exists', effect: 'NoSchedule' }],
        containers: [{ name: 'app', image: 'nginx' }],
      },
    },
  });
}

async function runningPod(w: EciWorld, namespace: string, name: string): Promise<PodView> {
  return eventually(async () => {
    const [pod] = await w.pods(namespace, undefined).then((ps) => ps.filter((p) => p.metadata.name === name));
    if (pod?.status.phase !== 'Running') throw new Error(`${namespace}/${name} is ${pod?.status.phase ?? 'missing'}`);
    return pod;
  });
}

async function events(w: EciWorld, namespace: string, name: string): Promise<Array<{ type: string; reason: string; message: string; count: number }>> {
  const out = await w.kubectl('get', 'events', '-n', namespace, '--field-selector', `involvedObject.name=${name}`, '-o', 'json');
  return (JSON.parse(out) as { items: Array<{ type: string; reason: string; message: string; count: number }> }).items;
}

describe('the groups a new pod gets', () => {
  it('from its annotation, from a selector, or the profile default; written back on the pod, recorded in the cloud', async () => {
    const w = await world();
    const frontend = await w.pods('shop', 'app=frontend');
    expect(frontend).toHaveLength(2);
    for (const pod of frontend) {
      // The annotation wins, in the order written.
      expect(await w.groupsOf(pod)).toEqual([sg(w, 'wideOpen'), sg(w, 'default')]);
      expect(pod.metadata.annotations?.[ANN_INSTANCE_ID]).toMatch(/^eci-[0-9a-z]+$/);
      expect(pod.metadata.annotations?.[ANN_ENI_ID]).toMatch(/^eni-[0-9a-z]+$/);
      expect(pod.metadata.annotations?.[ANN_VPC]).toBe(w.scenario.vpcId);
      expect(pod.status.phase).toBe('Running');
      const cg = (await w.containerGroups()).find((g) => g.id === pod.metadata.annotations?.[ANN_INSTANCE_ID])!;
      expect(pod.status.podIP).toBe(cg.intranetIp);
      expect(cg).toMatchObject({ name: pod.metadata.name, namespace: 'shop', podUid: pod.metadata.uid });
    }
    // Selector "payments": namespace team=pay and pod app=payments; its effect lands on the pod.
    for (const pod of await w.pods('pay', 'app=payments')) {
      expect(await w.groupsOf(pod)).toEqual([sg(w, 'payments')]);
      expect(pod.metadata.annotations?.[ANN_SECURITY_GROUP]).toBe(sg(w, 'payments'));
      expect(pod.metadata.labels?.['eci-selector']).toBe('payments');
    }
    // Same namespace, other pod label: no selector matches, the default.
    for (const pod of await w.pods('pay', 'app=ledger')) expect(await w.groupsOf(pod)).toEqual([sg(w, 'default')]);
    for (const pod of await w.pods('shop', 'app=cart')) expect(await w.groupsOf(pod)).toEqual([sg(w, 'default')]);
    // The second selector (namespace isolation=strict): the advanced group, for a StatefulSet's pods.
    const secrets = await w.pods('vault', 'app=secrets');
    expect(secrets.map((p) => p.metadata.name).sort()).toEqual(['secrets-0', 'secrets-1']);
    for (const pod of secrets) expect(await w.groupsOf(pod)).toEqual([sg(w, 'isolated')]);
    // Job, the CronJob's Job, and the bare pod: the default.
    for (const pod of [...(await w.pods('batch')), ...(await w.pods('default'))]) expect(await w.groupsOf(pod)).toEqual([sg(w, 'default')]);
    expect(await w.pods('batch')).toHaveLength(2);
  });

  it('a selector never overwrites what the pod already asks for', async () => {
    const w = await world();
    await createPod(w, 'pay', 'pinned', { labels: { app: 'payments' }, annotations: { [ANN_SECURITY_GROUP]: sg(w, 'manyRules') } });
    const pod = await runningPod(w, 'pay', 'pinned');
    expect(await w.groupsOf(pod)).toEqual([sg(w, 'manyRules')]);
    expect(pod.metadata.annotations?.[ANN_SECURITY_GROUP]).toBe(sg(w, 'manyRules'));
    expect(pod.metadata.labels?.['eci-selector']).toBe('payments'); // the rest of the effect still applies
  });
});

describe('eci-profile hot update', () => {
  it('the next pod uses the new default, running pods keep theirs', async () => {
    const w = await world();
    const before = await w.pods('shop', 'app=cart');
    await w.setProfile({ securityGroupId: sg(w, 'manyRules') });
    await eventually(() => expect(w.sim.profile()?.securityGroupId).toBe(sg(w, 'manyRules')));
    await createPod(w, 'shop', 'after-update');
    expect(await w.groupsOf(await runningPod(w, 'shop', 'after-update'))).toEqual([sg(w, 'manyRules')]);
    for (const pod of before) expect(await w.groupsOf(pod)).toEqual([sg(w, 'default')]);
    expect((await w.pods('shop', 'app=cart')).map((p) => p.metadata.uid).sort()).toEqual(before.map((p) => p.metadata.uid).sort());
  });

  it('a malformed profile is ignored with a Warning Event; the last good one stays in force', async () => {
    const w = await world();
    await w.setProfile({ selectors: '[{"name": "broken"', securityGroupId: sg(w, 'manyRules') });
    const warning = await eventually(async () => {
      const e = (await events(w, 'kube-system', 'eci-profile')).find((x) => x.reason === REASON_INVALID_PROFILE);
      if (!e) throw new Error('no event yet');
      return e;
    });
    expect(warning.type).toBe('Warning');
    expect(warning.message).toMatch(/selectors is not JSON/);
    await createPod(w, 'shop', 'after-bad-update');
    expect(await w.groupsOf(await runningPod(w, 'shop', 'after-bad-update'))).toEqual([sg(w, 'default')]);
    // Fixed again: in force at once.
    await w.setProfile({ selectors: '', securityGroupId: sg(w, 'manyRules') });
    await eventually(() => expect(w.sim.profile()?.securityGroupId).toBe(sg(w, 'manyRules')));
  });

  it('before v2.0.0.90-15deb126e-aliyun the profile is read only when virtual kubelet restarts (rollout restart of its Deployment)', async () => {
    const w = await world({ virtualKubeletVersion: 'v2.0.0.86-9005a977d-aliyun' });
    await w.setProfile({ securityGroupId: sg(w, 'manyRules') });
    await createPod(w, 'shop', 'before-restart');
    expect(await w.groupsOf(await runningPod(w, 'shop', 'before-restart'))).toEqual([sg(w, 'default')]);
    expect(w.sim.profile()?.securityGroupId).toBe(sg(w, 'default'));
    await w.kubectl('-n', 'kube-system', 'rollout', 'restart', `deployment/${VK_DEPLOYMENT}`);
    await eventually(() => expect(w.sim.profile()?.securityGroupId).toBe(sg(w, 'manyRules')));
    await createPod(w, 'shop', 'after-restart');
    expect(await w.groupsOf(await runningPod(w, 'shop', 'after-restart'))).toEqual([sg(w, 'manyRules')]);
  });

  it('an upgrade to a hot-updating version (a new image) restarts it and later changes apply at once', async () => {
    const w = await world({ virtualKubeletVersion: 'v2.0.0.618-7fd50d738-aliyun' });
    await w.setProfile({ securityGroupId: sg(w, 'manyRules') });
    await createPod(w, 'shop', 'old-version');
    expect(await w.groupsOf(await runningPod(w, 'shop', 'old-version'))).toEqual([sg(w, 'default')]);
    await w.kubectl('-n', 'kube-system', 'set', 'image', `deployment/${VK_DEPLOYMENT}`, `virtual-kubelet=${VK_IMAGE_REPOSITORY}:v2.0.0.90-15deb126e-aliyun`);
    await eventually(() => expect(w.sim.profile()?.securityGroupId).toBe(sg(w, 'manyRules')));
    await w.setProfile({ securityGroupId: sg(w, 'payments') });
    await eventually(() => expect(w.sim.profile()?.securityGroupId).toBe(sg(w, 'payments')));
  });
});

describe('the undocumented readings the sandbox can play', () => {
  const EMPTY = (w: EciWorld) => JSON.stringify([{ name: 'everyone', effect: { annotations: { [ANN_SECURITY_GROUP]: sg(w, 'payments') } } }]);

  it.each([
    ['all', 'payments'],
    ['none', 'default'],
  ] as const)('a selector with no selectors, read as matching %s: a new pod gets the %s group', async (reading, want) => {
    const w = await world({ emptySelectorMatches: reading });
    await w.setProfile({ selectors: EMPTY(w) });
    await eventually(() => expect(w.sim.profile()?.selectors.map((s) => s.name)).toEqual(['everyone']));
    await createPod(w, 'shop', `empty-${reading}`);
    expect(await w.groupsOf(await runningPod(w, 'shop', `empty-${reading}`))).toEqual([sg(w, want)]);
  });
});

describe('workloads', () => {
  it('a changed pod template replaces the pods; the new ones get the new groups, the old instances are deleted', async () => {
    const w = await world();
    const old = await w.pods('shop', 'app=cart');
    const oldIds = old.map((p) => p.metadata.annotations?.[ANN_INSTANCE_ID]);
    await w.kubectl('-n', 'shop', 'patch', 'deployment', 'cart', '--type', 'merge', '-p', JSON.stringify({ spec: { template: { metadata: { annotations: { [ANN_SECURITY_GROUP]: `${sg(w, 'payments')},${sg(w, 'default')}` } } } } }));
    const fresh = await eventually(async () => {
      const pods = await w.pods('shop', 'app=cart');
      if (pods.length !== 2 || pods.some((p) => p.status.phase !== 'Running' || old.some((o) => o.metadata.uid === p.metadata.uid))) throw new Error('not replaced yet');
      return pods;
    });
    for (const pod of fresh) expect(await w.groupsOf(pod)).toEqual([sg(w, 'payments'), sg(w, 'default')]);
    const ids = new Set((await w.containerGroups()).map((g) => g.id));
    for (const id of oldIds) expect(ids.has(id!)).toBe(false);
    const rs = JSON.parse(await w.kubectl('-n', 'shop', 'get', 'rs', '-l', 'app=cart', '-o', 'json')) as { items: Array<{ metadata: { name: string } }> };
    expect(rs.items).toHaveLength(1);
    expect(fresh[0]!.metadata.name.startsWith(rs.items[0]!.metadata.name)).toBe(true);
    await eventually(async () => {
      const dep = JSON.parse(await w.kubectl('-n', 'shop', 'get', 'deployment', 'cart', '-o', 'json')) as { status: { readyReplicas: number } };
      expect(dep.status.readyReplicas).toBe(2);
    });
  });

  it('a DaemonSet gets one pod per virtual node, each instance in the vSwitch of its node\'s zone', async () => {
    const w = await world({ virtualNodes: 2 });
    const template = {
      metadata: { labels: { app: 'agent' } },
      spec: {
        nodeSelector: { type: 'virtual-kubelet' },
        tolerations: [{ key: 'virtual-kubelet.io/provider', operator: 'Exists', effect: 'NoSchedule' }],
        containers: [{ name: 'agent', image: 'nginx' }],
      },
    };
    await w.clients.apps.createNamespacedDaemonSet({ namespace: 'shop', body: { metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'agent' } }, template } } });
    const pods = await eventually(async () => {
      const ps = await w.pods('shop', 'app=agent');
      if (ps.length !== 2 || ps.some((p) => p.status.phase !== 'Running')) throw new Error('not both running');
      return ps;
    });
    expect(pods.map((p) => p.spec.nodeName).sort()).toEqual([...w.scenario.virtualNodes].sort());
    const cgs = await w.containerGroups();
    for (const pod of pods) {
      const cg = cgs.find((g) => g.id === pod.metadata.annotations?.[ANN_INSTANCE_ID])!;
      expect(`virtual-kubelet-${cg.zoneId}`).toBe(pod.spec.nodeName);
      expect(cg.securityGroupIds).toEqual([sg(w, 'default')]);
    }
  });

  it('a deleted pod loses its instance and its Deployment replaces it', async () => {
    const w = await world();
    const [victim] = await w.pods('pay', 'app=ledger');
    const id = victim!.metadata.annotations?.[ANN_INSTANCE_ID];
    await w.kubectl('-n', 'pay', 'delete', 'pod', victim!.metadata.name, '--wait=true');
    await eventually(async () => expect((await w.containerGroups()).some((g) => g.id === id)).toBe(false));
    await eventually(async () => {
      const pods = await w.pods('pay', 'app=ledger');
      expect(pods).toHaveLength(1);
      expect(pods[0]!.metadata.uid).not.toBe(victim!.metadata.uid);
      expect(pods[0]!.status.phase).toBe('Running');
    });
  });
});

describe('creation refused by the cloud', () => {
  it.each([
    ['a group of another VPC', (w: EciWorld) => `${sg(w, 'default')},${sg(w, 'otherVpc')}`, /not in the instance's VPC/],
    ['basic and advanced groups together', (w: EciWorld) => `${sg(w, 'default')},${sg(w, 'isolated')}`, /different types/],
    ['six groups', (w: EciWorld) => Array.from({ length: 6 }, (_, i) => `sg-bp1${'x'.repeat(16)}${i}`).join(','), /at most 5/],
    ['a group that does not exist', () => 'sg-bp1doesnotexist0000', /does not exist/],
  ])('%s: the pod stays Pending with reason ProviderFailed and a Warning Event', async (_what, groups, why) => {
    const w = await world();
    await createPod(w, 'shop', 'refused', { annotations: { [ANN_SECURITY_GROUP]: groups(w) } });
    const pod = await eventually(async () => {
      const [p] = (await w.pods('shop')).filter((x) => x.metadata.name === 'refused');
      if (p?.status.reason !== REASON_PROVIDER_FAILED) throw new Error('not refused yet');
      return p;
    });
    expect(pod.status.phase).toBe('Pending');
    expect(pod.status.message).toMatch(why);
    expect(pod.metadata.annotations?.[ANN_INSTANCE_ID]).toBeUndefined();
    const e = await eventually(async () => {
      const found = (await events(w, 'shop', 'refused')).find((x) => x.reason === REASON_CREATE_FAILED);
      if (!found) throw new Error('no event yet');
      return found;
    });
    expect(e.type).toBe('Warning');
    expect(e.message).toMatch(why);
    expect((await w.containerGroups()).some((g) => g.name === 'refused')).toBe(false);
  });
});
