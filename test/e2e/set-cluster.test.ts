// `kubectl sg set cluster` as kubectl runs the built plugin (run.ts), one sandbox per ipamd row:
// v3.4.7 (the Deployment's args: the documented typo removed, the `--security-groups sg-a,sg-b`
// two-item form edited in place, every other arg kept), v3.5.8 (the addon's values through
// UpdateAddon with every other value kept, and the ConfigMap when no credentials are found), v3.1.0
// (refused). Every change is checked where ipamd reads it and in what ipamd then does; every
// refusal, dry run and no-op against a before/after snapshot of the whole sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, run, type RunResult, runPlugin } from './run.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { snapshot } from './snapshot.ts';
import { onTerminal } from './terminal.ts';
import type { NodeJson, ClusterJson } from './contract-json.ts';

interface Policy {
  enabled: boolean;
  globalList: string[];
}

interface PlanJson {
  kind: string;
  ipamd: { version: string };
  place: string;
  placeReason: string;
  before: Policy;
  after: Policy;
  changes: { removed: string[]; added: string[] };
  noop: boolean;
  warnings: string[];
}

interface ResultJson {
  kind: string;
  place: string;
  before: Policy;
  after: Policy;
  changed: boolean;
  verified: string[];
  warnings: string[];
  interrupted: boolean;
  nodesDiffering: { name: string; necGroups: string[]; policyGroups: string[] }[] | null;
  nodesPending: string[];
  nodesNote: string | null;
  resyncCommand: string | null;
}

/** Every output of the file, and every sandbox's secret key: none may ever be printed. */
const outputs: string[] = [];
const secretKeys: string[] = [];

async function open(...upArgs: string[]): Promise<Sandbox> {
  const sb = await startSandbox(...upArgs);
  secretKeys.push(sb.env.TENCENTCLOUD_SECRET_KEY!);
  return sb;
}

const sgIn = (sb: Sandbox) => (args: string[], env: NodeJS.ProcessEnv = {}): RunResult => {
  const r = runPlugin([...args], { ...sb.env, ...env });
  outputs.push(r.stdout, r.stderr);
  return r;
};
const parsed = <T>(r: RunResult): T => {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
};
const k = (sb: Sandbox, ...args: string[]) => {
  const r = kubectl(args, sb.env);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
};
const oneLine = (r: RunResult) => r.stderr.trim().split('\n');
const groupIds = async (sb: Sandbox) => Object.fromEntries((await sb.control.state()).securityGroups.map((g) => [g.name, g.id])) as Record<string, string>;
const ipamdArgs = (sb: Sandbox) =>
  (JSON.parse(k(sb, '-n', 'kube-system', 'get', 'deployment', 'tke-eni-ipamd', '-o', 'json')) as { spec: { template: { spec: { containers: { args: string[] }[] } } } }).spec.template.spec
    .containers[0]!.args;
const networkConf = (sb: Sandbox) => (JSON.parse(k(sb, '-n', 'kube-system', 'get', 'configmap', 'tke-eni-ipamd', '-o', 'json')) as { data: Record<string, string> }).data['tke-network-conf.yaml']!;
const necGroups = (sb: Sandbox) =>
  Object.fromEntries(
    (JSON.parse(k(sb, 'get', 'nec', '-o', 'json')) as { items: { metadata: { name: string }; spec?: { securityGroups?: string[] } }[] }).items.map((n) => [n.metadata.name, n.spec?.securityGroups]),
  );

/** Polls (ipamd and TKE react asynchronously) until `ok`, then returns the last value; the assertion after it says what was expected. */
async function until<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  let v = await read();
  while (!ok(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    v = await read();
  }
  return v;
}

/** The securityGroups block of tke-network-conf.yaml, and the lines around it. */
function splitConf(text: string) {
  const lines = text.split('\n');
  const start = lines.indexOf('securityGroups:');
  let end = start + 1;
  while (end < lines.length && lines[end]!.startsWith(' ')) end++;
  return { outside: [...lines.slice(0, start), ...lines.slice(end)], block: lines.slice(start, end) };
}

describe('ipamd v3.4.7: the Deployment\'s args', () => {
  let sb: Sandbox;
  let sg: ReturnType<typeof sgIn>;
  let g: Record<string, string>;
  beforeAll(async () => {
    sb = await open('--nodes', '3', '--ipamd-version', 'v3.4.7', '--typo-flag');
    sg = sgIn(sb);
    g = await groupIds(sb);
  }, 900_000);
  afterAll(() => sb.down());

  it('refuses a script without --yes, and --dry-run prints the plan: neither changes anything', async () => {
    const before = await snapshot(sb);
    const noYes = sg(['set', 'cluster', '--enable']);
    expect(noYes.code).toBe(2);
    expect(noYes.stdout).toBe('');
    expect(oneLine(noYes)).toEqual([expect.stringMatching(/^error: refusing to change anything without --yes/)]);

    const plan = parsed<PlanJson>(sg(['set', 'cluster', '--enable', '--dry-run', '-o', 'json']));
    const global = [g['pods-base']!, g['pods-web']!];
    expect(plan).toMatchObject({
      kind: 'SetClusterPlan',
      ipamd: { version: 'v3.4.7' },
      place: 'deployment-args',
      // The typo turns nothing on: the list is there, unused.
      before: { enabled: false, globalList: global },
      after: { enabled: true, globalList: global },
      changes: { removed: ['--enable-security-group'], added: ['--enable-security-groups'] },
      noop: false,
    });
    expect(plan.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^turning the feature on/),
        expect.stringMatching(/is restarted .* to read the new args/),
        expect.stringMatching(/^removes --enable-security-group, a misspelling of --enable-security-groups that ipamd ignores$/),
      ]),
    );
    const table = sg(['set', 'cluster', '--enable', '--dry-run']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Change: +- --enable-security-group\n +\+ --enable-security-groups$/m);
    expect(await snapshot(sb)).toEqual(before);
  });

  it('--enable fixes the typo in place, keeps the list and every other arg, and ipamd takes it', async () => {
    const before = ipamdArgs(sb);
    const typoAt = before.indexOf('--enable-security-group');
    expect(typoAt).toBeGreaterThan(0);
    const result = parsed<ResultJson>(sg(['set', 'cluster', '--enable', '--yes', '-o', 'json']));
    const global = [g['pods-base']!, g['pods-web']!];
    expect(result).toMatchObject({ kind: 'SetClusterResult', place: 'deployment-args', changed: true, interrupted: false, after: { enabled: true, globalList: global } });
    expect(result.verified).toEqual([expect.stringMatching(/args read back: on/), expect.stringMatching(/rolled out after/)]);
    const expected = [...before];
    expected[typoAt] = '--enable-security-groups';
    expect(ipamdArgs(sb)).toEqual(expected);

    const cluster = parsed<ClusterJson>(sg(['show', 'cluster', '-o', 'json']));
    expect(cluster.feature).toEqual({ enabled: true, globalList: global, place: 'deployment-args' });
    expect(cluster.warnings).toEqual([]);
    // ipamd restarted with the feature on: every NEC gets the global list and every ENI carries it.
    const nodes = await until(
      () => parsed<{ items: NodeJson[] }>(sg(['show', 'node', '-o', 'json'])).items,
      (items) => items.every((n) => n.state === 'in-sync' && n.desiredGroups.length > 0),
    );
    for (const n of nodes) expect(n).toMatchObject({ desiredGroups: global, state: 'in-sync' });
    const state = await sb.control.state();
    for (const e of state.enis.filter((x) => !x.Primary)) expect(e.GroupSet).toEqual(global);
  });

  it('changes a list written as two items (--security-groups sg-a,sg-b) in place, and names the nodes to resync', async () => {
    const global = [g['pods-base']!, g['pods-web']!];
    const twoItems = ['--clusterid', ipamdArgs(sb)[1]!, '--enable-security-groups', '--security-groups', global.join(','), '--claim-expired-duration', '10m0s', '--v=4'];
    k(sb, '-n', 'kube-system', 'patch', 'deployment', 'tke-eni-ipamd', '--type', 'json', '-p', JSON.stringify([{ op: 'replace', path: '/spec/template/spec/containers/0/args', value: twoItems }]));
    const next = [g['pods-db']!, g['pods-base']!];
    const plan = parsed<PlanJson>(sg(['set', 'cluster', '--enable', '--groups', next.join(','), '--dry-run', '-o', 'json']));
    expect(plan.before).toEqual({ enabled: true, globalList: global });
    expect(plan.changes).toEqual({ removed: ['--security-groups', global.join(',')], added: [`--security-groups=${next.join(',')}`] });
    expect(plan.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/reaches new nodes only/)]));

    const r = sg(['set', 'cluster', '--enable', '--groups', next.join(','), '--yes', '-o', 'json']);
    const result = parsed<ResultJson>(r);
    expect(ipamdArgs(sb)).toEqual(['--clusterid', twoItems[1], '--enable-security-groups', `--security-groups=${next.join(',')}`, '--claim-expired-duration', '10m0s', '--v=4']);
    // The plan went to stderr (stdout is the one JSON document), with the waiting line.
    expect(r.stderr).toMatch(/^Place: +Deployment kube-system\/tke-eni-ipamd args$/m);
    // Existing NECs keep the old list (it reaches new nodes only): every node differs, and --all says so.
    const necs = necGroups(sb);
    expect(Object.values(necs)).toEqual([global, global, global]);
    expect(result.nodesDiffering!.map((n) => n.name).sort()).toEqual(Object.keys(necs).sort());
    for (const n of result.nodesDiffering!) expect(n).toEqual({ name: n.name, necGroups: global, policyGroups: next });
    expect(result.resyncCommand).toBe('kubectl sg resync --all');
    expect(parsed<ClusterJson>(sg(['show', 'cluster', '-o', 'json'])).feature).toEqual({ enabled: true, globalList: next, place: 'deployment-args' });

    const table = sg(['set', 'cluster', '--enable', '--groups', next.join(','), '--yes']);
    expect(table.stdout).toMatch(/^Changed: +nothing: Deployment kube-system\/tke-eni-ipamd args already says on/m);
    expect(table.stdout).toMatch(/^Resync: +kubectl sg resync --all$/m);
    expect(table.stdout).toMatch(new RegExp(`^\\S+ +${global.join(',')} +${next.join(',')}$`, 'm'));
  });

  it('on a terminal asks first; an edit made by someone else meanwhile is never overwritten', async () => {
    const next = [g['pods-db']!, g['pods-base']!];
    const theirs = [...ipamdArgs(sb), '--v=5'];
    const patchArgs = (args: string[]) =>
      k(sb, '-n', 'kube-system', 'patch', 'deployment', 'tke-eni-ipamd', '--type', 'json', '-p', JSON.stringify([{ op: 'replace', path: '/spec/template/spec/containers/0/args', value: args }]));
    const r = await onTerminal(sb.env, ['set', 'cluster', '--enable', '--groups', [...next].reverse().join(',')], () => patchArgs(theirs));
    outputs.push(r.output);
    expect(r.prompted).toBe(true);
    expect(r.output).toMatch(/^Change: /m);
    expect(r.code).toBe(1);
    expect(r.output).toContain('error: Deployment kube-system/tke-eni-ipamd changed since it was read (someone else edited it): nothing was changed');
    expect(ipamdArgs(sb)).toEqual(theirs);
    patchArgs(theirs.slice(0, -1));
  });

  it('on a terminal: a status or label written meanwhile (a pod of a rollout restarting) is no edit, and the change goes on top of it', async () => {
    const next = [g['pods-base']!, g['pods-db']!];
    const r = await onTerminal(sb.env, ['set', 'cluster', '--enable', '--groups', next.join(',')], () => {
      // What the deployment controller and a colleague's tooling write while a rollout goes on: new
      // resourceVersions, the same metadata.generation.
      k(sb, '-n', 'kube-system', 'patch', 'deployment', 'tke-eni-ipamd', '--subresource=status', '--type', 'merge', '-p', JSON.stringify({ status: { readyReplicas: 1, availableReplicas: 1 } }));
      k(sb, '-n', 'kube-system', 'label', 'deployment', 'tke-eni-ipamd', 'rollout-watch=on');
    });
    outputs.push(r.output);
    expect(r.prompted).toBe(true);
    expect(r.code, r.output).toBe(0);
    expect(ipamdArgs(sb)).toContain(`--security-groups=${next.join(',')}`);
    expect(k(sb, '-n', 'kube-system', 'get', 'deployment', 'tke-eni-ipamd', '-o', 'jsonpath={.metadata.labels.rollout-watch}')).toBe('on');
  });

  it('says so when it is already so, and changes nothing', async () => {
    const before = await snapshot(sb);
    const next = [g['pods-base']!, g['pods-db']!]; // as the test before left it
    const result = parsed<ResultJson>(sg(['set', 'cluster', '--enable', '--groups', next.join(','), '--yes', '-o', 'json']));
    expect(result).toMatchObject({ changed: false, verified: [], after: { enabled: true, globalList: next } });
    expect(await snapshot(sb)).toEqual(before);
  });

  it('--disable takes both flags out; ipamd then leaves the ENIs\' groups as they are', async () => {
    const before = await sb.control.state();
    const plan = parsed<PlanJson>(sg(['set', 'cluster', '--disable', '--dry-run', '-o', 'json']));
    expect(plan.warnings[0]).toMatch(/^turning the feature off unbinds nothing now: every secondary ENI keeps the groups it carries/);
    const result = parsed<ResultJson>(sg(['set', 'cluster', '--disable', '--yes', '-o', 'json']));
    expect(result).toMatchObject({ changed: true, after: { enabled: false, globalList: [] }, nodesDiffering: [], resyncCommand: null });
    expect(ipamdArgs(sb).filter((a) => a.includes('security-group'))).toEqual([]);
    expect(parsed<ClusterJson>(sg(['show', 'cluster', '-o', 'json'])).feature).toMatchObject({ enabled: false, place: 'deployment-args' });
    const after = await sb.control.state();
    expect(after.enis.map((e) => e.GroupSet)).toEqual(before.enis.map((e) => e.GroupSet));
  });
});

describe('ipamd v3.5.8: the addon\'s values, or the ConfigMap without credentials', () => {
  let sb: Sandbox;
  let sg: ReturnType<typeof sgIn>;
  let g: Record<string, string>;
  let noCredentials: NodeJS.ProcessEnv;
  beforeAll(async () => {
    sb = await open('--nodes', '3', '--ipamd-version', 'v3.5.8');
    sg = sgIn(sb);
    g = await groupIds(sb);
    // No variable, no profile file, no tccli file (HOME is the sandbox's own directory).
    noCredentials = { TENCENTCLOUD_SECRET_ID: '', TENCENTCLOUD_SECRET_KEY: '', TENCENTCLOUD_SESSION_TOKEN: '', HOME: sb.dir };
  }, 900_000);
  afterAll(() => sb.down());

  it('with credentials: UpdateAddon changes only vpcCni.securityGroups, TKE renders the ConfigMap, ipamd reads it', async () => {
    const addonBefore = await sb.control.addon();
    const confBefore = networkConf(sb);
    const global = [g['pods-base']!, g['pods-web']!];
    const next = [g['pods-db']!];
    await sb.control.clearCalls();
    const result = parsed<ResultJson>(sg(['set', 'cluster', '--enable', '--groups', next.join(','), '--yes', '-o', 'json']));
    expect(result).toMatchObject({ place: 'addon-values', changed: true, before: { enabled: true, globalList: global }, after: { enabled: true, globalList: next } });
    expect(result.verified).toEqual([expect.stringMatching(/^addon eniipamd values .* read back/), expect.stringMatching(/^ConfigMap kube-system\/tke-eni-ipamd rendered from it after/)]);
    expect((await sb.control.calls()).filter((c) => c.action === 'UpdateAddon')).toHaveLength(1);

    // Every other value of the addon is exactly as it was.
    const addonAfter = await sb.control.addon();
    const vpcCni = addonBefore.values!.vpcCni as Record<string, unknown>;
    expect(addonAfter.values).toEqual({ ...addonBefore.values, vpcCni: { ...vpcCni, securityGroups: { enableSecurityGroups: true, securityGroups: next } } });
    expect(addonAfter.generation).toBe(addonBefore.generation + 1);
    expect(splitConf(networkConf(sb)).outside).toEqual(splitConf(confBefore).outside);

    const cluster = parsed<ClusterJson>(sg(['show', 'cluster', '-o', 'json']));
    expect(cluster.feature).toEqual({ enabled: true, globalList: next, place: 'addon-values' });
    expect(cluster.sources.every((s) => s.agrees)).toBe(true);
    expect(result.nodesDiffering!.map((n) => n.policyGroups)).toEqual([next, next, next]);
    expect(result.resyncCommand).toBe('kubectl sg resync --all');
  });

  it('a global list needs the cloud to be checked: without credentials it is refused, nothing changed', async () => {
    const before = await snapshot(sb);
    const r = sg(['set', 'cluster', '--enable', '--groups', g['pods-base']!, '--yes'], noCredentials);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(oneLine(r)).toEqual([expect.stringMatching(/^error: no Tencent Cloud credentials found .*cannot be checked .*give credentials \(TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY/)]);
    expect(await snapshot(sb)).toEqual(before);
  });

  it('without credentials: writes the ConfigMap, byte-identical but for the setting, and says the addon may overwrite it', async () => {
    const addonBefore = await sb.control.addon();
    const confBefore = networkConf(sb);
    const r = sg(['set', 'cluster', '--enable', '--inherit-primary', '--yes', '-o', 'json'], noCredentials);
    const result = parsed<ResultJson>(r);
    expect(result).toMatchObject({ place: 'configmap', changed: true, after: { enabled: true, globalList: [] }, nodesDiffering: null });
    expect(result.nodesNote).toMatch(/primary ENI groups, which were not read without Tencent Cloud access/);
    expect(r.stderr).toMatch(/^Why there: +addon eniipamd's values not read: no Tencent Cloud credentials found/m);
    expect(r.stderr).toMatch(/TKE renders ConfigMap kube-system\/tke-eni-ipamd from the addon eniipamd's values: the next addon update .* overwrites this change/);

    const conf = networkConf(sb);
    expect(splitConf(conf).outside).toEqual(splitConf(confBefore).outside);
    expect(conf.startsWith('# Rendered by TKE')).toBe(true); // the comment survives
    expect(splitConf(conf).block).toEqual(['securityGroups:', '  enableSecurityGroups: true', '  securityGroups: []']);
    expect(await sb.control.addon()).toEqual(addonBefore);

    // ipamd reads the ConfigMap; with credentials show cluster names the addon as what counts, and the disagreement.
    const offline = parsed<ClusterJson>(sg(['show', 'cluster', '--no-cloud', '-o', 'json']));
    expect(offline.feature).toEqual({ enabled: true, globalList: [], place: 'configmap' });
    const online = parsed<ClusterJson>(sg(['show', 'cluster', '-o', 'json']));
    expect(online.sources.find((s) => s.place === 'configmap')).toMatchObject({ globalList: [], agrees: false });
    expect(online.warnings).toEqual([expect.stringMatching(/change the addon's values instead$/)]);
  });

  it('on a terminal, answering no changes nothing', async () => {
    const before = await snapshot(sb);
    const r = await onTerminal({ ...sb.env, ...noCredentials }, ['set', 'cluster', '--disable'], () => {}, 'n');
    outputs.push(r.output);
    expect(r.prompted).toBe(true);
    expect(r.output).toMatch(/Change ConfigMap kube-system\/tke-eni-ipamd \(tke-network-conf\.yaml\)\? \[y\/N\]/);
    expect(r.output).toContain('nothing was changed');
    expect(r.code).toBe(1);
    expect(await snapshot(sb)).toEqual(before);
  });

  it('with credentials again: the addon\'s values win, the ConfigMap is rendered over the hand edit, nodes are compared with their primary ENI', async () => {
    const result = parsed<ResultJson>(sg(['set', 'cluster', '--enable', '--inherit-primary', '--yes', '-o', 'json']));
    expect(result).toMatchObject({ place: 'addon-values', changed: true, before: { enabled: true, globalList: [g['pods-db']] }, after: { enabled: true, globalList: [] } });
    expect(parsed<ClusterJson>(sg(['show', 'cluster', '-o', 'json'])).warnings).toEqual([]);
    const state = await sb.control.state();
    const primaryOf = (node: string) => state.enis.find((e) => e.Primary && e.Attachment.InstanceId === state.instances.find((i) => i.nodeName === node)!.id)!.GroupSet;
    expect(result.nodesDiffering).toHaveLength(3);
    for (const n of result.nodesDiffering!) expect(n).toEqual({ name: n.name, necGroups: [g['pods-base'], g['pods-web']], policyGroups: primaryOf(n.name) });
  });

  it('--disable --dry-run -o yaml: the plan, with what turning it off does, and nothing changed', async () => {
    const before = await snapshot(sb);
    const r = sg(['set', 'cluster', '--disable', '--dry-run', '-o', 'yaml']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^apiVersion: kubectl-sg\/v1\nkind: SetClusterPlan\n/);
    expect(r.stdout).toMatch(/place: addon-values/);
    expect(r.stdout).toMatch(/unbinds nothing now/);
    expect(await snapshot(sb)).toEqual(before);
  });

  it('checks RBAC for the write before it: a user who may read but not update the ConfigMap changes nothing', async () => {
    const before = await snapshot(sb);
    const admin = (input: string) => {
      const r = run('kubectl', ['apply', '-f', '-'], sb.env, input);
      expect(r.code, r.stderr).toBe(0);
    };
    const reads = [
      { apiGroups: [''], resources: ['nodes', 'configmaps'], verbs: ['get', 'list'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list'] },
      { apiGroups: ['networking.tke.cloud.tencent.com'], resources: ['nodeeniconfigs'], verbs: ['get', 'list'] },
    ];
    admin(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'sg-reader' }, rules: reads },
          {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'ClusterRoleBinding',
            metadata: { name: 'sg-reader' },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'sg-reader' },
            subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'limited-user' }],
          },
        ],
      }),
    );
    const limited = { KUBECONFIG: `${sb.dir}/kube/limited.kubeconfig` };
    const r = sg(['set', 'cluster', '--disable', '--yes'], { ...noCredentials, ...limited });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^error: not allowed to update configmaps "tke-eni-ipamd" in namespace kube-system .*nothing was changed/);
    k(sb, 'delete', 'clusterrolebinding,clusterrole', 'sg-reader');
    expect(await snapshot(sb)).toEqual(before);
  });
});

describe('ipamd v3.1.0: no security-group feature', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await open('--nodes', '1', '--ipamd-version', 'v3.1.0');
  }, 900_000);
  afterAll(() => sb.down());

  it('is refused in one line naming the version needed (exit 1), nothing changed', async () => {
    const sg = sgIn(sb);
    const before = await snapshot(sb);
    const r = sg(['set', 'cluster', '--enable', '--inherit-primary', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(oneLine(r)).toEqual(['error: ipamd v3.1.0 has no security-group feature: it needs ipamd v3.2.0 or later (upgrade tke-eni-ipamd / the eniipamd addon first); nothing was changed (see: Tencent TKE, "Security Group of VPC-CNI Mode" > Prerequisite)']);
    expect(await snapshot(sb)).toEqual(before);
  });
});

describe('every output of set cluster', () => {
  it('has help with examples, and never carries a secret key', () => {
    const help = runPlugin(['set', 'cluster', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('kubectl sg set cluster --enable --groups');
    expect(help.stdout).toContain('--inherit-primary');
    expect(outputs.length).toBeGreaterThan(20);
    expect(secretKeys).toHaveLength(3);
    for (const key of secretKeys) {
      expect(key.length).toBeGreaterThan(10);
      for (const out of outputs) expect(out).not.toContain(key);
    }
  });
});
