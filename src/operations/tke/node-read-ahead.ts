// show node's read-ahead on TKE (NodeReadAhead, operations/provider.ts). On a big cluster the
// nodes arrive in pages (500 each, as kubectl reads them) and the cloud's ENI reads are paced
// (DescribeNetworkInterfaces, rate-gate.ts): waiting for the last page before the first ENI call
// puts the two one after the other. Here each page's instances are asked for as soon as a full
// batch of them is known, in the same batches readNodeReports would cut (the adapter's BATCH, in
// node order), so no call is added; the last, partial batch is asked when the report is read.
import type { KubeNode } from '../../adapters/kube/nodes.ts';
import { instanceIdOf, type NodeEniConfig } from '../../adapters/kube/tke/objects.ts';
import { BATCH, type Eni } from '../../adapters/tencent/vpc.ts';
import { regionHintsOf } from '../cloud-access.ts';
import type { NodeReadAhead } from '../provider.ts';
import type { EniReader } from './node-report.ts';

export interface TkeReadAheadSources {
  /** The NECs, read from the first page on (a read of the cluster: nothing to hold back). */
  necs: Promise<NodeEniConfig[]>;
  /**
   * Whether the cluster runs ipamd. The cloud is asked ahead only then: on another provider's
   * cluster whose plain nodes are shown as TKE's (docs/providers.md), a Tencent key in the
   * environment must not be used for nodes that are not Tencent's.
   */
  runsIpamd: Promise<boolean>;
  /** The ENI reader of the cloud opened with these region hints (the verb's own, opened once); undefined: none (no credentials, --no-cloud). */
  openCloud(regionHints: readonly string[]): Promise<EniReader | undefined>;
}

export class TkeNodeReadAhead implements NodeReadAhead {
  private readonly sources: TkeReadAheadSources;
  /** The reader asked ahead with; undefined until a node names the region (the hint the verb itself would open the cloud with). */
  private cloud: Promise<EniReader | undefined> | undefined;
  /** Each instance asked for ahead, with the answer of the batch it was asked in. */
  private readonly batchOf = new Map<string, Promise<Eni[]>>();
  private readonly seen = new Set<string>();
  private queued: string[] = [];

  constructor(sources: TkeReadAheadSources) {
    this.sources = sources;
    // As for a batch (add): a failure counts only for whoever waits for it.
    sources.necs.catch(() => undefined);
  }

  get necs(): Promise<NodeEniConfig[]> {
    return this.sources.necs;
  }

  add(nodes: readonly KubeNode[]): void {
    if (!this.cloud) {
      const hints = regionHintsOf(nodes);
      if (hints.length > 0) {
        this.cloud = this.sources.runsIpamd.then((runs) => (runs ? this.sources.openCloud(hints) : undefined));
        this.cloud.catch(() => undefined);
      }
    }
    for (const node of nodes) {
      const id = instanceIdOf(node);
      if (id === undefined || this.seen.has(id)) continue;
      this.seen.add(id);
      this.queued.push(id);
    }
    const cloud = this.cloud;
    if (!cloud) return;
    while (this.queued.length >= BATCH) {
      const instanceIds = this.queued.splice(0, BATCH);
      const batch = cloud.then((c) => (c ? c.describeEnisByInstances(instanceIds) : []));
      // Nobody may wait for it (the nodes turn out not to be shown): its failure must not end the
      // process then. Whoever does wait sees it.
      batch.catch(() => undefined);
      for (const id of instanceIds) this.batchOf.set(id, batch);
    }
  }

  /** The ENIs of these instances through `cloud`, from the batches already asked where they were. */
  readerOver(cloud: EniReader): EniReader {
    return {
      describeEnisByInstances: async (instanceIds) => {
        if (!(this.cloud && (await this.cloud))) return cloud.describeEnisByInstances(instanceIds);
        const wanted = new Set(instanceIds);
        const asked = new Set<Promise<Eni[]>>();
        const rest: string[] = [];
        for (const id of wanted) {
          const batch = this.batchOf.get(id);
          if (batch) asked.add(batch);
          else rest.push(id);
        }
        // In node order, as one call of the whole list would answer: the batches asked, then the rest.
        const answers = await Promise.all([...asked, rest.length > 0 ? cloud.describeEnisByInstances(rest) : []]);
        const byId = new Map<string, Eni>();
        for (const eni of answers.flat()) if (eni.instanceId !== undefined && wanted.has(eni.instanceId)) byId.set(eni.id, eni);
        return [...byId.values()];
      },
    };
  }
}
