// `kubectl sg show node` against the sandbox as kubectl runs the built plugin (run.ts): the JSON
// contract, drift made behind the plugin's back in the cloud emulator, --check and --drifted,
// paging (--chunk-size), and the Kubernetes-only view without credentials.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, PLUGIN, run, runPlugin } from './run.ts';
import { builtinsProbe } from './builtins-probe.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import type { NodeJson } from './contract-json.ts';

let sb: Sandbox;
const sg = (args: string[], env: NodeJS.ProcessEnv = {}) => runPlugin([...args], { ...sb.env, ...env });
const nodesJson = (args: string[] = []) => {
  const r = sg(['show', 'node', '-o', 'json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { kind: string; items: NodeJson[] };
};

beforeAll(async () => {
  sb = await startSandbox('--nodes', '3', '--ipamd-version', 'v3.5.8');
}, 900_000);
afterAll(() => sb.down());

describe('kubectl sg show node', () => {
  it('reports every node in sync with the ENIs the cloud has, as documented JSON', async () => {
    const out = nodesJson();
    expect(out.kind).toBe('NodeList');
    expect(out.items).toHaveLength(3);
    const state = await sb.control.state();
    for (const n of out.items) {
      expect(n).toMatchObject({ source: 'global-list', disabled: false, syncPending: false, state: 'in-sync', inSync: true });
      const secondaries = n.enis!.filter((e) => !e.primary);
      expect(secondaries.length).toBeGreaterThan(0);
      for (const e of secondaries) expect(e.groups).toEqual(n.desiredGroups);
      // The plugin's view is the emulator's truth, not a copy of the NEC.
      const instance = state.instances.find((i) => i.id === n.instanceId)!;
      expect(n.enis!.map((e) => e.id).sort()).toEqual([...instance.eniIds].sort());
      for (const e of n.enis!) expect(state.enis.find((c) => c.NetworkInterfaceId === e.id)?.GroupSet).toEqual(e.groups);
    }
  });

  it('selects nodes by label (-l) or by name, and refuses both at once', () => {
    const all = nodesJson();
    const one = all.items[0]!.name;
    const labelled = kubectl(['label', 'node', one, 'pool=blue'], sb.env);
    expect(labelled.code, labelled.stderr).toBe(0);
    expect(nodesJson(['-l', 'pool=blue']).items.map((n) => n.name)).toEqual([one]);
    expect(nodesJson([one]).items.map((n) => n.name)).toEqual([one]);
    const both = sg(['show', 'node', one, '-l', 'pool=blue']);
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toBe(`error: name nodes or give a selector (-l pool=blue), not both`);
    expect(kubectl(['label', 'node', one, 'pool-'], sb.env).code).toBe(0);
  });

  it('finds drift made behind its back, and --check exits 3', async () => {
    const before = nodesJson();
    const victim = before.items[1]!;
    const eni = victim.enis!.find((e) => !e.primary)!;
    await sb.control.setEniGroups(eni.id, [...victim.desiredGroups].reverse()); // same groups, wrong priority
    const after = nodesJson();
    expect(after.items.find((n) => n.name === victim.name)).toMatchObject({ state: 'drifted', inSync: false });
    expect(after.items.filter((n) => n.state === 'drifted')).toHaveLength(1);

    const drifted = sg(['show', 'node', '--drifted']);
    expect(drifted.code).toBe(0);
    expect(drifted.stdout.trim().split('\n')).toHaveLength(2); // header + the one node
    expect(drifted.stdout).toContain(victim.name);
    expect(sg(['show', 'node', '--check']).code).toBe(3);
    expect(sg(['show', 'node', before.items[0]!.name, '--check']).code).toBe(0);
    await sb.control.setEniGroups(eni.id, victim.desiredGroups);
    expect(sg(['show', 'node', '--check']).code).toBe(0);
  });

  it('reads nodes in pages of --chunk-size as kubectl get does, with the same answer and the fewest cloud calls', async () => {
    const whole = sg(['show', 'node', '-o', 'json', '--chunk-size', '0']);
    expect(whole.code, whole.stderr).toBe(0);
    for (const size of ['1', '2', '500']) {
      const before = (await sb.control.calls()).length;
      const paged = sg(['show', 'node', '-o', 'json', '--chunk-size', size]);
      expect(paged.code, paged.stderr).toBe(0);
      expect(paged.stdout).toBe(whole.stdout);
      // Pages of one node start the reads ahead (the NECs, the ENIs of each page's instances):
      // still one call for the ENIs of all three instances, and the addon's values.
      const calls = (await sb.control.calls()).slice(before).map((c) => c.action);
      expect(calls.sort()).toEqual(['DescribeAddon', 'DescribeNetworkInterfaces']);
    }
  });

  it('shows a disabled node as such', () => {
    const name = nodesJson().items[2]!.name;
    expect(kubectl(['annotate', 'node', name, '--overwrite', 'tke.cloud.tencent.com/disable-node-eni-security-groups=yes'], sb.env).code).toBe(0);
    try {
      const deadline = Date.now() + 10_000;
      let node: NodeJson | undefined;
      do node = nodesJson([name]).items[0];
      while (node?.enis?.some((e) => !e.primary && e.groups.length > 0) && Date.now() < deadline);
      expect(node).toMatchObject({ disabled: true, state: 'disabled', inSync: false });
      expect(sg(['show', 'node', name, '--check']).code).toBe(3);
    } finally {
      kubectl(['annotate', 'node', name, '--overwrite', 'tke.cloud.tencent.com/disable-node-eni-security-groups=no'], sb.env);
    }
  });

  it('shows Kubernetes state only with --no-cloud, or without credentials (with one warning line)', () => {
    const offline = nodesJson(['--no-cloud']);
    for (const n of offline.items) expect(n).toMatchObject({ state: 'unknown', inSync: null, enis: null });
    const r = sg(['show', 'node'], { TENCENTCLOUD_SECRET_ID: '', TENCENTCLOUD_SECRET_KEY: '', HOME: sb.dir });
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^warning: no Tencent Cloud credentials found/);
  });

  it('uses no colour when piped or with NO_COLOR, and colour only when forced', () => {
    expect(sg(['show', 'node']).stdout).not.toContain('\x1b[');
    expect(sg(['show', 'node'], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toContain('\x1b[');
    expect(sg(['show', 'node'], { FORCE_COLOR: '1' }).stdout).toContain('\x1b[32min-sync');
  });

  it('leaves stdin alone when nothing is asked on it, as in a script whose stdin is /dev/null', () => {
    // Reading process.stdin makes Node build a stream for fd 0: on /dev/null or a file a file
    // stream, which loads fs/promises and readline (3-8 ms of every command here). Only an exec
    // credential plugin or a question needs to know whether stdin is a terminal.
    const probe = builtinsProbe();
    const r = run('sh', ['-c', `exec ${PLUGIN} show node -o json </dev/null`], { ...sb.env, ...probe.env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'NodeList' });
    const loaded = probe.loaded(r.stderr);
    expect(loaded).toContain('NativeModule https');
    for (const unused of ['internal/fs/streams', 'internal/fs/promises', 'internal/readline/interface']) expect(loaded).not.toContain(`NativeModule ${unused}`);
  });

  it('names an unknown node in one line, exit 2, and never prints the secret key', () => {
    const r = sg(['show', 'node', 'no-such-node']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining('"no-such-node" not found')]);
    for (const out of [r.stdout, r.stderr, sg(['show', 'node', '-o', 'yaml']).stdout]) {
      expect(out).not.toContain(sb.env.TENCENTCLOUD_SECRET_KEY);
    }
  });
});
