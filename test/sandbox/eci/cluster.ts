// The simulator's view of the cluster: list-then-watch caches (the ipamd simulator's ListWatch
// helper) of eci-profile, namespaces, pods, and the workload kinds the controller keeps, plus
// the typed API clients it writes with. Objects are handled as plain JSON (K8sObject).
import { BatchV1Api } from '@kubernetes/client-node';
import { isConflict, kubeClients, type Kube } from '../tke/kube.ts';
import { startCache, type Cache, type Handlers } from '../tke/ipamd/watches.ts';
import { ECI_PROFILE, KUBE_SYSTEM } from './names.ts';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** A Kubernetes object as JSON; the simulator reads only a few fields of each kind. */
export interface K8sObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: OwnerReference[];
    deletionTimestamp?: unknown;
  };
  spec?: Record<string, any>;
  status?: Record<string, any>;
  data?: Record<string, string>;
}

export interface Clients extends Kube {
  batch: BatchV1Api;
}

export function clientsFor(kubeconfig: string): Clients {
  const kube = kubeClients(kubeconfig);
  return { ...kube, batch: kube.kc.makeApiClient(BatchV1Api) };
}

type Page = (cont: string | undefined) => Promise<unknown>;

/** Each watched resource: where it lives and how a page of it is listed. */
function resources(c: Clients): Record<string, { path: string; fieldSelector?: string; page: Page }> {
  const limit = 500;
  const profileSelector = `metadata.name=${ECI_PROFILE}`;
  return {
    profile: {
      path: `/api/v1/namespaces/${KUBE_SYSTEM}/configmaps`,
      fieldSelector: profileSelector,
      page: (cont) => c.core.listNamespacedConfigMap({ namespace: KUBE_SYSTEM, fieldSelector: profileSelector, limit, _continue: cont }),
    },
    namespaces: { path: '/api/v1/namespaces', page: (cont) => c.core.listNamespace({ limit, _continue: cont }) },
    pods: { path: '/api/v1/pods', page: (cont) => c.core.listPodForAllNamespaces({ limit, _continue: cont }) },
    Deployment: { path: '/apis/apps/v1/deployments', page: (cont) => c.apps.listDeploymentForAllNamespaces({ limit, _continue: cont }) },
    ReplicaSet: { path: '/apis/apps/v1/replicasets', page: (cont) => c.apps.listReplicaSetForAllNamespaces({ limit, _continue: cont }) },
    StatefulSet: { path: '/apis/apps/v1/statefulsets', page: (cont) => c.apps.listStatefulSetForAllNamespaces({ limit, _continue: cont }) },
    DaemonSet: { path: '/apis/apps/v1/daemonsets', page: (cont) => c.apps.listDaemonSetForAllNamespaces({ limit, _continue: cont }) },
    Job: { path: '/apis/batch/v1/jobs', page: (cont) => c.batch.listJobForAllNamespaces({ limit, _continue: cont }) },
    CronJob: { path: '/apis/batch/v1/cronjobs', page: (cont) => c.batch.listCronJobForAllNamespaces({ limit, _continue: cont }) },
  };
}

export type Watched = 'profile' | 'namespaces' | 'pods' | 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob';

export interface TypedCache {
  get(name: string, namespace?: string): K8sObject | undefined;
  list(): K8sObject[];
  stop(): Promise<void>;
}

export type TypedHandlers = { [E in keyof Handlers]: (o: K8sObject) => void };

export async function watch(c: Clients, what: Watched, handlers: TypedHandlers, log: (l: string) => void): Promise<TypedCache> {
  const r = resources(c)[what]!;
  const cache: Cache = await startCache(c.kc, {
    what,
    path: r.path,
    fieldSelector: r.fieldSelector,
    page: r.page as never,
    handlers: handlers as Handlers,
    log,
  });
  return {
    get: (name, ns) => cache.get(name, ns) as K8sObject | undefined,
    list: () => cache.list() as unknown as K8sObject[],
    stop: () => cache.stop(),
  };
}


/** Creates an object; one that exists already (a retry, a restart) is what was wanted. */
export async function createUnlessExists(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (e) {
    if (!isConflict(e)) throw e;
  }
}
