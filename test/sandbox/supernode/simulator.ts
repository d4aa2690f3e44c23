// The super node simulator: TKE's side of a cluster with super nodes, independent of the plugin
// (src/). It runs the pods on super nodes as container instances in the Tencent emulator
// (provider.ts), reading kube-system/eks-config's pod.annotations from the API as each pod is
// created (a malformed one is ignored, the last good one stays), and the SecurityGroupPolicies
// of its namespace then (sgp.ts), in the loop it shares with the
// ECI simulator (../eci/pod-loop.ts): pods asking for a super node (nodeSelector
// node.kubernetes.io/instance-type: eklet) are bound to one, workloads asking for them are kept.
// The super nodes are the cloud's: their names come from the emulator, where the seed made them.
import { hostname } from 'node:os';
import { clientsFor } from '../eci/cluster.ts';
import { EventRecorder } from '../eci/events.ts';
import { startPodLoop } from '../eci/pod-loop.ts';
import { isNotFound } from '../tke/kube.ts';
import { SuperNodeControl } from '../tencent/supernode-control-client.ts';
import { podAnnotationDefaults } from './groups.ts';
import { COMPONENT, EKS_CONFIG, INSTANCE_TYPE_EKLET, KUBE_SYSTEM, LABEL_INSTANCE_TYPE, REASON_CREATE_FAILED, SGP_GROUP, SGP_PLURAL, SGP_VERSION } from './names.ts';
import { policyGroups, type SecurityGroupPolicy } from './sgp.ts';
import type { K8sObject } from '../eci/cluster.ts';
import { podDeleted, startPod, type SuperNodeContext } from './provider.ts';
import type { NoGroupsDefault, SgpPrecedence } from './scenario.ts';

export interface SuperNodeSimulatorOptions {
  kubeconfig: string;
  /** The Tencent emulator's base URL (its /_sandbox/ control API). */
  controlUrl: string;
  reading: NoGroupsDefault;
  sgpPrecedence?: SgpPrecedence;
  log?: (line: string) => void;
}

export interface SuperNodeSimulator {
  superNodes: string[];
  idle(): Promise<void>;
  /** Resolves when idle and every pod on (or asking for) a super node runs or was refused. */
  settled(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startSuperNodeSimulator(o: SuperNodeSimulatorOptions): Promise<SuperNodeSimulator> {
  const log = o.log ?? ((l: string) => console.error(l));
  const clients = clientsFor(o.kubeconfig);
  const cloud = new SuperNodeControl(o.controlUrl);
  const superNodes = (await cloud.state()).virtualNodes.map((n) => n.name);
  if (superNodes.length === 0) throw new Error('the Tencent emulator has no super nodes: seed them first');
  let lastGoodDefaults: Record<string, string> = {};

  /** eks-config now: read at each pod's creation, so a change reaches the very next pod. */
  async function readEksConfig(): Promise<Record<string, string>> {
    const cm = await clients.core.readNamespacedConfigMap({ name: EKS_CONFIG, namespace: KUBE_SYSTEM }).catch((e: unknown) => {
      if (isNotFound(e)) return undefined;
      throw e;
    });
    const parsed = podAnnotationDefaults(cm?.data);
    if (!parsed.ok) {
      log(`eklet: eks-config ignored (${parsed.error}); the last good one stays`);
      return lastGoodDefaults;
    }
    lastGoodDefaults = parsed.annotations;
    return lastGoodDefaults;
  }

  /** The policies of the pod's namespace and its ServiceAccount's labels, as the API has them now (none without the CRD). */
  async function policiesFor(pod: K8sObject) {
    const namespace = pod.metadata.namespace!;
    const notFound = (fallback: unknown) => (e: unknown) => {
      if (isNotFound(e)) return fallback;
      throw e;
    };
    const list = (await clients.custom
      .listNamespacedCustomObject({ group: SGP_GROUP, version: SGP_VERSION, namespace, plural: SGP_PLURAL })
      .catch(notFound({ items: [] }))) as { items: SecurityGroupPolicy[] };
    if (list.items.length === 0) return { policies: [], securityGroupIds: [] };
    const account = (await clients.core
      .readNamespacedServiceAccount({ name: String(pod.spec?.serviceAccountName ?? 'default'), namespace })
      .catch(notFound(undefined))) as { metadata?: { labels?: Record<string, string> } } | undefined;
    return policyGroups(list.items, { labels: pod.metadata.labels ?? {}, serviceAccountLabels: account?.metadata?.labels ?? {} });
  }

  const ctx: SuperNodeContext = {
    clients,
    cloud,
    events: new EventRecorder(clients, log, hostname(), COMPONENT),
    reading: o.reading,
    sgpPrecedence: o.sgpPrecedence ?? 'policy',
    policiesFor,
    clusterDefaults: readEksConfig,
    handled: new Map(),
    log,
  };
  // The good eks-config in force when the simulator starts, for a malformed one later to fall back on.
  await readEksConfig();
  const asksForNodes = (spec: Record<string, any> | undefined) => spec?.nodeSelector?.[LABEL_INSTANCE_TYPE] === INSTANCE_TYPE_EKLET;
  const loop = await startPodLoop({
    clients,
    name: COMPONENT,
    log,
    nodes: superNodes,
    asksForNodes,
    start: (pod) => startPod(ctx, pod),
    released: (pod) => podDeleted(ctx, pod),
  });
  return {
    superNodes,
    idle: () => loop.idle(),
    settled: (timeoutMs = 60_000) =>
      loop.settled(
        (pods) =>
          pods
            .filter((p) => (superNodes.includes(p.spec?.nodeName) || (!p.spec?.nodeName && asksForNodes(p.spec))) && !p.status?.podIP && p.status?.reason !== REASON_CREATE_FAILED)
            .map((p) => `${p.metadata.namespace}/${p.metadata.name}`),
        timeoutMs,
      ),
    stop: () => loop.stop(),
  };
}
