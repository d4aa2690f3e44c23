// Two things ECI's documents do not say, each played both ways by the sandbox and read through
// the real kubectl (docs/assumptions.md):
// - how DescribeContainerGroups reports an instance's several groups in its one SecurityGroupId:
//   joined "sg-a,sg-b" (the default sandbox) or only the first (`--sg-id-format first`). The
//   plugin is right under the first; under the second it says it cannot tell, and set workload
//   does not claim a verified rollout.
// - what an eci-profile selector with no namespaceSelector/objectSelector matches: every pod (the
//   default sandbox) or none (`--empty-selector none`). doctor and show cluster say it is
//   undocumented; show pod says which reading the pod's instance shows, or that it cannot tell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlOk, sgRunner } from './sg-runner.ts';
import type { DoctorItem } from './contract-json.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';

const GROUP_ANNOTATION = 'k8s.aliyun.com/eci-security-group';

interface PodJson {
  status: string;
  note: string | null;
  requested: { groups: string[]; source: string; selector: string | null } | null;
}

function harness(get: () => Sandbox) {
  const runner = sgRunner(get);
  const groupId = (name: string) => get().eci!.securityGroups.find((g) => g.name === name)!.id;
  const k = (...args: string[]) => kubectlOk(get(), ...args);
  const firstPod = (namespace: string, app: string) => k('get', 'pods', '-n', namespace, '-l', `app=${app}`, '-o', 'jsonpath={.items[0].metadata.name}');
  const pod = (namespace: string, name: string) => runner.json<PodJson>(['show', 'pod', name, '-n', namespace]);
  const doctorCheck = (check: string) => (JSON.parse(runner.sg(['doctor', '--provider', 'eci', '-o', 'json']).stdout) as { items: DoctorItem[] }).items.find((i) => i.check === check)!;
  /** A bare pod in shop on the virtual node, once virtual kubelet has given it an instance. */
  const newPod = async (name: string): Promise<PodJson> => {
    k('run', name, '-n', 'shop', '--image', 'nginx', '--overrides', JSON.stringify({ spec: { nodeName: get().eci!.virtualNodes[0] } }));
    for (let i = 0; i < 100; i++) {
      const r = runner.sg(['show', 'pod', name, '-n', 'shop', '-o', 'json']);
      const p = r.code === 0 ? (JSON.parse(r.stdout) as PodJson) : undefined;
      if (p && p.status !== 'no-instance') return p;
      await new Promise((res) => setTimeout(res, 200));
    }
    throw new Error(`${name} got no instance`);
  };
  const noSecrets = () => {
    const secret = get().env.ALIBABA_CLOUD_ACCESS_KEY_SECRET!;
    for (const o of runner.outputs) expect(o).not.toContain(secret);
  };
  return { ...runner, groupId, k, firstPod, pod, doctorCheck, newPod, noSecrets };
}

describe('ECI readings the documents leave open', () => {
  let usual: Sandbox;
  let other: Sandbox;
  const U = harness(() => usual);
  const O = harness(() => other);
  beforeAll(async () => {
    [usual, other] = await Promise.all([startSandbox('--provider', 'eci'), startSandbox('--provider', 'eci', '--sg-id-format', 'first', '--empty-selector', 'none')]);
  }, 900_000);
  afterAll(async () => {
    await Promise.all([usual?.down(), other?.down()]);
  });

  it('SecurityGroupId joined: a pod with two groups is in sync; only the first reported: it says it cannot tell, never "differs"', () => {
    const u = U.pod('shop', U.firstPod('shop', 'frontend'));
    expect(u).toMatchObject({ status: 'ok', requested: { groups: [U.groupId('legacy-wide-open'), U.groupId('eci-default')] } });

    const name = O.firstPod('shop', 'frontend');
    const o = O.pod('shop', name);
    expect(o.status).toBe('cannot-tell');
    expect(o.note).toContain(`ECI reports one group (${O.groupId('legacy-wide-open')}) for an instance asked to have 2`);
    expect(o.note).toContain(`whether ${O.groupId('eci-default')} is bound cannot be told`);
    expect(O.sg(['show', 'pod', name, '-n', 'shop']).stdout).toMatch(/^Has:\s+\S+: CANNOT TELL/m);
    const node = O.json<{ items: { state: string; pods: { name: string; status: string }[] }[] }>(['show', 'node']).items[0]!;
    expect(node.state).toBe('unknown');
    expect(node.pods.find((p) => p.name === name)?.status).toBe('cannot-tell');
    expect(U.json<{ items: { state: string }[] }>(['show', 'node']).items[0]!.state).toBe('in-sync');
  });

  it('SecurityGroupId: set workload with two groups is verified when both are reported, and not claimed when only the first is', () => {
    type Result = { items: { result: string; detail: string; pods: { inSync: boolean | null }[] | null }[] };
    const groups = `${U.groupId('eci-payments')},${U.groupId('eci-default')}`;
    const u = U.json<Result>(['set', 'workload', 'deployment/cart', '-n', 'shop', '--groups', groups, '--yes', '--timeout', '60s']);
    expect(u.items[0]).toMatchObject({ result: 'ok' });
    expect(u.items[0]!.pods!.every((p) => p.inSync === true)).toBe(true);

    const ogroups = `${O.groupId('eci-payments')},${O.groupId('eci-default')}`;
    const o = O.sg(['set', 'workload', 'deployment/cart', '-n', 'shop', '--groups', ogroups, '--yes', '--timeout', '60s', '-o', 'json']);
    const item = (JSON.parse(o.stdout) as Result).items[0]!;
    expect(item.result).toBe('not-verified');
    expect(item.detail).toContain('the pods were replaced, but ECI reports one group');
    expect(item.detail).toContain(`whether ${O.groupId('eci-default')} is bound cannot be told`);
    expect(item.pods!.every((p) => p.inSync === null)).toBe(true);
    // The template was written all the same, and the new pods asked for both groups.
    expect(O.k('get', 'deployment', 'cart', '-n', 'shop', '-o', `jsonpath={.spec.template.metadata.annotations.k8s\\.aliyun\\.com/eci-security-group}`)).toBe(ogroups);
  });

  it('a selector with no selectors: doctor and show cluster say it is undocumented; show pod tells from the instance, or says it cannot', async () => {
    for (const [h, sb] of [[U, usual], [O, other]] as const) {
      const selectors = JSON.parse(sb.eci!.profile.selectors!) as unknown[];
      selectors.push({ name: 'everyone', effect: { annotations: { [GROUP_ANNOTATION]: h.groupId('eci-many-rules') } } });
      h.k('-n', 'kube-system', 'patch', 'configmap', 'eci-profile', '--type', 'merge', '-p', JSON.stringify({ data: { selectors: JSON.stringify(selectors) } }));
      const d = h.doctorCheck('eci-selectors');
      expect(d.level, sb.dir).toBe('warn');
      expect(d.why).toContain('selector "everyone" names no namespaceSelector or objectSelector, and whether ECI applies such a selector to every pod or to none is not documented');
      expect(h.sg(['show', 'cluster', '--provider', 'eci']).stdout).toContain('3. everyone: no namespaceSelector or objectSelector: every pod or none, not documented');
    }
    // Every pod: the new pod carries the effect's annotation and its instance the selector's group:
    // in sync under either reading, so nothing is uncertain about this pod.
    const u = await U.newPod('after-everyone');
    expect(u).toMatchObject({ status: 'ok', note: null, requested: { source: 'selector', selector: 'everyone', groups: [U.groupId('eci-many-rules')] } });
    // None: the instance has the default; that cannot prove the reading (the pod could predate the selector), and it says so.
    const o = await O.newPod('after-everyone');
    expect(o.status).toBe('cannot-tell');
    expect(o.note).toContain(`its instance has ${O.groupId('eci-default')}, what the pod asks for if the selector applies to no pod — or the pod was created before the selector was added`);
    U.noSecrets();
    O.noSecrets();
  });
});
