// `kubectl sg set workload` as kubectl runs the built plugin (run.ts) against the ECI sandbox: the
// virtual-kubelet simulator replaces a workload's pods when its template changes and records each
// new instance with its groups in the Alibaba emulator. What the plugin claims is checked against
// the apiserver (the template, the pods) and the emulator (each instance's groups); "nothing
// changed" against a snapshot of both. A concurrent edit is made while the confirmation prompt
// waits on a terminal, so the conflict path runs as it would for an operator.
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { kubectl, run, type RunResult, runPlugin } from './run.ts';
import { onTerminal } from './terminal.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { alibabaControl, eciSnapshot } from './snapshot-eci.ts';

const ANNOTATION = 'k8s.aliyun.com/eci-security-group';
const INSTANCE = 'k8s.aliyun.com/eci-instance-id';

interface PlanJson {
  kind: string;
  provider: string;
  change: string;
  items: {
    name: string;
    namespace: string;
    before: string[];
    after: string[];
    changed: boolean;
    notes: string[];
    annotation: { removed: string[]; added: string[] };
    pods: { name: string; node: string | null; instanceId: string | null; groups: string[] | null; replaced: boolean }[];
    rollout: string;
  }[];
  warnings: string[];
}

interface ResultJson {
  kind: string;
  items: { name: string; namespace: string; before: string[]; after: string[]; result: string; pods: { name: string; instanceId: string; groups: string[]; inSync: boolean }[] | null; detail: string }[];
  summary: { ok: number; failed: number; unchanged: number; notVerified: number };
  interrupted: boolean;
}

interface PodJson {
  metadata: { name: string; uid: string; annotations?: Record<string, string>; deletionTimestamp?: string };
  spec: { nodeName?: string };
}

let sb: Sandbox;
/** The scenario's groups by name (test/sandbox/eci/scenario.ts). */
const g: Record<'default' | 'payments' | 'isolated' | 'wideOpen', string> = { default: '', payments: '', isolated: '', wideOpen: '' };

beforeAll(async () => {
  sb = await startSandbox('--provider', 'eci');
  const state = await alibabaControl(sb).state();
  const byName = (name: string) => state.securityGroups.find((s) => s.name === name)!.id;
  Object.assign(g, { default: byName('eci-default'), payments: byName('eci-payments'), isolated: byName('eci-isolated'), wideOpen: byName('legacy-wide-open') });
}, 600_000);
afterAll(() => sb?.down());

const secrets = () => [sb.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET!, sb.env.TENCENTCLOUD_SECRET_KEY!].filter(Boolean);
const noSecret = (...outputs: string[]) => {
  for (const out of outputs) for (const s of secrets()) expect(out).not.toContain(s);
};

function sg(args: string[]): RunResult {
  const r = runPlugin([...args], sb.env);
  noSecret(r.stdout, r.stderr);
  return r;
}

/** A terminal's output without its colours and cursor moves. */
// eslint-disable-next-line no-control-regex
const plain = (output: string) => output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

const shown = (r: RunResult) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;

function setJson(args: string[]): { r: RunResult; out: ResultJson } {
  const r = sg(['set', 'workload', ...args, '--yes', '-o', 'json']);
  expect(r.stdout, shown(r)).not.toBe('');
  return { r, out: JSON.parse(r.stdout) as ResultJson };
}

function templateAnnotation(kind: string, namespace: string, name: string, path = '.spec.template'): string {
  const r = kubectl(['get', kind, name, '-n', namespace, '-o', `jsonpath={${path}.metadata.annotations['k8s\\.aliyun\\.com/eci-security-group']}`], sb.env);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

/** The pods of a workload by label, leaving out those on their way out. */
function podsOf(namespace: string, selector: string): PodJson[] {
  const r = kubectl(['get', 'pods', '-n', namespace, '-l', selector, '-o', 'json'], sb.env);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { items: PodJson[] }).items.filter((p) => !p.metadata.deletionTimestamp);
}

/** Each pod's instance groups, as the emulator holds them. */
async function instanceGroups(pods: readonly PodJson[]): Promise<string[][]> {
  const state = await alibabaControl(sb).state();
  return pods.map((p) => state.containerGroups.find((c) => c.id === p.metadata.annotations?.[INSTANCE])?.securityGroupIds ?? []);
}

describe('set workload on Alibaba ECI', () => {
  it('--dry-run prints the plan (annotation lines, the pods to replace with their groups now, the rollout) and changes nothing', async () => {
    const before = await eciSnapshot(sb);
    const pods = podsOf('shop', 'app=frontend');
    expect(pods.length).toBe(2);

    const table = sg(['set', 'workload', 'deployment/frontend', '-n', 'shop', '--groups', g.payments, '--dry-run']);
    expect(table.code, shown(table)).toBe(0);
    expect(table.stdout).toContain('deployment/frontend in namespace shop, pod template annotations:');
    expect(table.stdout).toContain(`- ${ANNOTATION}: ${g.wideOpen},${g.default}`);
    expect(table.stdout).toContain(`+ ${ANNOTATION}: ${g.payments}`);
    expect(table.stdout).toMatch(/^POD\s+NODE\s+INSTANCE\s+GROUPS NOW\s+AFTER$/m);
    for (const p of pods) {
      expect(table.stdout).toMatch(new RegExp(`^${p.metadata.name}\\s+\\S+\\s+${p.metadata.annotations![INSTANCE]}\\s+${g.wideOpen},${g.default}\\s+${g.payments}$`, 'm'));
    }
    expect(table.stdout).toContain('rollout: the Deployment rolls out new pods');
    expect(table.stderr).toContain('dry run: deployment/frontend would change, 2 pods replaced; nothing was written');

    const json = sg(['set', 'workload', 'deploy/frontend', '-n', 'shop', '--groups', `${g.default},${g.payments}`, '--dry-run', '-o', 'json']);
    expect(json.code, shown(json)).toBe(0);
    const plan = JSON.parse(json.stdout) as PlanJson;
    expect(plan).toMatchObject({ kind: 'SetWorkloadPlan', provider: 'eci', change: `--groups ${g.default},${g.payments}`, warnings: [] });
    expect(plan.items).toHaveLength(1);
    expect(plan.items[0]).toMatchObject({
      name: 'deployment/frontend',
      namespace: 'shop',
      before: [g.wideOpen, g.default],
      after: [g.default, g.payments],
      changed: true,
      annotation: { removed: [`${ANNOTATION}: ${g.wideOpen},${g.default}`], added: [`${ANNOTATION}: ${g.default},${g.payments}`] },
    });
    expect(plan.items[0]!.pods.map((p) => [p.name, p.instanceId, p.groups, p.replaced]).sort()).toEqual(
      pods.map((p) => [p.metadata.name, p.metadata.annotations![INSTANCE], [g.wideOpen, g.default], true]).sort(),
    );
    const yaml = load(sg(['set', 'workload', 'deployment/cart', '-n', 'shop', '--groups', g.default, '--dry-run', '-o', 'yaml']).stdout) as PlanJson;
    // cart names no group: its pods have the profile's default; pinning the default is allowed and said.
    expect(yaml.items[0]).toMatchObject({ before: [], after: [g.default], changed: true, annotation: { removed: [], added: [`${ANNOTATION}: ${g.default}`] } });
    expect(yaml.items[0]!.notes).toEqual([
      'the template names no group now: its pods get theirs from an eci-profile selector or the default',
      `${g.default} is the eci-profile default: pinned here, the pods keep it when the default changes`,
    ]);

    expect(await eciSnapshot(sb)).toEqual(before);
  });

  it('refuses without a terminal and without --yes: exit 2, one line, nothing changed', async () => {
    const before = await eciSnapshot(sb);
    const r = sg(['set', 'workload', 'deployment/frontend', '-n', 'shop', '--groups', g.payments]);
    expect(r.code, shown(r)).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: refusing to change anything without --yes/)]);
    expect(await eciSnapshot(sb)).toEqual(before);
  });

  it('--yes writes the template; the pods are replaced and every new instance has exactly the new groups, in order', async () => {
    const old = podsOf('shop', 'app=cart');
    const { r, out } = setJson(['deployment/cart', '-n', 'shop', '--groups', `${g.payments},${g.default}`]);
    expect(r.code, shown(r)).toBe(0);
    expect(out.kind).toBe('SetWorkloadResult');
    expect(out.summary).toEqual({ ok: 1, failed: 0, unchanged: 0, notVerified: 0 });
    expect(out.items[0]).toMatchObject({ name: 'deployment/cart', namespace: 'shop', before: [], after: [g.payments, g.default], result: 'ok', detail: `the instances of all 2 new pods have ${g.payments},${g.default}` });
    expect(templateAnnotation('deployment', 'shop', 'cart')).toBe(`${g.payments},${g.default}`);

    // Verified means the cloud says so, not the plugin.
    const now = podsOf('shop', 'app=cart');
    expect(now).toHaveLength(2);
    const oldUids = new Set(old.map((p) => p.metadata.uid));
    for (const p of now) expect(oldUids.has(p.metadata.uid), p.metadata.name).toBe(false);
    expect(await instanceGroups(now)).toEqual([[g.payments, g.default], [g.payments, g.default]]);
    expect(out.items[0]!.pods!.map((p) => [p.name, p.groups, p.inSync]).sort()).toEqual(now.map((p) => [p.metadata.name, [g.payments, g.default], true]).sort());
    // The old instances are gone with their pods.
    const state = await alibabaControl(sb).state();
    for (const p of old) expect(state.containerGroups.some((c) => c.id === p.metadata.annotations?.[INSTANCE])).toBe(false);

    // The same again writes nothing.
    const again = setJson(['deployment/cart', '-n', 'shop', '--groups', `${g.payments},${g.default}`]);
    expect(again.r.code, shown(again.r)).toBe(0);
    expect(again.out.items[0]).toMatchObject({ result: 'unchanged', pods: null });
    expect(podsOf('shop', 'app=cart').map((p) => p.metadata.uid).sort()).toEqual(now.map((p) => p.metadata.uid).sort());
  });

  it('shows the plan and the result as tables, with a summary on stderr', async () => {
    const r = sg(['set', 'workload', 'sts/secrets', '-n', 'vault', '--groups', g.isolated, '--yes']);
    // The StatefulSet's pods had the advanced group through the namespace's selector; pinned now.
    expect(r.code, shown(r)).toBe(0);
    expect(r.stdout).toContain(`+ ${ANNOTATION}: ${g.isolated}`);
    expect(r.stdout).toMatch(/^WORKLOAD\s+NAMESPACE\s+RESULT\s+PODS\s+DETAIL$/m);
    expect(r.stdout).toMatch(/^statefulset\/secrets\s+vault\s+ok\s+2\/2\s+the instances of all 2 new pods have/m);
    expect(r.stderr).toContain('statefulset/secrets: ok');
  });

  it('with someone else\'s change to the groups while the plan waited for confirmation: exit 1, nothing overwritten', async () => {
    const theirs = g.default;
    const r = await onTerminal(sb.env, ['set', 'workload', 'deployment/ledger', '-n', 'pay', '--groups', g.payments], () => {
      const p = kubectl(['patch', 'deployment', 'ledger', '-n', 'pay', '--type', 'merge', '-p', JSON.stringify({ spec: { template: { metadata: { annotations: { [ANNOTATION]: theirs } } } } })], sb.env);
      expect(p.code, p.stderr).toBe(0);
    });
    noSecret(r.output);
    expect(r.prompted, r.output).toBe(true);
    expect(r.code, r.output).toBe(1);
    expect(r.output).toContain(`someone else changed its groups since the plan (plan: none; now: ${theirs}); nothing was overwritten`);
    expect(templateAnnotation('deployment', 'pay', 'ledger')).toBe(theirs);
  });

  it('with someone else\'s change to something else meanwhile: the groups set on the workload as it is now, their change kept', async () => {
    const r = await onTerminal(sb.env, ['set', 'workload', 'deployment/ledger', '-n', 'pay', '--groups', g.payments], () => {
      const p = kubectl(['annotate', 'deployment', 'ledger', '-n', 'pay', 'example.com/touched=yes'], sb.env);
      expect(p.code, p.stderr).toBe(0);
    });
    noSecret(r.output);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('deployment/ledger changed since the plan (not its groups): the groups were set on it as it is now');
    expect(templateAnnotation('deployment', 'pay', 'ledger')).toBe(g.payments);
    expect(kubectl(['get', 'deployment', 'ledger', '-n', 'pay', '-o', "jsonpath={.metadata.annotations['example\\.com/touched']}"], sb.env).stdout).toBe('yes');
    expect(await instanceGroups(podsOf('pay', 'app=ledger'))).toEqual([[g.payments]]);

    // Answering no changes nothing.
    const before = await eciSnapshot(sb);
    const no = await onTerminal(sb.env, ['set', 'workload', 'deployment/ledger', '-n', 'pay', '--groups', g.default], () => undefined, 'n');
    expect(no.code, no.output).toBe(1);
    expect(no.output).toContain('nothing was changed');
    expect(await eciSnapshot(sb)).toEqual(before);
  });

  it('--no-wait writes and reports not-verified, exit 0', () => {
    const { r, out } = setJson(['deployment/payments', '-n', 'pay', '--groups', g.default, '--no-wait']);
    expect(r.code, shown(r)).toBe(0);
    expect(out.items[0]).toMatchObject({ result: 'not-verified', pods: null, after: [g.default] });
    expect(out.items[0]!.detail).toMatch(/--no-wait/);
    expect(templateAnnotation('deployment', 'pay', 'payments')).toBe(g.default);
  });

  /** The virtual-kubelet simulator's process (test/sandbox/up.ts starts it, bundled or not). */
  const virtualKubeletPid = () => {
    const pid = sb.pids.find((p) => /eci\/main\.ts|virtual-kubelet\.mjs/.test(readFileSync(`/proc/${p}/cmdline`, 'utf8')));
    expect(pid, 'the virtual-kubelet simulator among the sandbox\'s processes').toBeDefined();
    return pid!;
  };

  /**
   * The cloud stops answering DescribeContainerGroups once the plan is on screen (the plan itself
   * needs it): set synchronously from the prompt, so the write and the wait run against it.
   */
  const failDescribeContainerGroups = () => {
    const url = `${alibabaControl(sb).baseUrl}/_sandbox/faults`;
    const body = JSON.stringify({ failAction: { action: 'DescribeContainerGroups', code: 'InternalError' } });
    const r = run('curl', ['-sf', '-X', 'POST', '-H', 'content-type: application/json', '-d', body, url]);
    expect(r.code, r.stderr).toBe(0);
  };

  it('fails after --timeout when the new pods cannot be verified in the cloud, saying why: exit 1', async () => {
    // Virtual kubelet held (SIGSTOP) while the plugin waits: the old pods keep their instances, so every read asks the failing cloud (a slow rollout could leave no pod with an instance at the last read, and no cloud call).
    const vk = virtualKubeletPid();
    try {
      const r = await onTerminal(sb.env, ['set', 'workload', 'deployment/frontend', '-n', 'shop', '--groups', g.payments, '--timeout', '3s'], () => {
        failDescribeContainerGroups();
        process.kill(vk, 'SIGSTOP');
      });
      noSecret(r.output);
      expect(r.code, r.output).toBe(1);
      expect(plain(r.output)).toMatch(/deployment\/frontend\s+shop\s+failed\s+0\/\d+\s+written, but after 3s, the pods could not be read: .*InternalError/);
      expect(r.output).toContain('deployment/frontend: failed');
      expect(templateAnnotation('deployment', 'shop', 'frontend')).toBe(g.payments);
    } finally {
      process.kill(vk, 'SIGCONT');
      await alibabaControl(sb).clearFaults();
    }
    // Once the cloud answers, the same command finds the template set and nothing to write.
    expect(setJson(['deployment/frontend', '-n', 'shop', '--groups', g.payments]).out.items[0]!.result).toBe('unchanged');
    // The rollout is virtual kubelet's, in its own time (nothing above waited for it): until both new pods' instances carry the group.
    await vi.waitFor(async () => expect(await instanceGroups(podsOf('shop', 'app=frontend'))).toEqual([[g.payments], [g.payments]]), { timeout: 60_000, interval: 200 });
  });

  it('stops on Ctrl-C while waiting: exit 130, the workload written and reported not-verified', async () => {
    try {
      const r = await onTerminal(sb.env, ['set', 'workload', 'deployment/frontend', '-n', 'shop', '--groups', g.default, '--timeout', '5m'], failDescribeContainerGroups, 'y', (type) => {
        void (async () => {
          const deadline = Date.now() + 60_000;
          while (templateAnnotation('deployment', 'shop', 'frontend') !== g.default && Date.now() < deadline) await new Promise((res) => setTimeout(res, 200));
          type('\x03');
        })();
      });
      noSecret(r.output);
      expect(r.code, r.output).toBe(130);
      expect(r.output).toMatch(/SIGINT: stopping: the workload stays written, the wait for its pods ends/);
      expect(plain(r.output)).toMatch(/deployment\/frontend\s+shop\s+not-verified\s+\S+\s+written; interrupted before the pods were replaced/);
      expect(r.output).toContain('deployment/frontend: not-verified (interrupted)');
      expect(templateAnnotation('deployment', 'shop', 'frontend')).toBe(g.default);
    } finally {
      await alibabaControl(sb).clearFaults();
    }
  });

  it('a CronJob: the template of its Jobs takes the groups', () => {
    const { r, out } = setJson(['cj/report', '-n', 'batch', '--groups', g.payments]);
    expect(r.code, shown(r)).toBe(0);
    expect(out.items[0]).toMatchObject({ name: 'cronjob/report', result: 'ok' });
    expect(out.items[0]!.detail).toMatch(/Jobs the CronJob starts from now on get the groups/);
    expect(templateAnnotation('cronjob', 'batch', 'report', '.spec.jobTemplate.spec.template')).toBe(g.payments);
  });

  it('a suspended Job that never started: its template takes the groups (KEP-2926)', () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'later', namespace: 'batch' },
      spec: {
        suspend: true,
        template: { metadata: { labels: { app: 'later' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'registry.cn-hangzhou.aliyuncs.com/eci_open/busybox:1.36' }] } },
      },
    };
    const c = run('kubectl', ['create', '-f', '-'], sb.env, JSON.stringify(job));
    expect(c.code, c.stderr).toBe(0);
    const { r, out } = setJson(['job/later', '-n', 'batch', '--groups', g.default]);
    expect(r.code, shown(r)).toBe(0);
    expect(out.items[0]).toMatchObject({ name: 'job/later', result: 'ok' });
    expect(out.items[0]!.detail).toMatch(/the Job is suspended: the pods it creates once resumed get the groups/);
    expect(templateAnnotation('job', 'batch', 'later')).toBe(g.default);
  });
});
