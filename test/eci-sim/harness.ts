// Test harness for the virtual-kubelet simulator: one real kube-apiserver per test file (the
// ipamd harness's startCluster), and per test a "world": a fresh ECI scenario, the Alibaba Cloud
// emulator as its own process (its contract: main.ts prints a ready line with its URL), the
// cluster wiped and re-seeded, and the simulator started in-process. State is read the way an
// operator sees it: Kubernetes through kubectl, the cloud through the emulator's control API.
// ECI_SIM_LOG=1 prints the simulator's log as it goes; a failed test prints it anyway (printLogOnFailure).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startBackground } from '../sandbox/background.ts';
import { stopPids } from '../sandbox/processes.ts';
import { makeEciScenario, type EciScenario, type EciScenarioOptions } from '../sandbox/eci/scenario.ts';
import { seedEci } from '../sandbox/eci/seed.ts';
import { simulatorEntry } from '../sandbox/shared/simulator-bundles.ts';
import { startEciSimulator, type EciSimulator } from '../sandbox/eci/simulator.ts';
import { clientsFor, type Clients } from '../sandbox/eci/cluster.ts';
import { ECI_PROFILE, KUBE_SYSTEM } from '../sandbox/eci/names.ts';
import { MERGE_PATCH } from '../sandbox/tke/kube.ts';
import { kubectlFor, simulatorLog, type Cluster } from '../ipamd/harness.ts';
import { AlibabaControl, type ContainerGroup } from '../sandbox/alibaba/control-client.ts';

export { startCluster, eventually, printLogOnFailure, type Cluster } from '../ipamd/harness.ts';

export interface PodView {
  metadata: { name: string; namespace: string; uid: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { nodeName?: string };
  status: { phase?: string; reason?: string; message?: string; podIP?: string };
}

export interface EciWorld {
  scenario: EciScenario;
  sim: EciSimulator;
  clients: Clients;
  controlUrl: string;
  kubectl(...args: string[]): Promise<string>;
  /** Pods of a namespace (optionally by label selector), as the API server returns them. */
  pods(namespace: string, selector?: string): Promise<PodView[]>;
  control: AlibabaControl;
  containerGroups(): Promise<ContainerGroup[]>;
  /** The groups of the container group a pod's eci-instance-id annotation names. */
  groupsOf(pod: PodView): Promise<string[] | undefined>;
  setProfile(data: Record<string, string>): Promise<void>;
  /** The simulator's log, each line with its time since the world started: printed when a test fails. */
  log: string[];
  close(): Promise<void>;
}

/** Removes what a previous world left (no controllers or namespace GC here; namespaces stay). */
async function wipe(c: Clients, s: EciScenario): Promise<void> {
  const namespaces = [...new Set([...s.namespaces.map((n) => n.name), 'default'])];
  for (const namespace of namespaces) {
    await c.apps.deleteCollectionNamespacedDeployment({ namespace });
    await c.apps.deleteCollectionNamespacedReplicaSet({ namespace });
    await c.apps.deleteCollectionNamespacedStatefulSet({ namespace });
    await c.apps.deleteCollectionNamespacedDaemonSet({ namespace });
    await c.batch.deleteCollectionNamespacedCronJob({ namespace });
    await c.batch.deleteCollectionNamespacedJob({ namespace });
    await c.core.deleteCollectionNamespacedPod({ namespace, gracePeriodSeconds: 0 });
    await c.core.deleteCollectionNamespacedEvent({ namespace });
  }
  await c.core.deleteCollectionNamespacedEvent({ namespace: KUBE_SYSTEM });
  await c.core.deleteNamespacedConfigMap({ name: ECI_PROFILE, namespace: KUBE_SYSTEM }).catch(() => undefined);
  await c.core.deleteCollectionNode({});
}

export async function startEciWorld(c: Cluster, o: EciScenarioOptions = {}): Promise<EciWorld> {
  const scenario = makeEciScenario(o);
  const clients = clientsFor(c.kubeconfig);
  await wipe(clients, scenario);
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-sg-eci-sim-'));
  const scenarioFile = join(dir, 'eci-scenario.json');
  writeFileSync(scenarioFile, JSON.stringify(scenario));
  const emulator = await startBackground(process.execPath, [simulatorEntry('alibaba/main.ts'), '--scenario', scenarioFile], join(dir, 'alibaba.log'));
  const controlUrl = String(emulator.ready.url);
  const recorded = simulatorLog('ECI_SIM_LOG');
  let sim: EciSimulator | undefined;
  try {
    await seedEci(c.kubeconfig, scenario);
    sim = await startEciSimulator({
      kubeconfig: c.kubeconfig,
      scenario,
      controlUrl,
      log: recorded.log,
    });
    await sim.settled();
  } catch (e) {
    await sim?.stop();
    await stopPids([emulator.pid]);
    throw e;
  }
  const kubectl = kubectlFor(c);
  const control = new AlibabaControl(controlUrl);
  const containerGroups = async () => (await control.state()).containerGroups;
  return {
    scenario,
    sim,
    clients,
    controlUrl,
    control,
    kubectl,
    log: recorded.lines,
    // Read in process: the tests poll it while waiting for the simulator, ~70 kubectl runs a run.
    pods: async (namespace, selector) => (await clients.core.listNamespacedPod({ namespace, labelSelector: selector })).items as PodView[],
    containerGroups,
    groupsOf: async (pod) => {
      const id = pod.metadata.annotations?.['k8s.aliyun.com/eci-instance-id'];
      return (await containerGroups()).find((g) => g.id === id)?.securityGroupIds;
    },
    setProfile: async (data) => {
      await clients.core.patchNamespacedConfigMap({ name: ECI_PROFILE, namespace: KUBE_SYSTEM, body: { data } }, MERGE_PATCH);
    },
    close: async () => {
      await sim!.stop();
      await stopPids([emulator.pid]);
    },
  };
}
