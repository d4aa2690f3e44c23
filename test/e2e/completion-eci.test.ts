// Tab completion of what ECI added, in bash and in zsh (kubectl's completion loaded in each as
// its docs say, driven in tmux: tab-shell.ts), on a sandbox whose cluster runs both providers:
// `set workload` completes KIND/NAME of the workloads in the namespace of -n, else of the
// context's; and group IDs come from the cloud the verb will use: Alibaba's (with name and type)
// for set workload and set cluster --provider eci, Tencent's for set node, both for show group
// (it takes either). Every expected value is read from the sandbox's scenario and emulators.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { TabShell, type ShellName } from './tab-shell.ts';
import type { EciScenario } from '../sandbox/eci/scenario.ts';

/** vitest's limit per test: a few Tab lines, each pressed again for up to two minutes while it offers nothing. */
const TEST_TIMEOUT_MS = 600_000;
const SHELLS: ShellName[] = ['bash', 'zsh'];

let sb: Sandbox;
let eci: EciScenario;
let home: string;
const shells = new Map<ShellName, TabShell>();
/** The namespace the kubeconfig context is set to: a set workload without -n lists its workloads. */
let contextNamespace: string;
let alibabaGroups: { id: string; name: string; type: string }[];
let tencentIds: string[];

beforeAll(async () => {
  sb = await startSandbox('--provider', 'tke,eci');
  eci = sb.eci!;
  // The namespace of the CronJob (its neighbours are batch kinds too, read from another API group than Deployments).
  contextNamespace = eci.workloads.find((w) => w.kind === 'CronJob')!.namespace;
  const set = spawnSync('kubectl', ['config', 'set-context', '--current', '--namespace', contextNamespace], { env: { ...process.env, ...sb.env }, encoding: 'utf8' });
  if (set.status !== 0) throw new Error(`kubectl config set-context: ${set.stderr}`);
  // ECS's SecurityGroupType: normal is a basic group, enterprise an advanced one.
  alibabaGroups = (await sb.alibaba!.state()).securityGroups.map((g) => ({ id: g.id, name: g.name, type: g.type === 'enterprise' ? 'advanced' : 'basic' }));
  tencentIds = (await sb.control.state()).securityGroups.map((g) => g.id);
  home = mkdtempSync(join(tmpdir(), 'kubectl-sg-completion-eci-'));
  for (const name of SHELLS) {
    const dir = join(home, name);
    // A cache of completion's answers per shell: each shell's first Tab asks the cluster and the cloud itself.
    shells.set(name, await TabShell.start(name, { ...sb.env, KUBECTL_SG_CACHE: join(dir, 'cache') }, dir));
  }
}, 900_000);

afterAll(async () => {
  for (const s of shells.values()) s.close();
  await sb?.down();
  if (home) rmSync(home, { recursive: true, force: true });
});

/** KIND/NAME as set workload takes it, of the scenario's workloads in a namespace. */
const workloadsIn = (namespace: string) => eci.workloads.filter((w) => w.namespace === namespace).map((w) => `${w.kind.toLowerCase()}/${w.name}`);

/** The screen's line that offers an ID (bash and zsh both print a candidate with its description on one line). */
const lineOf = (screen: string, id: string) => screen.split('\n').find((l) => l.includes(id)) ?? '';

describe.each(SHELLS)('kubectl sg <Tab> in %s, ECI', { timeout: TEST_TIMEOUT_MS }, (name) => {
  const tab = (line: string, expected: (s: string) => boolean) => shells.get(name)!.tab(line, expected);
  const noSecret = (s: string) => {
    expect(s).not.toContain(sb.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET!);
    expect(s).not.toContain(sb.env.TENCENTCLOUD_SECRET_KEY!);
    return s;
  };

  it('set workload -n NS offers KIND/NAME of the workloads in that namespace, no other', async () => {
    const namespaces = [...new Set(eci.workloads.map((w) => w.namespace))];
    expect(namespaces.length).toBeGreaterThan(1);
    for (const ns of namespaces) {
      const want = workloadsIn(ns);
      const s = noSecret(await tab(`kubectl sg set workload -n ${ns} `, (x) => want.every((w) => x.includes(w))));
      for (const w of want) expect(s).toContain(w);
      for (const other of eci.workloads.filter((w) => w.namespace !== ns)) expect(s).not.toContain(`/${other.name}`);
    }
  });

  it('set workload without -n offers the workloads of the context\'s namespace', async () => {
    const want = workloadsIn(contextNamespace);
    const s = noSecret(await tab('kubectl sg set workload ', (x) => want.every((w) => x.includes(w))));
    for (const w of want) expect(s).toContain(w);
    for (const other of eci.workloads.filter((w) => w.namespace !== contextNamespace)) expect(s).not.toContain(`/${other.name}`);
  });

  it('set workload --groups offers the Alibaba groups with their names and types, no Tencent group', async () => {
    const [workload] = workloadsIn(contextNamespace);
    const s = noSecret(await tab(`kubectl sg set workload ${workload} --groups `, (x) => alibabaGroups.every((g) => x.includes(g.id))));
    for (const g of alibabaGroups) {
      expect(lineOf(s, g.id)).toContain(g.name);
      expect(lineOf(s, g.id)).toMatch(new RegExp(`\\b${g.type}\\b`));
    }
    for (const id of tencentIds) expect(s).not.toContain(id);
  });

  it('set cluster --provider eci --groups offers the Alibaba groups; set node --groups the Tencent ones', async () => {
    const s = noSecret(await tab('kubectl sg set cluster --provider eci --groups ', (x) => alibabaGroups.every((g) => x.includes(g.id))));
    for (const g of alibabaGroups) expect(lineOf(s, g.id)).toContain(g.name);
    for (const id of tencentIds) expect(s).not.toContain(id);
    const t = noSecret(await tab('kubectl sg set node --groups ', (x) => tencentIds.every((id) => x.includes(id))));
    for (const id of tencentIds) expect(t).toContain(id);
    for (const g of alibabaGroups) expect(t).not.toContain(g.id);
  });

  it('show group offers both clouds\' groups on a cluster running both', async () => {
    const all = [...tencentIds, ...alibabaGroups.map((g) => g.id)];
    const s = noSecret(await tab('kubectl sg show group ', (x) => all.every((id) => x.includes(id))));
    for (const id of all) expect(s).toContain(id);
  });
});
