// Follows nodes and their NodeENIConfigs as they change, for a view that stays current (the
// TUI): two watches, nodes (with the label selector) and NECs (named like their nodes), each
// continued from the last version it saw and started again from "now" when the server no
// longer has that version (then the caller reads everything again). Only changes that show in
// a node's report count: a Node's status heartbeat every few minutes on each of 5,000 nodes is
// not a reason to read its ENIs again.
import { KubeApiError, type KubeClient, type WatchEvent } from '../../adapters/kube/kube-client.ts';
import { DISABLE_ANNOTATION, NEED_SYNC_ANNOTATION, instanceIdOf, necsVersion, watchNecs, type NodeEniConfig } from '../../adapters/kube/tke/objects.ts';
import type { NodeReport } from './node-report.ts';
import { pause } from '../poll-until.ts';
import { errorMessage } from '../../domain/error-message.ts';
import { nodesVersion, watchNodes, type KubeNode } from '../../adapters/kube/nodes.ts';

/** The parts of a Node and of its NEC that a report shows, as two comparable strings. */
export interface ReportKeys {
  node: string;
  nec: string;
}

export const nodeKey = (n: KubeNode) => {
  const a = n.metadata?.annotations ?? {};
  return `${a[DISABLE_ANNOTATION] === 'yes'}|${a[NEED_SYNC_ANNOTATION] === 'true'}|${instanceIdOf(n) ?? ''}`;
};

export const necKey = (nec: NodeEniConfig | undefined) => (nec ? `nec:${(nec.spec?.securityGroups ?? []).join(',')}` : 'none');

export function reportKeys(r: NodeReport): ReportKeys {
  return { node: `${r.disabled}|${r.syncPending}|${r.instanceId ?? ''}`, nec: r.hasNec ? `nec:${r.desiredGroups.join(',')}` : 'none' };
}

export interface NodeWatchHandlers {
  /** What the caller's reports of a node say now; undefined for a node it has no report of. */
  known(name: string): ReportKeys | undefined;
  /** Nodes whose report would now read differently, or that are new. */
  changed(names: string[]): void;
  removed(names: string[]): void;
  /** Changes were lost (the server forgot the version): read everything again. */
  stale(): void;
  error(message: string): void;
}

/** Between a failed watch and the next try. */
const RETRY_MS = 5000;

async function follow<T extends { metadata?: { name?: string; resourceVersion?: string } }>(
  signal: AbortSignal,
  version: () => Promise<string>,
  watch: (rv: string, onEvent: (e: WatchEvent<T>) => void) => Promise<string>,
  onEvent: (e: WatchEvent<T>) => void,
  h: NodeWatchHandlers,
): Promise<void> {
  let rv: string | undefined;
  while (!signal.aborted) {
    try {
      rv ??= await version();
      rv = await watch(rv, onEvent);
    } catch (err) {
      if (signal.aborted) return;
      // No NodeENIConfig CRD (ipamd < v3.2.0): there is nothing to follow, and nothing wrong.
      if (err instanceof KubeApiError && err.status === 404) return;
      if (err instanceof KubeApiError && err.status === 410) {
        rv = undefined;
        h.stale();
        continue;
      }
      h.error(errorMessage(err));
      await pause(RETRY_MS, signal);
    }
  }
}

/** Starts both watches; returns the function that stops them. */
export function followNodes(kube: KubeClient, selector: string | undefined, h: NodeWatchHandlers): () => void {
  const controller = new AbortController();
  const signal = controller.signal;
  const options = (rv: string) => ({ resourceVersion: rv, labelSelector: selector || undefined, signal });
  void follow<KubeNode>(
    signal,
    () => nodesVersion(kube, selector || undefined),
    (rv, on) => watchNodes(kube, options(rv), on),
    (e) => {
      const name = e.object.metadata?.name;
      if (!name || e.type === 'BOOKMARK') return;
      if (e.type === 'DELETED') h.removed([name]);
      else if (h.known(name)?.node !== nodeKey(e.object)) h.changed([name]);
    },
    h,
  );
  void follow<NodeEniConfig>(
    signal,
    () => necsVersion(kube),
    (rv, on) => watchNecs(kube, { resourceVersion: rv, signal }, on),
    (e) => {
      const name = e.object.metadata?.name;
      if (!name || e.type === 'BOOKMARK') return;
      const known = h.known(name);
      // A NEC of a node the caller does not show (another selector) is none of its business.
      if (known && known.nec !== necKey(e.type === 'DELETED' ? undefined : e.object)) h.changed([name]);
    },
    h,
  );
  return () => controller.abort();
}
