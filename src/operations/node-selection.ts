// The nodes a verb is about, read the same way by every provider: named (each must exist), or
// picked by a label selector the apiserver parses; a wrong name or selector is the user's input.
import { BadInputError } from '../domain/bad-input.ts';
import { KubeApiError, orUndefinedOn404, type KubeClient } from '../adapters/kube/kube-client.ts';
import { getNode, listNodes, type KubeNode } from '../adapters/kube/nodes.ts';

export class NodeNotFoundError extends BadInputError {
  constructor(name: string) {
    super(`node "${name}" not found: kubectl get nodes lists the names (TKE names nodes after their private IP)`);
  }
}

export class InvalidSelectorError extends BadInputError {
  constructor(selector: string, why: string) {
    super(`invalid selector "${selector}": ${why} (the syntax is kubectl's: key=value, key!=value, key in (a,b), key)`);
  }
}

export interface NodeQuery {
  names?: string[];
  selector?: string;
  /** Nodes per page of the list (kubectl's --chunk-size; 0: unpaged); 500 when undefined. */
  chunkSize?: number;
  /** Each page of the list as it arrives (named nodes are not listed). */
  onPage?: (nodes: readonly KubeNode[], more: boolean) => void;
}

export async function selectNodes(kube: KubeClient, q: NodeQuery): Promise<KubeNode[]> {
  // Checked here rather than with yargs' conflicts(): the names positional defaults to [], which yargs counts as given.
  if (q.names && q.names.length > 0 && q.selector !== undefined) throw new BadInputError(`name nodes or give a selector (-l ${q.selector}), not both`);
  if (q.names && q.names.length > 0) {
    return Promise.all(
      q.names.map((name) =>
        getNode(kube, name).catch((err: unknown) => {
          throw err instanceof KubeApiError && err.status === 404 ? new NodeNotFoundError(name) : err;
        }),
      ),
    );
  }
  return listNodes(kube, { labelSelector: q.selector, limit: q.chunkSize }, q.onPage).catch((err: unknown) => {
    // The apiserver parses the selector: a 400 here is the user's selector, named as such.
    if (err instanceof KubeApiError && err.status === 400 && q.selector) throw new InvalidSelectorError(q.selector, err.message);
    throw err;
  });
}

/** The named nodes that still exist (a live view re-reads nodes that may have gone meanwhile). */
export async function existingNodes(kube: KubeClient, names: readonly string[]): Promise<KubeNode[]> {
  const found = await Promise.all(
    names.map((name) => orUndefinedOn404(getNode(kube, name))),
  );
  return found.filter((n): n is KubeNode => n !== undefined);
}
