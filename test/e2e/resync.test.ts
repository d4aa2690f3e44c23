// `kubectl sg resync` as kubectl runs the built plugin (run.ts), against a sandbox per ipamd row:
// the toggle (v3.4.7), need-sync (v3.5.8, ipamd slowed to 3 s so a run can be caught mid-sync) and
// the oldest row with the feature (v3.2.0). The plan and --dry-run, consent, groups set by hand
// replaced (and said so first), drift brought back, --drifted, Ctrl-C in the middle, a cloud outage
// in the middle and --resume after it. The truth is read with kubectl and the emulator's control
// interface, never with the plugin; no output may contain the secret key.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distDir, kubectl, type RunResult, runPlugin, PLUGIN } from './run.ts';
import { kubectlOk } from './sg-runner.ts';
import { necGroups, nodeMetas, type NodeMeta } from './kube-client.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { snapshot } from './snapshot.ts';

const DISABLE = 'tke.cloud.tencent.com/disable-node-eni-security-groups';
const NEED_SYNC = 'tke.cloud.tencent.com/need-sync-security-groups';
const RUN = 'kubectl-sg.io/resync-run';
const FOUND = 'kubectl-sg.io/resync-found';

interface ResultItem {
  name: string;
  result: 'ok' | 'failed' | 'skipped';
  before: string[];
  after: string[];
  method: string | null;
  detail: string;
}
interface Result {
  kind: string;
  runId: string | null;
  resume: string | null;
  items: ResultItem[];
}

/** One sandbox per row, and what the tests need to know of it, read the way an operator would. */
class Row {
  sb!: Sandbox;
  nodes: string[] = [];
  /** The cluster policy's groups: what ipamd gave every NEC at the start. */
  policy: string[] = [];
  /** A group of the region that is not in the policy, for hand edits. */
  other = '';
  readonly stateDir = mkdtempSync(join(tmpdir(), 'kubectl-sg-e2e-state-'));

  async up(...upArgs: string[]): Promise<void> {
    this.sb = await startSandbox(...upArgs);
    const state = await this.sb.control.state();
    this.nodes = state.instances.map((i) => i.nodeName).sort();
    this.policy = await this.nec(this.nodes[0]!);
    this.other = state.securityGroups.map((g) => g.id).find((g) => !this.policy.includes(g) && !state.instances.some((i) => i.securityGroupIds.includes(g)))!;
  }

  /** `kubectl sg ARGS`, checked never to print the secret key (nor the SecretId whole). */
  sg(args: string[], env: NodeJS.ProcessEnv = {}): RunResult {
    const r = runPlugin([...args], { ...this.sb.env, KUBECTL_SG_STATE_DIR: this.stateDir, ...env });
    this.noSecrets(r.stdout, r.stderr);
    return r;
  }

  noSecrets(...outputs: string[]): void {
    for (const o of outputs) {
      expect(o).not.toContain(this.sb.env.TENCENTCLOUD_SECRET_KEY!);
      expect(o).not.toContain(this.sb.env.TENCENTCLOUD_SECRET_ID!);
    }
  }

  k(...args: string[]): string {
    return kubectlOk(this.sb, ...args);
  }

  nec(node: string): Promise<string[]> {
    return necGroups(this.sb, node);
  }

  nodeObjs(): Promise<NodeMeta[]> {
    return nodeMetas(this.sb);
  }

  async annotations(node: string): Promise<Record<string, string>> {
    return (await this.nodeObjs()).find((n) => n.metadata.name === node)?.metadata.annotations ?? {};
  }

  /** Each node's secondary ENIs and their groups, from the emulator. */
  async secondaries(): Promise<Map<string, { id: string; groups: string[] }[]>> {
    const state = await this.sb.control.state();
    const out = new Map<string, { id: string; groups: string[] }[]>();
    for (const i of state.instances) {
      out.set(
        i.nodeName,
        state.enis.filter((e) => e.Attachment.InstanceId === i.id && !e.Primary).map((e) => ({ id: e.NetworkInterfaceId, groups: e.GroupSet })),
      );
    }
    return out;
  }

  /** Every node: not disabled, no need-sync, no resync marker, every secondary ENI with the policy's groups. */
  async expectSettled(where: string): Promise<void> {
    for (const n of await this.nodeObjs()) {
      const a = n.metadata.annotations ?? {};
      expect(a[DISABLE], `${where}: ${n.metadata.name} disabled`).not.toBe('yes');
      expect(a[NEED_SYNC], `${where}: ${n.metadata.name} need-sync left`).toBeUndefined();
      expect(Object.keys(a).filter((key) => key.startsWith('kubectl-sg.io/resync-')), `${where}: ${n.metadata.name} marker left`).toEqual([]);
    }
    for (const [node, enis] of await this.secondaries()) for (const e of enis) expect(e.groups, `${where}: ${node} ENI ${e.id}`).toEqual(this.policy);
  }

  /** Hand-edits a NEC to another group and waits until ipamd carried it to the ENIs. */
  async editNec(node: string): Promise<void> {
    this.k('patch', 'nec', node, '--type', 'merge', '-p', JSON.stringify({ spec: { securityGroups: [this.other] } }));
    await until(async () => (await this.secondaries()).get(node)!.every((e) => e.groups.join() === this.other), `ipamd to apply the hand edit of ${node}`);
  }

  /** Gives the node's ENIs the policy's groups in the wrong order, behind ipamd's back. */
  async drift(node: string): Promise<void> {
    for (const e of (await this.secondaries()).get(node)!) await this.sb.control.setEniGroups(e.id, [...this.policy].reverse());
  }

  json(r: RunResult): Result {
    expect(r.stdout, r.stderr).not.toBe('');
    return JSON.parse(r.stdout) as Result;
  }
}

async function until(check: () => Promise<boolean> | boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Signalled extends RunResult {
  signalled: boolean;
}

/**
 * `kubectl sg ARGS` started in its own process group; once `when` holds, `signal` goes to the
 * group, as a terminal's Ctrl-C reaches the foreground job (kubectl execs the plugin in its process).
 */
function signalWhen(row: Row, args: string[], when: () => Promise<boolean>, signal: NodeJS.Signals): Promise<Signalled> {
  const child = spawn(PLUGIN, [...args], {
    env: { ...process.env, PATH: `${distDir}:${process.env.PATH}`, ...row.sb.env, KUBECTL_SG_STATE_DIR: row.stateDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  let exited = false;
  let signalled = false;
  const closed = new Promise<Signalled>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      exited = true;
      resolve({ code: code ?? -1, stdout, stderr, signalled });
    });
  });
  void (async () => {
    while (!exited) {
      if (await when()) {
        signalled = true;
        process.kill(-child.pid!, signal);
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return closed;
}

describe('resync with the toggle (ipamd v3.4.7)', () => {
  const row = new Row();
  beforeAll(() => row.up('--nodes', '3', '--ipamd-version', 'v3.4.7'), 900_000);
  afterAll(() => row.sb?.down());

  it('plans with --dry-run, warning that hand-set groups are replaced and traffic is interrupted, skipping nodes in sync unless --force, and changes nothing', async () => {
    const [edited, ...inSync] = row.nodes;
    await row.editNec(edited!);
    const before = await snapshot(row.sb);
    const table = row.sg(['resync', '--all', '--dry-run']);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toBe(`Resync plan: 1 of 3 nodes, ipamd v3.4.7, method toggle (pause 2s), 40 at a time, timeout 2m per node`);
    expect(lines[1]).toMatch(/^NODE\s+NOW\s+AFTER\s+METHOD\s+NOTE$/);
    expect(table.stdout).toMatch(new RegExp(`^${edited!.replaceAll('.', '\\.')}\\s+${row.other}\\s+${row.policy.join(',')}\\s+toggle\\s+custom groups replaced$`, 'm'));
    for (const n of inSync) expect(table.stdout).toMatch(new RegExp(`^${n.replaceAll('.', '\\.')}\\s+${row.policy.join(',')}\\s+<none>\\s+skip\\s+in sync$`, 'm'));
    expect(table.stdout).toContain(
      `WARNING: ${edited}: its NodeENIConfig lists ${row.other}, not the cluster policy's ${row.policy.join(',')} (set by hand, or under an older global list): the resync REPLACES them and those groups are lost`,
    );
    expect(table.stdout).toContain("WARNING: the toggle unbinds EVERY group from each node's secondary ENIs for about 2s: pod traffic on the node is interrupted meanwhile");
    const forced = row.sg(['resync', '--all', '--force', '--dry-run']);
    expect(forced.stdout.split('\n')[0]).toBe(`Resync plan: 3 of 3 nodes, ipamd v3.4.7, method toggle (pause 2s), 40 at a time, timeout 2m per node`);
    expect(forced.stdout).toContain("WARNING: the toggle unbinds EVERY group from each node's secondary ENIs for about 2s: pod traffic on 3 nodes is interrupted meanwhile");

    type Plan = { kind: string; method: string; items: { name: string; now: string[]; after: string[]; action: string; method: string | null; warnings: string[]; skip: string | null }[] };
    const plan = JSON.parse(row.sg(['resync', '--all', '--dry-run', '-o', 'json']).stdout) as Plan;
    expect(plan).toMatchObject({ kind: 'ResyncPlan', method: 'toggle' });
    expect(plan.items.find((i) => i.name === edited)).toMatchObject({ now: [row.other], after: row.policy, action: 'toggle', warnings: [expect.stringContaining('REPLACES')], skip: null });
    for (const n of inSync) expect(plan.items.find((i) => i.name === n)).toEqual({ name: n, instanceId: expect.stringMatching(/^ins-/), now: row.policy, after: row.policy, action: 'skip', method: null, notes: [], warnings: [], skip: 'in sync' });
    const forcedPlan = JSON.parse(row.sg(['resync', '--all', '--force', '--dry-run', '-o', 'json']).stdout) as Plan;
    expect(forcedPlan.items.map((i) => [i.action, i.skip])).toEqual(row.nodes.map(() => ['toggle', null]));
    expect(await snapshot(row.sb)).toEqual(before);
    expect(readdirSync(row.stateDir)).toEqual([]); // no run, no journal
  });

  it('refuses without --yes when no one can confirm, before reading anything, and changes nothing', async () => {
    const before = await snapshot(row.sb);
    const r = row.sg(['resync', '--all']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: refusing to change anything without --yes/)]);
    expect(await snapshot(row.sb)).toEqual(before);
  });

  it('replaces the hand-set groups and brings drifted ENIs back, verified, leaving no marker, and never touches the node in sync', async () => {
    const [edited, drifted, inSync] = row.nodes;
    expect(await row.nec(edited!)).toEqual([row.other]);
    await row.drift(drifted!);
    const untouched = (await row.nodeObjs()).find((n) => n.metadata.name === inSync)!.metadata.resourceVersion;
    const since = Date.now();
    const r = row.sg(['resync', '--all', '--yes', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const result = row.json(r);
    expect(result).toMatchObject({ kind: 'ResyncResult', runId: expect.stringMatching(/^r-\d{8}-\d{6}-[0-9a-z]{4}$/), resume: null });
    expect(result.items.map((i) => [i.name, i.result, i.method])).toEqual([[edited, 'ok', 'toggle'], [drifted, 'ok', 'toggle'], [inSync, 'skipped', null]]);
    expect(result.items.find((i) => i.name === edited)).toMatchObject({ before: [row.other], after: row.policy });
    expect(result.items.find((i) => i.name === inSync)).toMatchObject({ detail: 'in sync', before: row.policy, after: row.policy });
    expect(r.stderr).toContain(`resync ${result.runId}: 2 nodes`);
    for (const n of row.nodes) expect(await row.nec(n)).toEqual(row.policy);
    for (const n of [edited!, drifted!]) expect((await row.annotations(n))[DISABLE]).toBe('no'); // the documented value, not removed
    // Skipped: never annotated, so ipamd never unbound its groups (the emulator records every change).
    expect((await row.nodeObjs()).find((n) => n.metadata.name === inSync)!.metadata.resourceVersion).toBe(untouched);
    const inSyncEnis = new Set((await row.secondaries()).get(inSync!)!.map((e) => e.id));
    const changes = (await row.sb.control.groupChanges(since)).changes;
    expect(changes.filter((c) => c.groups.length === 0).length, 'the toggled nodes lost their groups meanwhile').toBeGreaterThan(0);
    expect(changes.filter((c) => inSyncEnis.has(c.eniId))).toEqual([]);
    await row.expectSettled('after the run');
    const journal = JSON.parse(readFileSync(join(row.stateDir, 'runs', `${result.runId}.json`), 'utf8')) as { finished: boolean; nodes: { name: string; state: string }[] };
    expect(journal.finished).toBe(true);
    expect(journal.nodes.map((n) => n.state)).toEqual(['ok', 'ok', 'skipped']);

    const none = row.sg(['resync', '--all', '--yes']);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stderr).toContain('Nothing to resync: every node selected is skipped (--force resyncs those in sync anyway).');
  });

  it('--drifted resyncs the drifted node only', async () => {
    const drifted = row.nodes[2]!;
    await row.drift(drifted);
    const versions = async () => new Map((await row.nodeObjs()).map((n) => [n.metadata.name, n.metadata.resourceVersion]));
    const before = await versions();
    const plan = JSON.parse(row.sg(['resync', '--drifted', '--dry-run', '-o', 'json']).stdout) as { items: { name: string; notes: string[] }[] };
    expect(plan.items).toEqual([expect.objectContaining({ name: drifted, notes: ['drifted (1 ENI)'] })]);
    const r = row.sg(['resync', '--drifted', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${drifted.replaceAll('.', '\\.')}\\s+ok\\s+verified: 1 ENI carries ${row.policy.join(',')}$`, 'm'));
    expect(r.stdout).toContain('1 node: 1 ok, 0 failed, 0 skipped');
    const after = await versions();
    for (const n of row.nodes.filter((x) => x !== drifted)) expect(after.get(n), `${n} was written to`).toBe(before.get(n));
    await row.expectSettled('after --drifted');
    const none = row.sg(['resync', '--drifted', '--yes']);
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('No drifted nodes: nothing to resync.');
  });

  it('on Ctrl-C in the middle of the toggle sets "no" at once, verifies, exits 130, and leaves nothing for --resume', async () => {
    const r = await signalWhen(row, ['resync', '--all', '--force', '--yes', '--toggle-wait', '5s'], async () => (await row.nodeObjs()).every((n) => n.metadata.annotations?.[DISABLE] === 'yes'), 'SIGINT');
    row.noSecrets(r.stdout, r.stderr);
    expect(r.signalled).toBe(true);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('SIGINT: stopping: no new node is started; nodes in flight are set back to "no" or finished');
    expect(r.stdout).toMatch(/set back to "no" after [\d.]+m?s: the run was stopped/);
    await row.expectSettled('after Ctrl-C');
    expect(row.sg(['resync', '--resume', '--yes']).stderr).toContain('No interrupted resync runs');
  });

  it('stops cleanly when the cloud fails mid-run, says what is left, and --resume finishes it', async () => {
    let faulted = false;
    const r = await signalWhen(
      row,
      ['resync', '--all', '--force', '--yes', '--toggle-wait', '3s'],
      async () => {
        // Once every node is in its pause, DescribeNetworkInterfaces starts failing (for ipamd too).
        if (!faulted && (await row.nodeObjs()).every((n) => n.metadata.annotations?.[DISABLE] === 'yes')) {
          await row.sb.control.setFaults({ failAction: { action: 'DescribeNetworkInterfaces', code: 'InternalError' } });
          faulted = true;
        }
        return false;
      },
      'SIGINT',
    );
    await row.sb.control.clearFaults();
    row.noSecrets(r.stdout, r.stderr);
    expect(faulted).toBe(true);
    expect(r.code, r.stderr).toBe(1);
    const runId = /resync (r-\S+): 3 nodes/.exec(r.stderr)![1]!;
    expect(r.stderr).toMatch(/error: the run stopped: cannot read the ENIs from the cloud: vpc:DescribeNetworkInterfaces: InternalError/);
    expect(r.stderr).toContain(`3 nodes still carry the run's marker (${row.nodes.join(', ')}): kubectl sg resync --resume ${runId} finishes them`);
    for (const n of await row.nodeObjs()) {
      // Restored: never left disabled; marked: the run could not verify it.
      expect(n.metadata.annotations?.[DISABLE]).toBe('no');
      expect(n.metadata.annotations?.[RUN]).toBe(runId);
      expect(JSON.parse(n.metadata.annotations![FOUND]!)).toMatchObject({ disable: 'no', needSync: null, method: 'toggle', after: row.policy });
    }
    const doctor = row.sg(['doctor', '-o', 'json']);
    expect(doctor.stdout).toContain(`kubectl sg resync --resume ${runId}`);

    const resume = row.sg(['resync', '--resume', runId, '--yes']);
    expect(resume.code, resume.stderr).toBe(0);
    expect(resume.stdout).toMatch(new RegExp(`^Resume: 3 nodes marked by run ${runId}`, 'm'));
    expect(resume.stdout).toContain(`3 nodes: 3 ok, 0 failed, 0 skipped (run ${runId})`);
    await row.expectSettled('after --resume');
    const again = row.sg(['resync', '--resume', runId, '--yes']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`Run ${runId} is finished`);
  });
});

describe('resync with need-sync (ipamd v3.5.8, reacting after 3 s)', () => {
  const row = new Row();
  beforeAll(() => row.up('--nodes', '3', '--ipamd-version', 'v3.5.8', '--reaction-delay', '3000'), 900_000);
  afterAll(() => row.sb?.down());

  it('replaces groups set by hand without touching the disable annotation, after saying so', async () => {
    const edited = row.nodes[1]!;
    await row.editNec(edited);
    await row.drift(row.nodes[0]!);
    await row.drift(row.nodes[2]!);
    const r = row.sg(['resync', ...row.nodes, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Resync plan: 3 of 3 nodes, ipamd v3\.5\.8, method need-sync, 100 at a time/);
    expect(r.stdout).toContain(`WARNING: ${edited}: its NodeENIConfig lists ${row.other}`);
    expect(r.stdout).not.toContain('toggle');
    expect(r.stdout).toContain('3 nodes: 3 ok, 0 failed, 0 skipped');
    for (const n of row.nodes) {
      expect(await row.nec(n)).toEqual(row.policy);
      expect((await row.annotations(n))[DISABLE]).toBeUndefined();
    }
    await row.expectSettled('after need-sync');
  });

  it('on Ctrl-C while ipamd syncs, waits for ipamd, verifies and unmarks: exit 130, nothing left', async () => {
    await row.drift(row.nodes[2]!);
    const r = await signalWhen(row, ['resync', '--all', '--force', '--yes'], async () => (await row.nodeObjs()).every((n) => n.metadata.annotations?.[NEED_SYNC] === 'true'), 'SIGTERM');
    row.noSecrets(r.stdout, r.stderr);
    expect(r.signalled).toBe(true);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout).toContain('3 nodes: 3 ok, 0 failed, 0 skipped');
    await row.expectSettled('after SIGTERM');
  });

  it('on Ctrl-C while it still reads (a slow cloud), stops at once with nothing written: exit 130', async () => {
    const before = await snapshot(row.sb);
    await row.sb.control.clearCalls();
    await row.sb.control.setFaults({ latencyMs: 2000 });
    try {
      // Once one of its cloud reads has answered, the next is 2 s away, and no write comes before the plan is read.
      const r = await signalWhen(row, ['resync', '--all', '--force', '--yes'], async () => (await row.sb.control.calls()).some((c) => c.identity === 'admin'), 'SIGINT');
      row.noSecrets(r.stdout, r.stderr);
      expect(r.signalled).toBe(true);
      expect(r.code, r.stderr).toBe(130);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('Stopped before any change: nothing was written.');
    } finally {
      await row.sb.control.clearFaults();
    }
    expect(await snapshot(row.sb)).toEqual(before);
  });

  it('skips a named node in sync, and takes the toggle when asked for it with --force', async () => {
    const skipped = row.sg(['resync', row.nodes[0]!, '--method', 'toggle', '--yes', '-o', 'json']);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(row.json(skipped).items).toEqual([expect.objectContaining({ result: 'skipped', detail: 'in sync', method: null })]);
    expect((await row.annotations(row.nodes[0]!))[DISABLE]).toBeUndefined();
    const r = row.sg(['resync', row.nodes[0]!, '--method', 'toggle', '--force', '--yes', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(row.json(r).items).toEqual([expect.objectContaining({ result: 'ok', method: 'toggle' })]);
    await row.expectSettled('after the toggle');
  });
});

describe('resync on the oldest version with the feature (ipamd v3.2.0)', () => {
  const row = new Row();
  beforeAll(() => row.up('--nodes', '2', '--ipamd-version', 'v3.2.0'), 900_000);
  afterAll(() => row.sb?.down());

  it('refuses need-sync by name, and resyncs with the toggle, hand-set groups and all', async () => {
    const before = await snapshot(row.sb);
    const refused = row.sg(['resync', '--all', '--method', 'need-sync', '--yes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toEqual(['error: --method need-sync needs ipamd v3.5.8 or later and this cluster runs v3.2.0: use --method toggle (or auto), which unbinds each node\'s groups for the toggle wait (see: Tencent TKE, "VPC-CNI 模式安全组使用说明" <https://cloud.tencent.com/document/product/457/50360>)']);
    expect(await snapshot(row.sb)).toEqual(before);

    // Before v3.3.2 an ENI that has groups keeps them when its NEC changes: only a resync moves it.
    const edited = row.nodes[0]!;
    row.k('patch', 'nec', edited, '--type', 'merge', '-p', JSON.stringify({ spec: { securityGroups: [row.other] } }));
    await row.drift(row.nodes[1]!);
    const r = row.sg(['resync', '--all', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`WARNING: ${edited}: its NodeENIConfig lists ${row.other}`);
    expect(r.stdout).toContain('2 nodes: 2 ok, 0 failed, 0 skipped');
    for (const n of row.nodes) expect(await row.nec(n)).toEqual(row.policy);
    await row.expectSettled('after the toggle on v3.2.0');
  });
});
