// One provider of pod security groups (TKE VPC-CNI, Alibaba ECI, ...) as the verbs call it: how
// the cluster shows that it runs, which nodes and pods are its own, and what each verb reads of it.
// Each provider implements it in its own folder (tke/provider.ts, eci/provider.ts) and is named
// once in the registry (providers.ts), which loads it only when a verb needs it; no verb asks
// which provider it talks to. A provider's reports are its own shapes (R): presentation renders
// each provider's with that provider's renderer. Changes (set cluster, set node, set workload,
// resync) are each one provider's verb, planned and applied by that provider's operations.
import type { V1Pod } from '@kubernetes/client-node';
import type { KubeClient } from '../adapters/kube/kube-client.ts';
import type { Finding } from '../domain/doctor-finding.ts';
import type { FleetClusterRow } from '../domain/fleet-totals.ts';
import type { ProviderName } from '../domain/provider-choice.ts';
import type { Destination, Side } from '../domain/reach/target.ts';
import type { Factory } from './factory.ts';
import type { GroupReport } from './group-report.ts';
import type { FoundPod } from './pod-lookup.ts';
import type { ReachReport } from './reach-legs.ts';
import type { KubeNode } from '../adapters/kube/nodes.ts';

/** What a verb gives every provider it calls. */
export interface ProviderContext {
  /** The verb's adapters: the cluster, and each cloud, opened on first use. */
  factory: Factory;
  /** --cluster-id as given (a TKE cluster's ID); undefined when not. */
  clusterIdFlag: string | undefined;
  /**
   * Whether another provider marks a node (a super node, a virtual node): not this provider's to
   * count or check. Given where several providers' reports are read side by side; undefined: all nodes.
   */
  nodeOfOther?: (node: KubeNode) => boolean;
}

export interface DoctorContext extends ProviderContext {
  /** Who the caller is, for the RBAC fixes; undefined when the API server does not say. */
  user: string | undefined;
  /** --no-cloud: no cloud is opened. */
  noCloud: boolean;
  now?: () => Date;
}

export interface FleetContext extends ProviderContext {
  /** Whether another provider claims a pod (its pods are counted there, not here). */
  podOfOther: (pod: V1Pod) => boolean;
}

/** The report's figures a provider fills in its row. */
export type FleetFigures = Partial<Pick<FleetClusterRow, 'ipamdVersion' | 'virtualKubeletVersions' | 'featureEnabled' | 'nodes' | 'pods' | 'eciPods'>>;

/**
 * When in a row's reading a part failed: the cluster's report, the pods, the lint. The report
 * lists the notes of all providers in this order (doctor's after the reports').
 */
export type FleetStage = 'report' | 'pods' | 'lint';

export interface FleetPart {
  figures: FleetFigures;
  /** Failed lint findings over the groups the provider gives pods; undefined when its report was not read (nothing to lint), failures undefined when the lint was not. */
  lint: { failures: number | undefined } | undefined;
  notes: { stage: FleetStage; text: string }[];
}

/**
 * Reads a provider starts for show node while a long list of nodes is still arriving, a page at a
 * time (the TKE provider asks the cloud for the ENIs of each page's instances); what readNodes is
 * then given back, to finish from. Only reads: when the provider's nodes are not shown after all,
 * it is dropped.
 */
export interface NodeReadAhead {
  /** This provider's nodes of one page, by their marks. */
  add(nodes: readonly KubeNode[]): void;
}

/** The shapes of a provider's reports, for the verbs that show them. */
export interface ReportShapes {
  cluster: unknown;
  node: unknown;
  pod: unknown;
}

export interface Provider<N extends ProviderName = ProviderName, R extends ReportShapes = ReportShapes> {
  readonly name: N;
  /**
   * What the cluster shows of this provider, in a phrase (`Deployment kube-system/tke-eni-ipamd`);
   * undefined when nothing. A read the caller may not make (403) is evidence of nothing.
   */
  detect(kube: KubeClient): Promise<string | undefined>;
  /**
   * Whether a node or pod carries this provider's own marks (ECI: the virtual-kubelet label, the
   * instance annotation). A provider without marks (TKE) owns what no other provider marks.
   */
  marksNode?(node: KubeNode): boolean;
  marksPod?(pod: V1Pod, node: KubeNode | undefined): boolean;
  /** show cluster. */
  readCluster(ctx: ProviderContext): Promise<R['cluster']>;
  /** show node, for the nodes that are this provider's; warnings go to stderr. `ahead`: this provider's own readNodesAhead, fed every page. */
  readNodes(ctx: ProviderContext, nodes: KubeNode[], ahead?: NodeReadAhead): Promise<{ reports: R['node'][]; warnings: string[] }>;
  /** show node on a list of several pages: reads to start while the rest arrives (above). */
  readNodesAhead?(ctx: ProviderContext): NodeReadAhead;
  /** show pod. */
  readPod(ctx: ProviderContext, found: FoundPod): Promise<R['pod']>;
  /** show group: the IDs checked by this cloud's rule before any read (duplicates dropped), then read. */
  checkGroupIds(ids: readonly string[]): string[];
  readGroups(ctx: ProviderContext, ids: readonly string[]): Promise<GroupReport[]>;
  /** reach: both sides, both legs. */
  reach(ctx: ProviderContext, source: Side, destination: Destination): Promise<ReachReport>;
  /** doctor: this provider's checks, in its order. */
  doctor(ctx: DoctorContext): Promise<Finding[]>;
  /** report: this provider's part of one cluster's row. */
  fleet(ctx: FleetContext): Promise<FleetPart>;
}
