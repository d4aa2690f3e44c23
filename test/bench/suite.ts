// `npm run bench:suite`: how long the whole test suite takes, and whether it stays green under
// load — issue 13's figures, printed against their targets and never asserted.
//
//   npm run bench:suite                     # warm: `npm test` in this checkout (after one earlier run)
//   npm run bench:suite -- --cold           # and cold: a fresh clone, empty caches, `npm ci && npm test`
//   npm run bench:suite -- --stress 5       # and N full runs while a CPU-bound loop keeps each core busy
//   npm run bench:suite -- --no-warm --stress 5
//   npm run bench:suite -- --save-durations  # and keep the warm run's file durations for the order of a fresh clone's run
//
// "Cold" is what a new machine pays: the clone gets its own KUBECTL_SG_CACHE (so kube-apiserver,
// etcd and krew are built from the Go module proxy again) and its own npm cache. Each run's
// vitest JSON report gives the test counts, and the machine's busy CPU seconds beside each warm
// and cold run say whether it was CPU-bound (cpuMs). Progress goes to stderr, the table to stdout.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repo } from '../e2e/run.ts';
import { FILE_DURATIONS } from '../longest-first.ts';

const TARGETS = { warmS: 120, coldS: 600, stressFailures: 0 };

const { values: flags } = parseArgs({
  options: {
    cold: { type: 'boolean' },
    'no-warm': { type: 'boolean' },
    stress: { type: 'string' },
    keep: { type: 'boolean' },
    'save-durations': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (flags.help) {
  console.log('usage: npm run bench:suite -- [--cold] [--stress N] [--no-warm] [--keep (the cold clone and caches)] [--save-durations (the warm run\'s, into test/file-durations.json)]');
  process.exit(0);
}
const stressRuns = flags.stress === undefined ? 0 : Number(flags.stress);
if (!Number.isInteger(stressRuns) || stressRuns < 0) {
  console.error(`bench:suite: --stress must be a whole number >= 0, got "${flags.stress}"`);
  process.exit(2);
}

const log = (line: string) => console.error(`bench:suite: ${line}`);

interface Step {
  code: number;
  seconds: number;
  /** CPU seconds every core spent busy meanwhile, machine-wide, and the most they could have. */
  busyS: number;
  capacityS: number;
}

/**
 * Milliseconds the machine's cores have spent busy and in all (os.cpus(), /proc/stat on Linux).
 * Machine-wide rather than the run's own processes: a run's clusters and simulators are detached
 * and no longer its children, so its rusage would miss them. On an otherwise idle machine this is
 * the run's CPU; it tells a slow run on a busy machine from a slow run of more work.
 */
function cpuMs(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times: t } of cpus()) {
    busy += t.user + t.nice + t.sys + t.irq;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { busy, total };
}

/** Runs a command with its output in a log file; resolves with its exit code and wall time. */
function step(what: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Step> {
  const logFile = join(tmpdir(), `kubectl-sg-bench-suite-${process.pid}-${what.replace(/\W+/g, '-')}.log`);
  log(`${what}: ${command} ${args.join(' ')} (in ${cwd}; output in ${logFile})`);
  const t0 = performance.now();
  const cpu0 = cpuMs();
  return new Promise((resolve, reject) => {
    const out = `exec >${JSON.stringify(logFile)} 2>&1; exec "$@"`;
    const child = spawn('sh', ['-c', out, 'sh', command, ...args], { cwd, env: { ...process.env, ...env }, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      const cpu1 = cpuMs();
      const busyS = (cpu1.busy - cpu0.busy) / 1000;
      const capacityS = (cpu1.total - cpu0.total) / 1000;
      log(`${what}: exit ${code} after ${seconds.toFixed(0)} s (${cpuNote({ busyS, capacityS })})`);
      resolve({ code: code ?? -1, seconds, busyS, capacityS });
    });
  });
}

interface Counts {
  files: number;
  passed: number;
  failed: number;
  failedNames: string[];
  /** Seconds per file, by its path in the repository. */
  durations: Record<string, number>;
}

function counts(reportFile: string): Counts | undefined {
  try {
    const r = JSON.parse(readFileSync(reportFile, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      testResults: { name: string; status: string; message?: string; startTime: number; endTime: number; assertionResults: { status: string; fullName: string }[] }[];
    };
    const durations = Object.fromEntries(
      r.testResults.map((f) => [f.name.slice(repo.length + 1), Math.round((f.endTime - f.startTime) / 100) / 10] as const).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    const failedNames = r.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === 'failed').map((a) => `${f.name.slice(repo.length + 1)}: ${a.fullName}`));
    // A file whose setup failed fails with its tests skipped, not failed: it counts as one failure.
    const filesFailed = r.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'));
    for (const f of filesFailed) failedNames.push(`${f.name.slice(repo.length + 1)}: ${(f.message ?? 'failed').split('\n')[0]}`);
    return { files: r.testResults.length, passed: r.numPassedTests, failed: r.numFailedTests + filesFailed.length, failedNames, durations };
  } catch {
    return undefined;
  }
}

/** `npm test` with a JSON report beside the usual output. */
async function suite(what: string, cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Step & { counts?: Counts }> {
  const report = join(tmpdir(), `kubectl-sg-bench-suite-${process.pid}-${what.replace(/\W+/g, '-')}.json`);
  const r = await step(what, 'npm', ['test', '--', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], cwd, env);
  const c = counts(report);
  rmSync(report, { force: true });
  return { ...r, ...(c ? { counts: c } : {}) };
}

const rows: string[][] = [];
const tests = (c?: Counts) => (c ? `${c.passed} passed, ${c.failed} failed (${c.files} files)` : 'no report');
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const cpuNote = (r: Pick<Step, 'busyS' | 'capacityS'>) =>
  `machine CPU ${r.busyS.toFixed(0)} s busy of ${r.capacityS.toFixed(0)} s (${cpus().length} cores${r.capacityS > 0 ? `, ${((100 * r.busyS) / r.capacityS).toFixed(0)}%` : ''})`;

if (!flags['no-warm']) {
  // Warm means the machine's caches (Kubernetes build, compile caches) are filled: one earlier
  // `npm test` on this machine is enough.
  const r = await suite('warm', repo);
  // The order a fresh clone's run starts its files in (test/longest-first.ts).
  if (flags['save-durations'] && r.code === 0 && r.counts) {
    writeFileSync(FILE_DURATIONS, `${JSON.stringify(r.counts.durations, null, 1)}\n`);
    log(`wrote ${Object.keys(r.counts.durations).length} durations to test/file-durations.json`);
  }
  rows.push(['warm `npm test`', `${r.seconds.toFixed(0)} s`, `≤ ${TARGETS.warmS} s`, `exit ${r.code}; ${tests(r.counts)}; ${cpuNote(r)}; load ${load()}`]);
}

if (flags.cold) {
  const root = mkdtempSync(join(tmpdir(), 'kubectl-sg-bench-cold-'));
  const clone = join(root, 'clone');
  const env = { KUBECTL_SG_CACHE: join(root, 'cache'), npm_config_cache: join(root, 'npm-cache') };
  await step('clone', 'git', ['clone', '--quiet', repo, clone], root);
  const ci = await step('cold npm ci', 'npm', ['ci', '--no-audit', '--no-fund'], clone, env);
  const t = await suite('cold npm test', clone, env);
  const total = ci.seconds + t.seconds;
  rows.push(['cold `npm ci && npm test` (fresh clone, empty caches)', `${total.toFixed(0)} s (npm ci ${ci.seconds.toFixed(0)} s)`, `≤ ${TARGETS.coldS} s`, `exit ${ci.code}/${t.code}; ${tests(t.counts)}; ${cpuNote({ busyS: ci.busyS + t.busyS, capacityS: ci.capacityS + t.capacityS })}`]);
  if (!flags.keep) rmSync(root, { recursive: true, force: true });
  else log(`kept ${root}`);
}

if (stressRuns > 0) {
  // A CPU-bound loop per core, for the whole stress run.
  const burners = cpus().map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  const failures: string[] = [];
  const seconds: number[] = [];
  try {
    for (let i = 1; i <= stressRuns; i++) {
      const r = await suite(`stress run ${i} of ${stressRuns}`, repo);
      seconds.push(r.seconds);
      if (r.code !== 0) failures.push(`run ${i}: exit ${r.code}; ${tests(r.counts)}${r.counts?.failedNames.length ? `: ${r.counts.failedNames.join('; ')}` : ''}`);
    }
  } finally {
    for (const b of burners) b.kill('SIGKILL');
  }
  rows.push([
    `failed runs of ${stressRuns} under load (${cpus().length} busy loops)`,
    String(failures.length),
    String(TARGETS.stressFailures),
    `${seconds.map((s) => `${s.toFixed(0)} s`).join(', ')}${failures.length ? `; ${failures.join(' | ')}` : ''}`,
  ]);
}

console.log(['| figure | measured | target | notes |', '|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n'));
