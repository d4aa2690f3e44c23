// The pickers a verb opens when its selection is missing and a person is at a terminal (CLI
// side: the TUI bundle loads only when one opens). Without a terminal the verb keeps its usage
// error naming the missing argument: a runbook never waits on a screen nobody sees.
//
//   set node   (no NAME and no -l)          pickNodes(f, { verb: 'set node' })
//              (no --groups/--add/--remove) pickGroups(f, { verb: 'set node', nodes })
//   resync     (no NAME, -l, --all, --drifted, --resume)   pickNodes(f, { verb: 'resync' }): drifted nodes come selected
//   show group (no SG-ID)                   pickGroup(f, { verb: 'show group' })
import type { Factory } from '../../operations/factory.ts';
import { readClusterSetting } from '../../operations/tke/cluster-setting.ts';
import { NotVpcCniError } from '../../operations/tke/cluster-report.ts';
import { LiveBackend } from './live-backend.ts';
import { loadTui } from './load.ts';
import { commonGroups } from './text-views.ts';
import type { PickResult, Purpose } from './state.ts';

/** A person is there to pick: both stdin and stdout are a terminal. */
export function canPick(stdin: { isTTY?: boolean } = process.stdin, stdout: { isTTY?: boolean } = process.stdout): boolean {
  return stdin.isTTY === true && stdout.isTTY === true;
}

/** Left without a choice (esc, q, ctrl-c): the verb stops, having changed nothing (exit 1). */
export class PickCancelledError extends Error {
  constructor(verb: string) {
    super(`${verb}: nothing picked, nothing changed`);
    this.name = 'PickCancelledError';
  }
}

export interface PickOptions {
  verb: string;
  clusterIdFlag?: string;
  /** For a group picker: the nodes the groups are for. */
  nodes?: readonly string[];
}

async function pick<K extends PickResult['kind']>(f: Factory, o: PickOptions, purpose: Purpose, kind: K, startGroups?: (b: LiveBackend) => Promise<string[]>): Promise<Extract<PickResult, { kind: K }>> {
  const kube = f.kube();
  const setting = await readClusterSetting(kube);
  if (!setting.ipamd) throw new NotVpcCniError(kube.target.contextName);
  const backend = new LiveBackend(f, { clusterIdFlag: o.clusterIdFlag, setting });
  try {
    const groups = startGroups ? await startGroups(backend) : undefined;
    const { result } = await loadTui().openApp({ backend, purpose, groups, nodes: o.nodes ? [...o.nodes] : undefined });
    if (result?.kind !== kind) throw new PickCancelledError(o.verb);
    return result as Extract<PickResult, { kind: K }>;
  } finally {
    backend.close();
  }
}

/** Nodes, from the nodes view (filter, -l, a, d); for resync the drifted ones come selected. */
export async function pickNodes(f: Factory, o: PickOptions): Promise<string[]> {
  return (await pick(f, o, { kind: 'pick-nodes', verb: o.verb }, 'nodes')).names;
}

/** Groups in priority order, at most the per-ENI cap; the nodes' current list, when they share one, to start from. */
export async function pickGroups(f: Factory, o: PickOptions): Promise<string[]> {
  const nodes = o.nodes ?? [];
  const current = async (b: LiveBackend) => (nodes.length ? commonGroups(await b.readNodes(nodes), nodes) : []);
  return (await pick(f, o, { kind: 'pick-groups', verb: o.verb }, 'groups', current)).ids;
}

/** One group of the region, by name, rule count and lint. */
export async function pickGroup(f: Factory, o: PickOptions): Promise<string> {
  return (await pick(f, o, { kind: 'pick-group', verb: o.verb }, 'group')).id;
}
