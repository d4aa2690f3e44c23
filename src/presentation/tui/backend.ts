// What the TUI asks of the cluster and the cloud, as one interface: the TUI bundle (Ink, React,
// the views) makes no call itself. The CLI implements it with the operations every verb uses
// (live-backend.ts); component tests and the bench implement it in memory. Types only.
import type { NodeReport } from '../../operations/tke/node-report.ts';
import type { PodReport } from '../../operations/tke/pod-report.ts';
import type { GroupCatalog } from '../../operations/group-catalog.ts';
import type { ResyncMethod } from '../../domain/tke/ipamd-version.ts';
import type { GroupReport } from '../../operations/group-report.ts';
import type { VirtualNodeReport } from '../../operations/eci/node-report.ts';
import type { EciPodReport } from '../../operations/eci/pod-report.ts';
import type { ProviderName } from '../../domain/provider-choice.ts';
import type { SuperNodeReport } from '../../operations/supernode/node-report.ts';
import type { SuperNodePodReport } from '../../operations/supernode/pod-report.ts';

/** The providers the TUI has views for: TKE VPC-CNI, TKE super nodes (read-only), Alibaba ECI. */
export type UiProvider = Extract<ProviderName, 'tke' | 'supernode' | 'eci'>;

/** TKE VPC-CNI's part of the header: which ipamd, what it does with groups. */
export interface TkeFacts {
  ipamdVersion: string | undefined;
  feature: { enabled: boolean; globalList: string[] };
  /** Best first; empty when this ipamd cannot resync. */
  resyncMethods: ResyncMethod[];
  /** Why the ENIs' groups are not shown (no credentials, --no-cloud), in one line. */
  cloudMissing: string | undefined;
}

/** Alibaba ECI's part of the header: the group a pod gets when nothing else names one. */
export interface EciFacts {
  /** eci-profile's securityGroupId; undefined when the profile names none. */
  defaultGroup: string | undefined;
  /** Why the instances' groups are not shown (no credentials, --no-cloud), in one line. */
  cloudMissing: string | undefined;
}

/** TKE super nodes' part of the header: where a pod naming no groups gets them from. */
export interface SuperNodeFacts {
  /** eks-config's default groups; empty when it names none. */
  eksConfigGroups: string[];
  /** Why the cloud (instances, pools) is not read (no credentials, --no-cloud, no cluster ID), in one line. */
  cloudMissing: string | undefined;
}

/** The header: which cluster, and each provider it runs (undefined: not there). */
export interface ClusterFacts {
  context: string;
  tke: TkeFacts | undefined;
  supernode?: SuperNodeFacts | undefined;
  eci: EciFacts | undefined;
}

/** A pod as its provider reports it: a TKE pod's ENI, or an ECI pod's instance. */
export type UiPod = { provider: 'tke'; report: PodReport } | { provider: 'supernode'; report: SuperNodePodReport } | { provider: 'eci'; report: EciPodReport };

/** What changed since the nodes were read, as the watch saw it. */
export type NodeChange =
  | { kind: 'updated'; reports: NodeReport[] }
  | { kind: 'removed'; names: string[] }
  /** The watch lost events (or the selector changed): read everything again. */
  | { kind: 'stale' };

/** One node's step in a run, as the operation reports it. */
export interface NodeProgress {
  node: string;
  state: 'running' | 'ok' | 'failed' | 'skipped';
  /** A few words: "toggling", "waiting for ipamd", why it failed. */
  detail: string;
}

export interface RunOutcome {
  interrupted: boolean;
  /** The summary exactly as the CLI prints it after a run, line by line. */
  lines: string[];
  /** The nodes the run touched, to read again. */
  nodes: string[];
}

/** A plan made and shown before anything is written: the same object the CLI's --dry-run prints. */
export interface PlanPreview {
  /** As `-o json` names it, e.g. ResyncPlan. */
  kind: string;
  /** The plan as the CLI's --dry-run prints it for people, line by line. */
  lines: string[];
  /** Whether running it would write anything (every node may be skipped). */
  changes: boolean;
  /** Applies the plan; the signal stops it safely (nodes in flight restored, as the CLI does). */
  apply(signal: AbortSignal, progress: (p: NodeProgress) => void): Promise<RunOutcome>;
}

export interface UiBackend {
  cluster(): Promise<ClusterFacts>;
  /** Every node matching the label selector, with its ENIs' groups when the cloud is reachable. */
  nodes(selector: string | undefined): Promise<NodeReport[]>;
  /** These nodes read again (after a run); a node that is gone is left out. */
  readNodes(names: readonly string[]): Promise<NodeReport[]>;
  /** Calls onChange as nodes and their NodeENIConfigs change; returns the function that stops watching. */
  watchNodes(selector: string | undefined, onChange: (change: NodeChange) => void, onError: (message: string) => void): () => void;
  /** ECI's virtual nodes, each with its pods (asked for, has, source, state); none on a cluster without ECI. */
  virtualNodes(): Promise<VirtualNodeReport[]>;
  /** TKE's super nodes, each with its pods (asked for and where from, has, state); none on a cluster without them. */
  superNodes(): Promise<SuperNodeReport[]>;
  /** The groups a provider's pods may take, with their rule counts and lint, and the cap per ENI (per instance on ECI). */
  groups(provider: UiProvider): Promise<GroupCatalog>;
  group(provider: UiProvider, id: string): Promise<GroupReport>;
  /** namespace undefined: the kubeconfig context's, as kubectl does. The pod's node decides its provider. */
  pod(namespace: string | undefined, name: string): Promise<UiPod>;
  planResync(nodes: readonly string[]): Promise<PlanPreview>;
  planSetGroups(nodes: readonly string[], groups: readonly string[]): Promise<PlanPreview>;
  /** `set workload KIND/NAME -n NAMESPACE --groups ...`: the pod template's groups, then the rollout. */
  planSetWorkload(namespace: string, workload: string, groups: readonly string[]): Promise<PlanPreview>;
  /** `set cluster --provider eci --groups ...`: eci-profile's default group. */
  planEciDefault(group: string): Promise<PlanPreview>;
}
