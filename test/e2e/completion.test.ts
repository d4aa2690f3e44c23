// Tab completion of `kubectl sg` as a user gets it: a real bash, kubectl's own completion
// loaded (`source <(kubectl completion bash)`, on top of bash-completion, as kubectl's docs
// say), driven in tmux by keystrokes, against a sandbox. kubectl (>= 1.26; the machine's is
// gcloud's dispatcher in front of v1.32) finds kubectl_complete-sg beside the plugin in dist/
// and shows what it answers: verbs, flags, flag values, node and NodeENIConfig names from the
// cluster, security-group IDs from the cloud.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashCompletionScript } from './bash-completion.ts';
import { distDir, kubectl } from './run.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { Terminal } from './tmux.ts';

// Nothing here is timed: a loaded machine only makes each step take longer. The deadlines below
// only bound how long a step is waited for (and then the test fails showing the screen).
const STEP_DEADLINE_MS = 60_000;
/** How long Tab is pressed again while it offers nothing (a completion that gave up under load answers nothing, and is not cached). */
const TAB_DEADLINE_MS = 120_000;
/** vitest's limit per test: a few Tab lines, each within TAB_DEADLINE_MS. */
const TEST_TIMEOUT_MS = 600_000;

let sb: Sandbox;
let home: string;
let term: Terminal;
/** The verbs `kubectl sg --help` lists: what completion must offer, whatever the table holds today. */
let verbs: string[];

/** The screen's last line that is not blank: the prompt line, once the shell waits for input. */
const lastLine = (s: string) => s.trimEnd().split('\n').at(-1) ?? '';

/** Polls the screen until `ready`, or fails at the deadline showing the screen. */
async function screenWhen(ready: (s: string) => boolean, what: string, deadlineMs = STEP_DEADLINE_MS): Promise<string> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const s = term.screen();
    if (ready(s)) return s;
    if (Date.now() > deadline) throw new Error(`the terminal never showed ${what}; it shows:\n${s}`);
    await sleep(100);
  }
}

/**
 * A bare prompt: the line erased with readline's own keys (Ctrl-E, Ctrl-U) and the screen cleared
 * (Ctrl-L). Never Ctrl-C: its SIGINT overtakes the keys typed before it, and a bash that handles
 * it late, in the middle of the next completion, aborts that and then ignores Ctrl-C until the
 * next command runs (seen on a loaded machine). Nothing is running here: every Tab below waits
 * for its completion to finish.
 */
async function barePrompt(): Promise<void> {
  const deadline = Date.now() + STEP_DEADLINE_MS;
  for (;;) {
    term.press('C-e', 'C-u', 'C-l');
    const s = await screenWhen((x) => x.trim() === '$', 'a bare prompt', 5_000).catch(() => undefined);
    if (s !== undefined) return;
    if (Date.now() > deadline) throw new Error(`the shell does not come back to a bare prompt:\n${term.screen()}`);
  }
}

/**
 * From a bare prompt, types a line, presses Tab and then types `X`. The shell reads the X only
 * once the completion has answered, so a prompt line ending in X says it is done, and shows
 * where the cursor was (capture-pane drops trailing spaces). Several matches are listed above
 * it (show-all-if-ambiguous, below: one Tab lists them, as two do by default). While the
 * finished screen does not show `expected` (a completion that gave up on a loaded machine offers
 * nothing: its 2 s per request and 5 s in all), the line is typed and Tab pressed again, until
 * the deadline.
 * The last finished screen is returned either way, for the assertions to judge.
 */
async function tab(line: string, expected: (s: string) => boolean): Promise<string> {
  const deadline = Date.now() + TAB_DEADLINE_MS;
  for (;;) {
    await barePrompt();
    term.type(line);
    term.press('Tab');
    term.type('X');
    const s = await screenWhen((x) => /^\$ .*X$/.test(lastLine(x)), `the completion of "${line}" finished (a prompt line ending in X)`);
    if (expected(s) || Date.now() > deadline) return s;
  }
}

beforeAll(async () => {
  sb = await startSandbox('--nodes', '3', '--ipamd-version', 'v3.5.8');
  // A NodeENIConfig without its node: completion offers NEC names as well as node names.
  const orphan = { apiVersion: 'networking.tke.cloud.tencent.com/v1', kind: 'NodeENIConfig', metadata: { name: 'gone-node' }, spec: { securityGroups: [] } };
  const created = spawnSync('kubectl', ['create', '-f', '-'], { input: JSON.stringify(orphan), env: { ...process.env, ...sb.env }, encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`kubectl create nec: ${created.stderr}`);
  home = mkdtempSync(join(tmpdir(), 'kubectl-sg-completion-'));
  const rc = join(home, 'bashrc');
  writeFileSync(
    rc,
    [
      `source ${await bashCompletionScript()}`,
      'source <(kubectl completion bash)',
      'PS1="$ "',
      // Every candidate listed at once, on the first Tab, without "Display all N possibilities?".
      'bind "set show-all-if-ambiguous on"',
      'bind "set completion-query-items 1000"',
      'bind "set page-completions off"',
      // No bell, no visible flash: a Tab that offers nothing leaves the screen as it was.
      'bind "set bell-style none"',
      '',
    ].join('\n'),
  );
  // The sandbox's environment (kubeconfig, cloud credentials, the emulator as HTTPS proxy) and
  // dist/ on PATH, as `source env.sh` gives a user; a fresh cache for completion's answers; and
  // nothing else (env -i): no person's settings. A tmux server of its own (its own socket,
  // -f /dev/null: no ~/.tmux.conf, never the person's tmux).
  const env = { ...sb.env, HOME: home, KUBECTL_SG_CACHE: join(home, 'cache'), TERM: 'xterm', PATH: `${distDir}:${sb.env.PATH ?? process.env.PATH}` };
  const exports = Object.entries(env).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  // Started in an empty directory: where completion offers nothing, bash falls back to file
  // names (complete -o default), and there are none.
  const empty = join(home, 'empty');
  mkdirSync(empty);
  term = new Terminal('completion', {}, { columns: 250, rows: 50 }, `cd ${empty} && exec env -i ${exports.join(' ')} bash --noprofile --rcfile ${rc} -i`);
  // Proof that bash read the rc file and kubectl's completion is loaded, before any Tab: the
  // marker is computed by the shell, so the echoed command line cannot match it.
  term.type('complete -p kubectl; echo "rc-$((6 * 7))-done"');
  term.press('Enter');
  const loaded = await screenWhen((s) => s.includes('rc-42-done'), 'the shell running the rc file');
  expect(loaded).toMatch(/^complete .*-F __start_kubectl kubectl$/m);
  const help = kubectl(['sg', '--help'], sb.env).stdout;
  verbs = [...help.matchAll(/^ {2}kubectl sg (\S+)/gm)].map((m) => m[1]!);
}, 900_000);

afterAll(async () => {
  term?.close();
  await sb?.down();
  if (home) rmSync(home, { recursive: true, force: true });
});

/** Whatever the terminal showed, it never showed the sandbox's secret key. */
function noSecret(s: string): string {
  expect(s).not.toContain(sb.env.TENCENTCLOUD_SECRET_KEY!);
  return s;
}

describe('kubectl sg <Tab> in bash', { timeout: TEST_TIMEOUT_MS }, () => {
  it('lists the verbs', async () => {
    expect(verbs).toEqual(expect.arrayContaining(['doctor', 'show', 'version']));
    const s = noSecret(await tab('kubectl sg ', (x) => verbs.every((v) => x.includes(v))));
    for (const verb of verbs) expect(s).toMatch(new RegExp(`\\b${verb}\\b`));
  });

  it('completes a verb and a sub-verb in place', async () => {
    const s = noSecret(await tab('kubectl sg sh', (x) => x.includes('$ kubectl sg show X')));
    expect(s).toContain('$ kubectl sg show X');
    const n = noSecret(await tab('kubectl sg show no', (x) => x.includes('$ kubectl sg show node X')));
    expect(n).toContain('$ kubectl sg show node X');
  });

  it('offers node names and NodeENIConfig names from the cluster', async () => {
    const s = noSecret(await tab('kubectl sg show node ', (x) => x.includes('gone-node')));
    for (const name of ['10.0.0.10', '10.0.0.11', '10.0.0.12', 'gone-node']) expect(s).toContain(name);
    const more = noSecret(await tab('kubectl sg show node 10.0.0.10 10.0.0.1', (x) => x.includes('10.0.0.12')));
    expect(more).toContain('10.0.0.11');
  });

  it('offers flags, and the values of -o', async () => {
    const flags = noSecret(await tab('kubectl sg show node --', (x) => x.includes('--no-cloud')));
    for (const f of ['--output', '--selector', '--context', '--drifted', '--check']) expect(flags).toContain(f);
    const o = noSecret(await tab('kubectl sg show node -o ', (x) => x.includes('yaml')));
    expect(o).toMatch(/table\s+wide\s+json\s+yaml|json[\s\S]*table[\s\S]*wide[\s\S]*yaml/);
  });

  // The write verbs (issue 5) complete from their specs like every verb; these run once the table has them.
  it('offers the values of resync --method', async (ctx) => {
    if (!verbs.includes('resync')) ctx.skip();
    const m = noSecret(await tab('kubectl sg resync --method ', (x) => x.includes('need-sync')));
    for (const v of ['auto', 'need-sync', 'toggle']) expect(m).toContain(v);
  });

  it('offers security-group IDs from the cloud', async () => {
    const ids = (await sb.control.state()).securityGroups.map((g) => g.id);
    const s = noSecret(await tab('kubectl sg show group ', (x) => ids.every((id) => x.includes(id))));
    for (const id of ids) expect(s).toContain(id);
  });

  it('completes a security-group ID inside a --groups list', async (ctx) => {
    if (!verbs.includes('set')) ctx.skip();
    const [first, second] = (await sb.control.state()).securityGroups.map((g) => g.id) as [string, string];
    // No space after it: the list may go on with a comma.
    const list = noSecret(await tab(`kubectl sg set node 10.0.0.10 --groups ${first},${second.slice(0, 6)}`, (x) => x.includes(`--groups ${first},${second}X`)));
    expect(list).toContain(`--groups ${first},${second}X`);
  });

  it('goes through the machine\'s kubectl, which finds kubectl_complete-sg beside the plugin', () => {
    const r = kubectl(['__complete', 'sg', 'show', 'n'], sb.env);
    expect(r.stdout).toBe('node\tShow each node\'s security groups: desired (NEC), source, state, and what its ENIs carry\n:4\n');
    expect(r.stderr).toContain(`About to call: ${join(distDir, 'kubectl_complete-sg')} show n`);
  });
});
