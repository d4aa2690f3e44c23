// The fleet figure of issue 18, run by `npm run bench`: `kubectl sg report --all-contexts` over a
// kubeconfig of N clusters (default 10, each a TKE sandbox of 3 nodes with its own kube-apiserver,
// etcd and ipamd simulator) against what an operator does without it: `kubectl sg show node` on
// each context in turn (one shell loop, so the loop's own cost, ~1 ms of sh, is on the baseline).
// The clouds: the plugin has one HTTPS_PROXY and one key, so every cluster's ENIs are read from
// the first sandbox's Tencent emulator. That is sound because a sandbox's world is deterministic
// (test/sandbox/scenario.ts: the same options give the same instances, ENIs and groups, and each
// ipamd simulator binds the same groups), so every cluster finds its nodes' ENIs there, in sync;
// both sides read exactly the same.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { Interrupted, type Cmd, type CmdResult } from './measure.ts';
import { cpuSide, figure, wallSide, type Figure } from './report.ts';
import { sandboxUp, type BenchSandbox } from './sandbox.ts';

export interface FleetBenchOptions {
  clusters: number;
  runs: number;
  warmup: number;
  kubectl: (env: NodeJS.ProcessEnv) => { onPath: string };
  /** run.ts's measureGroup with its shared options (rss, log, interrupts). */
  group: (cmds: Cmd[], runs: number, warmup: number, keepOutput: string[]) => Promise<Map<string, CmdResult>>;
  log: (line: string) => void;
  stopped: () => boolean;
}

/** Sandboxes started this many at a time: each start builds nothing but runs an apiserver, etcd and two Node processes. */
const START_AT_ONCE = 3;
const NODES = 3;

interface Kubeconfig {
  clusters: { name: string; cluster: unknown }[];
  users: { name: string; user: unknown }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
  'current-context': string;
}

function merged(sandboxes: readonly BenchSandbox[], names: readonly string[]): string {
  const parts = sandboxes.map((sb, i) => {
    const k = load(readFileSync(sb.env.KUBECONFIG!, 'utf8')) as Kubeconfig;
    const ctx = k.contexts.find((c) => c.name === k['current-context'])!.context;
    const name = names[i]!;
    return { cluster: { name, cluster: k.clusters.find((c) => c.name === ctx.cluster)!.cluster }, user: { name, user: k.users.find((u) => u.name === ctx.user)!.user }, context: { name, context: { cluster: name, user: name } } };
  });
  return dump({ apiVersion: 'v1', kind: 'Config', clusters: parts.map((p) => p.cluster), users: parts.map((p) => p.user), contexts: parts.map((p) => p.context), 'current-context': names[0] });
}

export async function fleetBench(o: FleetBenchOptions): Promise<{ figures: Figure[]; section: Record<string, unknown> }> {
  const sandboxes: BenchSandbox[] = [];
  const t0 = Date.now();
  for (let i = 0; i < o.clusters; i += START_AT_ONCE) {
    o.log(`bench: fleet: sandboxes ${i + 1}-${Math.min(i + START_AT_ONCE, o.clusters)} of ${o.clusters} up`);
    sandboxes.push(...(await Promise.all(Array.from({ length: Math.min(START_AT_ONCE, o.clusters - i) }, () => sandboxUp(NODES, o.log)))));
    if (o.stopped()) throw new Interrupted('interrupted');
  }
  const upSeconds = (Date.now() - t0) / 1000;
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-sg-bench-fleet-'));
  try {
    const names = sandboxes.map((_, i) => `cluster-${String(i + 1).padStart(2, '0')}`);
    const kubeconfig = join(dir, 'fleet.kubeconfig');
    writeFileSync(kubeconfig, merged(sandboxes, names));
    const env = { ...sandboxes[0]!.env, KUBECONFIG: kubeconfig };
    const k = o.kubectl(env);
    const loop = `for c in ${names.join(' ')}; do "$0" sg show node -o json --context "$c" || exit 1; done`;
    const cmds: Cmd[] = [
      { id: 'fleet-report', label: `kubectl sg report --all-contexts -o json (${o.clusters} clusters)`, file: k.onPath, args: ['sg', 'report', '--all-contexts', '-o', 'json'], env },
      { id: 'fleet-show-each', label: `kubectl sg show node -o json --context C, for each of the ${o.clusters} in turn`, file: '/bin/sh', args: ['-c', loop, k.onPath], env },
    ];
    o.log(`bench: fleet: ${cmds.map((c) => c.label).join(', ')} (${o.warmup} warm-up + ${o.runs} rounds)`);
    const r = await o.group(cmds, o.runs, o.warmup, ['fleet-report']);
    // The check run: every cluster read, every node of each in sync (exit 0 says none drifted).
    const report = JSON.parse(r.get('fleet-report')!.output ?? '{}') as { items?: { reachable: boolean; nodes?: { inSync: number } | null }[] };
    const read = report.items?.filter((i) => i.reachable && i.nodes?.inSync === NODES).length;
    if (read !== o.clusters) throw new Error(`\`${cmds[0]!.label}\` read ${read} of ${o.clusters} clusters with all ${NODES} nodes in sync`);
    const s = `fleet, ${o.clusters} clusters of ${NODES} nodes`;
    const ours = r.get('fleet-report')!;
    const base = r.get('fleet-show-each')!;
    const cpu = cpuSide(ours);
    return {
      figures: [
        figure({ id: 'fleet-wall', section: s, figure: `\`kubectl sg report --all-contexts -o json\` (every row: nodes, pods, lint, doctor; 4 clusters at once) vs \`kubectl sg show node -o json\` on each context in turn, wall`, ours: wallSide(ours), baseline: wallSide(base) }),
        ...(cpu ? [figure({ id: 'fleet-cpu', section: s, figure: `CPU time (user+sys), the same two`, ours: cpu, baseline: cpuSide(base)! })] : []),
      ],
      section: { clusters: o.clusters, nodesEach: NODES, upSeconds, runs: o.runs, warmup: o.warmup, outputBytes: Object.fromEntries([...r].map(([id, x]) => [id, x.outputBytes])) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
