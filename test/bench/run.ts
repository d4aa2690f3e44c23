// `npm run bench`: the figures of issue 4's "Benchmarks", printed and never asserted. Every
// figure is a ratio against a baseline measured side by side in the same run (see measure.ts:
// warm-up rounds first, then rounds that run each command of a group once, in rotated order),
// reported as median and p90 (nearest rank) over N runs.
//
//   npm run bench                       # everything, a few minutes on 2 cores
//   npm run bench -- --quick            # smoke run: fewer runs, no 5,000-node sandbox
//   npm run bench -- --json             # machine-readable results on stdout
//   npm run bench -- --runs 50 --runs-small 30 --runs-big 7 --nodes-big 5000 --no-big --warmup 2
//   npm run bench -- resync             # only the resync rows (resync.ts): 500 nodes, runbook vs ours
//   npm run bench -- reach              # only the reach rows: a pod whose groups hold 200 rules
//   npm run bench -- fleet              # only the fleet rows (fleet.ts): report over 10 clusters vs show node on each
//
// Progress goes to stderr; the markdown table (or the JSON) to stdout.
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpus, loadavg, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parseArgs } from 'node:util';
import { distDir, repo } from '../e2e/run.ts';
import { cleanupMeasure, haveGnuTime, Interrupted, killCurrent, measureGroup, runOnce, type Cmd, type CmdResult } from './measure.ts';
import { cpuSide, figure, markdownTable, round, rssSide, statsJson, wallSide, type Figure } from './report.ts';
import { active, sandboxDown, sandboxUp, type BenchSandbox } from './sandbox.ts';
import { resyncBench } from './resync.ts';
import { fleetBench } from './fleet.ts';
import { kubectlDispatchedTo } from '../sandbox/kube/dispatched-kubectl.ts';
import { FIGURES_MARK, type KeystrokeFigures } from './tui.ts';
import { shebangNodeFlags } from '../../cmd/release/single-executable.ts';
import { benchExecutables, seaSandboxCmds, seaSandboxFigures, seaStartupCmds, seaStartupFigures, type BenchExecutables } from './single-executable.ts';

const USAGE = `usage: npm run bench -- [resync|reach|fleet] [flags]

  resync             only the resync rows: a 500-node sandbox, kubectl sg resync vs the runbook loop
  reach              only the reach rows: a pod whose groups hold 200 rules, vs kubectl get pod
  fleet              only the fleet rows: kubectl sg report over N clusters vs show node on each in turn

  --quick            smoke run: 8 start-up rounds, 5 on 10 nodes, no 5,000-node sandbox
  --json             print the results as JSON instead of the markdown table
  --runs N           recorded rounds of the start-up commands (default 30)
  --runs-small N     recorded rounds on the 10-node sandbox (default 20)
  --runs-big N       recorded rounds on the big sandbox (default 5)
  --warmup N         unrecorded rounds first (default 3 start-up, 2 on 10 nodes, 1 on the big sandbox)
  --nodes-big N      nodes of the big sandbox (default 5000)
  --no-big           skip the big sandbox
  --nodes-resync N   nodes of the resync sandbox (default 500)
  --runbook-nodes N  nodes the sequential runbook loops run on before extrapolation (default 20)
  --no-resync        skip the resync rows (--quick skips them too)
  --fleet-clusters N clusters (3-node sandboxes) of the fleet rows (default 10; --quick: 3)`;

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean' },
    json: { type: 'boolean' },
    runs: { type: 'string' },
    'runs-small': { type: 'string' },
    'runs-big': { type: 'string' },
    warmup: { type: 'string' },
    'nodes-big': { type: 'string' },
    'no-big': { type: 'boolean' },
    'nodes-resync': { type: 'string' },
    'runbook-nodes': { type: 'string' },
    'no-resync': { type: 'boolean' },
    'fleet-clusters': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}
const ALONE = ['resync', 'reach', 'fleet'];
if (positionals.some((p) => !ALONE.includes(p)) || positionals.length > 1) {
  console.error(`bench: unknown section "${positionals.find((p) => !ALONE.includes(p)) ?? positionals.join(' ')}"; one of ${ALONE.join(', ')} runs alone\n${USAGE}`);
  process.exit(2);
}
const onlyResync = positionals.includes('resync');
const onlyReach = positionals.includes('reach');
const onlyFleet = positionals.includes('fleet');
/** A section run alone: every other section is skipped. */
const alone = onlyResync || onlyReach || onlyFleet;

function count(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    console.error(`bench: --${name} must be a whole number >= ${min}, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

const quick = flags.quick ?? false;
const warmupFlag = flags.warmup === undefined ? undefined : count('warmup', flags.warmup, 0, 0);
const config = {
  quick,
  runsStartup: count('runs', flags.runs, quick ? 8 : 30),
  runsSmall: count('runs-small', flags['runs-small'], quick ? 5 : 20),
  runsBig: count('runs-big', flags['runs-big'], 5),
  warmupStartup: warmupFlag ?? (quick ? 2 : 3),
  warmupSmall: warmupFlag ?? (quick ? 1 : 2),
  warmupBig: warmupFlag ?? 1,
  nodesSmall: 10,
  nodesBig: count('nodes-big', flags['nodes-big'], 5000),
  big: !quick && !flags['no-big'] && !alone,
  resync: onlyResync || (!quick && !flags['no-resync'] && !alone),
  nodesResync: count('nodes-resync', flags['nodes-resync'], 500),
  runbookNodes: count('runbook-nodes', flags['runbook-nodes'], 20),
  fleetClusters: count('fleet-clusters', flags['fleet-clusters'], quick ? 3 : 10),
};

const log = (line: string) => console.error(line);
const load = () => loadavg().map((x) => Number(x.toFixed(2))) as [number, number, number];

// ---- interrupts: stop measuring, then take every sandbox down (up and down run detached) ----
let stopped = false;
let signals = 0;
function onSignal(sig: NodeJS.Signals): void {
  signals++;
  stopped = true;
  killCurrent();
  if (signals === 1) log(`bench: ${sig}: stopping; sandboxes are taken down first (${active.size} up)`);
  else if (signals === 2) log(`bench: still taking ${active.size} sandbox(es) down; once more to leave them (npm run sandbox -- down --dir DIR)`);
  else {
    for (const dir of active) log(`bench: left running: npm run sandbox -- down --dir ${dir}`);
    process.exit(130);
  }
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, onSignal);

async function downAll(): Promise<void> {
  for (const dir of [...active]) {
    log(`bench: sandbox down (${dir})`);
    await sandboxDown(dir, log).catch((e: unknown) => log(`bench: ${e instanceof Error ? e.message : String(e)}`));
  }
}

// ---- what is run ----
const plugin = join(distDir, 'kubectl-sg');
if (!existsSync(plugin)) {
  console.error(`bench: ${plugin} is missing; run \`npm run build\` first (npm run bench does)`);
  process.exit(1);
}

/** The interpreter that runs the plugin: the one its shebang names (the project's Node 26). */
function pluginNode(): string {
  const first = readFileSync(plugin, 'utf8').slice(0, 300).split('\n')[0] ?? '';
  const named = first.startsWith('#!') ? first.slice(2).trim() : '';
  if (named.startsWith('/') && !named.includes(' ')) return named;
  return realpathSync(join(repo, 'node_modules', '.bin', 'node'));
}
const node = pluginNode();
/** The linux/amd64 single executable, with and without code cache (single-executable.ts). */
let sea: BenchExecutables | undefined;

/** A digest of dist/: others rebuild it while they work, and a bench must not mix two builds unawares. */
function distDigest(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(distDir).sort()) h.update(f).update(readFileSync(join(distDir, f)));
  return h.digest('hex').slice(0, 16);
}

function which(name: string, path: string | undefined): string | undefined {
  for (const d of (path ?? '').split(delimiter)) {
    if (!d) continue;
    const f = join(d, name);
    try {
      accessSync(f, constants.X_OK);
      if (statSync(f).isFile()) return f;
    } catch {
      // not here
    }
  }
  return undefined;
}

function json(file: string, args: string[], env: NodeJS.ProcessEnv): Record<string, any> | undefined {
  const r = spawnSync(file, args, { env, encoding: 'utf8', timeout: 30_000 });
  try {
    return JSON.parse(r.stdout) as Record<string, any>;
  } catch {
    return undefined;
  }
}

interface Kubectl {
  /** `kubectl` as found on the sandbox's PATH: what `kubectl sg` and a user's `kubectl get` run. */
  onPath: string;
  client: string;
  server: string;
  /**
   * The Kubernetes kubectl the baseline runs. gcloud's kubectl on PATH is a dispatcher that asks
   * the API server for its version, then execs kubectl.1.NN: ~0.1 s a `kubectl get` pays and a
   * plain kubectl does not (plugins it execs at once). The baseline is then kubectl.1.NN itself,
   * the stricter comparison, and `kubectl get` through the dispatcher is shown beside it.
   */
  baseline: string;
  dispatcher: boolean;
}

function findKubectl(env: NodeJS.ProcessEnv): Kubectl {
  const onPath = which('kubectl', env.PATH);
  if (!onPath) throw new Error('no kubectl on PATH');
  // gcloud's dispatcher hands every command (but plugins) to kubectl.1.NN when it reaches a
  // server; without one it answers `version --client` itself and says what it is.
  const own = json(onPath, ['version', '--client', '-o', 'json'], { ...env, KUBECONFIG: '/dev/null' });
  const client = String(own?.clientVersion?.gitVersion ?? '?');
  const v = json(onPath, ['version', '-o', 'json'], env);
  const server = String(v?.serverVersion?.gitVersion ?? '?');
  let baseline = onPath;
  const dispatcher = client.includes('dispatcher');
  if (dispatcher) {
    const major = String(v?.serverVersion?.major ?? '').replace(/\D/g, '');
    const minor = String(v?.serverVersion?.minor ?? '').replace(/\D/g, '');
    baseline = kubectlDispatchedTo(onPath, Number(major), Number(minor)) ?? onPath;
  }
  return { onPath, client, server, baseline, dispatcher };
}

const cmd = (id: string, label: string, file: string, args: string[], env: NodeJS.ProcessEnv): Cmd => ({ id, label, file, args, env });

// ---- the sections ----
const figures: Figure[] = [];
const commands: Record<string, unknown> = {};
const sections: Record<string, unknown> = {};

function keep(results: Map<string, CmdResult>, section: string): void {
  for (const [id, r] of results) {
    commands[`${section}.${id}`] = {
      label: r.cmd.label,
      argv: [r.cmd.file, ...r.cmd.args],
      outputBytes: r.outputBytes,
      wallMs: statsJson(r.wall),
      peakRssKiB: statsJson(r.rss),
      cpuSeconds: statsJson(r.cpu),
      samples: r.samples.map((s) => ({ ms: round(s.ms), rssKiB: s.rssKiB, cpuS: s.cpuS })),
    };
  }
}

const group = (cmds: Cmd[], runs: number, warmup: number, rss: boolean, keepOutput: string[] = []) =>
  measureGroup(cmds, { runs, warmup, rss, keepOutput, log, stopped: () => stopped });

/**
 * The floors of any Node kubectl plugin, in one directory to put on PATH, made on first use and
 * removed at the end of the run: `kubectl benchfloor`, a one-line ES module (the same Node, the
 * same module type as dist/kubectl-sg) that kubectl finds and execs, and `kubectl
 * benchfloor-reads PATH...`, the smallest module that GETs those API paths over HTTPS and prints
 * them (floor-https.mjs; the server and credentials from BENCH_KUBE, see floorKube).
 */
function floorPlugins(): string {
  if (floorDir) return floorDir;
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-sg-bench-floor-'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  writeFileSync(join(dir, 'kubectl-benchfloor'), `#!${node}\n${readFileSync(join(repo, 'test', 'bench', 'floor.mjs'), 'utf8')}`, { mode: 0o755 });
  writeFileSync(join(dir, 'kubectl-benchfloor_reads'), `#!${node}\n${readFileSync(join(repo, 'test', 'bench', 'floor-https.mjs'), 'utf8')}`, { mode: 0o755 });
  floorDir = dir;
  return dir;
}
let floorDir: string | undefined;

/**
 * The current context's server and credentials as `kubectl benchfloor-reads` takes them (PEM
 * text in the JSON file `file`): kubectl turns the kubeconfig into them, so the floor parses none.
 */
function floorKube(kubectl: string, env: NodeJS.ProcessEnv, file: string): string {
  const view = json(kubectl, ['config', 'view', '--raw', '--minify', '-o', 'json'], env);
  const cluster = view?.clusters?.[0]?.cluster as Record<string, string> | undefined;
  const user = view?.users?.[0]?.user as Record<string, string> | undefined;
  const pem = (data: string | undefined, path: string | undefined) => (data ? Buffer.from(data, 'base64').toString('utf8') : path ? readFileSync(path, 'utf8') : undefined);
  const kube = {
    server: cluster?.server,
    ca: pem(cluster?.['certificate-authority-data'], cluster?.['certificate-authority']),
    cert: pem(user?.['client-certificate-data'], user?.['client-certificate']),
    key: pem(user?.['client-key-data'], user?.['client-key']),
  };
  if (!kube.server || !kube.cert || !kube.key) throw new Error('the floor of API reads needs a kubeconfig user with a client certificate (the sandbox\'s admin has one)');
  writeFileSync(file, JSON.stringify(kube), { mode: 0o600 });
  return file;
}

/** `kubectl benchfloor-reads PATHS` as command `id`: run on `env` (the sandbox's), with the floors' directory first on PATH. */
function floorReads(id: string, what: string, kubectl: string, env: NodeJS.ProcessEnv, paths: string[]): Cmd {
  const dir = floorPlugins();
  const on = { ...env, PATH: [dir, env.PATH ?? ''].join(delimiter) };
  return cmd(id, `kubectl benchfloor-reads (${what})`, kubectl, ['benchfloor-reads', ...paths], { ...on, BENCH_KUBE: floorKube(kubectl, on, join(dir, `${id}.json`)) });
}

/** The floor answered the reads: a JSON array of `count` API answers. */
function checkFloorReads(r: CmdResult, count: number): void {
  const out = JSON.parse(r.output ?? 'null') as Array<{ kind?: string }> | null;
  if (!Array.isArray(out) || out.length !== count || out.some((x) => !x.kind)) throw new Error(`\`${r.cmd.label}\` printed ${JSON.stringify((r.output ?? '').slice(0, 200))}`);
}

async function startup(): Promise<void> {
  const floors = floorPlugins();
  const env = { ...process.env, PATH: [distDir, floors, process.env.PATH ?? ''].join(delimiter) };
  const kubectl = which('kubectl', env.PATH);
  if (!kubectl) throw new Error('no kubectl on PATH');
  const cmds = [
    cmd('node', 'node -e 0', node, ['-e', '0'], env),
    cmd('floor', 'node test/bench/floor.mjs', node, [join(repo, 'test', 'bench', 'floor.mjs')], env),
    cmd('floor-plugin', 'kubectl benchfloor', kubectl, ['benchfloor'], env),
    cmd('direct-version', 'kubectl-sg version', plugin, ['version'], env),
    cmd('version', 'kubectl sg version', kubectl, ['sg', 'version'], env),
    cmd('help', 'kubectl sg --help', kubectl, ['sg', '--help'], env),
    ...seaStartupCmds(sea, kubectl, { ...process.env, PATH: [floors, process.env.PATH ?? ''].join(delimiter) }),
  ];
  log(`bench: start-up: ${cmds.map((c) => c.label).join(', ')} (${config.warmupStartup} warm-up + ${config.runsStartup} rounds)`);
  const load0 = load();
  const r = await group(cmds, config.runsStartup, config.warmupStartup, false, ['version', 'direct-version', 'floor-plugin', 'sea-version', 'sea-nocc-version']);
  const [n, f, fp, d, v, h] = ['node', 'floor', 'floor-plugin', 'direct-version', 'version', 'help'].map((id) => r.get(id)!);
  if (!/^kubectl-sg v\S+\n?$/.test(v!.output ?? '') || v!.output !== d!.output) {
    throw new Error(`\`kubectl sg version\` printed ${JSON.stringify(v!.output)}, \`kubectl-sg version\` ${JSON.stringify(d!.output)}`);
  }
  if (fp!.output !== 'kubectl-sg v0.0.0\n') throw new Error(`\`kubectl benchfloor\` printed ${JSON.stringify(fp!.output)}`);
  if (h!.outputBytes === 0) throw new Error('`kubectl sg --help` printed nothing');
  keep(r, 'startup');
  sections.startup = { load: { start: load0, end: load() }, runs: config.runsStartup, warmup: config.warmupStartup, version: v!.output?.trim(), kubectl };
  const s = 'start-up';
  figures.push(
    figure({ id: 'version', section: s, figure: '`kubectl sg version` vs `node -e 0`, wall', ours: wallSide(v!), baseline: wallSide(n!), target: 1.5 }),
    figure({ id: 'help', section: s, figure: '`kubectl sg --help` vs `node -e 0`, wall', ours: wallSide(h!), baseline: wallSide(n!) }),
    figure({ id: 'direct-version', section: s, figure: '`kubectl-sg version` (no kubectl) vs `node -e 0`, wall', ours: wallSide(d!), baseline: wallSide(n!) }),
    figure({ id: 'dispatch', section: s, figure: 'kubectl\'s plugin dispatch: `kubectl sg version` vs `kubectl-sg version`, wall', ours: wallSide(v!), baseline: wallSide(d!) }),
    figure({ id: 'floor-plugin', section: s, figure: 'the floor of a Node plugin: `kubectl benchfloor` (a one-line ES module plugin) vs `node -e 0`, wall', ours: wallSide(fp!), baseline: wallSide(n!) }),
    figure({ id: 'version-floor-plugin', section: s, figure: '`kubectl sg version` vs that one-line plugin `kubectl benchfloor`, wall', ours: wallSide(v!), baseline: wallSide(fp!), target: 1.05 }),
    figure({ id: 'direct-version-floor', section: s, figure: '`kubectl-sg version` vs `node test/bench/floor.mjs` (the same one-line module, no kubectl), wall', ours: wallSide(d!), baseline: wallSide(f!) }),
    ...seaStartupFigures(r, sea),
  );
}

function bundle(): void {
  const entry = statSync(plugin).size;
  const all = readdirSync(distDir).map((f) => ({ f, size: statSync(join(distDir, f)).size }));
  const total = all.reduce((a, b) => a + b.size, 0);
  sections.bundle = { entryBytes: entry, distBytes: total, files: all };
  figures.push(
    figure({
      id: 'bundle',
      section: 'bundle',
      figure: 'bundle size of `dist/kubectl-sg`' + (all.length > 1 ? ` (dist/ holds ${all.length} files, ${total.toLocaleString('en-US')} bytes)` : ''),
      ours: { label: 'dist/kubectl-sg', unit: 'bytes', median: entry },
    }),
  );
}

/**
 * The TUI on 5,000 made-up nodes, in one process: a filter keystroke to the next frame
 * (test/bench/tui.ts), run with the Node flags the plugin ships with (its `#!` line, which the
 * single executables carry too): the young generation's size changes how often a frame meets a
 * collection (docs/benchmarks.md).
 */
async function tui(): Promise<void> {
  const keystrokes = config.quick ? 24 : 120;
  const flags = shebangNodeFlags(readFileSync(join(distDir, 'kubectl-sg')));
  log(`bench: TUI: ${keystrokes} filter keystrokes on 5,000 nodes (node ${flags.join(' ')})`);
  const script = join(repo, 'test', 'bench', 'tui.ts');
  const run = await runOnce({ id: 'tui', label: 'TUI', file: process.execPath, args: [...flags, script, String(keystrokes)], env: process.env }, { rss: false, capture: true, keep: true });
  const line = (run.stdout ?? '').split('\n').find((l) => l.includes(FIGURES_MARK));
  if (run.code !== 0 || !line) throw new Error(`the TUI measurement failed (exit ${run.code}):\n${run.stderr.trim().split('\n').slice(-10).join('\n')}`);
  const r = JSON.parse(line.slice(line.indexOf(FIGURES_MARK) + FIGURES_MARK.length)) as KeystrokeFigures;
  sections.tui = r;
  figures.push(
    figure({
      id: 'tui-filter',
      section: 'TUI',
      figure: `TUI, 5,000 nodes: a filter keystroke to the next frame (one process with the plugin's Node flags: reducer, frame, Ink), median and worst of ${r.keystrokes}`,
      ours: { label: 'keystroke → frame', unit: 'ms', median: r.medianMs, p90: r.p90Ms, detail: `worst ${r.worstMs.toFixed(0)} ms` },
    }),
    figure({
      id: 'tui-filter-worst',
      section: 'TUI',
      figure: `TUI, 5,000 nodes: the worst of ${r.keystrokes} filter keystrokes to the next frame vs one frame at 60 Hz`,
      ours: { label: 'worst keystroke → frame', unit: 'ms', median: r.worstMs },
      baseline: { label: 'one frame at 60 Hz', unit: 'ms', median: 1000 / 60 },
      target: 1,
    }),
  );
}

interface CallCount {
  made: number;
  byAction: Record<string, number>;
  errors: Record<string, number>;
  enis: number;
  minimum: number;
}

/** One `kubectl sg show node -o json` with the emulator's call log cleared before and read after. */
async function cloudCalls(sb: BenchSandbox, show: Cmd): Promise<CallCount> {
  await sb.control.resetRateLimits();
  await sb.control.clearCalls();
  const r = await runOnce(show, { rss: false, capture: false, keep: false });
  if (r.code !== 0) throw new Error(`\`${show.label}\` failed (exit ${r.code}): ${r.stderr}`);
  const calls = await sb.control.calls();
  const enis = (await sb.control.state()).enis.length;
  const byAction: Record<string, number> = {};
  const errors: Record<string, number> = {};
  for (const c of calls) {
    const k = `${c.service}:${c.action}`;
    byAction[k] = (byAction[k] ?? 0) + 1;
    if (c.code) errors[`${k} ${c.code}`] = (errors[`${k} ${c.code}`] ?? 0) + 1;
  }
  // DescribeNetworkInterfaces answers at most 100 ENIs a call. `show node -o json` names groups
  // by ID only, which the ENIs already carry: it needs no group lookups (any it makes show here).
  // From ipamd v3.5.0 (the bench sandboxes run v3.5.8) the global list that sources are judged
  // by is the addon's values: one DescribeAddon.
  return { made: calls.length, byAction, errors, enis, minimum: Math.ceil(enis / 100) + 1 };
}

function callsFigure(id: string, section: string, c: CallCount): Figure {
  const detail = Object.entries(c.byAction).map(([k, v]) => `${k.split(':')[1]} ${v}`).join(', ') + (Object.keys(c.errors).length ? `; errors: ${Object.entries(c.errors).map(([k, v]) => `${k} ${v}`).join(', ')}` : '');
  return figure({
    id,
    section,
    figure: `${section}: cloud calls of \`kubectl sg show node -o json\` vs the minimum`,
    ours: { label: 'calls made', unit: 'calls', median: c.made, detail },
    baseline: { label: 'minimum', unit: 'calls', median: c.minimum, detail: `ceil(${c.enis.toLocaleString('en-US')} ENIs / 100) + 1 addon read + 0 group lookups` },
    target: 1,
  });
}

function checkNodeList(r: CmdResult, nodes: number): number {
  const out = JSON.parse(r.output ?? 'null') as { kind?: string; items?: unknown[] } | null;
  if (out?.kind !== 'NodeList' || out.items?.length !== nodes) {
    throw new Error(`\`${r.cmd.label}\` printed kind ${out?.kind} with ${out?.items?.length} items, expected a NodeList of ${nodes}`);
  }
  return out.items.length;
}

function checkKubectlList(r: CmdResult, nodes: number): number {
  const out = JSON.parse(r.output ?? 'null') as { items?: { kind?: string }[] } | null;
  const n = out?.items?.filter((i) => i.kind === 'Node').length ?? 0;
  if (n !== nodes) throw new Error(`\`${r.cmd.label}\` listed ${n} nodes, expected ${nodes}`);
  return out?.items?.length ?? 0;
}

/** The plugin's Tab press offers the same node names as kubectl's own (names before any tab-separated description). */
function checkTabNames(ours: CmdResult, kubectls: CmdResult): void {
  const names = (r: CmdResult) => (r.output ?? '').split('\n').filter((l) => l && !l.startsWith(':')).map((l) => l.split('\t')[0]).sort().join(',');
  if (names(ours) === '' || names(ours) !== names(kubectls)) throw new Error(`\`${ours.cmd.label}\` offered ${JSON.stringify(names(ours))}, \`${kubectls.cmd.label}\` ${JSON.stringify(names(kubectls))}`);
}

async function onSandbox(name: 'small' | 'big', nodes: number, runs: number, warmup: number): Promise<void> {
  log(`bench: sandbox up --nodes ${nodes}`);
  const sb = await sandboxUp(nodes, log);
  if (stopped) throw new Interrupted('interrupted');
  log(`bench: sandbox up in ${sb.upSeconds.toFixed(1)} s`);
  const k = findKubectl(sb.env);
  if (which('kubectl-sg', sb.env.PATH) !== plugin) throw new Error(`the sandbox's PATH finds ${which('kubectl-sg', sb.env.PATH)}, not ${plugin}`);
  const dn = `${nodes.toLocaleString('en-US')} nodes`;
  const show = cmd('show', 'kubectl sg show node -o json', k.onPath, ['sg', 'show', 'node', '-o', 'json'], sb.env);
  const getLabel = k.dispatcher ? `${k.baseline.split('/').at(-1)} get nodes,nec -o json` : 'kubectl get nodes,nec -o json';
  const get = cmd('get', getLabel, k.baseline, ['get', 'nodes,nec', '-o', 'json'], sb.env);
  const cmds = [show, get];
  if (name === 'small') {
    if (k.dispatcher) cmds.push(cmd('get-path', 'kubectl get nodes,nec -o json (gcloud dispatcher)', k.onPath, ['get', 'nodes,nec', '-o', 'json'], sb.env));
    cmds.push(cmd('show-no-cloud', 'kubectl sg show node -o json --no-cloud', k.onPath, ['sg', 'show', 'node', '-o', 'json', '--no-cloud'], sb.env));
    // A Tab press: kubectl asks the plugin's completion helper (kubectl_complete-sg), as a shell does;
    // the warm-up rounds fill the completion's answer cache. Both through the kubectl the shell
    // finds (a dispatcher, where there is one), since a Tab goes through it either way.
    cmds.push(cmd('tab', "kubectl __complete sg show node ''", k.onPath, ['__complete', 'sg', 'show', 'node', ''], sb.env));
    cmds.push(cmd('tab-get', "kubectl __complete get nodes ''", k.onPath, ['__complete', 'get', 'nodes', ''], sb.env));
    const nec = spawnSync(k.onPath, ['get', 'crd', 'nodeeniconfigs.networking.tke.cloud.tencent.com', '-o', 'jsonpath={.spec.group}/{.spec.versions[?(@.storage==true)].name}'], { env: sb.env, encoding: 'utf8' }).stdout.trim();
    cmds.push(floorReads('floor-reads', 'nodes and NECs', k.onPath, sb.env, ['/api/v1/nodes', `/apis/${nec}/nodeeniconfigs`]));
    cmds.push(...seaSandboxCmds(sea, k, sb.env));
  } else {
    cmds.push(cmd('direct-show', 'kubectl-sg show node -o json', plugin, ['show', 'node', '-o', 'json'], sb.env));
  }
  log(`bench: ${dn}: ${cmds.map((c) => c.label).join(', ')} (${warmup} warm-up + ${runs} rounds${haveGnuTime ? ', under /usr/bin/time' : ''})`);
  const load0 = load();
  const r = await group(cmds, runs, warmup, haveGnuTime, ['show', 'get', 'tab', 'tab-get', 'floor-reads']);
  const load1 = load();
  const ours = r.get('show')!;
  const base = r.get('get')!;
  checkNodeList(ours, nodes);
  if (name === 'small') checkTabNames(r.get('tab')!, r.get('tab-get')!);
  const kubectlItems = checkKubectlList(base, nodes);
  log(`bench: ${dn}: counting cloud calls`);
  const calls = await cloudCalls(sb, show);
  keep(r, name);
  sections[name] = {
    nodes,
    upSeconds: round(sb.upSeconds),
    load: { start: load0, end: load1 },
    runs,
    warmup,
    kubectl: { onPath: k.onPath, client: k.client, server: k.server, baseline: k.baseline, dispatcher: k.dispatcher },
    outputBytes: Object.fromEntries([...r].map(([id, x]) => [id, x.outputBytes])),
    kubectlItems,
    calls,
  };
  const s = dn;
  const targetWall = name === 'small' ? 1.5 : 0.3;
  figures.push(figure({ id: `${name}-wall`, section: s, figure: `${dn}: \`kubectl sg show node -o json\` vs \`${getLabel}\`, wall`, ours: wallSide(ours), baseline: wallSide(base), target: targetWall }));
  if (name === 'small') {
    const viaPath = r.get('get-path');
    if (viaPath) figures.push(figure({ id: 'small-wall-dispatcher', section: s, figure: `${dn}: \`kubectl sg show node -o json\` vs \`kubectl get nodes,nec -o json\` through gcloud's dispatcher, wall`, ours: wallSide(ours), baseline: wallSide(viaPath) }));
    figures.push(figure({ id: 'small-tab', section: s, figure: `${dn}: Tab, \`kubectl __complete sg show node ''\` vs \`kubectl __complete get nodes ''\` (answers cached), wall`, ours: wallSide(r.get('tab')!), baseline: wallSide(r.get('tab-get')!), target: 1 }));
    checkFloorReads(r.get('floor-reads')!, 2);
    figures.push(figure({ id: 'small-floor-reads', section: s, figure: `${dn}: the floor of a Node plugin that reads the same (\`kubectl benchfloor-reads\`: two GETs over one TLS connection, no kubeconfig parsed, nothing computed) vs \`${getLabel}\`, wall; the row's target is 1.5×`, ours: wallSide(r.get('floor-reads')!), baseline: wallSide(base) }));
    figures.push(figure({ id: 'small-wall-no-cloud', section: s, figure: `${dn}: \`kubectl sg show node -o json --no-cloud\` vs \`${getLabel}\`, wall`, ours: wallSide(r.get('show-no-cloud')!), baseline: wallSide(base) }));
    const rs = rssSide(ours);
    if (rs) figures.push(figure({ id: 'small-rss', section: s, figure: `${dn}: peak RSS, \`kubectl sg show node -o json\` vs \`${getLabel}\``, ours: rs, baseline: rssSide(base) }));
    figures.push(...seaSandboxFigures(r, sea, s));
  } else {
    const direct = r.get('direct-show')!;
    figures.push(figure({ id: 'big-wall-direct', section: s, figure: `${dn}: \`kubectl-sg show node -o json\` (no kubectl) vs \`${getLabel}\`, wall`, ours: wallSide(direct), baseline: wallSide(base) }));
    const rs = rssSide(ours);
    if (rs) {
      figures.push(
        figure({ id: 'big-rss', section: s, figure: `${dn}: peak RSS, \`kubectl sg show node -o json\` (through kubectl) vs \`${getLabel}\``, ours: rs, baseline: rssSide(base), target: 0.5 }),
        figure({ id: 'big-rss-direct', section: s, figure: `${dn}: peak RSS, \`kubectl-sg show node -o json\` (no kubectl) vs \`${getLabel}\``, ours: rssSide(direct)!, baseline: rssSide(base), target: 1 }),
        figure({ id: 'big-cpu', section: s, figure: `${dn}: CPU time (user+sys), \`kubectl sg show node -o json\` vs \`${getLabel}\``, ours: cpuSide(ours)!, baseline: cpuSide(base) }),
      );
    }
  }
  figures.push(callsFigure(`${name}-calls`, s, calls));
}

/**
 * ECI: the plugin's answer for a virtual node (its pods, what each asked for and what its ECI
 * instance has, one DescribeContainerGroups per 20 pods) against what kubectl alone shows of the
 * same pods (their annotations, not the instances' groups), and one pod likewise.
 */
async function onEci(runs: number, warmup: number): Promise<void> {
  log('bench: sandbox up --provider eci');
  const sb = await sandboxUp(0, log, ['--provider', 'eci']);
  if (stopped) throw new Interrupted('interrupted');
  const k = findKubectl(sb.env);
  const vnode = spawnSync(k.onPath, ['get', 'nodes', '-l', 'type=virtual-kubelet', '-o', 'jsonpath={.items[0].metadata.name}'], { env: sb.env, encoding: 'utf8' }).stdout.trim();
  const pod = spawnSync(k.onPath, ['get', 'pods', '-n', 'pay', '-o', 'jsonpath={.items[0].metadata.name}'], { env: sb.env, encoding: 'utf8' }).stdout.trim();
  if (!vnode || !pod) throw new Error('the ECI sandbox has no virtual node or no pod in namespace pay');
  const cmds = [
    cmd('eci-node', `kubectl sg show node ${vnode} -o json`, k.onPath, ['sg', 'show', 'node', vnode, '-o', 'json'], sb.env),
    cmd('eci-node-get', `kubectl get pods -A --field-selector spec.nodeName=${vnode} -o json`, k.baseline, ['get', 'pods', '-A', '--field-selector', `spec.nodeName=${vnode}`, '-o', 'json'], sb.env),
    cmd('eci-pod', 'kubectl sg show pod POD -n pay -o json', k.onPath, ['sg', 'show', 'pod', pod, '-n', 'pay', '-o', 'json'], sb.env),
    cmd('eci-pod-get', 'kubectl get pod POD -n pay -o json', k.baseline, ['get', 'pod', pod, '-n', 'pay', '-o', 'json'], sb.env),
    floorReads('eci-node-floor', 'the pods on VNODE', k.onPath, sb.env, [`/api/v1/pods?fieldSelector=spec.nodeName%3D${vnode}`]),
    floorReads('eci-pod-floor', 'POD', k.onPath, sb.env, [`/api/v1/namespaces/pay/pods/${pod}`]),
  ];
  log(`bench: ECI: ${cmds.map((c) => c.label).join(', ')} (${warmup} warm-up + ${runs} rounds)`);
  const r = await group(cmds, runs, warmup, haveGnuTime, ['eci-node', 'eci-node-get', 'eci-node-floor', 'eci-pod-floor']);
  checkFloorReads(r.get('eci-node-floor')!, 1);
  checkFloorReads(r.get('eci-pod-floor')!, 1);
  keep(r, 'eci');
  const s = 'Alibaba ECI, 1 virtual node, 12 pods';
  sections.eci = { runs, warmup, virtualNode: vnode, outputBytes: Object.fromEntries([...r].map(([id, x]) => [id, x.outputBytes])) };
  figures.push(
    figure({ id: 'eci-node-wall', section: s, figure: `\`kubectl sg show node VNODE -o json\` (pods with their instances' groups) vs \`kubectl get pods -A --field-selector spec.nodeName=VNODE -o json\`, wall`, ours: wallSide(r.get('eci-node')!), baseline: wallSide(r.get('eci-node-get')!), target: 2 }),
    figure({ id: 'eci-pod-wall', section: s, figure: '`kubectl sg show pod POD -o json` (instance, groups, rules) vs `kubectl get pod POD -o json`, wall', ours: wallSide(r.get('eci-pod')!), baseline: wallSide(r.get('eci-pod-get')!), target: 2 }),
    figure({ id: 'eci-node-floor', section: s, figure: 'the floor of a Node plugin that reads the same pods (`kubectl benchfloor-reads`: one GET, no kubeconfig parsed, no cloud call) vs `kubectl get pods -A --field-selector spec.nodeName=VNODE -o json`, wall; the row\'s target is 2×', ours: wallSide(r.get('eci-node-floor')!), baseline: wallSide(r.get('eci-node-get')!) }),
    figure({ id: 'eci-pod-floor', section: s, figure: 'the floor of a Node plugin that reads the same pod (`kubectl benchfloor-reads`: one GET, no kubeconfig parsed, no cloud call) vs `kubectl get pod POD -o json`, wall; the row\'s target is 2×', ours: wallSide(r.get('eci-pod-floor')!), baseline: wallSide(r.get('eci-pod-get')!) }),
  );
}

/**
 * reach: a pod whose groups hold 200 rules (pods-base: 100 in, 100 out, each direction's limit),
 * the first 99 of each direction not matching, so every rule is looked at on both legs, against
 * what kubectl alone shows of the same destination pod.
 */
async function onReach(runs: number, warmup: number): Promise<void> {
  log('bench: sandbox up (reach: 2 nodes, 2 pods each)');
  const sb = await sandboxUp(2, log, ['--pods-per-node', '2']);
  if (stopped) throw new Interrupted('interrupted');
  const k = findKubectl(sb.env);
  const base = (await sb.control.state()).securityGroups.find((g) => g.name === 'pods-base');
  if (!base) throw new Error('the sandbox has no group pods-base');
  const rules = [
    ...Array.from({ length: 99 }, (_, i) => ({ Action: 'ACCEPT' as const, Protocol: 'TCP' as const, Port: String(8000 + i), CidrBlock: '10.0.0.0/16' })),
    { Action: 'ACCEPT' as const, Protocol: 'ALL' as const, Port: 'all', CidrBlock: '0.0.0.0/0' },
  ];
  await sb.control.setGroupRules(base.id, { ingress: rules, egress: rules });
  const cmds = [
    cmd('reach', 'kubectl sg reach pod/web-0-0 pod/web-1-0:9999 -o json', k.onPath, ['sg', 'reach', 'pod/web-0-0', 'pod/web-1-0:9999', '-o', 'json'], sb.env),
    cmd('reach-get', 'kubectl get pod web-1-0 -o json', k.baseline, ['get', 'pod', 'web-1-0', '-o', 'json'], sb.env),
  ];
  log(`bench: reach: ${cmds.map((c) => c.label).join(', ')} (${warmup} warm-up + ${runs} rounds)`);
  const r = await group(cmds, runs, warmup, haveGnuTime, ['reach']);
  const out = JSON.parse(r.get('reach')!.output ?? '{}') as { verdict?: string; egress?: { steps?: unknown[] }; ingress?: { steps?: unknown[] } };
  if (out.verdict !== 'allowed' || out.egress?.steps?.length !== 100 || out.ingress?.steps?.length !== 100) {
    throw new Error(`\`${cmds[0]!.label}\` answered ${out.verdict} after ${out.egress?.steps?.length}/${out.ingress?.steps?.length} steps, expected allowed after 100/100`);
  }
  keep(r, 'reach');
  const s = 'reach, a pod whose groups hold 200 rules';
  sections.reach = { runs, warmup, rules: 200, outputBytes: Object.fromEntries([...r].map(([id, x]) => [id, x.outputBytes])) };
  figures.push(
    figure({ id: 'reach-wall', section: s, figure: '`kubectl sg reach pod/A pod/B:9999 -o json` (both legs, every rule looked at) vs `kubectl get pod B -o json`, wall', ours: wallSide(r.get('reach')!), baseline: wallSide(r.get('reach-get')!) }),
  );
}

/** Fewer rounds than the 10-node rows: each round of the baseline runs the plugin once per cluster. */
async function fleet(): Promise<void> {
  const runs = Math.max(3, Math.ceil(config.runsSmall / 2));
  const r = await fleetBench({
    clusters: config.fleetClusters,
    runs,
    warmup: config.warmupSmall,
    kubectl: findKubectl,
    group: async (cmds, n, warmup, keepOutput) => {
      const r = await group(cmds, n, warmup, haveGnuTime, keepOutput);
      keep(r, 'fleet');
      return r;
    },
    log,
    stopped: () => stopped,
  });
  figures.push(...r.figures);
  sections.fleet = r.section;
}

const resyncNotes: string[] = [];
async function resync(): Promise<void> {
  const r = await resyncBench({ nodes: config.nodesResync, runbookNodes: config.runbookNodes, kubectl: findKubectl, log, stopped: () => stopped });
  figures.push(...r.figures);
  sections.resync = r.section;
  resyncNotes.push(...r.notes);
}

// ---- main ----
const started = Date.now();
const startedAt = new Date().toISOString();
const loadStart = load();
const digestStart = distDigest();
log(`bench: ${cpus().length} cores, load average ${loadStart.join(' ')} (1/5/15 min); ${config.quick ? 'quick run' : 'full run'}`);
if (!haveGnuTime) log('bench: /usr/bin/time (GNU time) not found: no peak RSS or CPU figures');

let failure: unknown;
try {
  if (!alone) sea = await benchExecutables(plugin, log);
  if (!alone) await startup();
  if (!alone) bundle();
  if (!alone && !stopped) await tui();
  try {
    if (!stopped && !alone) await onSandbox('small', config.nodesSmall, config.runsSmall, config.warmupSmall);
  } finally {
    await downAll();
  }
  try {
    if (!stopped && !alone) await onEci(config.runsSmall, config.warmupSmall);
  } finally {
    await downAll();
  }
  try {
    if (!stopped && (!alone || onlyReach)) await onReach(config.runsSmall, config.warmupSmall);
  } finally {
    await downAll();
  }
  try {
    if (!stopped && (!alone || onlyFleet)) await fleet();
  } finally {
    await downAll();
  }
  if (config.big) {
    try {
      if (!stopped) await onSandbox('big', config.nodesBig, config.runsBig, config.warmupBig);
    } finally {
      await downAll();
    }
  }
  if (config.resync) {
    try {
      if (!stopped) await resync();
    } finally {
      await downAll();
    }
  }
} catch (e) {
  failure = e;
} finally {
  await downAll();
  cleanupMeasure();
  if (floorDir) rmSync(floorDir, { recursive: true, force: true });
  sea?.remove();
}

// A Ctrl-C reaches the measured command too; its exit may be seen before the signal handler ran.
await new Promise((r) => setTimeout(r, 50));
if (stopped) {
  log('bench: interrupted; every sandbox is down');
  process.exit(130);
}
if (failure) {
  log(`bench: failed: ${failure instanceof Error ? failure.message : String(failure)}`);
  process.exit(1);
}

const loadEnd = load();
const digestEnd = distDigest();
const distWarning = digestStart === digestEnd ? undefined : `WARNING: dist/ changed during the run (${digestStart} → ${digestEnd}): someone rebuilt it; the figures mix two builds, run again`;
if (distWarning) log(`bench: ${distWarning}`);
const seconds = (Date.now() - started) / 1000;
const nodeVersion = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
const small = sections.small as { kubectl: { onPath: string; client: string; server: string; baseline: string; dispatcher: boolean } } | undefined;
const meta = {
  startedAt,
  seconds: round(seconds),
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? '?', node: nodeVersion, nodePath: node },
  kubectl: small?.kubectl,
  load: { start: loadStart, end: loadEnd },
  dist: { digest: digestStart, changedDuringRun: digestStart !== digestEnd },
  config,
  peakRss: haveGnuTime ? 'GNU time %M (kernel ru_maxrss) of the command; the sandbox commands run under it' : 'not measured',
};

if (flags.json) {
  const r3 = (x: number | undefined) => (x === undefined ? undefined : Math.round(x * 1000) / 1000);
  const side = (x: Figure['ours'] | undefined) => x && { ...x, median: r3(x.median), p90: r3(x.p90) };
  const rounded = figures.map((f) => ({ ...f, ours: side(f.ours), baseline: side(f.baseline), ratio: f.ratio && { median: r3(f.ratio.median), p90: r3(f.ratio.p90) } }));
  console.log(JSON.stringify({ meta, figures: rounded, sections, commands }, null, 2));
} else {
  const k = small?.kubectl;
  const lines = [
    ...(distWarning ? [`**${distWarning}**`] : []),
    markdownTable(figures),
    `${meta.command}, ${startedAt.slice(0, 16).replace('T', ' ')} UTC, ${seconds.toFixed(0)} s in all. ` +
      `${meta.machine.cores} cores (${meta.machine.cpu}), Node ${nodeVersion}` +
      (k ? `, kubectl ${k.client}${k.dispatcher ? ` → ${k.baseline.split('/').at(-1)}` : ''} against Kubernetes ${k.server}` : '') +
      `. Load average (1/5/15 min): ${loadStart.join(' ')} at the start, ${loadEnd.join(' ')} at the end.`,
    `Wall: whole process, from spawn to exit, output to /dev/null; rounds alternate the commands in rotated order after warm-up rounds ` +
      `(start-up: ${config.warmupStartup}+${config.runsStartup}; ${config.nodesSmall} nodes: ${config.warmupSmall}+${config.runsSmall}` +
      (config.big ? `; ${config.nodesBig.toLocaleString('en-US')} nodes: ${config.warmupBig}+${config.runsBig}` : '') +
      `); median and p90 (nearest rank). Ratios are ours / baseline; "+/−" is the median difference.`,
  ];
  if (haveGnuTime) {
    lines.push(
      'Peak RSS: GNU time\'s %M (the kernel\'s high-water mark) of the command; kubectl execs the plugin (and gcloud\'s dispatcher execs kubectl.1.NN) in the same process, so it is the peak of the whole chain. Sandbox commands all run under /usr/bin/time (~1 ms each, both sides).',
    );
  }
  if (k?.dispatcher) {
    lines.push(`\`kubectl\` here is gcloud's dispatcher: for \`get\` it asks the API server its version, then execs ${k.baseline.split('/').at(-1)}; plugins it execs at once. The baseline is ${k.baseline.split('/').at(-1)} itself (the stricter comparison); the dispatcher's \`kubectl get\` is shown beside it.`);
  }
  for (const name of ['small', 'big'] as const) {
    const sec = sections[name] as { nodes: number; outputBytes: Record<string, number>; kubectlItems: number; upSeconds: number } | undefined;
    if (!sec) continue;
    lines.push(
      `${sec.nodes.toLocaleString('en-US')} nodes: sandbox up in ${sec.upSeconds.toFixed(0)} s; output of \`kubectl sg show node -o json\` ${(sec.outputBytes.show! / 1024).toFixed(0)} KiB (${sec.nodes} items, with ENIs), of \`kubectl get nodes,nec -o json\` ${(sec.outputBytes.get! / 1024).toFixed(0)} KiB (${sec.kubectlItems} objects).`,
    );
  }
  lines.push(...resyncNotes);
  console.log(lines.join('\n\n'));
}
log(`bench: done in ${seconds.toFixed(0)} s; load average ${loadEnd.join(' ')}`);
