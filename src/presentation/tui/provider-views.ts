// Each provider's views, as data: which key context its nodes list and its node view are (so
// the key table decides what works there: s and r on TKE nodes, e on virtual nodes, w on an ECI
// pod, nothing that writes on super nodes), its part of the title bar, its summary line and its
// counts for the header, the nodes that carry its pods (virtual nodes, super nodes), how its
// pods are shown, and which provider each action belongs to. The reducer and the frame look a provider up here instead
// of asking which provider it is; a third provider is another entry.
import { PROVIDER_TITLES } from '../../domain/provider-choice.ts';
import { countNodes } from '../../domain/tke/node-counts.ts';
import { plural } from '../../domain/plural.ts';
import type { ClusterFacts, UiPod, UiProvider } from './backend.ts';
import { eciPodLines, podCounts, vnodeState } from './eci-views.ts';
import { snodeState, superPodCounts, superPodLines } from './supernode-views.ts';
import type { KeyContext } from './keys.ts';
import { seg, type Line, type Tone } from './line.ts';
import { shownNodes } from './node-list.ts';
import { UI_PROVIDERS, type Action, type AppState } from './state.ts';
import { podLines } from './text-views.ts';

export interface ProviderViews {
  /** The key context of view 'nodes' and of view 'node' when this provider is shown. */
  contexts: { nodes: KeyContext; node: KeyContext };
  /** The title bar's words after the context, most telling first. */
  title(c: ClusterFacts): string[];
  /** The line under the title on its nodes views: counts, selection, filter. */
  summary(s: AppState): Line;
  /** Its counts in a few words, for the header line of a cluster running both. */
  counts(s: AppState): string;
  /** Where its groups come from and what carries them, for the groups' summary line. */
  groups: { where: string; per: string };
  /** The nodes that carry its pods, each listing them (virtual nodes, super nodes), as read; absent for VPC-CNI's nodes (AppState.rows). */
  podNodes?: (s: AppState) => readonly PodNode[] | undefined;
}

/** A node whose pods are listed (enter opens one): a virtual node, a super node. */
export interface PodNode {
  name: string;
  pods: readonly { namespace: string; name: string }[];
}

let countsMemo: { rows: AppState['rows']; counts: ReturnType<typeof countNodes> } | undefined;

function countsOf(rows: AppState['rows']) {
  if (countsMemo?.rows !== rows) countsMemo = { rows, counts: countNodes(rows) };
  return countsMemo.counts;
}

function tkeSummary(s: AppState): Line {
  const n = countsOf(s.rows);
  const shown = shownNodes(s.rows, s.sort, s.filter).length;
  // States with no node are left out: the line must fit 80 columns with the selection and filter.
  const states: [number, string, Tone][] = [
    [n.inSync, 'in-sync', 'good'],
    [n.drifted, 'drifted', 'warn'],
    [n.disabled, 'disabled', 'bad'],
    [n.syncPending, 'sync-pending', 'busy'],
    [n.unknown, 'unknown', 'muted'],
    [n.noNec, 'no NEC', 'bad'],
  ];
  const line: Line = [seg(`${n.total} nodes`)];
  for (const [count, word, tone] of states.filter(([count], i) => count > 0 || i === 0)) line.push(seg(line.length === 1 ? ': ' : ', '), seg(`${count} ${word}`, { tone: count ? tone : undefined }));
  line.push(seg(` │ ${shown} shown · ${s.selected.size} selected · by ${s.sort}`));
  if (s.selector) line.push(seg(` · -l ${s.selector}`, { tone: 'accent' }));
  if (s.filter) line.push(seg(` · /${s.filter}`, { tone: 'accent' }));
  return line;
}

function eciSummary(s: AppState): Line {
  if (!s.vnodes) return [seg('virtual nodes: reading…', { tone: 'busy' })];
  const c = podCounts(s.vnodes);
  const differing = s.vnodes.filter((n) => vnodeState(n).text === 'differs').length;
  return [
    seg(`${plural(s.vnodes.length, 'virtual node')}${differing ? `, ${differing} with a differing pod` : ''} · ${plural(c.pods, 'pod')}: `),
    seg(`${c.inSync} in-sync`, { tone: c.inSync ? 'good' : undefined }),
    seg(', '),
    seg(`${c.differs} differ`, { tone: c.differs ? 'warn' : undefined }),
    seg(c.other ? `, ${c.other} other` : '', { tone: 'muted' }),
  ];
}

function superSummary(s: AppState): Line {
  if (!s.snodes) return [seg('super nodes: reading…', { tone: 'busy' })];
  const c = superPodCounts(s.snodes);
  const differing = s.snodes.filter((n) => snodeState(n).text === 'differs').length;
  return [
    seg(`${plural(s.snodes.length, 'super node')}${differing ? `, ${differing} with a differing pod` : ''} · ${plural(c.pods, 'pod')}: `),
    seg(`${c.inSync} in-sync`, { tone: c.inSync ? 'good' : undefined }),
    seg(', '),
    seg(`${c.differs} differ`, { tone: c.differs ? 'warn' : undefined }),
    seg(c.other ? `, ${c.other} other` : '', { tone: 'muted' }),
    seg(' · read-only', { tone: 'muted' }),
  ];
}

export { UI_PROVIDERS };

export const PROVIDER_VIEWS: Record<UiProvider, ProviderViews> = {
  tke: {
    contexts: { nodes: 'nodes', node: 'node' },
    title: (c) => {
      const t = c.tke;
      if (!t) return [PROVIDER_TITLES.tke, 'not in this cluster'];
      const parts = [PROVIDER_TITLES.tke, `ipamd ${t.ipamdVersion ?? '?'}`];
      if (t.resyncMethods.length) parts.push(`resync ${t.resyncMethods[0]}`);
      parts.push(t.feature.enabled ? `groups on: ${t.feature.globalList.length ? t.feature.globalList.join(',') : 'primary ENI\'s'}` : 'groups OFF');
      return parts;
    },
    summary: tkeSummary,
    groups: { where: 'in the region', per: 'ENI' },
    counts: (s) => {
      const n = countsOf(s.rows);
      return `${plural(n.total, 'node')}${n.drifted ? `, ${n.drifted} drifted` : ''}`;
    },
  },
  supernode: {
    contexts: { nodes: 'snodes', node: 'snode' },
    title: (c) => (c.supernode ? [PROVIDER_TITLES.supernode, `eks-config default ${c.supernode.eksConfigGroups.join(',') || '(none)'}`] : [PROVIDER_TITLES.supernode, 'not in this cluster']),
    summary: superSummary,
    // Tencent's groups of the region, as VPC-CNI's; the cap shown is an ENI's (no page states a super-node pod's).
    groups: { where: 'in the region', per: 'ENI' },
    counts: (s) => {
      if (!s.snodes) return 'reading…';
      const c = superPodCounts(s.snodes);
      return `${plural(s.snodes.length, 'super node')}, ${plural(c.pods, 'pod')}${c.differs ? `, ${c.differs} differ` : ''}`;
    },
    podNodes: (s) => s.snodes,
  },
  eci: {
    podNodes: (s) => s.vnodes,
    contexts: { nodes: 'vnodes', node: 'vnode' },
    title: (c) => (c.eci ? [PROVIDER_TITLES.eci, `default group ${c.eci.defaultGroup ?? '(none)'}`] : [PROVIDER_TITLES.eci, 'not in this cluster']),
    summary: eciSummary,
    groups: { where: 'in the eci-profile\'s VPC', per: 'instance' },
    counts: (s) => {
      if (!s.vnodes) return 'reading…';
      const c = podCounts(s.vnodes);
      return `${plural(s.vnodes.length, 'virtual node')}, ${plural(c.pods, 'pod')}${c.differs ? `, ${c.differs} differ` : ''}`;
    },
  },
};

/** Whose verb each action is: what its run changes, and so what is read again after it. */
export const ACTION_PROVIDER: Record<Action, UiProvider> = { resync: 'tke', 'set-groups': 'tke', 'set-workload': 'eci', 'eci-default': 'eci' };

type PodOf<P extends UiProvider> = Extract<UiPod, { provider: P }>['report'];

/** Each provider's pod view: its key context and its lines. */
const POD_VIEWS: { [P in UiProvider]: { context: KeyContext; lines: (report: PodOf<P>, query: string) => Line[] } } = {
  tke: { context: 'pod', lines: (r, query) => podLines(r, query) },
  supernode: { context: 'snode-pod', lines: (r) => superPodLines(r) },
  eci: { context: 'eci-pod', lines: (r) => eciPodLines(r) },
};

/** The pod view's context and lines: the pod's own provider decides (its node did, when it was read). */
export const podContext = (pod: UiPod | undefined): KeyContext => POD_VIEWS[pod?.provider ?? 'tke'].context;

export const podViewLines = (pod: UiPod | undefined, query: string): Line[] => {
  if (!pod) return podLines(undefined, query);
  const view = POD_VIEWS[pod.provider] as { lines: (report: UiPod['report'], query: string) => Line[] };
  return view.lines(pod.report, query);
};

/** The nodes carrying pods of the provider shown (undefined: not read, or VPC-CNI's), and the pods of the one open. */
export const podNodesOf = (s: AppState, provider: UiProvider = s.provider) => PROVIDER_VIEWS[provider].podNodes?.(s);
export const openNodePods = (s: AppState) => podNodesOf(s)?.find((n) => n.name === s.node)?.pods ?? [];
