// The first steps of an action, before its plan is shown: what it acts on (the selected nodes,
// the pod's workload, the eci-profile), the group picker it opens, and the plan asked of the
// backend once the groups are picked. TKE's set-groups and resync, ECI's set-workload and
// eci-default. Pure.
import type { UiProvider } from './backend.ts';
import { pickerCatalog, withPicker } from './navigation.ts';
import { ACTION_PROVIDER } from './provider-views.ts';
import { catalogOf, type AppState, type GroupPicker, type Panel } from './state.ts';
import { commonGroups, pickerLimit } from './text-views.ts';
import { plural } from '../../domain/plural.ts';
import { info, step, type Effect, type Step } from './step.ts';

const LOADING_GROUPS: Record<UiProvider, string> = { tke: 'reading the region\'s groups', supernode: 'reading the region\'s groups', eci: 'reading the groups of the eci-profile\'s VPC' };

/** A provider's groups are read the first time something shows them. */
export function withCatalog(s: AppState, provider: UiProvider, ...effects: Effect[]): Step {
  if (catalogOf(s, provider)) return step(s, ...effects);
  return step({ ...s, loading: LOADING_GROUPS[provider] }, { kind: 'load-groups', provider }, ...effects);
}

/** The nodes a TKE action is for: the node open, else the selected ones, else the one under the cursor. */
export function targets(s: AppState): string[] {
  if (s.view === 'node' && s.node) return [s.node];
  if (s.selected.size > 0) return s.rows.filter((r) => s.selected.has(r.name)).map((r) => r.name);
  return s.cursor ? [s.cursor] : [];
}

function openGroupPicker(s: AppState, picker: Omit<GroupPicker, 'cursor' | 'top' | 'filter'>): Step {
  const full: GroupPicker = { ...picker, cursor: 0, top: 0, filter: '' };
  return withCatalog(withPicker({ ...s, status: undefined }, full), ACTION_PROVIDER[full.action]);
}

export function openPicker(s: AppState): Step {
  const nodes = targets(s);
  if (nodes.length === 0) return step(info(s, 'no node to set groups on: select nodes with space, a or d', 'warn'));
  return openGroupPicker(s, { action: 'set-groups', nodes, chosen: commonGroups(s.rows, nodes) });
}

export function planResync(s: AppState): Step {
  const nodes = targets(s);
  if (nodes.length === 0) return step(info(s, 'no node to resync: select nodes with space, a or d', 'warn'));
  const tke = s.cluster?.tke;
  if (tke && tke.resyncMethods.length === 0) return step(info(s, `ipamd ${tke.ipamdVersion ?? '(unknown version)'} cannot resync nodes`, 'error'));
  return step({ ...s, status: undefined, panel: { kind: 'planning', action: 'resync', subject: plural(nodes.length, 'node') } }, { kind: 'plan-resync', nodes });
}

/** The kinds set workload changes; a pod owned by anything else is changed through its owner's owner, or recreated. */
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

/** set workload for the ECI pod shown: its workload's template, starting from what the pod asks for now. */
export function openWorkloadPicker(s: AppState): Step {
  if (s.pod?.provider !== 'eci') return step(s);
  const p = s.pod.report.pod;
  if (!p.owner) return step(info(s, 'no workload owns this pod: recreate it with the groups (k8s.aliyun.com/eci-security-group) to change them', 'warn'));
  if (!WORKLOAD_KINDS.has(p.owner.kind)) return step(info(s, `its owner is a ${p.owner.kind}: set workload changes Deployments, StatefulSets, DaemonSets, Jobs and CronJobs`, 'warn'));
  const workload = { namespace: p.namespace, ref: `${p.owner.kind.toLowerCase()}/${p.owner.name}` };
  return openGroupPicker(s, { action: 'set-workload', nodes: [], workload, chosen: [...(p.requested?.groups ?? [])] });
}

/** set cluster --provider eci: the eci-profile's one default group, starting from the current one. */
export function openDefaultPicker(s: AppState): Step {
  const current = s.cluster?.eci?.defaultGroup;
  return openGroupPicker(s, { action: 'eci-default', nodes: [], chosen: current ? [current] : [] });
}

/** The picked groups become a plan request: the planning panel waits for it. */
export function planPicked(s: AppState, p: GroupPicker): Step {
  const planning = (subject: string): Panel => ({ kind: 'planning', action: p.action, subject });
  switch (p.action) {
    case 'set-groups':
      return step({ ...s, panel: planning(plural(p.nodes.length, 'node')) }, { kind: 'plan-set-groups', nodes: p.nodes, groups: p.chosen });
    case 'set-workload': {
      const w = p.workload!;
      return step({ ...s, panel: planning(w.ref) }, { kind: 'plan-set-workload', namespace: w.namespace, workload: w.ref, groups: p.chosen });
    }
    case 'eci-default':
      return step({ ...s, panel: planning('the eci-profile') }, { kind: 'plan-eci-default', group: p.chosen[0]! });
  }
}

/** Why one more group cannot be chosen, when it cannot: at most what one ENI or instance carries, one for the eci-profile default. */
export function pickLimitText(p: GroupPicker, s: AppState): string | undefined {
  const limit = pickerLimit(p, pickerCatalog(s, p));
  if (limit === undefined || p.chosen.length < limit) return undefined;
  if (p.action === 'eci-default') return 'the eci-profile holds one default group: remove the chosen one first (space on it)';
  return `${p.action === 'set-workload' ? 'an ECI instance' : 'an ENI'} takes at most ${limit} groups: remove one first (space on a chosen group)`;
}
