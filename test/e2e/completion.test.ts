// Tab completion of `kubectl sg` as a user gets it: a real bash, kubectl's own completion
// loaded (`source <(kubectl completion bash)`, on top of bash-completion, as kubectl's docs
// say), driven in tmux by keystrokes, against a sandbox. kubectl (>= 1.26; the machine's is
// gcloud's dispatcher in front of v1.32) finds kubectl_complete-sg beside the plugin in dist/
// and shows what it answers: verbs, flags, flag values, node and NodeENIConfig names from the
// cluster, security-group IDs from the cloud.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distDir, kubectl } from './run.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { TabShell } from './tab-shell.ts';

/** vitest's limit per test: a few Tab lines, each pressed again for up to two minutes while it offers nothing. */
const TEST_TIMEOUT_MS = 600_000;

let sb: Sandbox;
let home: string;
let shell: TabShell;
/** The verbs `kubectl sg --help` lists: what completion must offer, whatever the table holds today. */
let verbs: string[];

const tab = (line: string, expected: (s: string) => boolean) => shell.tab(line, expected);

beforeAll(async () => {
  sb = await startSandbox('--nodes', '3', '--ipamd-version', 'v3.5.8');
  // A NodeENIConfig without its node: completion offers NEC names as well as node names.
  const orphan = { apiVersion: 'networking.tke.cloud.tencent.com/v1', kind: 'NodeENIConfig', metadata: { name: 'gone-node' }, spec: { securityGroups: [] } };
  const created = spawnSync('kubectl', ['create', '-f', '-'], { input: JSON.stringify(orphan), env: { ...process.env, ...sb.env }, encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`kubectl create nec: ${created.stderr}`);
  home = mkdtempSync(join(tmpdir(), 'kubectl-sg-completion-'));
  // The sandbox's environment (kubeconfig, cloud credentials, the emulator as HTTPS proxy), as
  // `source env.sh` gives a user, and a fresh cache for completion's answers.
  shell = await TabShell.start('bash', { ...sb.env, KUBECTL_SG_CACHE: join(home, 'cache') }, home);
  const help = kubectl(['sg', '--help'], sb.env).stdout;
  verbs = [...help.matchAll(/^ {2}kubectl sg (\S+)/gm)].map((m) => m[1]!);
}, 900_000);

afterAll(async () => {
  shell?.close();
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
