// The super node simulator against a real kube-apiserver and the Tencent emulator: the
// documented rules for a super-node pod's groups (pod annotation > eks-config pod.annotations >
// the default), read once when the pod is created, and both readings of each undocumented
// behaviour (docs/assumptions.md). Observed as an operator would: kubectl for the cluster, the
// real SDK for the cloud (DescribeEKSContainerInstances by the pod's IP, DescribeNodePools).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ANN_SECURITY_GROUP_ID, INSTANCE_TYPE_EKLET, LABEL_INSTANCE_TYPE, REASON_CREATE_FAILED, TAINT_EKLET } from '../sandbox/supernode/names.ts';
import { eventually, printLogOnFailure, startCluster, startSuperNodeWorld, type Cluster, type PodView, type SuperNodeWorld } from './harness.ts';

let c: Cluster;
let w: SuperNodeWorld | undefined;

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

const showLogOnFailure = printLogOnFailure('super node simulator');

async function world(o: Parameters<typeof startSuperNodeWorld>[1] = {}): Promise<SuperNodeWorld> {
  w = await startSuperNodeWorld(c, o);
  showLogOnFailure(w.log);
  return w;
}

/** A bare pod asking for a super node (the FAQ's nodeSelector), with optional annotations, labels and ServiceAccount. */
async function createPod(w: SuperNodeWorld, name: string, annotations: Record<string, string> = {}, o: { labels?: Record<string, string>; serviceAccountName?: string } = {}): Promise<void> {
  await w.clients.core.createNamespacedPod({
    namespace: 'serverless',
    body: {
      metadata: { name, namespace: 'serverless', annotations, labels: o.labels },
      spec: {
        serviceAccountName: o.serviceAccountName,
        nodeSelector: { [LABEL_INSTANCE_TYPE]: INSTANCE_TYPE_EKLET },
        tolerations: [{ key: TAINT_EKLET, operator: 'Exists', effect: 'NoSchedule' }],
        containers: [{ name: 'app', image: 'nginx:1.27' }],
      },
    },
  });
}

async function runningPod(w: SuperNodeWorld, name: string): Promise<PodView> {
  return eventually(async () => {
    const [pod] = (await w.pods('serverless')).filter((p) => p.metadata.name === name);
    expect(pod?.status.phase).toBe('Running');
    expect(pod!.status.podIP).toBeTruthy();
    return pod!;
  });
}

/** The groups the cloud has for a pod, through DescribeEKSContainerInstances (private-ip). */
async function groupsOf(w: SuperNodeWorld, pod: PodView): Promise<string[] | undefined> {
  return (await w.instanceOf(pod))?.SecurityGroupIds;
}

async function recreate(w: SuperNodeWorld, name: string, annotations: Record<string, string> = {}): Promise<PodView> {
  await w.clients.core.deleteNamespacedPod({ name, namespace: 'serverless', gracePeriodSeconds: 0 });
  await eventually(async () => expect((await w.pods('serverless')).some((p) => p.metadata.name === name)).toBe(false));
  await createPod(w, name, annotations);
  return runningPod(w, name);
}

describe('the seeded world', () => {
  it('registers super nodes as TKE shows them and runs the seeded pods with the groups the rules give', async () => {
    const w = await world();
    const nodes = JSON.parse(await w.kubectl('get', 'nodes', '-l', `${LABEL_INSTANCE_TYPE}=${INSTANCE_TYPE_EKLET}`, '-o', 'json')) as {
      items: { metadata: { name: string; labels: Record<string, string> }; spec: { taints: { key: string; effect: string }[] }; status: { nodeInfo: { kubeletVersion: string } } }[];
    };
    expect(nodes.items).toHaveLength(1);
    expect(nodes.items[0]!.metadata.name).toMatch(/^eklet-subnet-[a-z0-9]{8}-[a-z0-9]{8}$/);
    expect(nodes.items[0]!.spec.taints).toEqual([{ key: TAINT_EKLET, effect: 'NoSchedule' }]);
    expect(nodes.items[0]!.metadata.labels).not.toHaveProperty('type');
    const byApp = async (app: string) => Promise.all((await w.pods('serverless', `app=${app}`)).map((p) => groupsOf(w, p)));
    const [base, web, db] = [w.groupId('pods-base'), w.groupId('pods-web'), w.groupId('pods-db')];
    expect(await byApp('web')).toEqual([
      [web, base],
      [web, base],
    ]);
    expect(await byApp('db')).toEqual([[db]]);
    expect(await byApp('worker')).toEqual([[base]]);
    expect(await byApp('debug')).toEqual([[base]]);
    // Selected by the SecurityGroupPolicy api-pods.
    expect(await byApp('api')).toEqual([[web, base]]);
    expect(await w.poolGroups()).toEqual([base]);
    // No instance ID is written back (the pod's IP is the link to its instance), only the pod type.
    const [worker] = await w.pods('serverless', 'app=worker');
    expect(worker!.metadata.annotations).toEqual({ 'tke.cloud.tencent.com/pod-type': 'eklet' });
    expect(JSON.parse(await w.kubectl('get', 'securitygrouppolicies.vpcresources.tke.cloud.tencent.com', '-n', 'serverless', '-o', 'json')).items).toHaveLength(1);
  });
});

describe('precedence: pod annotation > eks-config pod.annotations > the pool', () => {
  it('an eks-config default beats the pool; the pod annotation beats both; order is kept', async () => {
    const w = await world();
    const [base, web, db] = [w.groupId('pods-base'), w.groupId('pods-web'), w.groupId('pods-db')];
    await w.setEksConfig({ 'pod.annotations': `${ANN_SECURITY_GROUP_ID}: "${db}, ${web}"\n` });
    // Hot: the next pod created uses it.
    await createPod(w, 'from-config');
    const fromConfig = await runningPod(w, 'from-config');
    expect(await groupsOf(w, fromConfig)).toEqual([db, web]);
    await createPod(w, 'own', { [ANN_SECURITY_GROUP_ID]: `${base},${web}` });
    expect(await groupsOf(w, await runningPod(w, 'own'))).toEqual([base, web]);
    // Seeded pods created before the change keep what they had.
    const [worker] = await w.pods('serverless', 'app=worker');
    expect(await groupsOf(w, worker!)).toEqual([base]);
  });

  it('a malformed eks-config is ignored: the last good one stays', async () => {
    const w = await world();
    const db = w.groupId('pods-db');
    await w.setEksConfig({ 'pod.annotations': `${ANN_SECURITY_GROUP_ID}: ${db}\n` });
    await createPod(w, 'first');
    expect(await groupsOf(w, await runningPod(w, 'first'))).toEqual([db]);
    await w.setEksConfig({ 'pod.annotations': '- not\n- a map\n' });
    await createPod(w, 'second');
    expect(await groupsOf(w, await runningPod(w, 'second'))).toEqual([db]);
  });
});

describe('read once, at pod creation', () => {
  it('changing a running pod annotation changes nothing until the pod is recreated', async () => {
    const w = await world();
    const [base, web] = [w.groupId('pods-base'), w.groupId('pods-web')];
    await createPod(w, 'app', { [ANN_SECURITY_GROUP_ID]: web });
    const before = await runningPod(w, 'app');
    expect(await groupsOf(w, before)).toEqual([web]);
    await w.kubectl('annotate', 'pod', 'app', '-n', 'serverless', '--overwrite', `${ANN_SECURITY_GROUP_ID}=${base}`);
    // A barrier: the watch delivers the annotation before this pod, so once it runs and the
    // simulator is idle, the annotation change has been seen.
    await createPod(w, 'barrier');
    await runningPod(w, 'barrier');
    await w.sim.idle();
    const annotated = (await w.pods('serverless')).find((p) => p.metadata.name === 'app')!;
    expect(annotated.metadata.annotations?.[ANN_SECURITY_GROUP_ID]).toBe(base);
    expect(annotated.status.podIP).toBe(before.status.podIP);
    expect(await groupsOf(w, annotated)).toEqual([web]);
    const after = await recreate(w, 'app', { [ANN_SECURITY_GROUP_ID]: base });
    expect(await groupsOf(w, after)).toEqual([base]);
    // The old instance went with the old pod.
    expect(await groupsOf(w, before)).toBeUndefined();
  });

  it('a workload template change replaces its pods, which get the new groups', async () => {
    const w = await world();
    const db = w.groupId('pods-db');
    await w.kubectl('patch', 'deployment', 'worker', '-n', 'serverless', '--type', 'merge', '-p', JSON.stringify({ spec: { template: { metadata: { annotations: { [ANN_SECURITY_GROUP_ID]: db } } } } }));
    await eventually(async () => {
      const pods = await w.pods('serverless', 'app=worker');
      expect(pods).toHaveLength(1);
      expect(pods[0]!.status.podIP).toBeTruthy();
      expect(await groupsOf(w, pods[0]!)).toEqual([db]);
    });
  });
});

describe('the pool default (ModifyClusterVirtualNodePool)', () => {
  it('reaches new pods only; DescribeNodePools reads it back', async () => {
    const w = await world();
    const [base, web] = [w.groupId('pods-base'), w.groupId('pods-web')];
    await w.setPoolGroups([web, base]);
    expect(await w.poolGroups()).toEqual([web, base]);
    const [worker] = await w.pods('serverless', 'app=worker');
    expect(await groupsOf(w, worker!)).toEqual([base]);
    await createPod(w, 'fresh');
    expect(await groupsOf(w, await runningPod(w, 'fresh'))).toEqual([web, base]);
  });
});

/** A SecurityGroupPolicy as the "Pod 安全组" page writes one. */
async function createPolicy(w: SuperNodeWorld, name: string, selector: Record<string, unknown>, groupIds: string[]): Promise<void> {
  await w.clients.custom.createNamespacedCustomObject({
    group: 'vpcresources.tke.cloud.tencent.com',
    version: 'v1beta1',
    namespace: 'serverless',
    plural: 'securitygrouppolicies',
    body: { apiVersion: 'vpcresources.tke.cloud.tencent.com/v1beta1', kind: 'SecurityGroupPolicy', metadata: { name, namespace: 'serverless' }, spec: { ...selector, securityGroups: { groupIds } } },
  });
}

describe('SecurityGroupPolicy on super nodes', () => {
  it('precedence "policy": a selecting policy beats the annotation; a policy made later leaves running pods alone', async () => {
    const w = await world();
    const [base, web, db] = [w.groupId('pods-base'), w.groupId('pods-web'), w.groupId('pods-db')];
    await createPod(w, 'early', { [ANN_SECURITY_GROUP_ID]: db }, { labels: { tier: 'front' } });
    expect(await groupsOf(w, await runningPod(w, 'early'))).toEqual([db]);
    await createPolicy(w, 'front', { podSelector: { matchLabels: { tier: 'front' } } }, [web]);
    await createPod(w, 'late', { [ANN_SECURITY_GROUP_ID]: db }, { labels: { tier: 'front' } });
    expect(await groupsOf(w, await runningPod(w, 'late'))).toEqual([web]);
    const early = (await w.pods('serverless')).find((p) => p.metadata.name === 'early')!;
    expect(await groupsOf(w, early)).toEqual([db]);
    // Two policies selecting one pod: all their groups, in policy-name order.
    await createPolicy(w, 'aaa-base', { podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] } }, [base]);
    await createPod(w, 'both', {}, { labels: { tier: 'front' } });
    expect(await groupsOf(w, await runningPod(w, 'both'))).toEqual([base, web]);
  });

  it('serviceAccountSelector selects by the labels of the pod ServiceAccount', async () => {
    const w = await world();
    const db = w.groupId('pods-db');
    await w.clients.core.createNamespacedServiceAccount({ namespace: 'serverless', body: { metadata: { name: 'reports', labels: { role: 'reports' } } } });
    try {
      await createPolicy(w, 'reports', { serviceAccountSelector: { matchLabels: { role: 'reports' } } }, [db]);
      await createPod(w, 'report', {}, { serviceAccountName: 'reports' });
      expect(await groupsOf(w, await runningPod(w, 'report'))).toEqual([db]);
      await createPod(w, 'other', {});
      expect(await groupsOf(w, await runningPod(w, 'other'))).toEqual([w.groupId('pods-base')]);
    } finally {
      await w.clients.core.deleteNamespacedServiceAccount({ name: 'reports', namespace: 'serverless' });
      await w.clients.custom.deleteCollectionNamespacedCustomObject({ group: 'vpcresources.tke.cloud.tencent.com', version: 'v1beta1', namespace: 'serverless', plural: 'securitygrouppolicies' });
    }
  });

  it('precedence "annotation": the annotation beats a policy, which beats the pool', async () => {
    const w = await world({ sgpPrecedence: 'annotation' });
    const [base, web] = [w.groupId('pods-base'), w.groupId('pods-web')];
    // api-pods selects api, which has no annotation: the policy's groups.
    const [api] = await w.pods('serverless', 'app=api');
    expect(await groupsOf(w, api!)).toEqual([web, base]);
    await createPod(w, 'annotated', { [ANN_SECURITY_GROUP_ID]: base }, { labels: { app: 'api' } });
    expect(await groupsOf(w, await runningPod(w, 'annotated'))).toEqual([base]);
  });
});

describe('readings', () => {
  it('no-groups default "region-default": a pod without groups gets the region default group, not the pool', async () => {
    const w = await world({ noGroupsDefault: 'region-default' });
    const regionDefault = (await w.control.state()).regionDefaultGroupId;
    expect(regionDefault).toMatch(/^sg-/);
    const [worker] = await w.pods('serverless', 'app=worker');
    expect(await groupsOf(w, worker!)).toEqual([regionDefault]);
    // The annotation still wins under this reading.
    const [web] = await w.pods('serverless', 'app=web');
    expect(await groupsOf(w, web!)).toEqual([w.groupId('pods-web'), w.groupId('pods-base')]);
  });

  it('super nodes labelled type=virtual-kubelet too (the other reading): the same node otherwise, its pods run as before', async () => {
    const w = await world({ typeVirtualKubeletLabel: true });
    expect((await w.kubectl('get', 'nodes', '-l', 'type=virtual-kubelet', '-o', 'name')).trim().split('\n')).toEqual(w.sim.superNodes.map((n) => `node/${n}`));
    const [worker] = await w.pods('serverless', 'app=worker');
    expect(await groupsOf(w, worker!)).toEqual([w.groupId('pods-base')]);
  });

  it('instances "unlisted": DescribeEKSContainerInstances does not answer for super-node pods, though they run', async () => {
    const w = await world({ instancesListed: 'unlisted' });
    const [worker] = await w.pods('serverless', 'app=worker');
    expect(worker!.status.phase).toBe('Running');
    expect(await w.instanceOf(worker!)).toBeUndefined();
    const instances = (await w.control.state()).instances;
    expect(instances.find((i) => i.privateIp === worker!.status.podIP)?.securityGroupIds).toEqual([w.groupId('pods-base')]);
  });
});

describe('refusals', () => {
  it('an unknown group or more than 5 leave the pod Pending with a Warning Event, and no instance', async () => {
    const w = await world();
    await createPod(w, 'unknown', { [ANN_SECURITY_GROUP_ID]: 'sg-zzzzzzzz' });
    const six = [...w.tencent.securityGroups.map((g) => g.id), (await w.control.state()).regionDefaultGroupId!];
    expect(six).toHaveLength(6);
    await createPod(w, 'too-many', { [ANN_SECURITY_GROUP_ID]: six.join(',') });
    for (const [name, why] of [
      ['unknown', /sg-zzzzzzzz does not exist/],
      ['too-many', /at most 5/],
    ] as const) {
      await eventually(async () => {
        const pod = (await w.pods('serverless')).find((p) => p.metadata.name === name)!;
        expect(pod.status).toMatchObject({ phase: 'Pending', reason: REASON_CREATE_FAILED });
        expect(pod.status.message).toMatch(why);
        // In the poll: the simulator writes the Event in a request after the status, and under load this read can fall between them.
        const events = JSON.parse(await w.kubectl('get', 'events', '-n', 'serverless', '--field-selector', `involvedObject.name=${name}`, '-o', 'json')) as {
          items: { type: string; reason: string; source: { component: string } }[];
        };
        expect(events.items).toContainEqual(expect.objectContaining({ type: 'Warning', reason: REASON_CREATE_FAILED, source: expect.objectContaining({ component: 'eklet' }) }));
      });
    }
    expect((await w.control.state()).instances.filter((i) => ['unknown', 'too-many'].includes(i.name))).toEqual([]);
  });

  it('max groups 2 (the other reading of the count limit): three are refused, two run', async () => {
    const w = await world({ maxGroups: 2 });
    const [base, web, db] = [w.groupId('pods-base'), w.groupId('pods-web'), w.groupId('pods-db')];
    await createPod(w, 'three', { [ANN_SECURITY_GROUP_ID]: `${base},${web},${db}` });
    await createPod(w, 'two', { [ANN_SECURITY_GROUP_ID]: `${base},${web}` });
    expect(await groupsOf(w, await runningPod(w, 'two'))).toEqual([base, web]);
    await eventually(async () => {
      const pod = (await w.pods('serverless')).find((p) => p.metadata.name === 'three')!;
      expect(pod.status).toMatchObject({ phase: 'Pending', reason: REASON_CREATE_FAILED });
      expect(pod.status.message).toMatch(/3 security groups, at most 2/);
    });
  });
});
