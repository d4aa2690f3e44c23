// Seeds a bare kube-apiserver with what a cluster with ECI virtual nodes shows: the virtual
// node(s) (label type=virtual-kubelet, role agent, region/zone topology, the provider taint),
// kube-system/eci-profile, the virtual kubelet's Deployment kube-system/ack-virtual-node-controller
// (as in an ACK dedicated cluster; its image tag is the scenario's version), the scenario's namespaces with their labels, its workloads (pod
// templates asking for the virtual nodes) and bare pods. Pods of workloads are the
// simulator's job (its workload controller), as they would be the controller-manager's.
import type { Kube } from '../tke/kube.ts';
import { MERGE_PATCH, withRetry } from '../tke/kube.ts';
import { ensureNamespace } from '../tke/seed.ts';
import { clientsFor, createUnlessExists, type Clients } from './cluster.ts';
import type { EciBarePod, EciScenario, EciWorkload } from './scenario.ts';
import { DEFAULT_VK_VERSION, zoneOfVirtualNode } from './scenario.ts';
import {
  ECI_PROFILE,
  KUBE_SYSTEM,
  LABEL_REGION,
  LABEL_VIRTUAL_NODE,
  LABEL_ZONE,
  TAINT_VALUE,
  TAINT_VIRTUAL_NODE,
  VIRTUAL_NODE_LABEL_VALUE,
  VK_DEPLOYMENT,
  VK_IMAGE_REPOSITORY,
} from './names.ts';

// What a virtual node reports as its kubelet version is not documented for ack-virtual-node; an
// ACS virtual node shows a Kubernetes version (`v1.31.1-aliyun.1`), so the sandbox's does too and
// the component's version is only in its Deployment's image.
const NODE_KUBELET_VERSION = 'v1.33.13-aliyun.1';

export function virtualNodeObject(s: EciScenario, name: string, index: number): Record<string, unknown> {
  const zone = zoneOfVirtualNode(name) ?? `${s.region}-k`;
  const resources = { cpu: '2k', memory: '8Ti', pods: '20k', 'ephemeral-storage': '100Ti' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        [LABEL_VIRTUAL_NODE]: VIRTUAL_NODE_LABEL_VALUE,
        'kubernetes.io/role': 'agent',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
        [LABEL_REGION]: s.region,
        [LABEL_ZONE]: zone,
        'failure-domain.beta.kubernetes.io/region': s.region,
        'failure-domain.beta.kubernetes.io/zone': zone,
      },
    },
    spec: { taints: [{ key: TAINT_VIRTUAL_NODE, value: TAINT_VALUE, effect: 'NoSchedule' }] },
    status: readyVirtualNodeStatus({ name, internalIp: `192.168.255.${10 + index}`, kubeletVersion: NODE_KUBELET_VERSION, resources }),
  };
}

/**
 * A Ready node's status as a virtual node reports it (no kubelet of ours writes one): Ready, its
 * addresses, its capacity, its kubelet version (shared with the super nodes' seed).
 */
export function readyVirtualNodeStatus(o: { name: string; internalIp: string; kubeletVersion: string; resources: Record<string, string> }): Record<string, unknown> {
  const t = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'ok', lastHeartbeatTime: t, lastTransitionTime: t }],
    addresses: [
      { type: 'InternalIP', address: o.internalIp },
      { type: 'Hostname', address: o.name },
    ],
    capacity: o.resources,
    allocatable: o.resources,
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: '',
      systemUUID: '',
      bootID: '',
      kernelVersion: '',
      osImage: '',
      containerRuntimeVersion: '',
      kubeletVersion: o.kubeletVersion,
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}

/** The virtual kubelet's Deployment (one replica on an ordinary node; there is no kubelet here to run it). */
export function virtualKubeletDeploymentObject(s: EciScenario): Record<string, unknown> {
  const labels = { app: VK_DEPLOYMENT };
  const image = `${VK_IMAGE_REPOSITORY}:${s.virtualKubeletVersion ?? DEFAULT_VK_VERSION}`;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: VK_DEPLOYMENT, namespace: KUBE_SYSTEM, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { serviceAccountName: 'virtual-kubelet', containers: [{ name: 'virtual-kubelet', image, args: ['--provider', 'alibabacloud'] }] } },
    },
  };
}

export function eciProfileObject(s: EciScenario): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ECI_PROFILE, namespace: KUBE_SYSTEM }, data: { ...s.profile } };
}

/** The pod template every scenario workload uses: on the virtual nodes, tolerating their taint. */
function podTemplate(w: { labels: Record<string, string>; annotations: Record<string, string>; image: string; name: string }, restartPolicy?: string) {
  return {
    metadata: { labels: { ...w.labels }, annotations: { ...w.annotations } },
    spec: {
      nodeSelector: { [LABEL_VIRTUAL_NODE]: VIRTUAL_NODE_LABEL_VALUE },
      tolerations: [{ key: TAINT_VIRTUAL_NODE, operator: 'Exists', effect: 'NoSchedule' }],
      automountServiceAccountToken: false,
      ...(restartPolicy ? { restartPolicy } : {}),
      containers: [{ name: w.name, image: w.image }],
    },
  };
}

export function workloadObject(w: EciWorkload): Record<string, unknown> {
  const metadata = { name: w.name, namespace: w.namespace, labels: { ...w.labels } };
  const selector = { matchLabels: { ...w.labels } };
  switch (w.kind) {
    case 'Deployment':
      return { apiVersion: 'apps/v1', kind: w.kind, metadata, spec: { replicas: w.replicas, selector, strategy: { type: 'Recreate' }, template: podTemplate(w) } };
    case 'StatefulSet':
      return { apiVersion: 'apps/v1', kind: w.kind, metadata, spec: { replicas: w.replicas, serviceName: w.name, selector, template: podTemplate(w) } };
    case 'DaemonSet':
      return { apiVersion: 'apps/v1', kind: w.kind, metadata, spec: { selector, template: podTemplate(w) } };
    case 'Job':
      return { apiVersion: 'batch/v1', kind: w.kind, metadata, spec: { parallelism: w.replicas, backoffLimit: 0, template: podTemplate(w, 'Never') } };
    case 'CronJob':
      return {
        apiVersion: 'batch/v1',
        kind: w.kind,
        metadata,
        spec: { schedule: w.schedule ?? '0 * * * *', jobTemplate: { spec: { parallelism: w.replicas, backoffLimit: 0, template: podTemplate(w, 'Never') } } },
      };
  }
}

export function barePodObject(p: EciBarePod): Record<string, unknown> {
  const t = podTemplate(p);
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: p.name, namespace: p.namespace, ...t.metadata }, spec: { ...t.spec, nodeName: p.nodeName } };
}

async function createWorkload(c: Clients, w: EciWorkload): Promise<void> {
  const body = workloadObject(w) as never;
  const namespace = w.namespace;
  const create: Record<EciWorkload['kind'], () => Promise<unknown>> = {
    Deployment: () => c.apps.createNamespacedDeployment({ namespace, body }),
    StatefulSet: () => c.apps.createNamespacedStatefulSet({ namespace, body }),
    DaemonSet: () => c.apps.createNamespacedDaemonSet({ namespace, body }),
    Job: () => c.batch.createNamespacedJob({ namespace, body }),
    CronJob: () => c.batch.createNamespacedCronJob({ namespace, body }),
  };
  await ignoreExisting(create[w.kind]);
}

const ignoreExisting = (create: () => Promise<unknown>) => withRetry(() => createUnlessExists(create));

/** Namespaces with the scenario's labels (selectors match them), each with its `default` ServiceAccount. */
async function seedNamespaces(kube: Kube, s: EciScenario): Promise<void> {
  const names = new Set([...s.namespaces.map((n) => n.name), ...s.workloads.map((w) => w.namespace), ...s.barePods.map((p) => p.namespace)]);
  for (const name of names) {
    await ensureNamespace(kube, name);
    const labels = s.namespaces.find((n) => n.name === name)?.labels;
    if (labels) await kube.core.patchNamespace({ name, body: { metadata: { labels } } }, MERGE_PATCH);
  }
}

export async function seedEci(kubeconfig: string, s: EciScenario, opts: { log?: (line: string) => void } = {}): Promise<void> {
  const c = clientsFor(kubeconfig);
  await ensureNamespace(c, KUBE_SYSTEM);
  await ignoreExisting(() => c.core.createNamespacedConfigMap({ namespace: KUBE_SYSTEM, body: eciProfileObject(s) as never }));
  // Replaced when it exists, so a re-seeded world gets its own version.
  const vk = virtualKubeletDeploymentObject(s) as { spec: unknown };
  await ignoreExisting(() => c.apps.createNamespacedDeployment({ namespace: KUBE_SYSTEM, body: vk as never }));
  await c.apps.patchNamespacedDeployment({ name: VK_DEPLOYMENT, namespace: KUBE_SYSTEM, body: { spec: vk.spec } }, MERGE_PATCH);
  for (const [i, name] of s.virtualNodes.entries()) {
    const node = virtualNodeObject(s, name, i) as { spec: unknown };
    await ignoreExisting(() => c.core.createNode({ body: node as never }));
    // The apiserver's TaintNodesByCondition adds not-ready on create; a node controller would take
    // it off a Ready node, and there is none here.
    await c.core.patchNode({ name, body: { spec: node.spec } }, MERGE_PATCH);
  }
  await seedNamespaces(c, s);
  for (const w of s.workloads) await createWorkload(c, w);
  for (const p of s.barePods) await ignoreExisting(() => c.core.createNamespacedPod({ namespace: p.namespace, body: barePodObject(p) as never }));
  opts.log?.(`seed: ${s.virtualNodes.length} virtual node(s), eci-profile, ${s.workloads.length} workloads, ${s.barePods.length} bare pod(s)`);
}
