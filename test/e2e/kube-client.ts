// The sandbox's cluster read in this process, with the Kubernetes client, where the test's own
// reading is not what is tested: `snapshot.ts`, and reads that poll (a resync caught mid-run,
// ipamd's reaction). A kubectl process costs ~0.08 s of CPU, and those loops ran it hundreds of
// times a run. What the plugin does is still run as its own process (run.ts).
import { kubeClients, type Kube } from '../sandbox/tke/kube.ts';
import { NEC_PLURAL, NET_GROUP, NET_VERSION } from '../sandbox/tke/names.ts';
import type { Sandbox } from './sandbox-fixture.ts';

const clients = new WeakMap<Sandbox, Kube>();

/** One client per sandbox. */
export function kubeOf(sb: Sandbox): Kube {
  let k = clients.get(sb);
  if (!k) clients.set(sb, (k = kubeClients(sb.env.KUBECONFIG!)));
  return k;
}

/** A NodeENIConfig's groups (none when it has no list). */
export async function necGroups(sb: Sandbox, node: string): Promise<string[]> {
  const nec = (await kubeOf(sb).custom.getClusterCustomObject({ group: NET_GROUP, version: NET_VERSION, plural: NEC_PLURAL, name: node })) as { spec?: { securityGroups?: string[] } };
  return nec.spec?.securityGroups ?? [];
}

export interface NodeMeta {
  metadata: { name: string; resourceVersion: string; annotations?: Record<string, string> };
}

/** Every Node's name, resourceVersion and annotations. */
export async function nodeMetas(sb: Sandbox): Promise<NodeMeta[]> {
  return (await kubeOf(sb).core.listNode()).items.map((n) => ({
    metadata: { name: n.metadata!.name!, resourceVersion: n.metadata!.resourceVersion!, annotations: n.metadata!.annotations },
  }));
}
