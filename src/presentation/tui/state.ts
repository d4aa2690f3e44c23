// The TUI's whole state as plain data: what was read, what is shown and where the cursor is,
// the panel on top (help, group picker, plan, run), and what the app was opened for (`kubectl
// sg ui`, or a picker inside a verb). update.ts changes it; frame.ts draws it.
import type { NodeReport } from '../../operations/tke/node-report.ts';
import type { GroupReport } from '../../operations/group-report.ts';
import type { GroupCatalog } from '../../operations/group-catalog.ts';
import type { VirtualNodeReport } from '../../operations/eci/node-report.ts';
import type { SuperNodeReport } from '../../operations/supernode/node-report.ts';
import type { UiProvider } from './backend.ts';
import type { ClusterFacts, NodeProgress, PlanPreview, RunOutcome, UiPod } from './backend.ts';
import type { NodeSort } from './node-list.ts';

/**
 * browse: `kubectl sg ui`. The others are the pickers a verb opens on a terminal when its
 * selection is missing: enter hands the choice back instead of acting on it.
 */
export type Purpose =
  | { kind: 'browse' }
  | { kind: 'pick-nodes'; verb: string }
  | { kind: 'pick-groups'; verb: string }
  | { kind: 'pick-group'; verb: string };

export type PickResult = { kind: 'nodes'; names: string[] } | { kind: 'groups'; ids: string[] } | { kind: 'group'; id: string };

export type View = 'nodes' | 'node' | 'groups' | 'group' | 'pod';

/** resync and set-groups are TKE's (set node); set-workload and eci-default are ECI's (set workload, set cluster --provider eci). */
export type Action = 'resync' | 'set-groups' | 'set-workload' | 'eci-default';

/** A workload whose pod template takes the groups picked. */
export interface WorkloadTarget {
  namespace: string;
  /** KIND/NAME, as set workload takes it: deployment/web. */
  ref: string;
}

export interface GroupPicker {
  /** What the groups are for: a node's list, a workload's template, the eci-profile default. */
  action: Exclude<Action, 'resync'>;
  /** The nodes the groups are for; empty when a verb asked for groups only, or for an ECI action. */
  nodes: string[];
  workload?: WorkloadTarget;
  /** In priority order. */
  chosen: string[];
  cursor: number;
  top: number;
  filter: string;
}

export type Panel =
  | { kind: 'help'; top: number }
  | { kind: 'picker'; picker: GroupPicker }
  /** subject: what the plan is for, in words ("2 nodes", "deployment/web"). */
  | { kind: 'planning'; action: Action; subject: string }
  | { kind: 'confirm'; action: Action; plan: PlanPreview; top: number }
  | { kind: 'running'; action: Action; plan: PlanPreview; progress: NodeProgress[]; stopping: boolean; top: number }
  | { kind: 'done'; action: Action; outcome: RunOutcome; top: number };

export type PromptPurpose = 'filter' | 'group-filter' | 'picker-filter' | 'selector' | 'verb' | 'pod';

export interface Prompt {
  purpose: PromptPurpose;
  text: string;
  /** What the field held before, restored by esc. */
  before: string;
}

export interface Status {
  level: 'info' | 'warn' | 'error';
  text: string;
}

export interface Size {
  columns: number;
  rows: number;
}

export interface AppState {
  purpose: Purpose;
  size: Size;
  /** Colour allowed (a terminal, no NO_COLOR); without it states still read as words. */
  color: boolean;
  cluster: ClusterFacts | undefined;
  /** Whose nodes and groups the views show: a cluster may run both (p switches). */
  provider: UiProvider;
  /** Every node read, kept current by the watch; replaced (never mutated) on each change. */
  rows: readonly NodeReport[];
  /** What is being read now, for the status line. */
  loading: string | undefined;
  selector: string;
  filter: string;
  sort: NodeSort;
  selected: ReadonlySet<string>;
  /** The node under the cursor, by name: it stays on its node while rows change around it. */
  cursor: string | undefined;
  /** Index of the first node row shown. */
  top: number;
  view: View;
  /** The node of the node view (a virtual node's name when the provider is ECI). */
  node: string | undefined;
  /** ECI's virtual nodes with their pods; undefined until read. */
  vnodes: readonly VirtualNodeReport[] | undefined;
  /** TKE's super nodes with their pods; undefined until read. */
  snodes: readonly SuperNodeReport[] | undefined;
  /** Cursor and first row shown of the list of nodes that carry pods (virtual nodes, super nodes: the provider shown's), and of the open one's pods. */
  vnodeCursor: number;
  vnodeTop: number;
  vpodCursor: number;
  vpodTop: number;
  /** Scroll of the text views (node, group, pod). */
  detailTop: number;
  /** Cells the text shown (a view or a panel) is scrolled to the left; back to 0 when it changes. */
  shift: number;
  /** Each provider's groups, read when first shown. */
  catalogs: Partial<Record<UiProvider, GroupCatalog>>;
  groupFilter: string;
  groupCursor: number;
  groupTop: number;
  group: GroupReport | undefined;
  podQuery: string;
  pod: UiPod | undefined;
  panel: Panel | undefined;
  prompt: Prompt | undefined;
  status: Status | undefined;
  /** A signal asked to quit during a run: quit once the run has stopped. */
  quitAfterRun: boolean;
}

export interface StartOptions {
  purpose?: Purpose;
  size: Size;
  color: boolean;
  /** A label selector to start with (`-l`). */
  selector?: string;
  /** The groups a group picker starts with, in priority order. */
  groups?: string[];
  /** The nodes a group picker picks for (its title names them). */
  nodes?: string[];
}

export function initialState(o: StartOptions): AppState {
  return {
    purpose: o.purpose ?? { kind: 'browse' },
    size: o.size,
    color: o.color,
    cluster: undefined,
    provider: 'tke',
    rows: [],
    loading: 'reading nodes',
    selector: o.selector ?? '',
    filter: '',
    sort: 'name',
    selected: new Set(),
    cursor: undefined,
    top: 0,
    view: o.purpose?.kind === 'pick-group' ? 'groups' : 'nodes',
    node: undefined,
    vnodes: undefined,
    snodes: undefined,
    vnodeCursor: 0,
    vnodeTop: 0,
    vpodCursor: 0,
    vpodTop: 0,
    detailTop: 0,
    shift: 0,
    catalogs: {},
    groupFilter: '',
    groupCursor: 0,
    groupTop: 0,
    group: undefined,
    podQuery: '',
    pod: undefined,
    panel: o.purpose?.kind === 'pick-groups' ? { kind: 'picker', picker: { action: 'set-groups', nodes: [...(o.nodes ?? [])], chosen: [...(o.groups ?? [])], cursor: 0, top: 0, filter: '' } } : undefined,
    prompt: undefined,
    status: undefined,
    quitAfterRun: false,
  };
}

/** The groups of a provider (by default the one shown), when read. */
export const catalogOf = (s: Pick<AppState, 'catalogs' | 'provider'>, provider: UiProvider = s.provider) => s.catalogs[provider];

/** The providers the TUI shows, in the order its header lists them. */
export const UI_PROVIDERS: readonly UiProvider[] = ['tke', 'supernode', 'eci'];

/** The providers the cluster runs (as far as the TUI shows them), in the header's order. */
export const providersRun = (s: Pick<AppState, 'cluster'>): UiProvider[] => UI_PROVIDERS.filter((p) => s.cluster?.[p] !== undefined);

/** The cluster runs more than one provider: the header gets a line of counts per provider. */
export const bothProviders = (s: Pick<AppState, 'cluster'>) => providersRun(s).length > 1;

/** Rows of the screen: title, summary (and the providers' counts when there are two), the body, the status or prompt line, the key hints. */
const chromeRows = (s: Pick<AppState, 'cluster'>) => (bothProviders(s) ? 5 : 4);

type Layout = Pick<AppState, 'size' | 'cluster'>;

/** Rows of the body: lists spend the first on their column headings. */
export const bodyRows = (s: Layout) => Math.max(1, s.size.rows - chromeRows(s));
export const listRows = (s: Layout) => Math.max(1, bodyRows(s) - 1);
