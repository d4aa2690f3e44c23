// Test harness for the super node simulator: one real kube-apiserver per test file (the ipamd
// harness's startCluster), and per test a "world": a fresh Tencent scenario and emulator (in
// this process, as the contract suite runs it), the cluster wiped and re-seeded, the simulator
// started in-process. State is read the way an operator sees it: Kubernetes through kubectl, the
// cloud through the real tencentcloud-sdk-nodejs (DescribeEKSContainerInstances by the pod's IP,
// DescribeNodePools for the pool's groups), never through the simulator.
// SUPERNODE_SIM_LOG=1 prints the simulator's log as it goes; a failed test prints it anyway (printLogOnFailure).
import { makeScenario, type Scenario } from '../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../sandbox/tencent/emulator.ts';
import { SuperNodeControl } from '../sandbox/tencent/supernode-control-client.ts';
import { clientsFor, type Clients } from '../sandbox/eci/cluster.ts';
import { MERGE_PATCH } from '../sandbox/tke/kube.ts';
import { makeSupernodeScenario, type SupernodeScenario, type SupernodeScenarioOptions } from '../sandbox/supernode/scenario.ts';
import { seedSuperNodes } from '../sandbox/supernode/seed.ts';
import { startSuperNodeSimulator, type SuperNodeSimulator } from '../sandbox/supernode/simulator.ts';
import { EKS_CONFIG, KUBE_SYSTEM, SGP_GROUP, SGP_PLURAL, SGP_VERSION } from '../sandbox/supernode/names.ts';
import { kubectlFor, simulatorLog, type Cluster } from '../ipamd/harness.ts';
import { sdk } from '../contract/helpers.ts';
import { tke2022 } from '../contract/tke2022.ts';

export { startCluster, eventually, printLogOnFailure, type Cluster } from '../ipamd/harness.ts';
export type { PodView } from '../eci-sim/harness.ts';
import type { PodView } from '../eci-sim/harness.ts';

export interface EksCi {
  EksCiId: string;
  EksCiName: string;
  PrivateIp: string;
  SecurityGroupIds: string[];
  Status: string;
}

export interface SuperNodeWorld {
  tencent: Scenario;
  scenario: SupernodeScenario;
  emulator: Emulator;
  sim: SuperNodeSimulator;
  clients: Clients;
  control: SuperNodeControl;
  kubectl(...args: string[]): Promise<string>;
  pods(namespace: string, selector?: string): Promise<PodView[]>;
  /** The container instance holding this pod's IP, as DescribeEKSContainerInstances answers (private-ip filter). */
  instanceOf(pod: PodView): Promise<EksCi | undefined>;
  /** The pool's groups as DescribeNodePools (2022-05-01) reads them. */
  poolGroups(): Promise<string[]>;
  /** ModifyClusterVirtualNodePool SecurityGroupIds, through the SDK. */
  setPoolGroups(ids: string[]): Promise<void>;
  setEksConfig(data: Record<string, string>): Promise<void>;
  groupId(name: string): string;
  /** The simulator's log, each line with its time since the world started: printed when a test fails. */
  log: string[];
  close(): Promise<void>;
}

async function wipe(c: Clients, namespaces: string[]): Promise<void> {
  for (const namespace of [...new Set([...namespaces, 'default'])]) {
    await c.apps.deleteCollectionNamespacedDeployment({ namespace });
    await c.apps.deleteCollectionNamespacedReplicaSet({ namespace });
    await c.apps.deleteCollectionNamespacedStatefulSet({ namespace });
    await c.core.deleteCollectionNamespacedPod({ namespace, gracePeriodSeconds: 0 });
    await c.core.deleteCollectionNamespacedEvent({ namespace });
    // Policies a test made (the CRD exists from the first world on).
    await c.custom.deleteCollectionNamespacedCustomObject({ group: SGP_GROUP, version: SGP_VERSION, namespace, plural: SGP_PLURAL }).catch(() => undefined);
  }
  await c.core.deleteNamespacedConfigMap({ name: EKS_CONFIG, namespace: KUBE_SYSTEM }).catch(() => undefined);
  await c.core.deleteCollectionNode({});
}

export async function startSuperNodeWorld(c: Cluster, o: SupernodeScenarioOptions = {}): Promise<SuperNodeWorld> {
  const tencent = makeScenario({ nodes: 0, seed: 51 });
  const scenario = makeSupernodeScenario(tencent, o);
  const clients = clientsFor(c.kubeconfig);
  await wipe(clients, scenario.namespaces);
  const emulator = await startEmulator({ scenario: tencent });
  const recorded = simulatorLog('SUPERNODE_SIM_LOG');
  let sim: SuperNodeSimulator | undefined;
  try {
    await seedSuperNodes(c.kubeconfig, scenario, emulator.proxyUrl);
    sim = await startSuperNodeSimulator({
      kubeconfig: c.kubeconfig,
      controlUrl: emulator.proxyUrl,
      reading: scenario.noGroupsDefault,
      sgpPrecedence: scenario.sgpPrecedence,
      log: recorded.log,
    });
    await sim.settled();
  } catch (e) {
    await sim?.stop();
    await emulator.close();
    throw e;
  }
  const kubectl = kubectlFor(c);
  const tke = sdk('tke', emulator, tencent.credentials.admin);
  const control = new SuperNodeControl(emulator.proxyUrl);
  const poolId = async () => (await tke.request('DescribeClusterVirtualNodePools', { ClusterId: tencent.clusterId })).NodePoolSet as { NodePoolId: string }[];
  return {
    tencent,
    scenario,
    emulator,
    sim,
    clients,
    control,
    kubectl,
    // Read in process: the tests poll it while waiting for the simulator, ~70 kubectl runs a run.
    pods: async (namespace, selector) => (await clients.core.listNamespacedPod({ namespace, labelSelector: selector })).items as PodView[],
    instanceOf: async (pod) => {
      if (!pod.status.podIP) return undefined;
      const r = await tke.request('DescribeEKSContainerInstances', { Filters: [{ Name: 'private-ip', Values: [pod.status.podIP] }] });
      return (r.EksCis as EksCi[])[0];
    },
    poolGroups: async () => {
      const r = await tke2022(emulator, tencent.credentials.admin).request('DescribeNodePools', { ClusterId: tencent.clusterId });
      return (r.NodePools as { Super: { SecurityGroupIds: string[] } }[])[0]!.Super.SecurityGroupIds;
    },
    setPoolGroups: async (ids) => {
      const [pool] = await poolId();
      await tke.request('ModifyClusterVirtualNodePool', { ClusterId: tencent.clusterId, NodePoolId: pool!.NodePoolId, SecurityGroupIds: ids });
    },
    setEksConfig: async (data) => {
      await clients.core.patchNamespacedConfigMap({ name: EKS_CONFIG, namespace: KUBE_SYSTEM, body: { data } }, MERGE_PATCH);
    },
    log: recorded.lines,
    groupId: (name) => {
      const g = tencent.securityGroups.find((x) => x.name === name);
      if (!g) throw new Error(`no group ${name}`);
      return g.id;
    },
    close: async () => {
      await sim!.stop();
      await emulator.close();
    },
  };
}
