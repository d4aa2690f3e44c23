// The TUI's backend for TKE super nodes on a real cluster (CLI side, like live-eci.ts, which
// live-backend.ts hands the super node calls to): the super nodes with their pods as `show node`
// reads them, a pod as `show pod` does, and the groups (Tencent's: the region's, as VPC-CNI's).
// Read-only: changes go through `set workload` and `set cluster --provider supernode`.
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import { SUPER_NODE_SELECTOR } from '../../adapters/kube/supernode/objects.ts';
import type { CloudOpener } from '../../operations/cloud-access.ts';
import { readGroupSources } from '../../operations/supernode/group-sources.ts';
import { readSuperNodeReports, type SuperNodeReport } from '../../operations/supernode/node-report.ts';
import { readSuperNodePodReport, type SuperNodePodReport } from '../../operations/supernode/pod-report.ts';
import { readSuperNodeGroupReports } from '../../operations/supernode/group-report.ts';
import { selectNodes } from '../../operations/node-selection.ts';
import type { FoundPod } from '../../operations/pod-lookup.ts';
import type { SuperNodeFacts } from './backend.ts';

export class LiveSuperNodes {
  private readonly kube: () => KubeClient;
  private readonly clusterIdFlag: string | undefined;
  private readonly open: CloudOpener;

  /** open: the Tencent session VPC-CNI's views share (one cloud, one session). */
  constructor(kube: () => KubeClient, clusterIdFlag: string | undefined, open: CloudOpener) {
    this.kube = kube;
    this.clusterIdFlag = clusterIdFlag;
    this.open = open;
  }

  async facts(): Promise<SuperNodeFacts> {
    const s = await readGroupSources(this.kube(), this.clusterIdFlag, this.open);
    return { eksConfigGroups: s.eksConfig.groups ?? [], cloudMissing: s.access.missing ?? s.poolsMissing };
  }

  async superNodes(): Promise<SuperNodeReport[]> {
    const nodes = await selectNodes(this.kube(), { selector: SUPER_NODE_SELECTOR });
    return nodes.length ? (await readSuperNodeReports(this.kube(), nodes, this.clusterIdFlag, this.open)).reports : [];
  }

  pod(found: FoundPod): Promise<SuperNodePodReport> {
    return readSuperNodePodReport(this.kube(), found, this.clusterIdFlag, this.open);
  }

  async group(id: string) {
    const [report] = await readSuperNodeGroupReports(this.kube(), [id], this.open);
    return report!;
  }
}
