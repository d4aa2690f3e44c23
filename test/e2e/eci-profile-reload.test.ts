// When an eci-profile change reaches new ECI pods, as kubectl runs the built plugin (run.ts),
// against two ECI sandboxes side by side: one whose virtual kubelet hot-updates the profile (the
// default, v2.0.0.122-bdb884460-aliyun) and one older than v2.0.0.90-15deb126e-aliyun
// (`--vk-version v2.0.0.86-9005a977d-aliyun`), which reads it only when it restarts. show cluster,
// doctor and set cluster say which applies; after set cluster, a new pod gets the new default at
// once on the first and only after the printed restart on the second. Then what the plugin says
// when it cannot tell: an image that names no version, and no Deployment at all (a managed
// cluster), where a virtual node's kubeletVersion in the component's form is used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlOk, sgRunner } from './sg-runner.ts';
import type { DoctorItem } from './contract-json.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';

const OLD = 'v2.0.0.86-9005a977d-aliyun';
const VK = 'kube-system/ack-virtual-node-controller';
const RESTART = 'kubectl -n kube-system rollout restart deployment/ack-virtual-node-controller';

interface ProfileChanges {
  applies: 'now' | 'restart' | 'unknown';
  versions: string[];
  from: 'image' | 'node' | null;
  deployment: string | null;
  why: string;
  restart: string | null;
}

function harness(get: () => Sandbox) {
  const runner = sgRunner(get);
  const groupId = (name: string) => get().eci!.securityGroups.find((g) => g.name === name)!.id;
  const k = (...args: string[]) => kubectlOk(get(), ...args);
  const changes = () => runner.json<{ eci: { profileChanges: ProfileChanges } }>(['show', 'cluster', '--provider', 'eci']).eci.profileChanges;
  const reloadCheck = () => {
    const r = runner.sg(['doctor', '--provider', 'eci', '-o', 'json']);
    return (JSON.parse(r.stdout) as { items: DoctorItem[] }).items.find((i) => i.check === 'eci-profile-reload')!;
  };
  /** A bare pod on the virtual node; the groups its instance got, once it has one. */
  const newPodGroups = async (name: string): Promise<string[]> => {
    k('run', name, '-n', 'default', '--image', 'nginx', '--overrides', JSON.stringify({ spec: { nodeName: get().eci!.virtualNodes[0] } }));
    for (let i = 0; i < 100; i++) {
      const p = runner.sg(['show', 'pod', name, '-n', 'default', '-o', 'json']);
      const pod = p.code === 0 ? (JSON.parse(p.stdout) as { instanceId: string | null; groups: { id: string }[] | null }) : undefined;
      if (pod?.instanceId && pod.groups) return pod.groups.map((g) => g.id);
      await new Promise((res) => setTimeout(res, 200));
    }
    throw new Error(`${name} got no instance`);
  };
  const noSecrets = () => {
    const secret = get().env.ALIBABA_CLOUD_ACCESS_KEY_SECRET!;
    for (const o of runner.outputs) expect(o).not.toContain(secret);
  };
  return { ...runner, groupId, k, changes, reloadCheck, newPodGroups, noSecrets };
}

describe('eci-profile changes: hot update vs restart', () => {
  let hot: Sandbox;
  let old: Sandbox;
  const H = harness(() => hot);
  const O = harness(() => old);
  beforeAll(async () => {
    [hot, old] = await Promise.all([startSandbox('--provider', 'eci'), startSandbox('--provider', 'eci', '--vk-version', OLD)]);
  }, 900_000);
  afterAll(async () => {
    await Promise.all([hot?.down(), old?.down()]);
  });

  it('show cluster and doctor read the version from the Deployment image and say when a change applies', () => {
    expect(H.changes()).toMatchObject({ applies: 'now', versions: ['v2.0.0.122-bdb884460-aliyun'], from: 'image', deployment: 'ack-virtual-node-controller', restart: null });
    expect(O.changes()).toMatchObject({ applies: 'restart', versions: [OLD], from: 'image', restart: RESTART });
    const human = O.sg(['show', 'cluster', '--provider', 'eci']);
    expect(human.stdout).toMatch(/^Profile changes:\s+virtual kubelet v2\.0\.0\.86-9005a977d-aliyun \(image of kube-system\/ack-virtual-node-controller\) is older than v2\.0\.0\.90-15deb126e-aliyun/m);
    expect(human.stdout).toContain(`after a change: ${RESTART}`);
    expect(H.sg(['show', 'cluster', '--provider', 'eci']).stdout).toContain('hot-updates eci-profile: a change reaches new pods at once');

    expect(H.reloadCheck()).toMatchObject({ level: 'ok' });
    const o = O.reloadCheck();
    expect(o.level).toBe('warn');
    expect(o.why).toContain('reads eci-profile only when it starts');
    expect(o.fix).toContain(RESTART);
  });

  it('set cluster: the plan says when the new default applies; new pods get it at once, or only after the printed restart', async () => {
    const hotPlan = H.json<{ profileChanges: ProfileChanges }>(['set', 'cluster', '--provider', 'eci', '--groups', H.groupId('eci-payments'), '--dry-run']);
    expect(hotPlan.profileChanges.applies).toBe('now');
    const oldPlan = O.sg(['set', 'cluster', '--provider', 'eci', '--groups', O.groupId('eci-payments'), '--dry-run']);
    expect(oldPlan.code, oldPlan.stderr).toBe(0);
    expect(oldPlan.stdout).toMatch(/^Takes effect:\s+virtual kubelet v2\.0\.0\.86/m);
    expect(oldPlan.stdout).toContain(RESTART);

    for (const [h, sb] of [[H, hot], [O, old]] as const) {
      const r = h.json<{ kind: string; changed: boolean; profileChanges: ProfileChanges }>(['set', 'cluster', '--provider', 'eci', '--groups', h.groupId('eci-payments'), '--yes']);
      expect(r, sb.dir).toMatchObject({ kind: 'SetClusterResult', changed: true });
    }
    const human = O.sg(['set', 'cluster', '--provider', 'eci', '--groups', O.groupId('eci-many-rules'), '--yes']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(`after a change: ${RESTART}`);

    // Hot update: the next pod has the new default.
    expect(await H.newPodGroups('after-change')).toEqual([H.groupId('eci-payments')]);
    // Older virtual kubelet: still the default it started with, until the printed restart.
    expect(await O.newPodGroups('before-restart')).toEqual([O.groupId('eci-default')]);
    const restart = O.changes().restart!.split(' ');
    expect(restart.slice(0, 1)).toEqual(['kubectl']);
    O.k(...restart.slice(1));
    let groups: string[] = [];
    for (let i = 0; i < 5 && groups[0] !== O.groupId('eci-many-rules'); i++) groups = await O.newPodGroups(`after-restart-${i}`);
    expect(groups).toEqual([O.groupId('eci-many-rules')]);
    H.noSecrets();
    O.noSecrets();
  });

  it('cannot tell: an image that names no version; no Deployment and nodes reporting a Kubernetes version; then a node in the component’s form', () => {
    O.k('-n', 'kube-system', 'set', 'image', 'deployment/ack-virtual-node-controller', 'virtual-kubelet=registry-vpc.cn-hangzhou.aliyuncs.com/acs/virtual-nodes-eci:latest');
    const latest = O.changes();
    expect(latest).toMatchObject({ applies: 'unknown', versions: [], restart: RESTART });
    expect(latest.why).toMatch(/^cannot tell whether an eci-profile change reaches new pods at once/);
    expect(latest.why).toContain(`${VK}'s image registry-vpc.cn-hangzhou.aliyuncs.com/acs/virtual-nodes-eci:latest names no version`);
    expect(O.reloadCheck()).toMatchObject({ level: 'warn', why: latest.why });

    O.k('-n', 'kube-system', 'delete', 'deployment', 'ack-virtual-node-controller');
    const none = O.changes();
    expect(none).toMatchObject({ applies: 'unknown', deployment: null });
    expect(none.why).toContain('no virtual kubelet Deployment in kube-system');
    expect(none.why).toMatch(/kubeletVersion v1\.\d+\.\d+-aliyun\.1, not virtual kubelet's own version/);
    expect(none.restart).toMatch(/Upgrade/);

    const node = old.eci!.virtualNodes[0]!;
    O.k('patch', 'node', node, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { nodeInfo: { kubeletVersion: 'v2.0.0.90-15deb126e-aliyun' } } }));
    expect(O.changes()).toMatchObject({ applies: 'now', from: 'node', versions: ['v2.0.0.90-15deb126e-aliyun'] });
    expect(O.reloadCheck()).toMatchObject({ level: 'ok', why: expect.stringContaining(`kubeletVersion of ${node}`) });
    O.noSecrets();
  });
});
