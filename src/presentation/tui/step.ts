// The reducer's vocabulary: the events it is given, the effects it asks for (reads, a plan, a
// run, its stop, leaving), and the step it returns. app.ts runs the effects through the backend
// and feeds their results back in as events.
import type { NodeReport } from '../../operations/tke/node-report.ts';
import type { GroupReport } from '../../operations/group-report.ts';
import type { GroupCatalog } from '../../operations/group-catalog.ts';
import type { VirtualNodeReport } from '../../operations/eci/node-report.ts';
import type { SuperNodeReport } from '../../operations/supernode/node-report.ts';
import type { UiProvider } from './backend.ts';
import type { ClusterFacts, NodeChange, NodeProgress, PlanPreview, RunOutcome, UiPod } from './backend.ts';
import type { AppState, PickResult, Size } from './state.ts';

export type Effect =
  | { kind: 'load-cluster' }
  /** Reads the nodes and (re)starts the watch for this selector. */
  | { kind: 'load-nodes'; selector: string }
  | { kind: 'reload-nodes'; names: string[] }
  | { kind: 'load-vnodes' }
  | { kind: 'load-snodes' }
  | { kind: 'load-groups'; provider: UiProvider }
  | { kind: 'load-group'; provider: UiProvider; id: string }
  | { kind: 'load-pod'; namespace: string | undefined; name: string }
  | { kind: 'plan-resync'; nodes: string[] }
  | { kind: 'plan-set-groups'; nodes: string[]; groups: string[] }
  | { kind: 'plan-set-workload'; namespace: string; workload: string; groups: string[] }
  | { kind: 'plan-eci-default'; group: string }
  | { kind: 'apply'; plan: PlanPreview }
  | { kind: 'stop-run' }
  | { kind: 'exit'; code: number; result?: PickResult };

export type AppEvent =
  | { type: 'key'; key: string; input: string }
  | { type: 'resize'; size: Size }
  | { type: 'cluster'; facts: ClusterFacts }
  | { type: 'nodes'; reports: NodeReport[]; selector: string }
  | { type: 'nodes-changed'; change: NodeChange }
  | { type: 'vnodes'; reports: VirtualNodeReport[] }
  | { type: 'snodes'; reports: SuperNodeReport[] }
  | { type: 'catalog'; provider: UiProvider; catalog: GroupCatalog }
  | { type: 'group'; report: GroupReport }
  | { type: 'pod'; pod: UiPod }
  | { type: 'plan'; plan: PlanPreview }
  | { type: 'progress'; progress: NodeProgress }
  | { type: 'run-done'; outcome: RunOutcome }
  | { type: 'failed'; what: string; message: string }
  /** SIGINT or SIGTERM from outside the terminal's keyboard. */
  | { type: 'signal'; name: string };

export interface Step {
  state: AppState;
  effects: Effect[];
}

export const step = (state: AppState, ...effects: Effect[]): Step => ({ state, effects });

export const info = (s: AppState, text: string, level: 'info' | 'warn' | 'error' = 'info'): AppState => ({ ...s, status: { level, text } });

