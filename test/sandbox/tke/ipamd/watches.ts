// ipamd's view of the cluster: list-then-watch caches (client-node's ListWatch) of the Nodes,
// the NodeENIConfigs, and its own Deployment and ConfigMap in kube-system. Lists are paged (500
// per page, one consistent snapshot) so 5,000 nodes are not one huge response; a watch that
// fails (not a timeout or 410, which ListWatch handles itself) is restarted after a second.
import { ListWatch, Watch, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import type { Kube } from '../kube.ts';
import { isNotFound, kubeErrorText } from '../kube.ts';
import { IPAMD_NAME, KUBE_SYSTEM, NEC_PLURAL, NET_GROUP, NET_VERSION } from '../names.ts';

export interface Obj extends KubernetesObject {
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown> & {
    providerID?: string;
    securityGroups?: string[];
    template?: { spec?: { containers?: Array<{ image?: string; args?: string[]; env?: unknown[] }> } };
  };
  data?: Record<string, string>;
}

type ListPage = { items: Obj[]; metadata?: { resourceVersion?: string; continue?: string; _continue?: string } };

export interface Cache {
  get(name: string, namespace?: string): Obj | undefined;
  list(): ReadonlyArray<Obj>;
  stop(): Promise<void>;
}

export interface Handlers {
  add?: (o: Obj) => void;
  update?: (o: Obj) => void;
  delete?: (o: Obj) => void;
}

async function listAll(page: (cont: string | undefined) => Promise<ListPage>): Promise<{ items: Obj[]; metadata: { resourceVersion: string } }> {
  const items: Obj[] = [];
  let cont: string | undefined;
  let rv = '';
  do {
    const p = await page(cont);
    items.push(...p.items);
    rv = p.metadata?.resourceVersion ?? rv;
    cont = p.metadata?.continue ?? p.metadata?._continue ?? undefined;
  } while (cont);
  return { items, metadata: { resourceVersion: rv } };
}

/** Starts a cache; resolves once the first list is in (the handlers got `add` for every object). */
export async function startCache(
  kc: KubeConfig,
  o: { what: string; path: string; fieldSelector?: string; page: (cont: string | undefined) => Promise<ListPage>; handlers: Handlers; log: (l: string) => void },
): Promise<Cache> {
  let synced = false;
  let lastError: unknown;
  let stopped = false;
  const lw = new ListWatch<Obj>(
    o.path,
    new Watch(kc),
    async () => {
      const r = await listAll(o.page);
      synced = true;
      return r as never;
    },
    false,
    undefined,
    o.fieldSelector,
  );
  if (o.handlers.add) lw.on('add', o.handlers.add);
  if (o.handlers.update) lw.on('update', o.handlers.update);
  if (o.handlers.delete) lw.on('delete', o.handlers.delete);
  lw.on('error', (e) => {
    lastError = e;
    if (stopped) return;
    if (synced) o.log(`ipamd: watch of ${o.what} failed (${kubeErrorText(e)}), restarting in 1 s`);
    setTimeout(() => {
      if (!stopped) void lw.start();
    }, 1_000).unref();
  });
  for (let i = 0; !synced; i++) {
    await lw.start();
    if (synced) break;
    if (isNotFound(lastError) || i >= 20) {
      stopped = true;
      await lw.stop();
      throw new Error(`cannot list ${o.what}: ${kubeErrorText(lastError)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    get: (name, ns) => lw.get(name, ns),
    list: () => lw.list(),
    stop: async () => {
      stopped = true;
      await lw.stop();
    },
  };
}

const PAGE = 500;

export function watchNodes(kube: Kube, handlers: Handlers, log: (l: string) => void): Promise<Cache> {
  return startCache(kube.kc, {
    what: 'nodes',
    path: '/api/v1/nodes',
    page: (cont) => kube.core.listNode({ limit: PAGE, _continue: cont }) as Promise<ListPage>,
    handlers,
    log,
  });
}

export function watchNecs(kube: Kube, handlers: Handlers, log: (l: string) => void): Promise<Cache> {
  return startCache(kube.kc, {
    what: 'nodeeniconfigs',
    path: `/apis/${NET_GROUP}/${NET_VERSION}/${NEC_PLURAL}`,
    page: (cont) => kube.custom.listClusterCustomObject({ group: NET_GROUP, version: NET_VERSION, plural: NEC_PLURAL, limit: PAGE, _continue: cont }) as Promise<ListPage>,
    handlers,
    log,
  });
}

export function watchIpamdDeployment(kube: Kube, handlers: Handlers, log: (l: string) => void): Promise<Cache> {
  const fieldSelector = `metadata.name=${IPAMD_NAME}`;
  return startCache(kube.kc, {
    what: 'the ipamd Deployment',
    path: `/apis/apps/v1/namespaces/${KUBE_SYSTEM}/deployments`,
    fieldSelector,
    page: (cont) => kube.apps.listNamespacedDeployment({ namespace: KUBE_SYSTEM, fieldSelector, limit: PAGE, _continue: cont }) as Promise<ListPage>,
    handlers,
    log,
  });
}

export function watchIpamdConfigMap(kube: Kube, handlers: Handlers, log: (l: string) => void): Promise<Cache> {
  const fieldSelector = `metadata.name=${IPAMD_NAME}`;
  return startCache(kube.kc, {
    what: 'the ipamd ConfigMap',
    path: `/api/v1/namespaces/${KUBE_SYSTEM}/configmaps`,
    fieldSelector,
    page: (cont) => kube.core.listNamespacedConfigMap({ namespace: KUBE_SYSTEM, fieldSelector, limit: PAGE, _continue: cont }) as Promise<ListPage>,
    handlers,
    log,
  });
}

/** Whether the NodeENIConfig CRD is installed (ipamd < v3.2.0 clusters may lack it). */
export async function necCrdInstalled(kube: Kube): Promise<boolean> {
  try {
    await kube.apiext.readCustomResourceDefinition({ name: `${NEC_PLURAL}.${NET_GROUP}` });
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}
