// The TUI's reducer: (state, event) → the next state and the effects to run. Pure, so every key
// can be tested without a terminal. A key goes to the prompt when one is open (verbs.ts), else
// to its command (commands.ts); data arriving from the backend is merged here.
import type { NodeReport } from '../../operations/tke/node-report.ts';
import type { NodeChange } from './backend.ts';
import { commandFor } from './keys.ts';
import { keyContext, settleNodes, withPicker } from './navigation.ts';
import { command } from './commands.ts';
import { onPromptKey } from './verbs.ts';
import type { Action, AppState } from './state.ts';
import { ACTION_PROVIDER, openNodePods, podNodesOf } from './provider-views.ts';
import { UI_PROVIDERS } from './state.ts';
import { info, step, type AppEvent, type Effect, type Step } from './step.ts';

/** What to read first. */
export function start(state: AppState): Step {
  // The verbs' pickers are set node's and show group's: TKE's groups.
  if (state.purpose.kind === 'pick-groups' || state.purpose.kind === 'pick-group') return step({ ...state, loading: 'reading the region\'s groups' }, { kind: 'load-groups', provider: 'tke' });
  const vnodes: Effect[] = state.purpose.kind === 'browse' ? [{ kind: 'load-vnodes' }, { kind: 'load-snodes' }] : [];
  return step(state, { kind: 'load-cluster' }, { kind: 'load-nodes', selector: state.selector }, ...vnodes);
}

// ---- data arriving ----

function merge(rows: readonly NodeReport[], change: NodeChange): NodeReport[] {
  if (change.kind === 'removed') {
    const gone = new Set(change.names);
    return rows.filter((r) => !gone.has(r.name));
  }
  if (change.kind !== 'updated') return [...rows];
  const fresh = new Map(change.reports.map((r) => [r.name, r]));
  const merged = rows.map((r) => fresh.get(r.name) ?? r);
  const known = new Set(rows.map((r) => r.name));
  for (const r of change.reports) if (!known.has(r.name)) merged.push(r);
  return merged;
}

function withRows(s: AppState, rows: NodeReport[]): AppState {
  const names = new Set(rows.map((r) => r.name));
  const selected = [...s.selected].filter((n) => names.has(n));
  return settleNodes({ ...s, rows, selected: selected.length === s.selected.size ? s.selected : new Set(selected) });
}

/** After virtual nodes or super nodes were read: the shared cursors stay within the shown provider's lists. */
function settlePodNodes(s: AppState): AppState {
  const nodes = podNodesOf(s);
  if (!nodes) return s;
  const total = nodes.length;
  const pods = openNodePods(s).length;
  return {
    ...s,
    vnodeCursor: Math.min(s.vnodeCursor, Math.max(0, total - 1)),
    vnodeTop: Math.min(s.vnodeTop, Math.max(0, total - 1)),
    vpodCursor: Math.min(s.vpodCursor, Math.max(0, pods - 1)),
    vpodTop: Math.min(s.vpodTop, Math.max(0, pods - 1)),
  };
}

export function update(s: AppState, e: AppEvent): Step {
  const next = reduce(s, e);
  // Another text shown starts at its left edge.
  const moved = next.state.view !== s.view || next.state.panel?.kind !== s.panel?.kind;
  return moved && next.state.shift !== 0 ? { ...next, state: { ...next.state, shift: 0 } } : next;
}

function reduce(s: AppState, e: AppEvent): Step {
  switch (e.type) {
    case 'key': {
      if (s.prompt) return onPromptKey(s, s.prompt, e.key, e.input);
      if (s.panel?.kind === 'planning') {
        return e.key === 'esc' || e.key === 'ctrl-c' ? step(info({ ...s, panel: undefined }, 'cancelled: nothing was changed')) : step(s);
      }
      const cmd = commandFor(keyContext(s), e.key);
      return cmd ? command({ ...s, status: s.status?.level === 'error' ? s.status : undefined }, cmd, e.key) : step(s);
    }
    case 'resize': {
      const next = settleNodes({ ...s, size: e.size });
      return step(next.panel?.kind === 'picker' ? withPicker(next, next.panel.picker) : next);
    }
    case 'cluster': {
      // The first answer picks the views: TKE VPC-CNI's when it runs, else the first provider it runs.
      const provider = s.cluster === undefined && !e.facts.tke ? (UI_PROVIDERS.find((p) => e.facts[p] !== undefined) ?? s.provider) : s.provider;
      const next = settleNodes({ ...s, cluster: e.facts, provider });
      return step(next.panel?.kind === 'picker' ? withPicker(next, next.panel.picker) : next);
    }
    case 'vnodes':
      return step(settlePodNodes({ ...s, vnodes: e.reports }));
    case 'snodes':
      return step(settlePodNodes({ ...s, snodes: e.reports }));
    case 'nodes': {
      if (e.selector !== s.selector) return step(s); // an answer to a selector since replaced
      let next = withRows({ ...s, loading: undefined }, e.reports);
      if (s.rows.length === 0 && s.purpose.kind === 'pick-nodes' && s.purpose.verb === 'resync') {
        // resync's picker starts with the drifted nodes selected: what a resync is usually for.
        next = { ...next, selected: new Set(e.reports.filter((r) => r.state === 'drifted').map((r) => r.name)) };
      }
      return step(next);
    }
    case 'nodes-changed':
      if (e.change.kind === 'stale') return step(s, { kind: 'load-nodes', selector: s.selector });
      return step(withRows(s, merge(s.rows, e.change)));
    case 'catalog': {
      const next = { ...s, catalogs: { ...s.catalogs, [e.provider]: e.catalog }, loading: undefined };
      return step(next.panel?.kind === 'picker' ? withPicker(next, next.panel.picker) : next);
    }
    case 'group':
      return step(s.view === 'group' ? { ...s, group: e.report, loading: undefined } : { ...s, loading: undefined });
    case 'pod':
      return step({ ...s, pod: e.pod, loading: undefined });
    case 'plan':
      if (s.panel?.kind !== 'planning') return step(s); // cancelled meanwhile
      return step({ ...s, panel: { kind: 'confirm', action: s.panel.action, plan: e.plan, top: 0 } });
    case 'progress': {
      if (s.panel?.kind !== 'running') return step(s);
      const progress = [...s.panel.progress];
      const at = progress.findIndex((p) => p.node === e.progress.node);
      if (at >= 0) progress[at] = e.progress;
      else progress.push(e.progress);
      return step({ ...s, panel: { ...s.panel, progress } });
    }
    case 'run-done': {
      const action: Action = s.panel?.kind === 'running' ? s.panel.action : 'resync';
      const next: AppState = { ...s, panel: { kind: 'done', action, outcome: e.outcome, top: 0 } };
      const effects: Effect[] = e.outcome.nodes.length ? [{ kind: 'reload-nodes', names: e.outcome.nodes }] : [];
      // An ECI change shows in the virtual nodes' pods (new pods, their instances): read them again.
      if (ACTION_PROVIDER[action] === 'eci') effects.push({ kind: 'load-vnodes' });
      // The eci-profile default is one of the cluster's facts (the title, where e's picker starts).
      if (action === 'eci-default') effects.push({ kind: 'load-cluster' });
      if (s.quitAfterRun) effects.push({ kind: 'exit', code: 130 });
      return step(next, ...effects);
    }
    case 'failed': {
      let next: AppState = { ...s, loading: undefined, status: { level: 'error', text: `${e.what}: ${e.message}` } };
      if (s.panel?.kind === 'planning') next = { ...next, panel: undefined };
      if (s.panel?.kind === 'running') {
        next = { ...next, panel: { kind: 'done', action: s.panel.action, outcome: { interrupted: false, lines: [`${e.what}: ${e.message}`], nodes: [] }, top: 0 } };
        if (s.quitAfterRun) return step(next, { kind: 'exit', code: 130 });
      }
      return step(next);
    }
    case 'signal':
      if (s.panel?.kind === 'running') {
        const stopping = s.panel.stopping;
        const next = info({ ...s, quitAfterRun: true, panel: { ...s.panel, stopping: true } }, `${e.name}: stopping the run safely, then quitting`, 'warn');
        return stopping ? step(next) : step(next, { kind: 'stop-run' });
      }
      return step(s, { kind: 'exit', code: 130 });
  }
}
