// The providers kubectl-sg knows, each named once here and loaded only when a verb needs it, and
// what the verbs ask of all of them at once: which ones the cluster runs (each provider's own
// evidence, read in one concurrent round), whose nodes and pods are whose, and each provider's
// answer for the verbs that show several. The choice between them is domain/provider-choice.ts.
import type { V1Pod } from '@kubernetes/client-node';
import type { KubeClient } from '../adapters/kube/kube-client.ts';
import { chooseProvider, detectedProviders, NOTHING_SEEN, PROVIDERS, type ProviderEvidence, type ProviderName } from '../domain/provider-choice.ts';
import type { Side } from '../domain/reach/target.ts';
import { findPod, type FoundPod } from './pod-lookup.ts';
import type { NodeReadAhead, Provider, ProviderContext } from './provider.ts';
import type { KubeNode } from '../adapters/kube/nodes.ts';

/** Each provider's folder, loaded on first use: a new provider is a folder and a line here (and its name in domain/provider-choice.ts). */
const REGISTRY = {
  tke: async () => (await import('./tke/provider.ts')).tkeProvider,
  supernode: async () => (await import('./supernode/provider.ts')).supernodeProvider,
  eci: async () => (await import('./eci/provider.ts')).eciProvider,
} satisfies Record<ProviderName, () => Promise<Provider>>;

export type Providers = { [N in ProviderName]: Awaited<ReturnType<(typeof REGISTRY)[N]>> };
export type ClusterReportOf<N extends ProviderName> = Awaited<ReturnType<Providers[N]['readCluster']>>;
export type NodeReportOf<N extends ProviderName> = Awaited<ReturnType<Providers[N]['readNodes']>>['reports'][number];
export type PodReportOf<N extends ProviderName> = Awaited<ReturnType<Providers[N]['readPod']>>;

export const loadProvider = <N extends ProviderName>(name: N): Promise<Providers[N]> => REGISTRY[name]() as Promise<Providers[N]>;
const loadProviders = (names: readonly ProviderName[] = PROVIDERS): Promise<Provider[]> => Promise.all(PROVIDERS.filter((n) => names.includes(n)).map((n) => loadProvider(n)));

export async function detectProviders(kube: KubeClient): Promise<ProviderEvidence> {
  const providers = await loadProviders();
  const seen = await Promise.all(providers.map((p) => p.detect(kube)));
  return Object.fromEntries(providers.map((p, i) => [p.name, seen[i]])) as ProviderEvidence;
}

/** The provider a single-provider verb works on: --provider, else what the cluster runs (domain rules). */
export async function providerFor(kube: KubeClient, forced: ProviderName | undefined, serves: readonly ProviderName[], verb: string): Promise<ProviderName> {
  // A forced provider the verb serves needs no reads; one it does not serve is refused before any.
  if (forced) return chooseProvider(NOTHING_SEEN, forced, serves, verb);
  if (serves.length === 1) return serves[0]!;
  return chooseProvider(await detectProviders(kube), undefined, serves, verb);
}

/** The providers a verb that shows every provider reads: the forced one, else every one the cluster runs, else the first (whose report says what is missing). */
export async function providersShown(kube: KubeClient, forced: ProviderName | undefined): Promise<ProviderName[]> {
  if (forced) return [forced];
  const detected = detectedProviders(await detectProviders(kube));
  return detected.length > 0 ? detected : [PROVIDERS[0]];
}

/** The provider whose marks a node or pod carries; the provider without marks (the first) owns the rest. */
function ownerOf(providers: readonly Provider[], marked: (p: Provider) => boolean): ProviderName {
  return providers.find((p) => marked(p))?.name ?? PROVIDERS[0];
}

/** The provider of a pod that was found: --provider, else its own marks or its node's. */
export async function podProvider(found: FoundPod, forced: ProviderName | undefined): Promise<ProviderName> {
  return forced ?? ownerOf(await loadProviders(), (p) => p.marksPod?.(found.pod, found.node) === true);
}

/** Whether another provider than `name` claims a pod by its marks (without its node). */
export async function podOfOther(name: ProviderName): Promise<(pod: V1Pod) => boolean> {
  const others = (await loadProviders()).filter((p) => p.name !== name);
  return (pod) => others.some((p) => p.marksPod?.(pod, undefined) === true);
}

/** Whether another provider than `name` marks a node. */
export async function nodeOfOther(name: ProviderName): Promise<(node: KubeNode) => boolean> {
  const others = (await loadProviders()).filter((p) => p.name !== name);
  return (node) => others.some((p) => p.marksNode?.(node) === true);
}

/**
 * Which provider shows which of the selected nodes: each node its owner's; with --provider only
 * that provider's. When the nodes are more than one provider's, a provider's nodes are shown if the
 * cluster runs it, if it marks its nodes, or if the cluster runs none of them.
 */
export async function nodesByProvider(kube: KubeClient, nodes: readonly KubeNode[], forced: ProviderName | undefined): Promise<Map<ProviderName, KubeNode[]>> {
  const providers = await loadProviders();
  const owned = new Map<ProviderName, KubeNode[]>();
  for (const n of nodes) {
    const owner = ownerOf(providers, (p) => p.marksNode?.(n) === true);
    const list = owned.get(owner);
    if (list) list.push(n);
    else owned.set(owner, [n]);
  }
  if (forced) return new Map([[forced, owned.get(forced) ?? []]]);
  if (owned.size < 2) return owned;
  const evidence = await detectProviders(kube);
  const anyRuns = [...owned.keys()].some((n) => evidence[n] !== undefined);
  const marks = new Set(providers.filter((p) => p.marksNode).map((p) => p.name));
  return new Map([...owned].filter(([n]) => evidence[n] !== undefined || marks.has(n) || !anyRuns));
}

/** reach's provider: the cluster's one; when it runs several, the first named pod's owner, else the first. */
export async function reachProvider(kube: KubeClient, sides: readonly Side[]): Promise<ProviderName> {
  const running = detectedProviders(await detectProviders(kube));
  if (running.length < 2) return running[0] ?? PROVIDERS[0];
  for (const side of sides) {
    if (side.kind !== 'pod') continue;
    const owner = await podProvider(await findPod(kube, side.namespace ?? kube.target.namespace, side.name), undefined);
    if (owner !== PROVIDERS[0] && running.includes(owner)) return owner;
  }
  return PROVIDERS[0];
}

/** Each named provider's cluster report, read one after another in the registry's order. */
export type ClusterReports = { [N in ProviderName]?: ClusterReportOf<N> };

export async function readClusterReports(ctx: ProviderContext, names: readonly ProviderName[]): Promise<ClusterReports> {
  const reports: [ProviderName, unknown][] = [];
  for (const p of await loadProviders(names)) reports.push([p.name, await p.readCluster({ ...ctx, nodeOfOther: await nodeOfOther(p.name) })]);
  return Object.fromEntries(reports) as ClusterReports;
}

/**
 * show node's reads started while the nodes are listed (NodeReadAhead): once the list turns out
 * to have more than one page, each page's nodes go to their owner's read-ahead (with --provider,
 * that provider's alone), from that page to the last. A list of one page starts nothing.
 */
export class NodeReadAheads {
  private readonly ctx: ProviderContext;
  private readonly providers: readonly Provider[];
  private readonly forced: ProviderName | undefined;
  private readonly started = new Map<ProviderName, NodeReadAhead>();
  private engaged = false;

  private constructor(ctx: ProviderContext, providers: readonly Provider[], forced: ProviderName | undefined) {
    this.ctx = ctx;
    this.providers = providers;
    this.forced = forced;
  }

  static async of(ctx: ProviderContext, forced: ProviderName | undefined): Promise<NodeReadAheads> {
    return new NodeReadAheads(ctx, await loadProviders(), forced);
  }

  /** For selectNodes' onPage. */
  readonly onPage = (nodes: readonly KubeNode[], more: boolean): void => {
    this.engaged ||= more;
    if (!this.engaged) return;
    const byOwner = new Map<ProviderName, KubeNode[]>();
    for (const n of nodes) {
      const owner = ownerOf(this.providers, (p) => p.marksNode?.(n) === true);
      if (this.forced !== undefined && owner !== this.forced) continue;
      const list = byOwner.get(owner);
      if (list) list.push(n);
      else byOwner.set(owner, [n]);
    }
    for (const [name, owned] of byOwner) {
      let ahead = this.started.get(name);
      if (!ahead) {
        ahead = this.providers.find((p) => p.name === name)?.readNodesAhead?.(this.ctx);
        if (!ahead) continue;
        this.started.set(name, ahead);
      }
      ahead.add(owned);
    }
  };

  of(name: ProviderName): NodeReadAhead | undefined {
    return this.started.get(name);
  }
}

/** Each provider's node reports, of the nodes it shows (nodesByProvider), and the warnings of the reads. */
export type NodeReports = { [N in ProviderName]?: NodeReportOf<N>[] };

export async function readNodeReportsByProvider(
  ctx: ProviderContext,
  byProvider: Map<ProviderName, KubeNode[]>,
  ahead?: NodeReadAheads,
): Promise<{ reports: NodeReports; warnings: string[] }> {
  const reports: [ProviderName, unknown][] = [];
  const warnings: string[] = [];
  for (const p of await loadProviders([...byProvider.keys()])) {
    const nodes = byProvider.get(p.name)!;
    if (nodes.length === 0) continue;
    const read = await p.readNodes(ctx, nodes, ahead?.of(p.name));
    reports.push([p.name, read.reports]);
    warnings.push(...read.warnings);
  }
  return { reports: Object.fromEntries(reports) as NodeReports, warnings };
}

/** A pod's report, with the provider whose shape it is. */
export type ProviderPodReport = { [N in ProviderName]: { provider: N; report: PodReportOf<N> } }[ProviderName];

export async function readPodReportOf(ctx: ProviderContext, found: FoundPod, name: ProviderName): Promise<ProviderPodReport> {
  const provider: Provider = await loadProvider(name);
  return { provider: name, report: await provider.readPod(ctx, found) } as ProviderPodReport;
}
