// What the plugin does where no public source says what ipamd does (docs/assumptions.md, issue
// 14): one sandbox per reading the simulator can play, several checks each, through the real
// kubectl. The truth is read with kubectl and the emulator's control interface, never with the
// plugin. A check passes under a reading only if the plugin is right there, or says plainly
// that it cannot tell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, type RunResult, runPlugin } from './run.ts';
import { kubectlOk } from './sg-runner.ts';
import { necGroups } from './kube-client.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';

interface PlanJson {
  items: { name: string; now: string[]; after: string[]; action: string; skip: string | null; warnings: string[] }[];
  warnings: string[];
}
interface ResultJson {
  items: { name: string; result: string; after: string[]; detail: string }[];
}
interface NodeJson {
  name: string;
  desiredGroups: string[];
  source: string;
  state: string;
}

/** A sandbox and what the checks need of it, read the way an operator would. */
class World {
  sb!: Sandbox;
  nodes: string[] = [];
  /** Each node's primary ENI (instance) groups. */
  primary = new Map<string, string[]>();
  /** A group that is neither a primary ENI's nor in a global list, for hand edits. */
  other = '';

  async up(...upArgs: string[]): Promise<void> {
    this.sb = await startSandbox(...upArgs);
    const state = await this.sb.control.state();
    this.nodes = state.instances.map((i) => i.nodeName).sort();
    for (const i of state.instances) this.primary.set(i.nodeName, i.securityGroupIds);
    const used = new Set(state.instances.flatMap((i) => i.securityGroupIds));
    this.other = state.securityGroups.map((g) => g.id).find((g) => !used.has(g))!;
  }

  /** `kubectl sg ARGS`, never printing the secret key. */
  sg(...args: string[]): RunResult {
    const r = runPlugin([...args], this.sb.env);
    expect(r.stdout + r.stderr).not.toContain(this.sb.env.TENCENTCLOUD_SECRET_KEY!);
    return r;
  }

  json<T>(r: RunResult): T {
    expect(r.stdout, r.stderr).not.toBe('');
    return JSON.parse(r.stdout) as T;
  }

  k(...args: string[]): string {
    return kubectlOk(this.sb, ...args);
  }

  nec(node: string): Promise<string[]> {
    return necGroups(this.sb, node);
  }

  /** The groups of each secondary ENI of the node, from the emulator. */
  async secondaryGroups(node: string): Promise<string[][]> {
    const state = await this.sb.control.state();
    const ins = state.instances.find((i) => i.nodeName === node)!;
    return state.enis.filter((e) => e.Attachment.InstanceId === ins.id && !e.Primary).map((e) => e.GroupSet);
  }

  async secondaryIds(node: string): Promise<Set<string>> {
    const state = await this.sb.control.state();
    const ins = state.instances.find((i) => i.nodeName === node)!;
    return new Set(state.enis.filter((e) => e.Attachment.InstanceId === ins.id && !e.Primary).map((e) => e.NetworkInterfaceId));
  }

  /** Hand-edits a NEC and waits until ipamd carried it to the ENIs. */
  async editNec(node: string, groups: string[]): Promise<void> {
    this.k('patch', 'nec', node, '--type', 'merge', '-p', JSON.stringify({ spec: { securityGroups: groups } }));
    await until(async () => (await this.secondaryGroups(node)).every((g) => g.join() === groups.join()), `ipamd to apply the hand edit of ${node}`);
  }
}

async function until(check: () => Promise<boolean> | boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// (1) Feature on, empty global list, ipamd v3.5+: the primary ENI's groups (older documents) or
// no extra groups (the 2026 runbook).
const EMPTY_LIST_READINGS = [
  { reading: 'inherit-primary', flags: [] as string[], nodeGets: (primary: string[]) => primary, source: 'primary-eni' },
  { reading: 'no-extra-groups', flags: ['--empty-list', 'no-extra-groups'], nodeGets: (_primary: string[]) => [] as string[], source: 'unset' },
] as const;

describe.each(EMPTY_LIST_READINGS)('feature on with no global list, ipamd v3.5.8, read as $reading', ({ flags, nodeGets, source }) => {
  const w = new World();
  beforeAll(() => w.up('--global-groups', '0', ...flags), 120_000);
  afterAll(() => w.sb?.down());

  it('the simulator plays the reading: NECs and ENIs as it says', async () => {
    for (const node of w.nodes) {
      const expected = nodeGets(w.primary.get(node)!);
      expect(await w.nec(node), node).toEqual(expected);
      for (const g of await w.secondaryGroups(node)) expect(g, node).toEqual(expected);
    }
    // The primary ENI has groups, so the two readings differ.
    expect(w.primary.get(w.nodes[0]!)!.length).toBeGreaterThan(0);
  });

  it('show cluster names both readings and says it cannot tell', () => {
    const r = w.sg('show', 'cluster');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/primary ENI's groups/);
    expect(r.stdout).toMatch(/no extra groups/);
    expect(r.stdout).toMatch(/cannot tell/);
  });

  it('show node: every node in sync with what ipamd gave it', () => {
    const nodes = w.json<{ items: NodeJson[] }>(w.sg('show', 'node', '-o', 'json')).items;
    expect(nodes.map((n) => n.name).sort()).toEqual(w.nodes);
    for (const n of nodes) {
      expect(n.desiredGroups, n.name).toEqual(nodeGets(w.primary.get(n.name)!));
      expect(n.source, n.name).toBe(source);
      expect(n.state, n.name).toBe('in-sync');
    }
  });

  it('resync --all changes nothing: every node is in sync under the reading ipamd plays', () => {
    const plan = w.json<PlanJson>(w.sg('resync', '--all', '--dry-run', '-o', 'json'));
    expect(plan.items.map((i) => [i.name, i.action, i.skip])).toEqual(w.nodes.map((n) => [n, 'skip', 'in sync']));
  });

  it('a node with groups set by hand: the plan warns it may get none, the result says what ipamd did', async () => {
    const node = w.nodes[1]!;
    const primary = w.primary.get(node)!;
    await w.editNec(node, [w.other]);

    const plan = w.json<PlanJson>(w.sg('resync', node, '--dry-run', '-o', 'json'));
    expect(plan.items[0]!.action).toBe('need-sync');
    expect(plan.items[0]!.after).toEqual(primary);
    expect(plan.items[0]!.warnings.join('\n')).toContain('or with no groups at all');
    expect(plan.warnings.join('\n')).toMatch(/NO groups at all.*cannot tell/);

    const r = w.sg('resync', node, '--yes', '-o', 'json');
    expect(r.code, r.stderr).toBe(0);
    const item = w.json<ResultJson>(r).items.find((i) => i.name === node)!;
    const expected = nodeGets(primary);
    expect(item.result, item.detail).toBe('ok');
    expect(item.after).toEqual(expected);
    if (expected.length === 0) expect(item.detail).toMatch(/NO groups.*no extra groups/);
    else expect(item.detail).toContain(`carries ${primary.join(',')}`);
    // No note that the NEC disagrees with what was verified: ipamd rewrote it to the same.
    expect(item.detail).not.toContain('still lists');
    for (const g of await w.secondaryGroups(node)) expect(g).toEqual(expected);
    expect(await w.nec(node)).toEqual(expected);
  }, 60_000);
});

// (4) The order of GroupSet as DescribeNetworkInterfaces lists it: the order bound (priority,
// what ipamd's "user's order as priority" needs to be read back) or sorted by ID. The scenario's
// global list is not in ascending order, so the two readings differ on every node.
describe.each([
  { reading: 'priority', flags: [] as string[] },
  { reading: 'sorted', flags: ['--group-set-order', 'sorted'] },
])('GroupSet listed in $reading order', ({ reading, flags }) => {
  const w = new World();
  const sorted = reading === 'sorted';
  let policy: string[] = [];
  beforeAll(async () => {
    await w.up(...flags);
    policy = await w.nec(w.nodes[0]!);
  }, 120_000);
  afterAll(() => w.sb?.down());

  interface EniJson {
    id: string;
    primary: boolean;
    groups: string[];
    inSync: boolean | null;
    orderUnread: boolean;
  }
  const nodesJson = () => w.json<{ items: (NodeJson & { enis: EniJson[] })[] }>(w.sg('show', 'node', '-o', 'json')).items;

  it('ipamd bound the global list in priority order on every node, whatever the listing', async () => {
    expect(policy.length).toBe(2);
    expect([...policy].sort()).not.toEqual(policy); // the readings differ
    for (const node of w.nodes) for (const g of await w.secondaryGroups(node)) expect(g, node).toEqual(policy);
  });

  it('show node: every node in sync, no endless drift; where the order cannot be read back it says so', () => {
    const nodes = nodesJson();
    for (const n of nodes) {
      expect(n.state, n.name).toBe('in-sync');
      const secondary = n.enis.filter((e) => !e.primary);
      for (const e of secondary) {
        expect(e.groups, n.name).toEqual(sorted ? [...policy].sort() : policy);
        expect(e.inSync, n.name).toBe(true);
        expect(e.orderUnread, n.name).toBe(sorted);
      }
    }
    const table = w.sg('show', 'node');
    expect(table.code, table.stderr).toBe(0);
    if (sorted) expect(table.stderr).toMatch(/the cloud may list groups sorted, so their priority cannot be read back; not counted as drift/);
    else expect(table.stderr).not.toContain('cannot be read back');
    expect(w.sg('show', 'node', '--check').code).toBe(0);
    const plan = w.json<PlanJson>(w.sg('resync', '--all', '--dry-run', '-o', 'json'));
    expect(plan.items.map((i) => i.skip)).toEqual(w.nodes.map(() => 'in sync'));
  });

  it('a named node is resynced and verified; the result says when the order cannot be read back', async () => {
    const node = w.nodes[2]!;
    const r = w.sg('resync', node, '--yes', '-o', 'json');
    expect(r.code, r.stderr).toBe(0);
    const item = w.json<ResultJson>(r).items.find((i) => i.name === node)!;
    if (sorted) {
      expect(item.result, item.detail).toBe('ok');
      expect(item.detail).toContain('priority cannot be read back');
    } else {
      // In sync and its order readable: nothing to do.
      expect([item.result, item.detail]).toEqual(['skipped', 'in sync']);
    }
    for (const g of await w.secondaryGroups(node)) expect(g).toEqual(policy);
  }, 60_000);

  it('drift in order alone behind ipamd\'s back: found where the cloud shows order, said to be unreadable where it does not', async () => {
    const node = w.nodes[1]!;
    const state = await w.sb.control.state();
    const ins = state.instances.find((i) => i.nodeName === node)!;
    const eni = state.enis.find((e) => e.Attachment.InstanceId === ins.id && !e.Primary)!;
    await w.sb.control.setEniGroups(eni.NetworkInterfaceId, [...policy].reverse());
    try {
      const n = nodesJson().find((x) => x.name === node)!;
      // With the cloud keeping order, the other nodes' lists prove it and the reversed one is drift;
      // with the cloud sorting, the listing is the same as before: the tool cannot tell, and says so.
      expect(n.state).toBe(sorted ? 'in-sync' : 'drifted');
      expect(n.enis.find((e) => e.id === eni.NetworkInterfaceId)!.orderUnread).toBe(sorted);
    } finally {
      await w.sb.control.setEniGroups(eni.NetworkInterfaceId, policy);
    }
  });
});

// (3) A toggle ("yes", the 2 s pause, "no") on ipamd v3.4.7, whose only resync it is, with ipamd
// reacting after 4 s, so that "no" would land before ipamd has acted on "yes": ipamd sees both
// edits, or only the final state (a coalescing queue), where nothing would happen.
describe.each([
  { reading: 'both-edits', flags: [] as string[] },
  { reading: 'final-state', flags: ['--toggle-seen', 'final-state'] },
])('a toggle faster than ipamd reacts, read as $reading', ({ flags }) => {
  const w = new World();
  let policy: string[] = [];
  beforeAll(async () => {
    await w.up('--ipamd-version', 'v3.4.7', '--reaction-delay', '4000', ...flags);
    policy = await w.nec(w.nodes[0]!);
  }, 120_000);
  afterAll(() => w.sb?.down());

  it('resync holds "no" until ipamd has unbound the groups, so the hand-set groups are replaced and verified', async () => {
    const node = w.nodes[1]!;
    await w.editNec(node, [w.other]);
    const since = Date.now();
    const r = w.sg('resync', node, '--yes', '-o', 'json');
    expect(r.code, r.stderr).toBe(0);
    const item = w.json<ResultJson>(r).items.find((i) => i.name === node)!;
    expect(item.result, item.detail).toBe('ok');
    expect(item.after).toEqual(policy);
    expect(item.detail).toMatch(/"no" was held until ipamd had unbound the groups, \d+(\.\d+)?\s?s after "yes"/);
    // The truth: ipamd unbound every group, then bound the policy's; the NEC says the same.
    const changes = (await w.sb.control.groupChanges(since)).changes;
    const secondaries = await w.secondaryIds(node);
    const mine = changes.filter((c) => secondaries.has(c.eniId));
    expect(mine.map((c) => c.groups.length === 0)).toContain(true);
    for (const g of await w.secondaryGroups(node)) expect(g).toEqual(policy);
    expect(await w.nec(node)).toEqual(policy);
    expect(kubectl(['get', 'node', node, '-o', 'jsonpath={.metadata.annotations}'], w.sb.env).stdout).not.toContain('kubectl-sg.io/resync-run');
  }, 90_000);
});

// (2) tke-network-conf.yaml (ConfigMap kube-system/tke-eni-ipamd, ipamd v3.5+): the addon's
// vpcCni values mirrored (`securityGroups: {…}`), or as flat dotted keys
// (`securityGroups.enableSecurityGroups`). ipamd reads only its own spelling, so a write in the
// other one would be read back by the plugin and ignored by ipamd.
describe.each([
  { shape: 'nested', flags: [] as string[], enableLine: /^securityGroups:\n {2}enableSecurityGroups: true\n {2}securityGroups: \[\]$/m },
  { shape: 'dotted', flags: ['--network-conf-shape', 'dotted'], enableLine: /^securityGroups\.enableSecurityGroups: true\nsecurityGroups\.securityGroups: \[\]$/m },
])('tke-network-conf.yaml spelled $shape', ({ shape, flags, enableLine }) => {
  const w = new World();
  let noCredentials: NodeJS.ProcessEnv = {};
  const conf = () => (JSON.parse(w.k('-n', 'kube-system', 'get', 'configmap', 'tke-eni-ipamd', '-o', 'json')) as { data: Record<string, string> }).data['tke-network-conf.yaml']!;
  const sgOffline = (...args: string[]) => {
    const r = runPlugin([...args], { ...w.sb.env, ...noCredentials });
    expect(r.stdout + r.stderr).not.toContain(w.sb.env.TENCENTCLOUD_SECRET_KEY!);
    return r;
  };
  beforeAll(async () => {
    await w.up('--feature', 'off', ...flags);
    noCredentials = { TENCENTCLOUD_SECRET_ID: '', TENCENTCLOUD_SECRET_KEY: '', TENCENTCLOUD_SESSION_TOKEN: '', HOME: w.sb.dir };
  }, 120_000);
  afterAll(() => w.sb?.down());

  it('the document is spelled as the reading says, and the plugin reads it so', () => {
    const text = conf();
    if (shape === 'dotted') expect(text).toMatch(/^securityGroups\.enableSecurityGroups: false$/m);
    else expect(text).toMatch(/^securityGroups:$/m);
    const cluster = w.json<{ sources: { place: string; enabled: boolean; agrees: boolean }[] }>(w.sg('show', 'cluster', '-o', 'json'));
    expect(cluster.sources.find((s) => s.place === 'configmap')).toMatchObject({ enabled: false, agrees: true });
  });

  it('set cluster without credentials writes the ConfigMap in its own spelling, and ipamd reads it', async () => {
    const before = conf();
    const r = sgOffline('set', 'cluster', '--enable', '--inherit-primary', '--yes', '-o', 'json');
    expect(r.code, r.stderr).toBe(0);
    expect(w.json<{ place: string; changed: boolean }>(r)).toMatchObject({ place: 'configmap', changed: true });
    const after = conf();
    expect(after).toMatch(enableLine);
    // Only the setting's lines changed.
    const others = (t: string) => t.split('\n').filter((l) => !/^\s*(securityGroups|enableSecurityGroups)|^securityGroups\.|^\s*- sg-/.test(l));
    expect(others(after)).toEqual(others(before));
    // The truth: ipamd turned the feature on and gave every node its primary ENI's groups.
    await until(async () => (await Promise.all(w.nodes.map(async (n) => (await w.nec(n)).join() === w.primary.get(n)!.join()))).every(Boolean), 'ipamd to read the ConfigMap and give every NEC its primary ENI groups');
    const offline = w.json<{ feature: { enabled: boolean; place: string } }>(sgOffline('show', 'cluster', '--no-cloud', '-o', 'json'));
    expect(offline.feature).toMatchObject({ enabled: true, place: 'configmap' });
  }, 60_000);

  it('set cluster with credentials writes the addon and sees TKE render the ConfigMap in its spelling', () => {
    const r = w.sg('set', 'cluster', '--enable', '--groups', w.other, '--yes', '-o', 'json');
    expect(r.code, r.stderr).toBe(0);
    const result = w.json<{ place: string; verified: string[] }>(r);
    expect(result.place).toBe('addon-values');
    expect(result.verified).toEqual([expect.stringMatching(/^addon eniipamd values .* read back/), expect.stringMatching(/^ConfigMap kube-system\/tke-eni-ipamd rendered from it after/)]);
    expect(conf()).toMatch(shape === 'dotted' ? new RegExp(`^securityGroups\\.securityGroups:\\n {2}- ${w.other}$`, 'm') : new RegExp(`^ {2}securityGroups:\\n {4}- ${w.other}$`, 'm'));
  }, 90_000);

  it('a document with neither spelling: set cluster says it cannot tell which ipamd reads, and changes nothing', () => {
    const bare = 'routeEni.ipMinWarmTarget: 5\nclaimExpiredDuration: 10m0s\n';
    w.k('-n', 'kube-system', 'patch', 'configmap', 'tke-eni-ipamd', '--type', 'merge', '-p', JSON.stringify({ data: { 'tke-network-conf.yaml': bare } }));
    const r = sgOffline('set', 'cluster', '--disable', '--yes');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: ConfigMap kube-system\/tke-eni-ipamd: tke-network-conf\.yaml holds no security-group setting, and whether ipamd reads it nested .* or as dotted keys .* is not documented, so none is added: nothing was changed/)]);
    expect(conf()).toBe(bare);
  });
});
