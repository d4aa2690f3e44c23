// "No change" on an ECI sandbox: everything a command could have written — every workload
// (generation and spec: the pod template is where set workload writes), every pod (identity,
// labels, annotations: a replaced pod shows as a new UID), the eci-profile, and the Alibaba
// emulator's state (groups with their rules, container groups with their groups). Statuses are
// left out: the simulator keeps them current whatever the plugin does. Read with the Kubernetes
// client and the emulator's control interface, not with the plugin's code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatchV1Api } from '@kubernetes/client-node';
import { kubeClients, isNotFound, type Kube } from '../sandbox/tke/kube.ts';
import { AlibabaControl } from '../sandbox/alibaba/control-client.ts';
import type { Sandbox } from './sandbox-fixture.ts';

interface Obj {
  metadata?: { namespace?: string; name?: string; uid?: string; generation?: number; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec?: unknown;
  data?: unknown;
}

interface EciClients {
  kube: Kube;
  batch: BatchV1Api;
  alibaba: AlibabaControl;
}

const clients = new WeakMap<Sandbox, EciClients>();

/** The Alibaba emulator's control interface of a sandbox (state.json's alibabaControlUrl). */
export function alibabaControl(sb: Sandbox): AlibabaControl {
  return eciClients(sb).alibaba;
}

function eciClients(sb: Sandbox): EciClients {
  let c = clients.get(sb);
  if (!c) {
    const kube = kubeClients(sb.env.KUBECONFIG!);
    const state = JSON.parse(readFileSync(join(sb.dir, 'state.json'), 'utf8')) as { alibabaControlUrl?: string };
    if (!state.alibabaControlUrl) throw new Error(`the sandbox in ${sb.dir} has no Alibaba emulator (start it with --provider eci)`);
    c = { kube, batch: kube.kc.makeApiClient(BatchV1Api), alibaba: new AlibabaControl(state.alibabaControlUrl) };
    clients.set(sb, c);
  }
  return c;
}

export interface EciSnapshot {
  workloads: Record<string, { generation?: number; annotations: Record<string, string>; spec: unknown }>;
  pods: Record<string, { uid?: string; labels: Record<string, string>; annotations: Record<string, string> }>;
  profile: unknown;
  cloud: { securityGroups: unknown; containerGroups: Record<string, string[]> };
}

const key = (kind: string, o: Obj) => `${kind} ${o.metadata?.namespace}/${o.metadata?.name}`;

export async function eciSnapshot(sb: Sandbox): Promise<EciSnapshot> {
  const { kube, batch, alibaba } = eciClients(sb);
  const [deployments, statefulSets, daemonSets, jobs, cronJobs, pods, profile, state] = await Promise.all([
    kube.apps.listDeploymentForAllNamespaces(),
    kube.apps.listStatefulSetForAllNamespaces(),
    kube.apps.listDaemonSetForAllNamespaces(),
    batch.listJobForAllNamespaces(),
    batch.listCronJobForAllNamespaces(),
    kube.core.listPodForAllNamespaces(),
    kube.core.readNamespacedConfigMap({ name: 'eci-profile', namespace: 'kube-system' }).catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e))),
    alibaba.state(),
  ]);
  const workloads: EciSnapshot['workloads'] = {};
  for (const [kind, items] of [
    ['Deployment', deployments.items],
    ['StatefulSet', statefulSets.items],
    ['DaemonSet', daemonSets.items],
    ['Job', jobs.items],
    ['CronJob', cronJobs.items],
  ] as const) {
    for (const o of items as Obj[]) workloads[key(kind, o)] = { generation: o.metadata?.generation, annotations: o.metadata?.annotations ?? {}, spec: o.spec };
  }
  return {
    workloads,
    pods: Object.fromEntries(
      (pods.items as Obj[]).map((p) => [key('Pod', p), { uid: p.metadata?.uid, labels: p.metadata?.labels ?? {}, annotations: p.metadata?.annotations ?? {} }]),
    ),
    profile: profile ? (profile.data ?? null) : null,
    cloud: {
      securityGroups: state.securityGroups,
      containerGroups: Object.fromEntries(state.containerGroups.map((g) => [g.id, g.securityGroupIds])),
    },
  };
}
