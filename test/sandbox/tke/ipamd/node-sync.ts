// Node sync: what ipamd does for one node, run from a per-node work queue (reaction delay,
// bounded concurrency, backoff on failure). Per node:
//  1. find the node's instance (label cloud.tencent.com/node-instance-id, else spec.providerID)
//     and its ENIs (DescribeNetworkInterfaces); a node whose instance has no secondary ENI gets
//     one (what ipamd does for a new node; created through the emulator's control interface);
//  2. make sure the node's NodeENIConfig exists (when the CRD is installed); with the feature on,
//     a NEC whose spec.securityGroups was never set gets the policy's groups: the global list,
//     or when there is none the primary ENI's groups or none, as the scenario reads the
//     documents (config.ts policyGroups);
//  3. feature off: stop here, ENIs are not touched;
//  4. annotation disable-node-eni-security-groups = "yes": unbind every group from the
//     secondary ENIs (the NEC is left as it is);
//     re-enabled ("yes" → anything else) or need-sync-security-groups = "true" (v3.5.8+):
//     derive the groups from the policy again, write them to the NEC (the sandbox models the
//     NEC as rewritten, domain.md), strongly sync the ENIs, then forget the re-enable / remove
//     the need-sync annotation (on older versions need-sync is ignored and left in place);
//     otherwise: target = NEC spec.securityGroups; an ENI with no group gets it in order, an ENI
//     with groups is strongly synced from v3.3.2 on and kept before (plan.ts);
//  5. cloud writes are batched across nodes (cloud.ts); a failure writes a Warning Event on the
//     Node, with the reason and wording the scenario picks (the real ones are unknown:
//     scenario.ts BindEventWording), and the node is retried with backoff.
// Nothing is re-checked periodically unless resyncPeriodMs is set: drift made behind ipamd's
// back stays until the node is synced again (an event, a restart, a resync annotation).
import type { EmulatorControl } from '../../tencent/control-client.ts';
import type { Kube } from '../kube.ts';
import { isNotFound, MERGE_PATCH, withRetry } from '../kube.ts';
import { ANN_DISABLE, ANN_NEED_SYNC, instanceIdFromProviderId, LABEL_INSTANCE_ID } from '../names.ts';
import { CloudError, type Cloud, type Eni } from './cloud.ts';
import { policyGroups, type IpamdConfig } from './config.ts';
import type { IpamdSpec, ToggleSeen } from '../../scenario.ts';
import { NodeEvents } from './events.ts';
import { createNec, readNec, setNecGroups } from './nec.ts';
import { planEni, type EniChange, type SyncMode } from './plan.ts';
import { WorkQueue } from './queue.ts';
import type { Features } from './version.ts';
import type { Cache, Obj } from './watches.ts';

/**
 * What ipamd remembers about nodes from the events it saw (kept across simulated restarts:
 * a sandbox simplification). What a quick "yes" → "no" that ipamd never processed in between
 * does is unknown (scenario ToggleSeen): `both-edits`, a re-enable is recorded when the event
 * arrives, so it still counts as a toggle; `final-state`, it counts only if ipamd acted on "yes"
 * (unbound the node's groups) before "no" arrived, else ipamd sees a node that says "no".
 */
export class NodeMemory {
  private readonly seen = new Map<string, { disable: string | undefined; needSync: string | undefined; instanceId: string | undefined }>();
  readonly reenabled = new Set<string>();
  /** Nodes whose "yes" ipamd has acted on (their groups unbound) since it arrived. */
  private readonly actedOnDisable = new Set<string>();

  private readonly toggleSeen: ToggleSeen;

  constructor(toggleSeen: ToggleSeen = 'both-edits') {
    this.toggleSeen = toggleSeen;
  }

  /** ipamd unbound the node's groups for its "yes". */
  disabledActedOn(name: string): void {
    this.actedOnDisable.add(name);
  }

  /**
   * Records the node; answers whether ipamd reacts: a new node, a changed disable annotation,
   * need-sync set to "true", another instance. (Removing need-sync, labels, status: no.)
   */
  observe(node: Obj): boolean {
    const name = node.metadata.name;
    const ann = node.metadata.annotations ?? {};
    const now = { disable: ann[ANN_DISABLE], needSync: ann[ANN_NEED_SYNC], instanceId: instanceIdOf(node) };
    const prev = this.seen.get(name);
    this.seen.set(name, now);
    if (now.disable === 'yes') {
      if (prev?.disable !== 'yes') this.actedOnDisable.delete(name);
      this.reenabled.delete(name);
    } else if (prev?.disable === 'yes' && (this.toggleSeen === 'both-edits' || this.actedOnDisable.has(name))) this.reenabled.add(name);
    if (!prev) return true;
    return prev.disable !== now.disable || prev.instanceId !== now.instanceId || (now.needSync === 'true' && prev.needSync !== 'true');
  }

  forget(name: string): void {
    this.seen.delete(name);
    this.reenabled.delete(name);
    this.actedOnDisable.delete(name);
  }
}

export function instanceIdOf(node: Obj): string | undefined {
  return node.metadata.labels?.[LABEL_INSTANCE_ID] ?? instanceIdFromProviderId(node.spec?.providerID);
}

const key = (groups: readonly string[] | undefined) => (groups === undefined ? '' : JSON.stringify(groups));

export interface NodeSyncOptions {
  kube: Kube;
  cloud: Cloud;
  control: EmulatorControl;
  events: NodeEvents;
  /** Reason and wording of the Warning Event a failed bind writes. */
  bindEvent: IpamdSpec['bindEvent'];
  /** Feature on, empty global list (v3.5+): the primary ENI's groups or none. */
  emptyList: IpamdSpec['emptyList'];
  /**
   * ENIs that are not ipamd's shared ENIs (a pod's direct ENI, trunk and sub-ENIs, hand-attached
   * ones): left alone. The real ipamd knows its own from its records (VpcENI objects); the
   * simulator from the scenario, never from names the plugin reads.
   */
  foreignEnis: ReadonlySet<string>;
  nodes: Cache;
  /** Undefined when the NodeENIConfig CRD is not installed. */
  necs: Cache | undefined;
  memory: NodeMemory;
  features: Features;
  config: IpamdConfig;
  reactionDelayMs: number;
  concurrency: number;
  retryBaseMs: number;
  maxRetryMs: number;
  log: (line: string) => void;
  /** After every attempt to sync a node (error undefined when it succeeded). */
  onSynced?: (name: string, error: unknown) => void;
}

/** Attempts of a failing node the start-up sync waits for (initialSync). */
const INITIAL_TRIES = 2;

export class NodeSync {
  private readonly o: NodeSyncOptions;
  private readonly queue: WorkQueue;
  /** The NEC spec.securityGroups ipamd last wrote or acted on, per node (echoes of it are ignored). */
  readonly lastApplied = new Map<string, string>();
  /** NECs as ipamd last wrote them: newer than the cache until the watch delivers the write. */
  private readonly written = new Map<string, Obj>();
  config: IpamdConfig;
  /** Nodes of the start-up sync not yet settled, with how many of their attempts failed. */
  private initialPending: Map<string, number> | undefined;
  private initialDone: (() => void) | undefined;
  private stopped = false;

  constructor(o: NodeSyncOptions) {
    this.o = o;
    this.config = o.config;
    this.queue = new WorkQueue({
      concurrency: o.concurrency,
      retryBaseMs: o.retryBaseMs,
      maxRetryMs: o.maxRetryMs,
      process: (name) => this.reconcile(name),
      onDone: (name, error) => {
        if (error !== undefined && !this.stopped) this.o.log(`ipamd: node ${name}: ${error instanceof Error ? error.message : String(error)}`);
        this.o.onSynced?.(name, error);
        const failed = (this.initialPending?.get(name) ?? 0) + (error === undefined ? 0 : 1);
        if (error === undefined || failed >= INITIAL_TRIES) this.settleInitial(name);
        else this.initialPending?.set(name, failed);
      },
    });
  }

  get features(): Features {
    return this.o.features;
  }

  /** React to a change of this node (after the reaction delay). */
  enqueue(name: string, delayMs = this.o.reactionDelayMs): void {
    this.queue.add(name, delayMs);
  }

  enqueueAll(delayMs = this.o.reactionDelayMs): void {
    for (const n of this.o.nodes.list()) this.queue.add(n.metadata.name, delayMs);
  }

  forget(name: string): void {
    this.settleInitial(name);
    this.queue.forget(name);
    this.lastApplied.delete(name);
    this.written.delete(name);
  }

  /** The newer of the cached NEC and the one ipamd wrote last (etcd resource versions grow). */
  private currentNec(name: string): Obj | undefined {
    const cached = this.o.necs?.get(name);
    const mine = this.written.get(name);
    if (!mine) return cached;
    if (!cached || Number(mine.metadata.resourceVersion) > Number(cached.metadata.resourceVersion)) return mine;
    this.written.delete(name);
    return cached;
  }

  private async writeNecGroups(name: string, groups: string[]): Promise<void> {
    this.lastApplied.set(name, key(groups));
    this.written.set(name, await setNecGroups(this.o.kube, name, groups));
  }

  /** The NEC was deleted: recreate it (from the current policy) at the next sync. */
  onNecDeleted(name: string): void {
    this.written.delete(name);
    this.lastApplied.delete(name);
    this.enqueue(name);
  }

  /** A NEC event: react unless it is the echo of what ipamd itself wrote. */
  onNec(nec: Obj): void {
    const name = nec.metadata.name;
    if (key(nec.spec?.securityGroups) !== (this.lastApplied.get(name) ?? '')) this.enqueue(name);
  }

  /**
   * Syncs every node (ipamd's start-up sync); resolves when each one synced, or failed twice: a
   * one-off failure (a time-out, an API server's 5xx) is retried after retryBaseMs and settled
   * before this resolves, so nothing of it lands after the sandbox says ready, where it would
   * undo drift a test made (strong sync) or move a snapshot taken then. A node that fails again
   * fails for a reason that lasts (a role without its policy) and would keep this waiting.
   */
  initialSync(): Promise<void> {
    const names = this.o.nodes.list().map((n) => n.metadata.name);
    if (names.length === 0) return Promise.resolve();
    this.initialPending = new Map(names.map((n) => [n, 0]));
    const done = new Promise<void>((r) => (this.initialDone = r));
    for (const n of names) this.queue.add(n, 0);
    return done;
  }

  private settleInitial(name: string): void {
    if (this.initialPending?.delete(name) && this.initialPending.size === 0) this.initialDone?.();
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.queue.stop();
    this.initialDone?.();
  }

  private async reconcile(name: string): Promise<void> {
    const { kube, cloud, necs, memory, log } = this.o;
    const f = this.o.features;
    const cfg = this.config;
    const node = this.o.nodes.get(name);
    if (!node) return;
    const instanceId = instanceIdOf(node);
    if (!instanceId) {
      log(`ipamd: node ${name} has no instance ID (label ${LABEL_INSTANCE_ID} or providerID), skipped`);
      return;
    }
    const enis = await cloud.enisOf(instanceId);
    if (enis.length === 0) {
      log(`ipamd: instance ${instanceId} of node ${name} has no ENI in the cloud, skipped`);
      return;
    }
    const primary = enis.find((e) => e.primary);
    let secondaries = enis.filter((e) => !e.primary && !this.o.foreignEnis.has(e.id));
    if (secondaries.length === 0) {
      const created = await this.o.control.createEni({ instanceId });
      secondaries = [{ id: created.NetworkInterfaceId, primary: false, instanceId, groups: [...created.GroupSet] }];
      log(`ipamd: node ${name}: created secondary ENI ${created.NetworkInterfaceId}`);
    }
    const policy = () => policyGroups(cfg, primary?.groups ?? [], this.o.emptyList);
    const featureOn = f.securityGroups && cfg.enabled;

    // The node's NEC.
    let necGroups: string[] | undefined;
    if (necs) {
      let nec = this.currentNec(name);
      if (!nec) {
        const groups = featureOn ? policy() : undefined;
        if (groups) this.lastApplied.set(name, key(groups));
        nec = (await createNec(kube, node, groups)) ?? (await readNec(kube, name));
        if (nec) this.written.set(name, nec);
      }
      necGroups = nec?.spec?.securityGroups;
      if (featureOn && necGroups === undefined) {
        necGroups = policy();
        await this.writeNecGroups(name, necGroups);
      }
    }
    if (!featureOn) return;

    const ann = node.metadata.annotations ?? {};
    const needSync = f.needSync && ann[ANN_NEED_SYNC] === 'true';
    const reenabled = memory.reenabled.has(name);
    let mode: SyncMode;
    let target: string[];
    if (ann[ANN_DISABLE] === 'yes') {
      mode = 'unbind-all';
      target = [];
    } else if (needSync || reenabled) {
      target = policy();
      mode = 'strong';
      if (necs && key(target) !== key(necGroups)) await this.writeNecGroups(name, target);
    } else {
      target = necGroups ?? policy();
      mode = f.strongSync ? 'strong' : 'bind-if-empty';
    }
    if (necs) this.lastApplied.set(name, key(mode === 'unbind-all' ? necGroups : target));

    const changes = secondaries.map((e) => planEni(e.id, e.groups, target, mode)).filter((c): c is EniChange => c !== undefined);
    await this.apply(name, instanceId, secondaries, changes);

    if (mode === 'unbind-all') {
      memory.disabledActedOn(name);
      return;
    }
    if (reenabled) memory.reenabled.delete(name);
    if (needSync) {
      try {
        await withRetry(() => kube.core.patchNode({ name, body: { metadata: { annotations: { [ANN_NEED_SYNC]: null } } } }, MERGE_PATCH));
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
  }

  /** Disassociate first (so the group quota is not exceeded), then Associate; all batched across nodes. */
  private async apply(node: string, instanceId: string, enis: Eni[], changes: EniChange[]): Promise<void> {
    const { cloud, log } = this.o;
    const failures: Array<{ change: EniChange; action: 'Disassociate' | 'Associate'; error: unknown }> = [];
    const run = async (action: 'Disassociate' | 'Associate', list: EniChange[]) => {
      const results = await Promise.allSettled(
        list.map((c) => (action === 'Disassociate' ? cloud.disassociate(c.eniId, c.remove) : cloud.associate(c.eniId, c.add))),
      );
      results.forEach((r, i) => {
        if (r.status === 'rejected') failures.push({ change: list[i]!, action, error: r.reason });
      });
    };
    await run('Disassociate', changes.filter((c) => c.remove.length > 0));
    const failedEnis = new Set(failures.map((x) => x.change.eniId));
    await run('Associate', changes.filter((c) => c.add.length > 0 && !failedEnis.has(c.eniId)));
    for (const c of changes) {
      if (!failures.some((x) => x.change.eniId === c.eniId)) {
        const before = enis.find((e) => e.id === c.eniId)?.groups ?? [];
        log(`ipamd: node ${node}: ENI ${c.eniId} [${before.join(',')}] -${c.remove.join(',') || '∅'} +${c.add.join(',') || '∅'}`);
      }
    }
    if (failures.length === 0) return;
    const first = failures[0]!;
    const err = first.error;
    const code = err instanceof CloudError ? err.code : 'Error';
    const detail = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();
    const more = failures.length > 1 ? ` (and ${failures.length - 1} more ENI changes)` : '';
    let message: string;
    if (this.o.bindEvent.wording === 'sdk-error') {
      // Only what the Go SDK's error prints: no group IDs, no hint about the role.
      const cloudMessage = err instanceof CloudError ? detail.replace(`${err.action}: ${code}: `, '') : detail;
      const requestId = err instanceof CloudError ? err.requestId : '';
      message = `sync eni ${first.change.eniId} failed${more}: [TencentCloudSDKError] Code=${code}, Message=${cloudMessage}, RequestId=${requestId}`;
    } else {
      const what = first.action === 'Associate' ? `bind security groups ${first.change.add.join(',')} to` : `unbind security groups ${first.change.remove.join(',')} from`;
      message = `failed to ${what} ENI ${first.change.eniId} of instance ${instanceId}${more}: ${detail}`;
      if (code === 'UnauthorizedOperation') {
        message +=
          '. Role IPAMDofTKE_QCSRole needs cvm:AssociateNetworkInterfaceSecurityGroups and cvm:DisassociateNetworkInterfaceSecurityGroups' +
          ' (attach a policy such as SecurityGroupsAccessForIPAMD).';
      }
    }
    await this.o.events.warn(node, this.o.bindEvent.reason, message, `${code}|${first.action}`);
    throw new Error(`${first.action} failed: ${detail}`);
  }
}

