// The TUI's backend for Alibaba ECI on a real cluster (CLI side, like live-backend.ts, which
// hands it the ECI calls): the virtual nodes with their pods as `show node` reads them, a pod as
// `show pod` does, the groups of the eci-profile's VPC, and the very prepare / apply of `set
// workload` and `set cluster --provider eci`, their plans rendered as --dry-run prints them.
import type { KubeClient } from '../../adapters/kube/kube-client.ts';
import { VIRTUAL_NODE_SELECTOR } from '../../adapters/kube/eci/objects.ts';
import type { Factory } from '../../operations/factory.ts';
import type { AlibabaAccess } from '../../operations/cloud-access.ts';
import { readEciProfile } from '../../operations/eci/cluster-report.ts';
import { readVirtualNodeReports, type VirtualNodeReport } from '../../operations/eci/node-report.ts';
import { readEciPodReport, type EciPodReport } from '../../operations/eci/pod-report.ts';
import { readEciGroupReports } from '../../operations/eci/group-report.ts';
import { readEciGroupCatalog, type EciGroupCatalog } from '../../operations/eci/group-catalog.ts';
import { selectNodes } from '../../operations/node-selection.ts';
import type { FoundPod } from '../../operations/pod-lookup.ts';
import { prepareSetWorkload } from '../../operations/eci/set-workload.ts';
import { applySetWorkload, setWorkloadAccess, type WorkloadResult } from '../../operations/workload-template-write.ts';
import { applyEciSetCluster, eciSetClusterAccess, planEciSetCluster } from '../../operations/eci/set-cluster.ts';
import { regionHintsOf } from '../../operations/cloud-access.ts';
import { requireAccess } from '../../operations/write-access.ts';
import { DEFAULT_TIMEOUT_MS } from '../../domain/tke/resync-plan.ts';
import { paletteFor } from '../render/color.ts';
import { planText, resultTable, workloadName } from '../render/set-workload.ts';
import { eciPlanTable, eciResultTable } from '../render/eci-set-cluster.ts';
import type { EciFacts, NodeProgress, PlanPreview } from './backend.ts';

/** The TUI paints its own colours: the CLI's renderers are asked for plain text. */
const plain = paletteFor({ isTTY: false }, {});
const linesOf = (text: string) => text.replace(/\n+$/, '').split('\n');

const WORKLOAD_PROGRESS: Record<WorkloadResult, NodeProgress['state']> = { ok: 'ok', failed: 'failed', unchanged: 'skipped', 'not-verified': 'skipped' };

export class LiveEci {
  private readonly f: Factory;
  private hints: Promise<string[]> | undefined;

  constructor(f: Factory) {
    this.f = f;
  }

  private get kube(): KubeClient {
    return this.f.kube();
  }

  /** The virtual nodes' region label is the region hint, as every ECI verb takes it. */
  private readonly open = async (hints?: readonly string[]): Promise<AlibabaAccess> => {
    this.hints ??= selectNodes(this.kube, { selector: VIRTUAL_NODE_SELECTOR }).then(regionHintsOf);
    return this.f.alibaba(hints?.length ? hints : await this.hints);
  };

  async facts(): Promise<EciFacts> {
    const [{ parsed }, access] = await Promise.all([readEciProfile(this.kube), this.open()]);
    return { defaultGroup: parsed.securityGroupId, cloudMissing: access.missing };
  }

  async virtualNodes(): Promise<VirtualNodeReport[]> {
    const nodes = await selectNodes(this.kube, { selector: VIRTUAL_NODE_SELECTOR });
    return nodes.length ? (await readVirtualNodeReports(this.kube, nodes, this.open)).reports : [];
  }

  async pod(found: FoundPod): Promise<EciPodReport> {
    return readEciPodReport(this.kube, found, this.open);
  }

  async groups(): Promise<EciGroupCatalog> {
    const [{ parsed }, access] = await Promise.all([readEciProfile(this.kube), this.open()]);
    if (!access.cloud) throw new Error(`the groups are read from Alibaba Cloud: ${access.missing ?? 'no cloud access'}`);
    return readEciGroupCatalog(access.cloud, parsed.vpcId);
  }

  async group(id: string) {
    const [report] = await readEciGroupReports(this.kube, [id], this.open);
    return report!;
  }

  /** As `set workload KIND/NAME -n NAMESPACE --groups ...` without --no-wait: RBAC asked before the plan is shown. */
  async planSetWorkload(namespace: string, workload: string, groups: readonly string[]): Promise<PlanPreview> {
    const prepared = await prepareSetWorkload(this.kube, this.open, { workload, namespace, groups: groups.join(',') });
    await requireAccess(this.kube, setWorkloadAccess(prepared));
    const plan = prepared.plan;
    const name = workloadName(plan);
    return {
      kind: 'SetWorkloadPlan',
      lines: [...linesOf(planText(plan, plain)), ...plan.warnings.map((w) => `warning: ${w}`)],
      changes: plan.changed,
      apply: async (signal, progress) => {
        progress({ node: name, state: 'running', detail: 'writing the pod template' });
        const run = await applySetWorkload(prepared, {
          signal,
          wait: true,
          // The CLI's default --timeout.
          timeoutMs: DEFAULT_TIMEOUT_MS,
          onProgress: (inSync, wanted) => progress({ node: name, state: 'running', detail: `${inSync}/${wanted} new pods carry the groups` }),
        });
        progress({ node: name, state: WORKLOAD_PROGRESS[run.outcome.result], detail: run.outcome.detail });
        const stopped = run.interrupted ? [`the workload stays written: kubectl rollout status ${name} -n ${plan.workload.namespace} shows where the rollout stands`] : [];
        return { interrupted: run.interrupted, lines: [...linesOf(resultTable(run, plain)), ...stopped], nodes: [] };
      },
    };
  }

  /** As `set cluster --provider eci --groups ID`: RBAC asked before the plan is shown. */
  async planEciDefault(group: string): Promise<PlanPreview> {
    const kube = this.kube;
    const plan = await planEciSetCluster(kube, { group, openCloud: this.open });
    if (!plan.noop) await requireAccess(kube, eciSetClusterAccess(plan));
    return {
      kind: 'SetClusterPlan',
      lines: linesOf(eciPlanTable(plan, plain)),
      changes: !plan.noop,
      apply: async (_signal, progress) => {
        // One write: a stop lets it finish (or not start); either way the profile is whole.
        progress({ node: 'eci-profile', state: 'running', detail: 'writing securityGroupId' });
        const result = await applyEciSetCluster(kube, plan);
        progress({ node: 'eci-profile', state: 'ok', detail: result.verified });
        return { interrupted: false, lines: [...linesOf(eciResultTable(result, plain)), ...result.warnings.map((w) => `warning: ${w}`)], nodes: [] };
      },
    };
  }
}
