// Seeds a super node world: in the Tencent emulator the region's `default` group, the pool and
// its virtual nodes, and the readings in force; in Kubernetes the super nodes as TKE registers
// them (label node.kubernetes.io/instance-type=eklet, taint eks.tke.cloud.tencent.com/eklet,
// named after the cloud's virtual nodes), kube-system/eks-config, the SecurityGroupPolicy CRD
// and objects, the namespaces, workloads asking for super nodes and bare pods. Pods of workloads
// are the simulator's job (its workload controller), as they would be the controller-manager's.
import { applyCrds } from '../kube/cluster.ts';
import { MERGE_PATCH, withRetry } from '../tke/kube.ts';
import { ensureNamespace } from '../tke/seed.ts';
import { EmulatorControl } from '../tencent/control-client.ts';
import { SuperNodeControl } from '../tencent/supernode-control-client.ts';
import type { VirtualNode } from '../tencent/supernodes.ts';
import { clientsFor, createUnlessExists, type Clients } from '../eci/cluster.ts';
import { readyVirtualNodeStatus } from '../eci/seed.ts';
import {
  EKLET_VERSION,
  EKS_CONFIG,
  INSTANCE_TYPE_EKLET,
  KUBE_SYSTEM,
  LABEL_INSTANCE_TYPE,
  LABEL_SUBNET_ID,
  LABEL_ZONE_NAME,
  SGP_GROUP,
  SGP_KIND,
  SGP_PLURAL,
  SGP_VERSION,
  TAINT_EKLET,
} from './names.ts';
import type { SupernodeScenario, SupernodeWorkload } from './scenario.ts';
import { SGP_CRD } from './sgp-crd.ts';

const ignoreExisting = (create: () => Promise<unknown>) => withRetry(() => createUnlessExists(create));

export function superNodeObject(n: VirtualNode, zone: string, index: number, typeVirtualKubeletLabel = false): Record<string, unknown> {
  const resources = { cpu: '960', memory: '3840Gi', pods: '500', 'ephemeral-storage': '100Ti' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels: {
        [LABEL_INSTANCE_TYPE]: INSTANCE_TYPE_EKLET,
        [LABEL_SUBNET_ID]: n.subnetId,
        [LABEL_ZONE_NAME]: zone,
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'topology.kubernetes.io/zone': zone,
        ...(typeVirtualKubeletLabel ? { type: 'virtual-kubelet' } : {}),
      },
    },
    spec: { taints: [{ key: TAINT_EKLET, value: '', effect: 'NoSchedule' }] },
    status: readyVirtualNodeStatus({ name: n.name, internalIp: `169.254.200.${10 + index}`, kubeletVersion: EKLET_VERSION, resources }),
  };
}

/** The pod template of the scenario's workloads: on a super node (the FAQ's nodeSelector), tolerating its taint. */
export function superNodePodTemplate(labels: Record<string, string>, annotations: Record<string, string>, container: string) {
  return {
    metadata: { labels: { ...labels }, annotations: { ...annotations } },
    spec: {
      nodeSelector: { [LABEL_INSTANCE_TYPE]: INSTANCE_TYPE_EKLET },
      tolerations: [{ key: TAINT_EKLET, operator: 'Exists', effect: 'NoSchedule' }],
      automountServiceAccountToken: false,
      containers: [{ name: container, image: 'nginx:1.27' }],
    },
  };
}

export function superNodeWorkloadObject(w: SupernodeWorkload): Record<string, unknown> {
  const labels = { app: w.name };
  const metadata = { name: w.name, namespace: w.namespace, labels };
  const template = superNodePodTemplate(labels, w.annotations, w.name);
  if (w.kind === 'StatefulSet') return { apiVersion: 'apps/v1', kind: w.kind, metadata, spec: { replicas: w.replicas, serviceName: w.name, selector: { matchLabels: labels }, template } };
  return { apiVersion: 'apps/v1', kind: w.kind, metadata, spec: { replicas: w.replicas, selector: { matchLabels: labels }, strategy: { type: 'Recreate' }, template } };
}

async function seedCloud(s: SupernodeScenario, controlUrl: string): Promise<VirtualNode[]> {
  const cloud = new SuperNodeControl(controlUrl);
  const before = await cloud.state();
  if (before.pools.length > 0) return before.virtualNodes;
  const regionDefault = await new EmulatorControl(controlUrl).createGroup({
    name: s.regionDefaultGroupName,
    description: 'System created security group',
    ingress: [{ Protocol: 'ALL', Port: 'all', CidrBlock: '0.0.0.0/0', Action: 'ACCEPT', PolicyDescription: 'the default group lets everything in' }],
    egress: [{ Protocol: 'ALL', Port: 'all', CidrBlock: '0.0.0.0/0', Action: 'ACCEPT' }],
  });
  await cloud.settings({ regionDefaultGroupId: regionDefault.id, instancesListed: s.instancesListed === 'listed', maxInstanceGroups: s.maxGroups });
  const pool = await cloud.createPool({
    name: s.pool.name,
    subnetIds: [s.pool.subnetId],
    securityGroupIds: s.pool.securityGroupIds,
    taints: [{ Key: TAINT_EKLET, Value: '', Effect: 'NoSchedule' }],
  });
  const nodes: VirtualNode[] = [];
  for (let i = 0; i < s.virtualNodeCount; i++) nodes.push(await cloud.createVirtualNode({ poolId: pool.id }));
  return nodes;
}

async function createWorkload(c: Clients, w: SupernodeWorkload): Promise<void> {
  const body = superNodeWorkloadObject(w) as never;
  await ignoreExisting(() => (w.kind === 'StatefulSet' ? c.apps.createNamespacedStatefulSet({ namespace: w.namespace, body }) : c.apps.createNamespacedDeployment({ namespace: w.namespace, body })));
}

export async function seedSuperNodes(kubeconfig: string, s: SupernodeScenario, controlUrl: string, opts: { log?: (line: string) => void; zone?: string; skipCrds?: boolean } = {}): Promise<VirtualNode[]> {
  const c = clientsFor(kubeconfig);
  const nodes = await seedCloud(s, controlUrl);
  for (const [i, n] of nodes.entries()) {
    const node = superNodeObject(n, opts.zone ?? `${s.region}-3`, i, s.typeVirtualKubeletLabel) as { spec: unknown };
    await ignoreExisting(() => c.core.createNode({ body: node as never }));
    // The apiserver's TaintNodesByCondition adds not-ready on create; no node controller here takes it off.
    await c.core.patchNode({ name: n.name, body: { spec: node.spec } }, MERGE_PATCH);
  }
  await ensureNamespace(c, KUBE_SYSTEM);
  await ignoreExisting(() => c.core.createNamespacedConfigMap({ namespace: KUBE_SYSTEM, body: { metadata: { name: EKS_CONFIG, namespace: KUBE_SYSTEM }, data: { ...s.eksConfig } } as never }));
  if (!opts.skipCrds) await applyCrds(kubeconfig, [SGP_CRD]);
  for (const ns of s.namespaces) await ensureNamespace(c, ns);
  for (const p of s.securityGroupPolicies) {
    const body = { apiVersion: `${SGP_GROUP}/${SGP_VERSION}`, kind: SGP_KIND, metadata: { name: p.name, namespace: p.namespace }, spec: { podSelector: { matchLabels: p.matchLabels }, securityGroups: { groupIds: p.groupIds } } };
    await ignoreExisting(() => c.custom.createNamespacedCustomObject({ group: SGP_GROUP, version: SGP_VERSION, namespace: p.namespace, plural: SGP_PLURAL, body }));
  }
  for (const w of s.workloads) await createWorkload(c, w);
  for (const p of s.barePods) {
    const t = superNodePodTemplate({ app: p.name }, p.annotations, p.name);
    await ignoreExisting(() => c.core.createNamespacedPod({ namespace: p.namespace, body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: p.name, namespace: p.namespace, ...t.metadata }, spec: t.spec } as never }));
  }
  opts.log?.(`seed: ${nodes.length} super node(s), eks-config, ${s.workloads.length} workloads, ${s.barePods.length} bare pod(s), ${s.securityGroupPolicies.length} SecurityGroupPolicy`);
  return nodes;
}
