// Bad input for TKE super-node pods (set workload, the verbs super nodes have not, the read
// verbs): refused with one line naming the value and what would be right, exit 2 (1 for the
// environment), nothing on stdout, and the sandbox as it was: TKE's state (snapshot.ts), every
// workload and pod of the super nodes' namespace, eks-config, and the emulator's super node pools
// and container instances.
import { badInputSuite, type SandboxWorld } from './bad-input.ts';
import { cases, NS, type SuperNodeWorld } from '../bad-input/supernode.ts';
import { kubeOf } from './kube-client.ts';
import { snapshot } from './snapshot.ts';
import type { Sandbox } from './sandbox-fixture.ts';
import { SuperNodeControl } from '../sandbox/tencent/supernode-control-client.ts';

interface Obj {
  metadata: { namespace?: string; name: string; uid?: string; generation?: number; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: unknown;
  data?: unknown;
}

/** Objects without what their controllers keep current (status, resourceVersion). */
function objects(items: Obj[]): Record<string, unknown> {
  return Object.fromEntries(
    items.map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, { uid: o.metadata.uid, generation: o.metadata.generation, labels: o.metadata.labels, annotations: o.metadata.annotations, spec: o.spec, data: o.data }]),
  );
}

// Read in this process (kube-client.ts), as snapshot.ts reads: three kubectl runs per case were
// about 120 a run of this file.
async function superNodeSnapshot(sb: Sandbox) {
  const kube = kubeOf(sb);
  const [cloud, tke, deployments, statefulSets, pods, eksConfig] = await Promise.all([
    new SuperNodeControl(sb.env.HTTPS_PROXY!).state(),
    snapshot(sb),
    kube.apps.listNamespacedDeployment({ namespace: NS }),
    kube.apps.listNamespacedStatefulSet({ namespace: NS }),
    kube.core.listNamespacedPod({ namespace: NS }),
    kube.core.readNamespacedConfigMap({ name: 'eks-config', namespace: 'kube-system' }),
  ]);
  return {
    tke,
    workloads: objects([...deployments.items, ...statefulSets.items] as Obj[]),
    pods: objects(pods.items as Obj[]),
    eksConfig: objects([eksConfig as Obj]),
    pools: cloud.pools.map((p) => ({ id: p.id, groups: p.securityGroupIds })),
    instances: cloud.instances.map((i) => ({ id: i.id, groups: i.securityGroupIds })),
  };
}

async function superNodeWorld(w: SandboxWorld): Promise<SuperNodeWorld> {
  const cloud = await new SuperNodeControl(w.sb.env.HTTPS_PROXY!).state();
  return { ...w, pool: cloud.pools[0]!.securityGroupIds, regionDefault: cloud.regionDefaultGroupId! };
}

badInputSuite<SuperNodeWorld>('bad input for TKE super-node pods', ['--provider', 'tke,supernode', '--nodes', '2'], cases, { extend: superNodeWorld, snapshot: superNodeSnapshot });
