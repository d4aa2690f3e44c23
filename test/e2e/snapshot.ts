// "No change": everything a command could have written, captured before and after it runs —
// the Nodes' annotations and labels, every NodeENIConfig, ipamd's Deployment and ConfigMap, and
// the emulator's state (ENI groups, the addon's values). Read with kubectl and the emulator's
// control interface, not with the plugin's code.
import { isNotFound } from '../sandbox/tke/kube.ts';
import type { Sandbox } from './sandbox-fixture.ts';
import { kubeOf } from './kube-client.ts';

interface Obj {
  metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string>; labels?: Record<string, string>; generation?: number };
  spec?: unknown;
  data?: unknown;
}


const orNone = <T>(p: Promise<T>): Promise<T | undefined> => p.catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));

export interface SandboxSnapshot {
  nodes: Record<string, { annotations: Record<string, string>; labels: Record<string, string> }>;
  necs: Record<string, { resourceVersion?: string; annotations: Record<string, string>; spec: unknown }>;
  ipamd: { deployment: { generation?: number; spec: unknown }; configMap: unknown };
  cloud: { enis: Record<string, string[]>; addon: unknown };
}

export async function snapshot(sb: Sandbox): Promise<SandboxSnapshot> {
  // In-process (kube-client.ts): spawning kubectl four times per snapshot cost seconds per case
  // once the bad-input suite grew to dozens of cases.
  const kube = kubeOf(sb);
  const [nodeList, necList, deployment, cm, state] = await Promise.all([
    kube.core.listNode(),
    // ipamd < v3.2.0 comes without the NodeENIConfig CRD: a type the server does not serve has no objects.
    orNone(kube.custom.listClusterCustomObject({ group: 'networking.tke.cloud.tencent.com', version: 'v1', plural: 'nodeeniconfigs' }) as Promise<{ items: Obj[] }>),
    kube.apps.readNamespacedDeployment({ name: 'tke-eni-ipamd', namespace: 'kube-system' }),
    orNone(kube.core.readNamespacedConfigMap({ name: 'tke-eni-ipamd', namespace: 'kube-system' })),
    sb.control.state(),
  ]);
  const meta = (o: Obj) => o.metadata ?? {};
  return {
    nodes: Object.fromEntries(nodeList.items.map((n: Obj) => [meta(n).name!, { annotations: meta(n).annotations ?? {}, labels: meta(n).labels ?? {} }])),
    necs: Object.fromEntries((necList?.items ?? []).map((n) => [meta(n).name!, { resourceVersion: meta(n).resourceVersion, annotations: meta(n).annotations ?? {}, spec: n.spec }])),
    ipamd: { deployment: { generation: deployment.metadata?.generation, spec: deployment.spec }, configMap: cm ? (cm.data ?? null) : null },
    cloud: { enis: Object.fromEntries(state.enis.map((e) => [e.NetworkInterfaceId, e.GroupSet])), addon: state.addon.values },
  };
}
