// Warning Events ipamd writes on a Node (core/v1 Events in namespace `default`, as for every
// cluster-scoped object). The involvedObject follows the Kubernetes convention for node events
// (kubelet, node controllers): uid = the node's name, which is also what `kubectl describe
// node` searches for. A repeated event (same node, reason and error code/action) is counted up
// on the existing object instead of creating a new one, like client-go's event correlator.
import type { Kube } from '../kube.ts';
import { isNotFound, kubeErrorText, MERGE_PATCH } from '../kube.ts';
import { IPAMD_NAME } from '../names.ts';

export class NodeEvents {
  private readonly kube: Kube;
  private readonly log: (line: string) => void;
  private readonly seen = new Map<string, { name: string; count: number }>();
  private readonly host: string;

  constructor(kube: Kube, log: (line: string) => void, host = 'ipamd-sandbox') {
    this.kube = kube;
    this.log = log;
    this.host = host;
  }

  /** `dedupKey` groups repeats (e.g. the error code and action); the message may change. */
  async warn(nodeName: string, reason: string, message: string, dedupKey: string): Promise<void> {
    const key = `${nodeName}|${reason}|${dedupKey}`;
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const prev = this.seen.get(key);
    try {
      if (prev) {
        prev.count++;
        await this.kube.core.patchNamespacedEvent(
          { name: prev.name, namespace: 'default', body: { count: prev.count, lastTimestamp: now, message } },
          MERGE_PATCH,
        );
        return;
      }
    } catch (e) {
      if (!isNotFound(e)) {
        this.log(`ipamd: cannot update event on node ${nodeName}: ${kubeErrorText(e)}`);
        return;
      }
    }
    const name = `${nodeName}.${(Date.now() * 1000 + Math.floor(Math.random() * 1000)).toString(16)}`;
    try {
      await this.kube.core.createNamespacedEvent({
        namespace: 'default',
        body: {
          metadata: { name, namespace: 'default' },
          involvedObject: { apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeName },
          reason,
          message,
          type: 'Warning',
          count: 1,
          firstTimestamp: new Date(now),
          lastTimestamp: new Date(now),
          source: { component: IPAMD_NAME, host: this.host },
          reportingComponent: IPAMD_NAME,
          reportingInstance: this.host,
        },
      });
      this.seen.set(key, { name, count: 1 });
    } catch (e) {
      this.log(`ipamd: cannot write event on node ${nodeName}: ${kubeErrorText(e)}`);
    }
  }
}
