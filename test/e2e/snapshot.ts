// "No change": everything a command could have written, captured before and after it runs —
// the Nodes' annotations and labels, every NodeENIConfig, ipamd's Deployment and ConfigMap, and
// the emulator's state (ENI groups, the addon's values). Read with kubectl and the emulator's
// control interface, not with the plugin's code.
import { kubectl } from './run.ts';
import type { Sandbox } from './sandbox-fixture.ts';

interface Obj {
  metadata: { name: string; resourceVersion?: string; annotations?: Record<string, string>; labels?: Record<string, string>; generation?: number };
  spec?: unknown;
  data?: unknown;
}

const get = (sb: Sandbox, ...args: string[]): Obj[] => {
  const r = kubectl(['get', ...args, '-o', 'json'], sb.env);
  // ipamd < v3.2.0 comes without the NodeENIConfig CRD: a type the server does not serve has no objects.
  if (r.code !== 0 && r.stderr.includes("the server doesn't have a resource type")) return [];
  if (r.code !== 0) throw new Error(`kubectl get ${args.join(' ')}: ${r.stderr}`);
  const doc = JSON.parse(r.stdout) as Obj & { items?: Obj[] };
  return doc.items ?? [doc];
};

export interface SandboxSnapshot {
  nodes: Record<string, { annotations: Record<string, string>; labels: Record<string, string> }>;
  necs: Record<string, { resourceVersion?: string; annotations: Record<string, string>; spec: unknown }>;
  ipamd: { deployment: { generation?: number; spec: unknown }; configMap: unknown };
  cloud: { enis: Record<string, string[]>; addon: unknown };
}

export async function snapshot(sb: Sandbox): Promise<SandboxSnapshot> {
  const nodes = Object.fromEntries(get(sb, 'nodes').map((n) => [n.metadata.name, { annotations: n.metadata.annotations ?? {}, labels: n.metadata.labels ?? {} }]));
  const necs = Object.fromEntries(
    get(sb, 'nec').map((n) => [n.metadata.name, { resourceVersion: n.metadata.resourceVersion, annotations: n.metadata.annotations ?? {}, spec: n.spec }]),
  );
  const [deployment] = get(sb, 'deployment', 'tke-eni-ipamd', '-n', 'kube-system');
  const cm = kubectl(['get', 'configmap', 'tke-eni-ipamd', '-n', 'kube-system', '-o', 'json'], sb.env);
  const state = await sb.control.state();
  return {
    nodes,
    necs,
    ipamd: { deployment: { generation: deployment!.metadata.generation, spec: deployment!.spec }, configMap: cm.code === 0 ? (JSON.parse(cm.stdout) as Obj).data : null },
    cloud: { enis: Object.fromEntries(state.enis.map((e) => [e.NetworkInterfaceId, e.GroupSet])), addon: state.addon.values },
  };
}
