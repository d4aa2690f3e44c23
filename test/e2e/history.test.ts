// The audit trail as kubectl runs the built plugin (run.ts), on one sandbox with both providers: a
// change made by kubectl-sg (set node on TKE, set workload on ECI) shows in `kubectl sg history`
// from all three sources (the object's annotation, its Event, the local log) with the Kubernetes
// user as `kubectl auth whoami` names it and the cloud identity of the key (the emulators' STS
// answer); a change made behind kubectl-sg's back, through the Tencent API with another operator's
// key, is attributed to that key by CloudAudit; a key without cloudaudit:LookUpEvents, --no-cloud
// and bad input say what they should. The recording is checked where it lives too (kubectl get),
// not only through history.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { kubectlOk, parsed, sgRunner } from './sg-runner.ts';
import { kubectl } from './run.ts';
import { sdk } from '../contract/helpers.ts';
import { ADMIN_UIN, COLLEAGUE_UIN } from '../sandbox/tencent/callers.ts';
import { ALIBABA_ACCOUNT_ID, COLLEAGUE_USER, OPERATOR_USER } from '../sandbox/alibaba/services/sts.ts';
import { signedRequest } from '../contract/alibaba/helpers.ts';
import type { Scenario } from '../sandbox/scenario.ts';
import type { Emulator } from '../sandbox/tencent/emulator.ts';

interface Entry {
  at: string;
  what: string;
  target: string;
  kubeUser: string | null;
  cloudIdentity: string | null;
  before: string[] | null;
  after: string[] | null;
  call: { did: string; groups: string[] | null } | null;
  result: string | null;
  runId: string | null;
  commandLine: string | null;
  sources: string[];
}
interface HistoryJson {
  kind: string;
  items: Entry[];
  sources: { source: string; read: boolean; detail: string }[];
}

let sb: Sandbox;
let scenario: Scenario;
let stateDir: string;
const run = sgRunner(() => sb);
const env = () => ({ KUBECTL_SG_STATE_DIR: stateDir });
const history = (...args: string[]) => run.json<HistoryJson>(['history', ...args], env());
const source = (h: HistoryJson, name: string) => h.sources.find((s) => s.source === name)!;

beforeAll(async () => {
  sb = await startSandbox('--provider', 'tke,eci', '--nodes', '2', '--ipamd-version', 'v3.5.8');
  scenario = JSON.parse(readFileSync(join(sb.dir, 'scenario.json'), 'utf8')) as Scenario;
  stateDir = mkdtempSync(join(tmpdir(), 'sg-history-state-'));
}, 600_000);
afterAll(async () => {
  const secrets = [sb.env.TENCENTCLOUD_SECRET_KEY!, sb.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET!, scenario.credentials.colleague.secretKey, sb.eci!.colleagueKey.accessKeySecret];
  for (const out of run.outputs) for (const s of secrets) expect(out).not.toContain(s);
  for (const s of secrets) expect(readFileSync(join(stateDir, 'changes.jsonl'), 'utf8')).not.toContain(s);
  rmSync(stateDir, { recursive: true, force: true });
  await sb?.down();
});

/** The user the apiserver authenticates the sandbox's kubeconfig as, asked of kubectl itself. */
const kubeUser = () => kubectlOk(sb, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}');

describe('a change made by kubectl-sg', () => {
  it('set node is in history from the annotation, the Event and the log, with the Kubernetes user and the cloud identity', async () => {
    const node = scenario.instances[0]!.nodeName;
    const before = JSON.parse(kubectlOk(sb, 'get', 'nec', node, '-o', 'jsonpath={.spec.securityGroups}')) as string[];
    const after = [scenario.securityGroups[4]!.id];
    const set = parsed<{ items: { result: string }[] }>(run.sg(['set', 'node', node, '--groups', after[0]!, '--yes', '-o', 'json', '--request-timeout', '30s'], env()));
    expect(set.items[0]!.result).toBe('ok');

    // Where each copy lives, read with kubectl.
    const annotation = JSON.parse(kubectlOk(sb, 'get', 'nec', node, '-o', "jsonpath={.metadata.annotations['kubectl-sg\\.io/last-change']}")) as Record<string, unknown>;
    expect(annotation).toMatchObject({ verb: 'set node', before, after, kubeUser: kubeUser() });
    const events = JSON.parse(kubectlOk(sb, 'get', 'events.events.k8s.io', '-n', 'default', '-o', 'json')) as { items: { reportingController: string; regarding: { kind: string; name: string }; note: string }[] };
    const mine = events.items.filter((e) => e.reportingController === 'kubectl-sg' && e.regarding.kind === 'Node' && e.regarding.name === node);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.note).toContain(`${before.join(',')} -> ${after[0]}`);

    const h = history(`node/${node}`);
    expect(h.kind).toBe('History');
    const ours = h.items.filter((e) => e.what === 'kubectl sg set node');
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({
      target: `node/${node}`,
      kubeUser: kubeUser(),
      cloudIdentity: `qcs::cam:${scenario.uin}:uin/${ADMIN_UIN}`,
      before,
      after,
      result: 'ok',
      runId: annotation.runId,
      sources: ['annotation', 'event', 'log'],
    });
    expect(ours[0]!.commandLine).toBe(`kubectl sg set node ${node} --groups ${after[0]} --yes -o json --request-timeout 30s`);
    for (const s of ['annotation', 'event', 'log']) expect(source(h, s).read, s).toBe(true);
  });

  it('is in history from the three sources through a kubeconfig that names the context otherwise', () => {
    // A colleague's kubeconfig, or the same one renamed: the annotation and the Event are the
    // cluster's own, and the local log's line names the API server it was made through.
    const renamed = join(stateDir, 'renamed.kubeconfig');
    copyFileSync(sb.env.KUBECONFIG!, renamed);
    kubectlOk(sb, '--kubeconfig', renamed, 'config', 'rename-context', kubectlOk(sb, 'config', 'current-context').trim(), 'someone-elses-name');
    const node = scenario.instances[0]!.nodeName;
    const h = run.json<HistoryJson>(['history', `node/${node}`], { ...env(), KUBECONFIG: renamed });
    expect(h.items.filter((e) => e.what === 'kubectl sg set node').map((e) => e.sources)).toEqual([['annotation', 'event', 'log']]);
  });

  it('set workload on ECI is in history from the three sources, with the RAM user of the Alibaba key', async () => {
    const group = (await sb.alibaba!.state()).securityGroups.find((s) => s.name === 'eci-payments')!.id;
    const set = parsed<{ items: { result: string; before: string[] }[] }>(run.sg(['set', 'workload', 'deployment/cart', '-n', 'shop', '--groups', group, '--yes', '-o', 'json'], env()));
    expect(set.items[0]!.result).toBe('ok');
    const h = history('workload', 'deploy/cart', '-n', 'shop');
    const [change] = h.items;
    expect(h.items).toHaveLength(1);
    expect(change).toMatchObject({
      what: 'kubectl sg set workload',
      target: 'deployment/cart -n shop',
      kubeUser: kubeUser(),
      cloudIdentity: `acs:ram::${ALIBABA_ACCOUNT_ID}:user/${OPERATOR_USER.name}`,
      before: set.items[0]!.before,
      after: [group],
      sources: ['annotation', 'event', 'log'],
    });
    // The workload's own annotation, not its pod template's: nothing rolled out because of it.
    expect(kubectlOk(sb, 'get', 'deploy', 'cart', '-n', 'shop', '-o', "jsonpath={.spec.template.metadata.annotations['kubectl-sg\\.io/last-change']}")).toBe('');
  });

  it('history without a target lists both changes, newest first', () => {
    const h = history();
    const ours = h.items.filter((e) => e.what.startsWith('kubectl sg'));
    expect(ours.map((e) => e.what)).toEqual(['kubectl sg set workload', 'kubectl sg set node']);
    expect(source(h, 'cloudaudit')).toMatchObject({ read: false });
  });
});

describe('a change made behind kubectl-sg\'s back', () => {
  it('is attributed by CloudAudit to the key that made it, and the drifted ENI is named with it', async () => {
    const node = scenario.instances[1]!.nodeName;
    const eni = scenario.instances[1]!.secondaryEnis[0]!.id;
    const extra = scenario.securityGroups[4]!.id;
    // Another operator's tool: the Tencent API through the sandbox's proxy, with their own key.
    const emu = { proxyUrl: sb.env.HTTPS_PROXY!, caFile: sb.env.NODE_EXTRA_CA_CERTS! } as Emulator;
    await sdk('vpc', emu, scenario.credentials.colleague).request('AssociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: [eni], SecurityGroupIds: [extra] });

    const h = history(`node/${node}`);
    const theirs = h.items.filter((e) => e.sources.includes('cloudaudit') && e.call?.did === 'bound' && e.call.groups?.includes(extra));
    expect(theirs).toHaveLength(1);
    expect(theirs[0]!.what).toBe('AssociateNetworkInterfaceSecurityGroups');
    expect(theirs[0]!.target).toBe(`${eni} (node ${node})`);
    expect(theirs[0]!.cloudIdentity).toMatch(new RegExp(`^qcs::cam:${scenario.uin}:uin/${COLLEAGUE_UIN} \\(colleague, key AKID`));
    expect(theirs[0]!.cloudIdentity).not.toContain(scenario.credentials.colleague.secretId);
    expect(source(h, 'cloudaudit').read).toBe(true);
    // ipamd keeps the list it was given; the ENI stays drifted until a resync, and CloudAudit names who.
    expect(source(h, 'cloudaudit').detail).toContain(`${eni} is drifted`);
    expect(source(h, 'cloudaudit').detail).toContain(`last changed by qcs::cam:${scenario.uin}:uin/${COLLEAGUE_UIN}`);
  });

  it('on ECI, a change of a pod\'s ENI groups with another key is attributed by ActionTrail to that key\'s RAM user', async () => {
    const pods = JSON.parse(kubectlOk(sb, 'get', 'pods', '-n', 'shop', '-l', 'app=cart', '-o', 'json')) as { items: { metadata: { name: string; annotations?: Record<string, string>; deletionTimestamp?: string } }[] };
    const pod = pods.items.find((p) => !p.metadata.deletionTimestamp && p.metadata.annotations?.['k8s.aliyun.com/eci-instance-id'])!;
    const state = await sb.alibaba!.state();
    const eni = state.containerGroups.find((c) => c.id === pod.metadata.annotations!['k8s.aliyun.com/eci-instance-id'])!.eniInstanceId;
    const wide = state.securityGroups.find((s) => s.name === 'legacy-wide-open')!.id;
    // Another operator's tool: ECS ModifyNetworkInterfaceAttribute through the sandbox's proxy, signed with their key.
    const route = { proxyUrl: sb.env.HTTPS_PROXY!, caFile: sb.env.NODE_EXTRA_CA_CERTS!, host: 'ecs.cn-hangzhou.aliyuncs.com' };
    const key = sb.eci!.colleagueKey;
    const r = await signedRequest(route, { action: 'ModifyNetworkInterfaceAttribute', version: '2014-05-26', params: { RegionId: 'cn-hangzhou', NetworkInterfaceId: eni, 'SecurityGroupId.1': wide }, key });
    expect(r.status, JSON.stringify(r.json)).toBe(200);

    const h = history('workload', 'deploy/cart', '-n', 'shop');
    const theirs = h.items.filter((e) => e.sources.includes('actiontrail'));
    expect(theirs).toHaveLength(1);
    expect(theirs[0]).toMatchObject({
      what: 'ModifyNetworkInterfaceAttribute',
      target: `${eni} (pod ${pod.metadata.name})`,
      call: { did: 'set', groups: [wide] },
    });
    expect(theirs[0]!.cloudIdentity).toMatch(new RegExp(`^acs:ram::${ALIBABA_ACCOUNT_ID}:user/${COLLEAGUE_USER.name} \\(${COLLEAGUE_USER.name}, key LTAI`));
    expect(theirs[0]!.cloudIdentity).not.toContain(key.accessKeyId);
    expect(source(h, 'actiontrail')).toMatchObject({ read: true });
    // kubectl-sg's own change is still there, attributed to the operator.
    expect(h.items.find((e) => e.what === 'kubectl sg set workload')!.cloudIdentity).toBe(`acs:ram::${ALIBABA_ACCOUNT_ID}:user/${OPERATOR_USER.name}`);
  });

  it('says when the key may not read CloudAudit, and --no-cloud asks no cloud; kubectl-sg\'s own records are still shown', async () => {
    const node = scenario.instances[0]!.nodeName;
    await sb.control.setCallerPolicy('read-only');
    try {
      const h = history(`node/${node}`);
      expect(source(h, 'cloudaudit')).toMatchObject({ read: false, detail: expect.stringMatching(/^no access: the key may not call cloudaudit:LookUpEvents/) });
      expect(h.items.some((e) => e.what === 'kubectl sg set node')).toBe(true);
    } finally {
      await sb.control.setCallerPolicy('full');
    }
    expect(source(history(`node/${node}`, '--no-cloud'), 'cloudaudit')).toEqual({ source: 'cloudaudit', read: false, detail: '--no-cloud' });
  });

  it('a table says which sources were read', () => {
    const r = run.sg(['history', `node/${scenario.instances[0]!.nodeName}`], env());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^TIME +TARGET +WHAT +KUBERNETES USER +CLOUD IDENTITY +GROUPS +RESULT +RUN +SOURCES$/m);
    expect(r.stdout).toMatch(/^Sources:\n {2}annotation: read: .*\n {2}event: read: .*\n {2}log: read: .*\n {2}cloudaudit: read: /m);
  });
});

describe('a resync', () => {
  it('is in history under its run ID, on the node it toggled or asked to sync, beside the earlier set node', () => {
    const node = scenario.instances[0]!.nodeName;
    const r = parsed<{ runId: string; items: { name: string; result: string; before: string[]; after: string[] }[] }>(run.sg(['resync', node, '--yes', '-o', 'json'], env()));
    expect(r.items[0]!.result).toBe('ok');
    const annotation = JSON.parse(kubectlOk(sb, 'get', 'node', node, '-o', "jsonpath={.metadata.annotations['kubectl-sg\\.io/last-change']}")) as { runId: string };
    expect(annotation.runId).toBe(r.runId);
    const h = history(`node/${node}`);
    const ours = h.items.filter((e) => e.what.startsWith('kubectl sg'));
    expect(ours.map((e) => e.what)).toEqual(['kubectl sg resync', 'kubectl sg set node']);
    expect(ours[0]).toMatchObject({ runId: r.runId, before: r.items[0]!.before, after: r.items[0]!.after, kubeUser: kubeUser(), sources: ['annotation', 'event', 'log'] });
  });
});

// Whether a search by ResourceName finds a call that named several ENIs is not documented
// (docs/assumptions.md, "CloudAudit"): under both readings a drifted ENI is explained.
describe.each(['any', 'exact'] as const)('one call on the ENIs of two nodes, CloudAudit matching ResourceName %s', (match) => {
  let other: Sandbox;
  let world: Scenario;
  beforeAll(async () => {
    // An ipamd before v3.3.2 binds only ENIs without groups: a sync of its own after the
    // colleague's call (ipamd retrying a node whose first sync failed on a loaded machine) leaves
    // the drift this test explains. From v3.3.2 it takes the extra group off again, and the
    // plugin rightly looks no further for an ENI that is not drifted: the likeliest reading of
    // the one CI run that found no call for a node (docs/testing.md, "Never red by chance").
    other = await startSandbox('--nodes', '2', '--ipamd-version', 'v3.3.1', '--audit-resource-match', match);
    world = JSON.parse(readFileSync(join(other.dir, 'scenario.json'), 'utf8')) as Scenario;
  }, 600_000);
  afterAll(() => other?.down());

  it('is attributed to the key that made it on each node', async () => {
    const enis = world.instances.map((i) => i.secondaryEnis[0]!.id);
    const extra = world.securityGroups[4]!.id;
    const emu = { proxyUrl: other.env.HTTPS_PROXY!, caFile: other.env.NODE_EXTRA_CA_CERTS! } as Emulator;
    const since = Date.now();
    await sdk('vpc', emu, world.credentials.colleague).request('AssociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: enis, SecurityGroupIds: [extra] });
    for (const [i, instance] of world.instances.entries()) {
      const r = run.sg(['history', `node/${instance.nodeName}`, '-o', 'json'], { ...env(), ...other.env });
      const h = parsed<HistoryJson>(r);
      const theirs = h.items.filter((e) => e.what === 'AssociateNetworkInterfaceSecurityGroups' && e.cloudIdentity?.startsWith(`qcs::cam:${world.uin}:uin/${COLLEAGUE_UIN} `));
      // When it fails, what the plugin said of CloudAudit and every change of the ENIs' groups since the call, with who made it.
      const why = async () => JSON.stringify({ cloudaudit: source(h, 'cloudaudit'), changes: (await other.control.groupChanges(since)).changes });
      expect(theirs.map((e) => e.target), await why()).toEqual([`${enis[i]} (node ${instance.nodeName})`]);
      expect(source(h, 'cloudaudit').detail).toContain(`${enis[i]} is drifted`);
      expect(source(h, 'cloudaudit').detail).toContain(`last changed by qcs::cam:${world.uin}:uin/${COLLEAGUE_UIN}`);
    }
  });

  it("does not show kubectl-sg's changes to another cluster's node of the same name, under the same context name", () => {
    // The log this file shares holds the first sandbox's set node and resync on a node named as
    // this sandbox's first; both kubeconfigs name their context alike.
    expect(kubectl(['config', 'current-context'], other.env).stdout).toBe(kubectl(['config', 'current-context'], sb.env).stdout);
    const name = world.instances[0]!.nodeName;
    expect(name).toBe(scenario.instances[0]!.nodeName);
    const here = parsed<HistoryJson>(run.sg(['history', `node/${name}`, '-o', 'json', '--no-cloud'], { ...env(), ...other.env }));
    expect(here.items.filter((e) => e.what.startsWith('kubectl sg'))).toEqual([]);
    expect(source(here, 'log').detail).toMatch(/^0 line\(s\) of /);
  });
});

describe('bad input', () => {
  it.each([
    [['pod/web-0'], '"pod/web-0" is not a history target: give node/NAME, workload KIND/NAME or cluster'],
    [['workload'], '"workload" needs KIND/NAME, e.g. workload deployment/web'],
    [['node/Bad_Name'], `"Bad_Name" is not a node name: lowercase letters, digits, '-' and '.'`],
    [['cluster', 'node/x'], 'history takes one target, got also "node/x": give node/NAME, workload KIND/NAME or cluster'],
    [['workload', 'rs/web'], "rs/web: a ReplicaSet's template is its Deployment's: set deployment/NAME instead"],
  ])('history %j exits 2 with one line and reads nothing', (args, message) => {
    const r = run.sg(['history', ...args], env());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: ${message}\n`);
  });
});
