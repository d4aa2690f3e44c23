// @kubernetes/client-node 2.0.1 for the sandbox: API clients from a kubeconfig file, with one
// shared HTTP dispatcher per KubeConfig.
//
// Why the shared dispatcher: client-node 2.0.1 builds a new undici Agent for every request
// (KubeConfig.applySecurityAuthentication → createDispatcher), i.e. a new TLS connection per
// call that then lingers in keep-alive. At 10,000+ calls (5,000 nodes) that is slow and piles up
// sockets. Memoising createDispatcher on the instance reuses one connection pool.
import {
  ApiextensionsV1Api,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';

export interface Kube {
  kc: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  custom: CustomObjectsApi;
  apiext: ApiextensionsV1Api;
}

export function loadKubeConfig(kubeconfig: string | KubeConfig): KubeConfig {
  let kc: KubeConfig;
  if (typeof kubeconfig === 'string') {
    kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
  } else {
    kc = kubeconfig;
  }
  const patched = kc as unknown as { __sharedDispatcher?: boolean; createDispatcher(c: unknown, o: unknown): unknown };
  if (!patched.__sharedDispatcher) {
    const original = patched.createDispatcher.bind(patched);
    let cached: unknown;
    let made = false;
    patched.createDispatcher = (cluster: unknown, opts: unknown) => {
      if (!made) {
        cached = original(cluster, opts);
        made = true;
      }
      return cached;
    };
    patched.__sharedDispatcher = true;
  }
  return kc;
}

export function kubeClients(kubeconfig: string | KubeConfig): Kube {
  const kc = loadKubeConfig(kubeconfig);
  return {
    kc,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
    apiext: kc.makeApiClient(ApiextensionsV1Api),
  };
}

/** Options for a JSON merge patch (client-node defaults to JSON Patch). */
export const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export function httpStatus(e: unknown): number | undefined {
  if (typeof e === 'object' && e !== null) {
    const code = (e as { code?: unknown; statusCode?: unknown }).code ?? (e as { statusCode?: unknown }).statusCode;
    if (typeof code === 'number') return code;
  }
  return undefined;
}
export const isNotFound = (e: unknown) => httpStatus(e) === 404;
export const isConflict = (e: unknown) => httpStatus(e) === 409;

/** A short message for logs (client-node's ApiException message carries the whole body and headers). */
export function kubeErrorText(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'body' in e) {
    const body = (e as { body: unknown }).body;
    const b = typeof body === 'string' ? safeJson(body) : body;
    if (b && typeof b === 'object' && 'message' in b) return `${httpStatus(e)} ${(b as { message: string }).message}`;
  }
  return e instanceof Error ? e.message.split('\n')[0]! : String(e);
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** Runs fn over items with at most `limit` in flight; rejects with the first error after all settle. */
export async function pool<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let firstError: unknown;
  let failed = false;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        await fn(items[i]!, i);
      } catch (e) {
        if (!failed) {
          failed = true;
          firstError = e;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed) throw firstError;
}

/** Retries fn on 429 / 5xx / network errors a few times (the apiserver under a 5,000-node burst). */
export async function withRetry<T>(fn: () => Promise<T>, tries = 5): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      const s = httpStatus(e);
      const retriable = s === 429 || (s !== undefined && s >= 500) || (s === undefined && i < 2);
      if (!retriable || i >= tries - 1) throw e;
      await new Promise((r) => setTimeout(r, 100 * 2 ** i));
    }
  }
}
