// The resync figures of issue 5, run by `npm run bench` (and alone by `npm run bench -- resync`):
// `kubectl sg resync --all` on a 500-node sandbox against the runbook way, in the same sandbox,
// for both methods:
//   toggle     runbook: per node `kubectl annotate node N --overwrite …disable-node-eni-security-groups=yes;
//              sleep 3; kubectl annotate node N --overwrite …=no` (seed 001's two steps, 3 s apart:
//              the middle of the documented 2-5 s)
//   need-sync  runbook: per node `kubectl annotate node N --overwrite …need-sync-security-groups=true`,
//              then wait until ipamd removed it from all of them
// The runbook loops are strictly sequential, so they run on a sample of nodes (default 20, spread
// over the cluster) and their wall time is extrapolated linearly to all nodes; the tables say so.
// (The need-sync wait at the end is measured once and added, not multiplied.) The runbook runs
// the plain Kubernetes kubectl (kubectl.1.NN behind gcloud's dispatcher), the stricter baseline.
//
// Before each way, every secondary ENI of the nodes it will resync is given other groups than the
// policy's behind ipamd's back (what a changed global list or a console edit leaves): both
// methods then have all of each ENI's groups to replace, the case where an ENI can go without any.
// How long each secondary ENI went without groups is read from the emulator's record of group
// changes (the cloud's side), never from the plugin. Times are printed, never asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOnce, percentile, Interrupted, type Cmd } from './measure.ts';
import { figure, type Figure, type Side } from './report.ts';
import { sandboxUp, type BenchSandbox } from './sandbox.ts';
import { ungroupedWindows } from './ungrouped-window.ts';

const DISABLE = 'tke.cloud.tencent.com/disable-node-eni-security-groups';
const NEED_SYNC = 'tke.cloud.tencent.com/need-sync-security-groups';
const RESYNC_METHODS = ['toggle', 'need-sync'] as const;
type Method = (typeof RESYNC_METHODS)[number];

export interface ResyncBenchOptions {
  /** Nodes of the sandbox, all resynced by `kubectl sg resync --all` (default 500). */
  nodes: number;
  /** Nodes the runbook loops run on before their time is extrapolated (default 20). */
  runbookNodes: number;
  /** The sandbox's kubectl: `onPath` runs `kubectl sg`, `baseline` the runbook (see run.ts findKubectl). */
  kubectl: (env: NodeJS.ProcessEnv) => { onPath: string; baseline: string };
  log: (line: string) => void;
  stopped: () => boolean;
}

export interface ResyncBenchResult {
  figures: Figure[];
  /** For --json. */
  section: Record<string, unknown>;
  /** Lines printed under the table. */
  notes: string[];
}

interface World {
  policy: string[];
  /** A set of groups none of which is in the policy: what each ENI is given before a way runs. */
  other: string[];
  /** node name → its secondary ENIs. */
  secondaries: Map<string, string[]>;
}

interface Way {
  label: string;
  nodes: number;
  wallMs: number;
  /** Per secondary ENI that went without groups: its longest stretch (ms). */
  windowsMs: number[];
  enis: number;
}

const check = (o: ResyncBenchOptions) => {
  if (o.stopped()) throw new Interrupted('interrupted');
};

async function readWorld(sb: BenchSandbox): Promise<World> {
  const state = await sb.control.state();
  const sg = (state.addon.values?.vpcCni as { securityGroups?: { securityGroups?: string[] } } | undefined)?.securityGroups;
  const policy = sg?.securityGroups ?? [];
  if (policy.length === 0) throw new Error('the sandbox has no global list: expected the default --global-groups 2');
  const primaryGroups = new Set(state.instances.flatMap((i) => i.securityGroupIds));
  const other = state.securityGroups.map((g) => g.id).filter((g) => !policy.includes(g) && !primaryGroups.has(g)).slice(0, 1);
  const secondaries = new Map<string, string[]>();
  for (const i of state.instances) secondaries.set(i.nodeName, state.enis.filter((e) => e.Attachment.InstanceId === i.id && !e.Primary).map((e) => e.NetworkInterfaceId));
  return { policy, other, secondaries };
}

/** `count` node names spread evenly over the list. */
function spread<T>(items: readonly T[], count: number): T[] {
  if (count >= items.length) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}

/** Runs `fn` over `items`, `width` at a time. */
async function each<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/** Every secondary ENI of these nodes gets groups outside the policy, behind ipamd's back. */
async function driftAll(sb: BenchSandbox, w: World, nodes: readonly string[]): Promise<void> {
  const enis = nodes.flatMap((n) => w.secondaries.get(n) ?? []);
  await each(enis, 16, async (id) => void (await sb.control.setEniGroups(id, w.other)));
}

/** Waits (bounded) until every secondary ENI of these nodes carries the policy and no node carries a resync annotation. */
async function settle(sb: BenchSandbox, w: World, nodes: readonly string[], o: ResyncBenchOptions): Promise<void> {
  const want = JSON.stringify(w.policy);
  const enis = new Set(nodes.flatMap((n) => w.secondaries.get(n) ?? []));
  const deadline = Date.now() + 180_000;
  for (;;) {
    check(o);
    const state = await sb.control.state();
    const off = state.enis.filter((e) => enis.has(e.NetworkInterfaceId) && JSON.stringify(e.GroupSet) !== want).length;
    const pending = (await annotated(sb, o)).length;
    if (off === 0 && pending === 0) return;
    if (Date.now() > deadline) throw new Error(`after the resync ${off} secondary ENIs still lack the policy's groups and ${pending} nodes still carry a resync annotation (3 min)`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Nodes carrying disable=yes or need-sync=true, read with the baseline kubectl. */
async function annotated(sb: BenchSandbox, o: ResyncBenchOptions): Promise<string[]> {
  const k = o.kubectl(sb.env).baseline;
  const r = await runOnce({ id: 'get', label: 'kubectl get nodes', file: k, args: ['get', 'nodes', '-o', 'json'], env: sb.env }, { rss: false, capture: true, keep: true });
  if (r.code !== 0) throw new Error(`kubectl get nodes failed: ${r.stderr}`);
  const doc = JSON.parse(r.stdout ?? '{}') as { items: { metadata: { name: string; annotations?: Record<string, string> } }[] };
  return doc.items.filter((n) => n.metadata.annotations?.[DISABLE] === 'yes' || n.metadata.annotations?.[NEED_SYNC] === 'true').map((n) => n.metadata.name);
}

/** How long one way took: the whole wall time, and for the need-sync runbook the final wait apart. */
interface Timing {
  wallMs: number;
  tailMs?: number;
}

async function timed(cmd: Cmd, o: ResyncBenchOptions): Promise<number> {
  o.log(`bench: resync: ${cmd.label}`);
  const r = await runOnce(cmd, { rss: false, capture: false, keep: false });
  check(o);
  if (r.code !== 0) throw new Error(`\`${cmd.label}\` failed (${r.signal ? `killed by ${r.signal}` : `exit ${r.code}`}):\n${r.stderr.trim().split('\n').slice(-15).join('\n')}`);
  o.log(`bench: resync:   ${(r.sample.ms / 1000).toFixed(1)} s`);
  return r.sample.ms;
}

/** Drifts the nodes, runs the way, waits until all is in sync, and reads the ungrouped windows from the emulator. */
async function measureWay(sb: BenchSandbox, w: World, nodes: readonly string[], run: () => Promise<Timing>, o: ResyncBenchOptions): Promise<Timing & { windowsMs: number[]; enis: number }> {
  await driftAll(sb, w, nodes);
  await sb.control.resetRateLimits();
  await sb.control.clearGroupChanges();
  const enis = nodes.flatMap((n) => w.secondaries.get(n) ?? []);
  const since = Date.now();
  const timing = await run();
  await settle(sb, w, nodes, o);
  const end = Date.now();
  const { changes, dropped } = await sb.control.groupChanges(since);
  if (dropped > 0) throw new Error(`the emulator dropped ${dropped} group-change records: the windows would be incomplete`);
  const windows = ungroupedWindows(new Map(enis.map((id) => [id, w.other])), changes, since, end);
  return { ...timing, windowsMs: windows.filter((x) => x.stretches > 0).map((x) => x.longestMs), enis: enis.length };
}

const RUNBOOK: Record<Method, string> = {
  toggle: `kubectl annotate node N --overwrite ${DISABLE}=yes; sleep 3; kubectl annotate node N --overwrite ${DISABLE}=no`,
  'need-sync': `kubectl annotate node N --overwrite ${NEED_SYNC}=true`,
};

/** The runbook as an operator's shell runs it: one node after the other. */
function runbookLoop(method: Method, kubectl: string, env: NodeJS.ProcessEnv, nodes: readonly string[]): Cmd {
  const perNode =
    method === 'toggle'
      ? `"$KUBECTL" annotate node "$n" --overwrite ${DISABLE}=yes >/dev/null; sleep 3; "$KUBECTL" annotate node "$n" --overwrite ${DISABLE}=no >/dev/null`
      : `"$KUBECTL" annotate node "$n" --overwrite ${NEED_SYNC}=true >/dev/null`;
  return { id: `runbook-${method}`, label: RUNBOOK[method], file: 'bash', args: ['-c', `set -e; for n in "$@"; do ${perNode}; done`, 'runbook', ...nodes], env: { ...env, KUBECTL: kubectl } };
}

/** The need-sync runbook's last step: ask until no node carries the annotation any more, as an operator's `until` loop would. */
function needSyncWait(kubectl: string, env: NodeJS.ProcessEnv): Cmd {
  const jsonpath = `{.items[*].metadata.annotations.${NEED_SYNC.replace(/\./g, '\\.')}}`;
  return {
    id: 'runbook-need-sync-wait',
    label: 'until no node has need-sync: kubectl get nodes -o jsonpath=…',
    file: 'bash',
    args: ['-c', `while [ -n "$("$KUBECTL" get nodes -o jsonpath='${jsonpath}')" ]; do :; done`],
    env: { ...env, KUBECTL: kubectl },
  };
}

const times = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

async function runbookWay(sb: BenchSandbox, w: World, method: Method, sample: readonly string[], all: number, o: ResyncBenchOptions): Promise<Way> {
  const k = o.kubectl(sb.env).baseline;
  const scale = all / sample.length;
  const m = await measureWay(
    sb,
    w,
    sample,
    async () => {
      const loopMs = await timed(runbookLoop(method, k, sb.env, sample), o);
      if (method === 'toggle') return { wallMs: loopMs };
      const tailMs = await timed(needSyncWait(k, sb.env), o);
      return { wallMs: loopMs, tailMs };
    },
    o,
  );
  // Strictly sequential: the loop grows linearly with the nodes; the need-sync wait happens once.
  const wallMs = m.wallMs * scale + (m.tailMs ?? 0);
  const how = method === 'toggle' ? `measured on ${sample.length} nodes, ×${times(scale)}` : `loop measured on ${sample.length} nodes ×${times(scale)}, + the final wait (${(m.tailMs! / 1000).toFixed(1)} s) once`;
  return { label: `runbook \`${RUNBOOK[method]}\` per node${method === 'need-sync' ? ', then wait until ipamd removed it from all' : ''} (${how})`, nodes: sample.length, wallMs, windowsMs: m.windowsMs, enis: m.enis };
}

async function ourWay(sb: BenchSandbox, w: World, method: Method, nodes: readonly string[], stateDir: string, o: ResyncBenchOptions): Promise<Way> {
  // --force: the nodes are in sync, and the figure is the time of resyncing every one of them.
  const args = ['sg', 'resync', '--all', '--yes', '--force', '--method', method];
  const cmd: Cmd = { id: `resync-${method}`, label: `kubectl ${args.join(' ')}`, file: o.kubectl(sb.env).onPath, args, env: { ...sb.env, KUBECTL_SG_STATE_DIR: stateDir } };
  const m = await measureWay(sb, w, nodes, async () => ({ wallMs: await timed(cmd, o) }), o);
  return { label: `\`${cmd.label}\``, nodes: nodes.length, wallMs: m.wallMs, windowsMs: m.windowsMs, enis: m.enis };
}

function windowSide(way: Way, who: string): Side {
  const longest = way.windowsMs.length ? Math.max(...way.windowsMs) : 0;
  const median = way.windowsMs.length ? percentile(way.windowsMs, 50) : 0;
  return {
    label: who,
    unit: 'ms',
    median: longest,
    detail: `${who}: longest of ${way.enis} secondary ENIs on ${way.nodes} nodes; ${way.windowsMs.length} ENIs went without groups, their median ${(median / 1000).toFixed(2)} s`,
  };
}

/** A 500-node sandbox (ipamd v3.5.8: both methods), the runbook on a sample, then ours on all, per method. */
export async function resyncBench(o: ResyncBenchOptions): Promise<ResyncBenchResult> {
  o.log(`bench: resync: sandbox up --nodes ${o.nodes}`);
  const sb = await sandboxUp(o.nodes, o.log);
  check(o);
  o.log(`bench: resync: sandbox up in ${sb.upSeconds.toFixed(1)} s`);
  const stateDir = mkdtempSync(join(tmpdir(), 'kubectl-sg-bench-state-'));
  try {
    const w = await readWorld(sb);
    const all = [...w.secondaries.keys()];
    const sample = spread(all, o.runbookNodes);
    const figures: Figure[] = [];
    const ways: Record<string, Way> = {};
    for (const method of RESYNC_METHODS) {
      const runbook = await runbookWay(sb, w, method, sample, all.length, o);
      const ours = await ourWay(sb, w, method, all, stateDir, o);
      ways[`runbook-${method}`] = runbook;
      ways[`ours-${method}`] = ours;
      const dn = `${all.length.toLocaleString('en-US')} nodes`;
      figures.push(
        figure({
          id: `resync-${method}-wall`,
          section: 'resync',
          figure: `${dn}, ${method}: resync of every node, wall (target: at least 30× faster)`,
          ours: { label: ours.label, unit: 'ms', median: ours.wallMs, detail: `${ours.label}, ${times(Math.round((runbook.wallMs / ours.wallMs) * 10) / 10)}× faster` },
          baseline: { label: runbook.label, unit: 'ms', median: runbook.wallMs, detail: runbook.label },
          target: 1 / 30,
        }),
        figure({
          id: `resync-${method}-ungrouped`,
          section: 'resync',
          figure: `${dn}, ${method}: longest time a secondary ENI had no security group (from the emulator's record of group changes)`,
          ours: windowSide(ours, ours.label),
          baseline: windowSide(runbook, `the runbook (${runbook.nodes} nodes)`),
          target: 1,
        }),
      );
    }
    const notes = [
      `Resync (${all.length.toLocaleString('en-US')} nodes, ipamd v3.5.8, reaction delay 200 ms, sandbox up in ${sb.upSeconds.toFixed(0)} s): before each way every secondary ENI of its nodes was given a group outside the policy (${w.other.join(',')} instead of ${w.policy.join(',')}), so every group is replaced. ` +
        `The runbook loops are sequential and ran on ${sample.length} nodes spread over the cluster; their wall time is extrapolated linearly to ${all.length} (the need-sync wait at the end is added once). ` +
        `They run \`${o.kubectl(sb.env).baseline}\` (the plain Kubernetes kubectl, the stricter baseline), \`kubectl sg\` the \`kubectl\` on PATH. ` +
        `Ungrouped windows: per secondary ENI, from the change that left it without any group to the one that gave it one, as the emulator recorded them.`,
    ];
    const section = {
      nodes: all.length,
      runbookNodes: sample.length,
      upSeconds: Math.round(sb.upSeconds * 100) / 100,
      policy: w.policy,
      driftedTo: w.other,
      ways: Object.fromEntries(Object.entries(ways).map(([k, v]) => [k, { ...v, windowsMs: undefined, longestUngroupedMs: v.windowsMs.length ? Math.max(...v.windowsMs) : 0, enisUngrouped: v.windowsMs.length }])),
    };
    return { figures, section, notes };
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}
