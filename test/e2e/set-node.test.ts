// `kubectl sg set node` as kubectl runs the built plugin (run.ts), against one sandbox per ipamd
// row that treats a NEC edit differently: v3.2.5 (an ENI that has groups keeps them), v3.4.7
// (strong sync; the setting in the Deployment's args) and v3.5.8 (strong sync; the setting in the
// addon values). What the plugin claims is checked against the apiserver (the NECs) and the
// emulator (the ENIs' groups), and "nothing changed" against a snapshot of both. A concurrent edit
// is made while the confirmation prompt waits on a terminal (script(1) gives the plugin a pty), so
// the conflict path runs exactly as it would for an operator.
import { spawn } from 'node:child_process';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distDir, kubectl, type RunResult, runPlugin, PLUGIN } from './run.ts';
import { onTerminal as runOnTerminal, type TerminalRun } from './terminal.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { necGroups } from './kube-client.ts';
import { snapshot } from './snapshot.ts';

const VERSIONS = ['v3.2.5', 'v3.4.7', 'v3.5.8'] as const;
type Version = (typeof VERSIONS)[number];

interface World {
  sb: Sandbox;
  /** Node names, sorted. */
  nodes: string[];
  /** The region's groups: [0] the nodes' primary ENI group, [1..2] the global list, [3..4] unused. */
  groups: string[];
}

interface ResultJson {
  kind: string;
  items: { name: string; before: string[]; after: string[]; result: string; enis: { id: string; groups: string[]; inSync: boolean }[] | null; detail: string }[];
  summary: { ok: number; failed: number; unchanged: number; notVerified: number };
  interrupted: boolean;
}

interface PlanJson {
  kind: string;
  ipamd: { version: string };
  change: string;
  items: { name: string; before: string[]; after: string[]; changed: boolean; notes: string[] }[];
  warnings: string[];
}

const worlds = new Map<Version, World>();
const secrets: string[] = [];

beforeAll(async () => {
  for (const version of VERSIONS) {
    const sb = await startSandbox('--nodes', '3', '--ipamd-version', version);
    const state = await sb.control.state();
    worlds.set(version, { sb, nodes: state.instances.map((i) => i.nodeName).sort(), groups: state.securityGroups.map((g) => g.id) });
    secrets.push(sb.env.TENCENTCLOUD_SECRET_KEY!);
  }
}, 900_000);
afterAll(async () => {
  await Promise.all([...worlds.values()].map((w) => w.sb.down()));
});

const noSecret = (...outputs: string[]) => {
  for (const out of outputs) for (const s of secrets) expect(out).not.toContain(s);
};

/** `kubectl sg ARGS` without a terminal; every output is checked for the secret key. */
function sg(w: World, args: string[], env: NodeJS.ProcessEnv = {}): RunResult {
  const r = runPlugin([...args], { ...w.sb.env, ...env });
  noSecret(r.stdout, r.stderr);
  return r;
}

const shown = (r: RunResult) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;

function setNodeJson(w: World, args: string[]): { r: RunResult; out: ResultJson } {
  const r = sg(w, ['set', 'node', ...args, '--yes', '-o', 'json']);
  return { r, out: JSON.parse(r.stdout) as ResultJson };
}

/** The groups of each secondary ENI of the node, as the emulator holds them. */
async function eniGroups(w: World, node: string): Promise<string[][]> {
  const state = await w.sb.control.state();
  const instance = state.instances.find((i) => i.nodeName === node)!;
  return state.enis.filter((e) => e.Attachment.InstanceId === instance.id && !e.Primary).map((e) => e.GroupSet);
}

async function secondaryEniIds(w: World, node: string): Promise<string[]> {
  const state = await w.sb.control.state();
  const instance = state.instances.find((i) => i.nodeName === node)!;
  return state.enis.filter((e) => e.Attachment.InstanceId === instance.id && !e.Primary).map((e) => e.NetworkInterfaceId);
}

/** Waits for a condition the sandbox reaches by itself (ipamd reacting); fails naming it when it never does. */
async function until(what: string, ok: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * After a fault that kept ipamd from binding: ipamd retries the node by itself, and once it can,
 * the ENI carries the NEC's list. Waiting for that before the next change leaves no retry of the
 * old list in flight: a retry that read the NEC before that change could bind the old list after
 * the plugin saw the ENI match the new one (ipamd, like any controller reading a cache, corrects
 * it on its next sync), and the next test would find the node drifted: a whole run failed once so.
 */
async function ipamdBindsOnceItCan(w: World, node: string, groups: string[]): Promise<void> {
  await until(`ipamd binds ${groups.join(',')} to ${node} once it can`, async () => JSON.stringify(await eniGroups(w, node)) === JSON.stringify([groups]));
}

/** `kubectl sg ARGS` on a terminal (terminal.ts), its output checked for the secret key like every other. */
async function onTerminal(w: World, args: string[], meanwhile: () => void, answer = 'y'): Promise<TerminalRun> {
  const r = await runOnTerminal(w.sb.env, args, meanwhile, answer);
  noSecret(r.output);
  return r;
}

const patchNec = (w: World, node: string, patch: object) => {
  const r = kubectl(['patch', 'nec', node, '--type', 'merge', '-p', JSON.stringify(patch)], w.sb.env);
  expect(r.code, r.stderr).toBe(0);
};

describe('set node on ipamd v3.5.8', () => {
  const w = () => worlds.get('v3.5.8')!;

  it('--dry-run prints the plan, as a table and as kind SetNodePlan, and changes nothing', async () => {
    const { nodes, groups } = w();
    const before = await snapshot(w().sb);
    const table = sg(w(), ['set', 'node', '-l', 'topology.kubernetes.io/region=gz', '--add', groups[3]!, '--first', '--dry-run']);
    expect(table.code, shown(table)).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NODE\s+NOW\s+AFTER\s+NOTE$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 3))).toEqual(nodes.map((n) => [n, `${groups[1]},${groups[2]}`, `${groups[3]},${groups[1]},${groups[2]}`]));
    expect(table.stderr).toContain('dry run: 3 nodes would change, 0 unchanged; nothing was written');

    const json = sg(w(), ['set', 'node', nodes[0]!, '--groups', `${groups[4]},${groups[1]}`, '--dry-run', '-o', 'json']);
    expect(json.code, shown(json)).toBe(0);
    const plan = JSON.parse(json.stdout) as PlanJson;
    expect(plan).toMatchObject({ kind: 'SetNodePlan', ipamd: { version: 'v3.5.8' }, change: `--groups ${groups[4]},${groups[1]}`, warnings: [] });
    expect(plan.items).toEqual([{ name: nodes[0], before: [groups[1], groups[2]], after: [groups[4], groups[1]], changed: true, notes: [] }]);
    const yaml = load(sg(w(), ['set', 'node', nodes[0]!, '--remove', groups[2]!, '--dry-run', '-o', 'yaml']).stdout) as PlanJson;
    expect(yaml.items[0]).toMatchObject({ before: [groups[1], groups[2]], after: [groups[1]], changed: true });
    const repeated = JSON.parse(sg(w(), ['set', 'node', nodes[0]!, '--add', groups[3]!, '--add', groups[4]!, '--dry-run', '-o', 'json']).stdout) as PlanJson;
    expect(repeated).toMatchObject({ change: `--add ${groups[3]},${groups[4]}`, items: [{ after: [groups[1], groups[2], groups[3], groups[4]] }] });

    expect(await snapshot(w().sb)).toEqual(before);
  });

  it('refuses without a terminal and without --yes: exit 2, one line, nothing read or changed', async () => {
    const before = await snapshot(w().sb);
    const r = sg(w(), ['set', 'node', w().nodes[0]!, '--add', w().groups[3]!]);
    expect(r.code, shown(r)).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: refusing to change anything without --yes/)]);
    expect(await snapshot(w().sb)).toEqual(before);
  });

  it('replaces, adds, adds first and removes; the NEC and every ENI in the cloud follow, in order', async () => {
    const { nodes, groups: g } = w();
    const n = nodes[0]!;
    const steps: [string[], string[]][] = [
      [['--groups', `${g[3]},${g[1]}`], [g[3]!, g[1]!]],
      [['--add', g[4]!], [g[3]!, g[1]!, g[4]!]],
      [['--add', g[2]!, '--first'], [g[2]!, g[3]!, g[1]!, g[4]!]],
      [['--remove', `${g[3]},${g[4]}`], [g[2]!, g[1]!]],
      [['--groups', `${g[1]},${g[2]}`], [g[1]!, g[2]!]],
    ];
    for (const [flags, expected] of steps) {
      const before = await necGroups(w().sb, n);
      const { r, out } = setNodeJson(w(), [n, ...flags]);
      expect(r.code, shown(r)).toBe(0);
      expect(out.kind).toBe('SetNodeResult');
      expect(out.items).toEqual([{ name: n, before, after: expected, result: 'ok', enis: expect.any(Array), detail: 'its ENI carries it' }]);
      expect(out.summary).toEqual({ ok: 1, failed: 0, unchanged: 0, notVerified: 0 });
      expect(await necGroups(w().sb, n)).toEqual(expected);
      // Verified means the cloud says so, not the plugin: every secondary ENI, in order.
      const enis = await eniGroups(w(), n);
      expect(enis.length).toBeGreaterThan(0);
      for (const groups of enis) expect(groups).toEqual(expected);
      expect(out.items[0]!.enis!.map((e) => e.groups)).toEqual(enis);
    }
  });

  it('adds across a selector, leaving a node that already has the group as it is, and removes it again', async () => {
    const { nodes, groups: g } = w();
    expect(setNodeJson(w(), [nodes[1]!, '--add', g[3]!]).r.code).toBe(0);
    const table = sg(w(), ['set', 'node', '-l', 'topology.kubernetes.io/region=gz', '--add', g[3]!, '--yes']);
    expect(table.code, shown(table)).toBe(0);
    const plan = table.stdout.split('\n').find((l) => l.startsWith(`${nodes[1]} `))!;
    expect(plan).toMatch(new RegExp(`\\(unchanged\\)\\s+${g[3]} \\(priority 3\\) already there`));
    expect(table.stdout).toMatch(/^NODE\s+RESULT\s+ENIS\s+DETAIL$/m);
    expect(table.stderr).toContain('2 ok, 0 failed, 1 unchanged, 0 not verified');
    for (const n of nodes) {
      expect(await necGroups(w().sb, n)).toEqual([g[1], g[2], g[3]]);
      for (const groups of await eniGroups(w(), n)) expect(groups).toEqual([g[1], g[2], g[3]]);
    }
    const { r, out } = setNodeJson(w(), ['-l', 'topology.kubernetes.io/region=gz', '--remove', g[3]!]);
    expect(r.code, shown(r)).toBe(0);
    expect(out.items.map((i) => [i.name, i.result, i.after])).toEqual(nodes.map((n) => [n, 'ok', [g[1], g[2]]]));
  });

  it('brings a node that drifted behind the plugin\'s back to the new list, and says so in the plan', async () => {
    const { nodes, groups: g } = w();
    const n = nodes[1]!;
    const [eni] = await secondaryEniIds(w(), n);
    await w().sb.control.setEniGroups(eni!, [g[2]!, g[1]!]); // same groups, wrong priority: made in the "console"
    const dry = JSON.parse(sg(w(), ['set', 'node', n, '--add', g[4]!, '--dry-run', '-o', 'json']).stdout) as PlanJson;
    expect(dry.items[0]!.notes).toEqual(['1 ENI drifted: ipamd syncs it to the new list']);
    const { r, out } = setNodeJson(w(), [n, '--add', g[4]!]);
    expect(r.code, shown(r)).toBe(0);
    expect(out.items[0]).toMatchObject({ result: 'ok', after: [g[1], g[2], g[4]] });
    expect(await eniGroups(w(), n)).toEqual([[g[1], g[2], g[4]]]);
    expect(setNodeJson(w(), [n, '--remove', g[4]!]).r.code).toBe(0);
  });

  it('fails a node whose ENIs do not follow, saying what they carry (ipamd cannot bind), exit 1', async () => {
    const { nodes, groups: g } = w();
    const n = nodes[1]!;
    await w().sb.control.setFaults({ failAction: { action: 'AssociateNetworkInterfaceSecurityGroups', code: 'UnauthorizedOperation' } });
    try {
      const { r, out } = setNodeJson(w(), [n, '--add', g[3]!, '--timeout', '3s']);
      expect(r.code, shown(r)).toBe(1);
      const [eni] = await secondaryEniIds(w(), n);
      const carried = (await eniGroups(w(), n))[0]!;
      expect(carried).not.toEqual([g[1], g[2], g[3]]);
      expect(out.items[0]).toMatchObject({ name: n, result: 'failed', after: [g[1], g[2], g[3]], enis: [{ id: eni, groups: carried, inSync: false }] });
      expect(out.items[0]!.detail).toBe(`after 3s, ENI ${eni} has ${carried.join(',') || 'no groups'}, not ${[g[1], g[2], g[3]].join(',')} (kubectl sg doctor checks ipamd and its permissions)`);
      expect(r.stderr).toContain('0 ok, 1 failed');
    } finally {
      await w().sb.control.clearFaults();
    }
    await ipamdBindsOnceItCan(w(), n, [g[1]!, g[2]!, g[3]!]);
    const { r, out } = setNodeJson(w(), [n, '--remove', g[3]!]);
    expect(r.code, shown(r)).toBe(0);
    expect(out.items[0]!.result).toBe('ok');
  });

  it('stops on Ctrl-C while verifying: exit 130, the written node reported not-verified', async () => {
    const { sb, nodes, groups: g } = w();
    const n = nodes[1]!;
    // ipamd cannot bind, so verification would wait for the whole --timeout.
    await sb.control.setFaults({ failAction: { action: 'AssociateNetworkInterfaceSecurityGroups', code: 'UnauthorizedOperation' } });
    try {
      const child = spawn(PLUGIN, ['set', 'node', n, '--add', g[3]!, '--yes', '--timeout', '5m', '-o', 'json'], {
        env: { ...process.env, PATH: `${distDir}:${process.env.PATH}`, ...sb.env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const closed = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
      await until('set node writes the NEC', async () => (await necGroups(w().sb, n)).includes(g[3]!));
      child.kill('SIGINT');
      const code = await closed;
      noSecret(stdout, stderr);
      expect(code, `stdout: ${stdout}\nstderr: ${stderr}`).toBe(130);
      const out = JSON.parse(stdout) as ResultJson;
      expect(out).toMatchObject({ interrupted: true, summary: { ok: 0, failed: 0, unchanged: 0, notVerified: 1 } });
      expect(out.items[0]).toMatchObject({ name: n, result: 'not-verified', after: [g[1], g[2], g[3]] });
      expect(out.items[0]!.detail).toMatch(/^interrupted before its ENIs/);
    } finally {
      await sb.control.clearFaults();
    }
    await ipamdBindsOnceItCan(w(), n, [g[1]!, g[2]!, g[3]!]);
    expect(setNodeJson(w(), [n, '--remove', g[3]!]).out.items[0]!.result).toBe('ok');
  });

  it('--no-wait writes and reports not-verified, exit 0', async () => {
    const { nodes, groups: g } = w();
    const { r, out } = setNodeJson(w(), [nodes[2]!, '--groups', `${g[2]},${g[1]}`, '--no-wait']);
    expect(r.code, shown(r)).toBe(0);
    expect(out.items[0]).toMatchObject({ result: 'not-verified', enis: null, after: [g[2], g[1]] });
    expect(out.items[0]!.detail).toMatch(/--no-wait/);
    expect(await necGroups(w().sb, nodes[2]!)).toEqual([g[2], g[1]]);
    expect(setNodeJson(w(), [nodes[2]!, '--groups', `${g[1]},${g[2]}`]).out.items[0]!.result).toBe('ok');
  });

  it('with --groups, fails a node whose list someone changed while the plan waited for confirmation, overwriting nothing', async () => {
    const { nodes, groups: g } = w();
    const n = nodes[0]!;
    const theirs = [g[4]!, g[1]!, g[2]!];
    const r = await onTerminal(w(), ['set', 'node', n, '--groups', `${g[3]},${g[1]}`], () => patchNec(w(), n, { spec: { securityGroups: theirs } }));
    expect(r.prompted, r.output).toBe(true);
    expect(r.code, r.output).toBe(1);
    expect(r.output).toContain(`someone else changed its list since the plan (plan: ${g[1]},${g[2]}; now: ${theirs.join(',')}); nothing was overwritten`);
    expect(await necGroups(w().sb, n)).toEqual(theirs);
    expect(setNodeJson(w(), [n, '--groups', `${g[1]},${g[2]}`]).r.code).toBe(0);
  });

  it('with --add, re-applies the intent to a list someone changed while the plan waited, keeping their change', async () => {
    const { nodes, groups: g } = w();
    const n = nodes[0]!;
    const r = await onTerminal(w(), ['set', 'node', n, '--add', g[3]!], () => patchNec(w(), n, { spec: { securityGroups: [g[1], g[2], g[4]] } }));
    expect(r.prompted, r.output).toBe(true);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain(`its list changed since the plan (to ${g[1]},${g[2]},${g[4]}): --add ${g[3]} re-applied to it`);
    expect(await necGroups(w().sb, n)).toEqual([g[1], g[2], g[4], g[3]]);
    expect(await eniGroups(w(), n)).toEqual([[g[1], g[2], g[4], g[3]]]);
    expect(setNodeJson(w(), [n, '--groups', `${g[1]},${g[2]}`]).r.code).toBe(0);
  });

  it('writes the same list again when only something else in the NEC changed meanwhile, and asks before writing', async () => {
    const { nodes, groups: g } = w();
    const n = nodes[0]!;
    const r = await onTerminal(w(), ['set', 'node', n, '--remove', g[2]!], () => patchNec(w(), n, { metadata: { annotations: { 'example.com/touched': 'yes' } } }));
    expect(r.code, r.output).toBe(0);
    expect(await necGroups(w().sb, n)).toEqual([g[1]]);
    // Written on top of the other change, not over it: the whole object was read again.
    expect(kubectl(['get', 'nec', n, '-o', "jsonpath={.metadata.annotations['example\\.com/touched']}"], w().sb.env).stdout).toBe('yes');
    // Answering no changes nothing.
    const before = await snapshot(w().sb);
    const no = await onTerminal(w(), ['set', 'node', n, '--add', g[2]!], () => undefined, 'n');
    expect(no.code, no.output).toBe(1);
    expect(no.output).toContain('nothing was changed');
    expect(await snapshot(w().sb)).toEqual(before);
    expect(setNodeJson(w(), [n, '--add', g[2]!]).r.code).toBe(0);
  });

  it('writes a disabled node\'s NEC but reports it not-verified, with a warning in the plan', async () => {
    const { nodes, groups: g } = w();
    const n = nodes[2]!;
    expect(kubectl(['annotate', 'node', n, '--overwrite', 'tke.cloud.tencent.com/disable-node-eni-security-groups=yes'], w().sb.env).code).toBe(0);
    try {
      await until('ipamd unbinds the disabled node\'s ENIs', async () => (await eniGroups(w(), n)).every((e) => e.length === 0));
      const r = sg(w(), ['set', 'node', n, '--add', g[3]!, '--yes']);
      expect(r.code, shown(r)).toBe(0);
      expect(r.stderr).toContain(`warning: 1 node is disabled (${n}): its NEC is written but not verified`);
      expect(r.stdout).toMatch(/disabled: ipamd binds nothing until re-enabled/);
      expect(r.stdout).toMatch(new RegExp(`${n.replaceAll('.', '\\.')}\\s+not-verified\\s+<none>\\s+disabled: ipamd binds the groups only after the node is re-enabled`));
      expect(await necGroups(w().sb, n)).toEqual([g[1], g[2], g[3]]);
      expect(await eniGroups(w(), n)).toEqual([[]]);
    } finally {
      kubectl(['annotate', 'node', n, '--overwrite', 'tke.cloud.tencent.com/disable-node-eni-security-groups=no'], w().sb.env);
    }
  });
});

describe('set node on ipamd v3.4.7', () => {
  const w = () => worlds.get('v3.4.7')!;

  it('replaces and adds first; existing ENIs are strongly synced, in order', async () => {
    const { nodes, groups: g } = w();
    for (const [flags, expected] of [
      [['--groups', `${g[2]},${g[3]}`], [g[2], g[3]]],
      [['--add', g[1]!, '--first'], [g[1], g[2], g[3]]],
    ] as const) {
      const { r, out } = setNodeJson(w(), [nodes[0]!, ...flags]);
      expect(r.code, shown(r)).toBe(0);
      expect(out.items[0]).toMatchObject({ result: 'ok', after: expected });
      expect(await eniGroups(w(), nodes[0]!)).toEqual([expected]);
    }
  });

  it('refuses when the feature is off (exit 1, nothing changed), naming the typo when that is why', async () => {
    const { sb, nodes, groups: g } = w();
    const args = JSON.parse(kubectl(['get', 'deploy', '-n', 'kube-system', 'tke-eni-ipamd', '-o', 'jsonpath={.spec.template.spec.containers[0].args}'], sb.env).stdout) as string[];
    const setArgs = (value: string[]) => {
      const r = kubectl(['patch', 'deploy', '-n', 'kube-system', 'tke-eni-ipamd', '--type', 'json', '-p', JSON.stringify([{ op: 'replace', path: '/spec/template/spec/containers/0/args', value }])], sb.env);
      expect(r.code, r.stderr).toBe(0);
    };
    try {
      for (const [flag, says] of [
        [undefined, /^error: the security-group feature is off \(Deployment kube-system\/tke-eni-ipamd args\), so ipamd ignores the NEC's groups/],
        ['--enable-security-group', /ipamd's args have --enable-security-group, which ipamd ignores \(did you mean --enable-security-groups\?\)/],
      ] as const) {
        setArgs(args.map((a) => (a === '--enable-security-groups' ? flag : a)).filter((a): a is string => a !== undefined));
        const before = await snapshot(sb);
        const r = sg(w(), ['set', 'node', nodes[1]!, '--add', g[3]!, '--yes']);
        expect(r.code, shown(r)).toBe(1);
        expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(says)]);
        expect(r.stdout).toBe('');
        expect(await snapshot(sb)).toEqual(before);
      }
    } finally {
      setArgs(args);
    }
  });
});

describe('set node on ipamd v3.2.5', () => {
  const w = () => worlds.get('v3.2.5')!;

  it('warns that ENIs with groups keep them, writes the NEC, and reports those ENIs as failed with what they carry', async () => {
    const { nodes, groups: g } = w();
    const n = nodes[0]!;
    const r = sg(w(), ['set', 'node', n, '--add', g[3]!, '--yes', '--timeout', '3s']);
    expect(r.code, shown(r)).toBe(1);
    expect(r.stderr).toMatch(/^warning: ipamd v3\.2\.5 keeps the groups an ENI already has .*1 ENI on 1 node .*kubectl sg resync --method toggle/m);
    expect(r.stdout).toContain('1 ENI keeps its groups (ipamd v3.2.5)');
    const [eni] = await secondaryEniIds(w(), n);
    expect(r.stdout).toMatch(
      new RegExp(`failed\\s+0/1\\s+after 3s, ENI ${eni} has ${g[1]},${g[2]}, not ${g[1]},${g[2]},${g[3]} \\(ipamd v3\\.2\\.5 keeps the groups an ENI already has: kubectl sg resync --method toggle rebinds them\\)`),
    );
    expect(await necGroups(w().sb, n)).toEqual([g[1], g[2], g[3]]);
    expect(await eniGroups(w(), n)).toEqual([[g[1], g[2]]]);
  });

  it('binds the new list to an ENI that has no group', async () => {
    const { nodes, groups: g } = w();
    const n = nodes[1]!;
    const [eni] = await secondaryEniIds(w(), n);
    await w().sb.control.setEniGroups(eni!, []);
    const plan = JSON.parse(sg(w(), ['set', 'node', n, '--groups', `${g[3]},${g[1]}`, '--dry-run', '-o', 'json']).stdout) as PlanJson;
    expect(plan.warnings).toEqual([]);
    const { r, out } = setNodeJson(w(), [n, '--groups', `${g[3]},${g[1]}`]);
    expect(r.code, shown(r)).toBe(0);
    expect(out.items[0]).toMatchObject({ result: 'ok', after: [g[3], g[1]] });
    expect(await eniGroups(w(), n)).toEqual([[g[3], g[1]]]);
  });
});
