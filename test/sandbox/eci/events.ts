// Events the virtual kubelet writes (core/v1, in the object's namespace), like client-go's
// recorder: a repeat of the same object, reason and message counts up the existing Event.
import type { Kube } from '../tke/kube.ts';
import { isNotFound, kubeErrorText, MERGE_PATCH } from '../tke/kube.ts';
import { COMPONENT } from './names.ts';

export interface Involved {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  uid?: string;
}

export class EventRecorder {
  private readonly seen = new Map<string, { name: string; count: number }>();

  private readonly kube: Kube;
  private readonly log: (line: string) => void;
  private readonly host: string;
  /** Who signs the Events: virtual-kubelet for ECI, eklet for TKE's super nodes. */
  private readonly component: string;

  constructor(kube: Kube, log: (line: string) => void, host: string, component = COMPONENT) {
    this.kube = kube;
    this.log = log;
    this.host = host;
    this.component = component;
  }

  async record(o: Involved, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> {
    const key = `${o.namespace}/${o.kind}/${o.name}/${o.uid}|${reason}|${message}`;
    const now = new Date(new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'));
    const prev = this.seen.get(key);
    if (prev) {
      prev.count++;
      try {
        await this.kube.core.patchNamespacedEvent({ name: prev.name, namespace: o.namespace, body: { count: prev.count, lastTimestamp: now } }, MERGE_PATCH);
        return;
      } catch (e) {
        if (!isNotFound(e)) return this.log(`${this.component}: cannot update event on ${o.kind} ${o.name}: ${kubeErrorText(e)}`);
      }
    }
    const name = `${o.name}.${(Date.now() * 1000 + Math.floor(Math.random() * 1000)).toString(16)}`;
    try {
      await this.kube.core.createNamespacedEvent({
        namespace: o.namespace,
        body: {
          metadata: { name, namespace: o.namespace },
          involvedObject: { apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name, uid: o.uid },
          reason,
          message,
          type,
          count: 1,
          firstTimestamp: now,
          lastTimestamp: now,
          source: { component: this.component, host: this.host },
          reportingComponent: this.component,
          reportingInstance: this.host,
        },
      });
      this.seen.set(key, { name, count: 1 });
    } catch (e) {
      this.log(`${this.component}: cannot write event on ${o.kind} ${o.name}: ${kubeErrorText(e)}`);
    }
  }
}
