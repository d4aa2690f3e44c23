// `kubectl sg ui` and the pickers through the real kubectl, in a real terminal (tmux, 80x24),
// against a sandbox per resync row: need-sync (v3.5.8) and the toggle (v3.4.7). A person's
// path: find the drifted nodes, select them, resync, see them turn in sync (checked with `show
// node -o json`, never with the screen alone); a run stopped with Ctrl-C, or SIGTERM, leaves no
// node disabled and the terminal as it was (`stty -a`). The non-TTY refusals too, and no screen
// ever shows the secret key.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, runPlugin } from './run.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { Terminal } from './tmux.ts';
import type { NodeJson } from './contract-json.ts';

const DISABLE = 'tke.cloud.tencent.com/disable-node-eni-security-groups';

class Row {
  sb!: Sandbox;
  term: Terminal | undefined;
  readonly dir = mkdtempSync(join(tmpdir(), 'kubectl-sg-e2e-ui-'));

  async up(...args: string[]): Promise<void> {
    this.sb = await startSandbox(...args);
  }

  get env(): NodeJS.ProcessEnv {
    return { ...this.sb.env, KUBECTL_SG_STATE_DIR: join(this.dir, 'state') };
  }

  open(name: string, env: NodeJS.ProcessEnv = {}, size?: { columns: number; rows: number }): Terminal {
    this.term?.close();
    this.term = new Terminal(name, { ...this.env, ...env }, size);
    return this.term;
  }

  nodes(): NodeJson[] {
    const r = runPlugin(['show', 'node', '-o', 'json'], this.env);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { items: NodeJson[] }).items;
  }

  /**
   * Drops the lowest-priority group of one secondary ENI of each node, behind the plugin's back
   * (the console's way). Not a reorder: with every node's list reordered to ascending IDs the
   * plugin cannot tell drift from a cloud that lists groups sorted (docs/assumptions.md).
   */
  async drift(names: string[]): Promise<void> {
    for (const n of this.nodes().filter((x) => names.includes(x.name))) {
      const eni = n.enis!.find((e) => !e.primary)!;
      await this.sb.control.setEniGroups(eni.id, n.desiredGroups.slice(0, -1));
    }
  }

  disabledNodes(): string[] {
    const r = kubectl(['get', 'nodes', '-o', 'json'], this.sb.env);
    const items = (JSON.parse(r.stdout) as { items: { metadata: { name: string; annotations?: Record<string, string> } }[] }).items;
    return items.filter((i) => i.metadata.annotations?.[DISABLE] === 'yes').map((i) => i.metadata.name);
  }

  /** `stty -a` of the terminal, as its shell sees it. */
  async stty(t: Terminal, file: string): Promise<string> {
    const path = join(this.dir, file);
    // The marker is computed by the shell, so the echoed command line cannot match it.
    t.run(`stty -a > ${path}; echo "stty $((40 + 2)) ${file}"`);
    await t.waitFor(`stty 42 ${file}`);
    return readFileSync(path, 'utf8');
  }

  noSecrets(screen: string): void {
    expect(screen).not.toContain(this.sb.env.TENCENTCLOUD_SECRET_KEY!);
  }

  async down(): Promise<void> {
    this.term?.close();
    await this.sb?.down();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe('kubectl sg ui, need-sync (ipamd v3.5.8)', () => {
  const row = new Row();
  beforeAll(() => row.up('--nodes', '4', '--ipamd-version', 'v3.5.8'), 900_000);
  afterAll(() => row.down());

  it('finds the drifted nodes, resyncs them after showing the plan, and they turn in sync', async () => {
    const names = row.nodes().map((n) => n.name).sort();
    const drifted = [names[1]!, names[3]!];
    await row.drift(drifted);
    const t = row.open('flow');
    const before = await row.stty(t, 'before');
    t.run('kubectl sg ui; echo EXIT=$?');
    let screen = await t.waitFor('4 nodes: 2 in-sync, 2 drifted');
    expect(screen.split('\n')[0]).toMatch(/^ sandbox-admin · TKE VPC-CNI · ipamd v3\.5\.8 · resync need-sync · groups on/);

    t.type('/drift');
    await t.waitFor('2 shown');
    t.press('Enter');
    t.type('d');
    screen = await t.waitFor('2 selected');
    for (const n of drifted) expect(screen).toMatch(new RegExp(`^\\* ${n.replaceAll('.', '\\.')} +drifted \\(1 ENI\\)`, 'm'));

    t.type('r');
    screen = await t.waitFor('Apply this plan?');
    expect(screen).toContain('Resync: the plan (as --dry-run prints it). Nothing has been changed yet.');
    expect(screen).toMatch(/Resync plan: 2 of 2 nodes, ipamd v3\.5\.8, method need-sync/);
    for (const n of drifted) expect(screen).toMatch(new RegExp(`^${n.replaceAll('.', '\\.')} +sg-\\S+ +sg-\\S+ +need-sync`, 'm'));
    row.noSecrets(screen);

    t.type('y');
    screen = await t.waitFor('Resync: finished', 120_000);
    expect(screen).toMatch(/2 nodes: 2 ok, 0 failed, 0 skipped \(run r-/);
    t.press('Enter', 'Escape');
    await t.waitFor('4 nodes: 4 in-sync');
    t.type('q');
    await t.waitFor('EXIT=0');
    expect(await row.stty(t, 'after')).toBe(before);

    for (const n of row.nodes()) {
      expect(n.state, n.name).toBe('in-sync');
      for (const e of n.enis!.filter((x) => !x.primary)) expect(e.groups).toEqual(n.desiredGroups);
    }
  });

  it('shows a group (rules, lint, users) and a pod through : commands; ? lists the keys', async () => {
    const t = row.open('views');
    t.run('kubectl sg ui; echo EXIT=$?');
    await t.waitFor('4 nodes');
    t.type(':groups');
    t.press('Enter');
    let screen = await t.waitFor(/groups in the region · at most \d+ per ENI/);
    expect(screen).toMatch(/ID +NAME +RULES +LINT/);
    t.press('Enter');
    screen = await t.waitFor('ingress (');
    expect(screen).toMatch(/used by/);
    t.type(':pod web-0-0');
    t.press('Enter');
    screen = await t.waitFor('groups of the ENI, priority order');
    expect(screen).toContain('Pod default/web-0-0');
    expect(screen).toMatch(/^ENI eni-\S+ \(secondary\)/m);
    row.noSecrets(screen);
    t.type('?');
    screen = await t.waitFor('Nodes');
    expect(screen).toContain('select or unselect the node under the cursor');
    t.press('Escape');
    t.type('q');
    await t.waitFor('EXIT=0');
  });

  it('fits a resized terminal, and uses no colour with NO_COLOR', async () => {
    const t = row.open('colour');
    t.run('kubectl sg ui; echo EXIT=$?');
    await t.waitFor('4 nodes');
    expect(t.screen({ colours: true })).toMatch(/\u001B\[32m/);
    t.resize(120, 30);
    const screen = await t.waitFor(/SOURCE/);
    const lines = screen.replace(/\n$/, '').split('\n');
    expect(lines).toHaveLength(30);
    expect(lines[29]).toContain('space select');
    t.type('q');
    await t.waitFor('EXIT=0');

    const plain = row.open('no-colour', { NO_COLOR: '1' });
    plain.run('kubectl sg ui; echo EXIT=$?');
    await plain.waitFor('4 nodes');
    expect(plain.screen({ colours: true })).not.toMatch(/\u001B\[(3[0-7]|9[0-7]|38;)/);
    plain.type('q');
    await plain.waitFor('EXIT=0');
  });

  it('refuses without a terminal (exit 2), as do the verbs whose selection is missing', () => {
    const ui = runPlugin(['ui'], row.env);
    expect(ui.code).toBe(2);
    expect(ui.stderr.trim()).toMatch(/^error: kubectl sg ui needs a terminal \(stdin is not one\): in scripts use kubectl sg show node -o json/);
    const set = runPlugin(['set', 'node', '--groups', 'sg-aaaa1111', '--yes'], row.env);
    expect(set.code).toBe(2);
    expect(set.stderr).toMatch(/name the nodes/);
    const resync = runPlugin(['resync', '--yes'], row.env);
    expect(resync.code).toBe(2);
    expect(resync.stderr).toMatch(/name the nodes to resync/);
  });

  it('set node without nodes or groups on a terminal: picks nodes, then groups, then shows the plan and asks', async () => {
    const before = row.nodes();
    const target = before[0]!;
    const t = row.open('picker');
    t.run('kubectl sg set node; echo EXIT=$?');
    await t.waitFor(/set node: pick nodes[^]*4 nodes/);
    t.press('Space', 'Enter');
    let screen = await t.waitFor(/set node: pick groups[^]*\d+ groups in the region/);
    expect(screen).toContain(`Groups for ${target.name}, first wins, at most`);
    // The node's list comes chosen; the first group not in it is added at the lowest priority.
    for (let i = 0; i < target.desiredGroups.length; i++) t.press('Down');
    t.press('Space', 'Enter');
    screen = await t.waitFor(/\[y\/N\]/);
    expect(screen).toMatch(new RegExp(`${target.name.replaceAll('.', '\\.')} +${target.desiredGroups.join(',')} +${target.desiredGroups.join(',')},sg-`));
    t.type('y');
    t.press('Enter');
    await t.waitFor('EXIT=0', 120_000);
    const after = row.nodes().find((n) => n.name === target.name)!;
    expect(after.desiredGroups.slice(0, -1)).toEqual(target.desiredGroups);
    expect(after.desiredGroups).toHaveLength(target.desiredGroups.length + 1);
    for (const e of after.enis!.filter((x) => !x.primary)) expect(e.groups).toEqual(after.desiredGroups);
  });
});

describe('kubectl sg ui, the toggle (ipamd v3.4.7)', () => {
  const row = new Row();
  beforeAll(() => row.up('--nodes', '4', '--ipamd-version', 'v3.4.7'), 900_000);
  afterAll(() => row.down());

  async function startResync(t: Terminal, drifted: string[]): Promise<void> {
    await row.drift(drifted);
    t.run('kubectl sg ui; echo EXIT=$?');
    await t.waitFor(`${drifted.length} drifted`);
    t.type('d');
    t.type('r');
    const plan = await t.waitFor('Apply this plan?');
    expect(plan).toMatch(/method toggle/);
    expect(plan).toMatch(/WARNING: the toggle unbinds EVERY group/);
    t.type('y');
    // A node between "yes" and "no": the moment a stop must not leave it there.
    await t.waitFor(/running +step (disable|pause)/);
  }

  it('Ctrl-C mid-run restores the nodes in flight: none is left disabled, the terminal is as it was', async () => {
    const names = row.nodes().map((n) => n.name).sort();
    const t = row.open('ctrl-c');
    const before = await row.stty(t, 'before-ctrl-c');
    await startResync(t, names);
    t.press('C-c');
    const screen = await t.waitFor('Resync: stopped', 120_000);
    expect(screen).toMatch(/interrupted: nodes in flight were carried to the end or restored/);
    expect(row.disabledNodes()).toEqual([]);
    t.press('Enter');
    t.type('q');
    await t.waitFor('EXIT=0');
    expect(await row.stty(t, 'after-ctrl-c')).toBe(before);
    for (const n of row.nodes()) expect(n.disabled, n.name).toBe(false);
  });

  it('SIGTERM mid-run stops the run the same way, closes the UI (exit 130) and gives the terminal back', async () => {
    const names = row.nodes().map((n) => n.name).sort();
    const t = row.open('sigterm');
    const before = await row.stty(t, 'before-term');
    await startResync(t, names.slice(0, 2));
    const pid = t.foregroundPid();
    expect(pid).toBeDefined();
    process.kill(pid!, 'SIGTERM');
    await t.waitFor('EXIT=130', 120_000);
    expect(row.disabledNodes()).toEqual([]);
    expect(await row.stty(t, 'after-term')).toBe(before);
  });
});
