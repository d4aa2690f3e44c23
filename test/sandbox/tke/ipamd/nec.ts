// Writing NodeENIConfigs: ipamd creates one per node (named like the node, owned by it when
// --enable-ownerref is set, which the real Deployment has) and sets spec.securityGroups. An API
// server's 429 or 5xx is tried again, as client-go (the real ipamd's client) tries again on one
// with Retry-After, rather than failing the node's sync (the work queue would try that again a
// second later; at start, NodeSync.initialSync waits for such a retry).
import type { Kube } from '../kube.ts';
import { isConflict, isNotFound, MERGE_PATCH, withRetry } from '../kube.ts';
import { NEC_DEFAULT_ANNOTATIONS, NEC_PLURAL, NET_GROUP, NET_VERSION } from '../names.ts';
import type { Obj } from './watches.ts';

const base = { group: NET_GROUP, version: NET_VERSION, plural: NEC_PLURAL };

/** Creates the node's NEC; `groups` undefined leaves spec.securityGroups unset. Answers undefined when it already existed. */
export async function createNec(kube: Kube, node: Obj, groups: string[] | undefined): Promise<Obj | undefined> {
  const body = {
    apiVersion: `${NET_GROUP}/${NET_VERSION}`,
    kind: 'NodeENIConfig',
    metadata: {
      name: node.metadata.name,
      annotations: { ...NEC_DEFAULT_ANNOTATIONS },
      ...(node.metadata.uid
        ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.metadata.name, uid: node.metadata.uid }] }
        : {}),
    },
    spec: groups === undefined ? {} : { securityGroups: groups },
  };
  try {
    return (await withRetry(() => kube.custom.createClusterCustomObject({ ...base, body }))) as Obj;
  } catch (e) {
    if (isConflict(e)) return undefined;
    throw e;
  }
}

export async function setNecGroups(kube: Kube, name: string, groups: string[]): Promise<Obj> {
  return (await withRetry(() => kube.custom.patchClusterCustomObject({ ...base, name, body: { spec: { securityGroups: groups } } }, MERGE_PATCH))) as Obj;
}

export async function readNec(kube: Kube, name: string): Promise<Obj | undefined> {
  try {
    return (await withRetry(() => kube.custom.getClusterCustomObject({ ...base, name }))) as Obj;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}
