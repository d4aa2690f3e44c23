// One row per cluster of `kubectl sg report`, the total row summed from them, and the verdict a
// CI job keys on: some cluster has a drifted or disabled node. Pure: the rows come from
// operations/fleet-report.ts, the formats from presentation.
import type { ProviderName } from './provider-choice.ts';
import type { NodeCounts } from './tke/node-counts.ts';

/** Pods by whether they have the groups they should: `unknown` when that could not be told (no cloud, not yet synced, no instance). */
export interface PodGroupCounts {
  withGroups: number;
  withoutGroups: number;
  unknown: number;
}

/** A cluster that answered. Figures are undefined where the provider does not run or the read failed (`notes` says why). */
export interface FleetClusterRow {
  context: string;
  reachable: true;
  providers: ProviderName[];
  /** TKE: ipamd's version; undefined when not found. */
  ipamdVersion: string | undefined;
  /** ECI: virtual kubelet's version(s), as written. */
  virtualKubeletVersions: string[] | undefined;
  /** TKE: the security-group feature. */
  featureEnabled: boolean | undefined;
  nodes: NodeCounts | undefined;
  /** TKE pods (on the nodes' ENIs): with their node's groups when the node is in sync. */
  pods: PodGroupCounts | undefined;
  eciPods: PodGroupCounts | undefined;
  /** Lint findings of level fail over the groups the cluster uses (global list, NECs, eci-profile). */
  lintFailures: number | undefined;
  doctorFailures: number | undefined;
  /** One line per part that could not be read, e.g. lint without a cloud. */
  notes: string[];
}

/** A cluster that could not be read: a row with its reason, never a failed report. */
export interface FleetUnreachableRow {
  context: string;
  reachable: false;
  reason: string;
}

export type FleetRow = FleetClusterRow | FleetUnreachableRow;

export interface FleetTotals {
  clusters: number;
  unreachable: number;
  nodes: NodeCounts;
  pods: PodGroupCounts;
  eciPods: PodGroupCounts;
  lintFailures: number;
  doctorFailures: number;
}

const noNodes = (): NodeCounts => ({ total: 0, inSync: 0, drifted: 0, disabled: 0, syncPending: 0, noNec: 0, unknown: 0 });
const noPods = (): PodGroupCounts => ({ withGroups: 0, withoutGroups: 0, unknown: 0 });

function addInto<T extends object>(sum: T, part: T | undefined): void {
  if (!part) return;
  const s = sum as Record<string, number>;
  for (const [k, v] of Object.entries(part as Record<string, number>)) s[k] = (s[k] ?? 0) + v;
}

export function fleetTotals(rows: readonly FleetRow[]): FleetTotals {
  const t: FleetTotals = { clusters: rows.length, unreachable: 0, nodes: noNodes(), pods: noPods(), eciPods: noPods(), lintFailures: 0, doctorFailures: 0 };
  for (const r of rows) {
    if (!r.reachable) {
      t.unreachable++;
      continue;
    }
    addInto(t.nodes, r.nodes);
    addInto(t.pods, r.pods);
    addInto(t.eciPods, r.eciPods);
    t.lintFailures += r.lintFailures ?? 0;
    t.doctorFailures += r.doctorFailures ?? 0;
  }
  return t;
}

/** What CI fails on: a node whose ENIs do not carry its groups, or one opted out of them. Unreachable clusters do not count (their rows say so). */
export const fleetNeedsAttention = (rows: readonly FleetRow[]): boolean =>
  rows.some((r) => r.reachable && r.nodes !== undefined && (r.nodes.drifted > 0 || r.nodes.disabled > 0));

/** Pods counted by a per-pod verdict. */
export function countPods<T>(items: Iterable<T>, verdict: (item: T) => keyof PodGroupCounts): PodGroupCounts {
  const c = noPods();
  for (const i of items) c[verdict(i)]++;
  return c;
}
