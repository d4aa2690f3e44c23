// Which ENIs count (docs/assumptions.md, issue 14 point 4), as kubectl runs the built plugin
// (run.ts), on two sandboxes started with --other-enis: the first node carries a direct ENI, a
// trunk ENI and a sub-ENI, the second a hand-attached ENI, each with groups no NEC asks for, and
// the ipamd simulator leaves them alone. Under --eni-marking names (ipamd writes its mode on its
// ENIs) the plugin shows them as `other`, never as drift, and resync verifies without waiting for
// them; under --eni-marking none (nothing on an ENI says whose it is) it tells only the trunk ENI
// (EniType 2) and says plainly, in show node, show cluster and resync, that it cannot tell the
// rest. The truth comes from the scenario and the emulator's control interface, never from the
// plugin; no run may change an other ENI's groups.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, type RunResult, runPlugin } from './run.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import type { ClusterJson, NodeJson } from './contract-json.ts';
import type { OtherEniKind, Scenario } from '../sandbox/scenario.ts';

interface World {
  sb: Sandbox;
  scenario: Scenario;
  /** The other ENIs, by ID: their kind, node and the groups they were seeded with. */
  others: Map<string, { kind: OtherEniKind; node: string; groups: string[] }>;
}

const worlds: Partial<Record<'names' | 'none', World>> = {};

async function world(marking: 'names' | 'none'): Promise<World> {
  const sb = await startSandbox('--nodes', '3', '--other-enis', '--eni-marking', marking);
  const { scenarioFile } = JSON.parse(readFileSync(join(sb.dir, 'state.json'), 'utf8')) as { scenarioFile: string };
  const scenario = JSON.parse(readFileSync(scenarioFile, 'utf8')) as Scenario;
  const others = new Map(scenario.instances.flatMap((i) => (i.otherEnis ?? []).map((e) => [e.id, { kind: e.kind, node: i.nodeName, groups: e.groups }] as const)));
  return { sb, scenario, others };
}

beforeAll(async () => {
  [worlds.names, worlds.none] = await Promise.all([world('names'), world('none')]);
}, 900_000);
afterAll(async () => {
  await Promise.all([worlds.names?.sb.down(), worlds.none?.sb.down()]);
});

const sg = (w: World, args: string[]): RunResult => {
  const r = runPlugin([...args], w.sb.env);
  expect(r.stdout + r.stderr).not.toContain(w.sb.env.TENCENTCLOUD_SECRET_KEY!);
  return r;
};
const json = <T>(r: RunResult): T => {
  expect(r.stdout, r.stderr).not.toBe('');
  return JSON.parse(r.stdout) as T;
};
const nodes = (w: World) => json<{ items: NodeJson[] }>(sg(w, ['show', 'node', '-o', 'json'])).items;
const cluster = (w: World) => json<ClusterJson & { warnings: string[] }>(sg(w, ['show', 'cluster', '-o', 'json']));

/** Every other ENI still carries the groups it was seeded with, in the emulator. */
async function othersUntouched(w: World): Promise<void> {
  const state = await w.sb.control.state();
  for (const [id, o] of w.others) expect(state.enis.find((e) => e.NetworkInterfaceId === id)?.GroupSet, `${o.kind} ENI ${id}`).toEqual(o.groups);
}

/** What the plugin should call each other ENI where ipamd names its own. */
const REASON: Record<OtherEniKind, string> = { direct: 'direct', trunk: 'trunk', 'sub-eni': 'sub-eni', hand: 'not-ipamd' };

describe('--eni-marking names: ipamd names its ENIs, so the plugin tells every kind', () => {
  it('show node lists the direct, trunk, sub- and hand-attached ENIs as other, in sync with nothing, and the nodes in sync', () => {
    const w = worlds.names!;
    const items = nodes(w);
    expect(items).toHaveLength(3);
    for (const n of items) {
      expect(n, n.name).toMatchObject({ state: 'in-sync', inSync: true });
      for (const e of n.enis!) {
        const other = w.others.get(e.id);
        if (other) expect(e, `${other.kind} ENI on ${n.name}`).toMatchObject({ kind: 'other', otherReason: REASON[other.kind], kindCertain: true, inSync: null });
        else if (e.primary) expect(e).toMatchObject({ kind: 'primary', inSync: null });
        else expect(e).toMatchObject({ kind: 'shared', kindCertain: true, inSync: true, groups: n.desiredGroups });
      }
    }
    // All four kinds were seen, on the nodes the scenario put them on.
    const seen = items.flatMap((n) => n.enis!.filter((e) => w.others.has(e.id)).map((e) => `${n.name}:${e.id}`));
    expect(seen.sort()).toEqual([...w.others].map(([id, o]) => `${o.node}:${id}`).sort());
  });

  it('-o wide names them in OTHER-ENIS with why, and counts only ipamd\'s in ENIS', () => {
    const w = worlds.names!;
    const r = sg(w, ['show', 'node', '-o', 'wide']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/ENIS\s+DRIFTED-ENIS\s+OTHER-ENIS/);
    for (const [id, o] of w.others) expect(r.stdout.split('\n').find((l) => l.startsWith(o.node))).toContain(`${id}:${REASON[o.kind]}`);
    expect(r.stderr).not.toContain('without evidence');
  });

  it('show cluster counts no node drifted and does not say it cannot tell', () => {
    const c = cluster(worlds.names!);
    expect(c.nodes).toMatchObject({ total: 3, inSync: 3, drifted: 0 });
    expect(c.warnings.join('\n')).not.toContain('cannot tell');
  });

  it('show pod of the pod on the direct ENI does not hold its groups to the NEC, and says why', () => {
    const w = worlds.names!;
    const direct = [...w.others].find(([, o]) => o.kind === 'direct')![0];
    const p = json<{ eni: { id: string } | null; matchesNec: boolean | null; note: string | null }>(sg(w, ['show', 'pod', 'db-direct-0-0', '-n', 'default', '-o', 'json']));
    expect(p.eni?.id).toBe(direct);
    expect(p.matchesNec).toBeNull();
    expect(p.note).toContain('direct');
  });

  it('drift on ipamd\'s ENI is still drift: only that ENI is named', async () => {
    const w = worlds.names!;
    const node = w.scenario.instances[0]!;
    const shared = node.secondaryEnis[0]!.id;
    await w.sb.control.setEniGroups(shared, [...w.scenario.ipamd.securityGroups].reverse());
    const n = nodes(w).find((x) => x.name === node.nodeName)!;
    expect(n).toMatchObject({ state: 'drifted', inSync: false });
    expect(n.enis!.filter((e) => e.inSync === false).map((e) => e.id)).toEqual([shared]);
  });

  it('resync verifies on ipamd\'s ENIs only and leaves the others\' groups as they were', async () => {
    const w = worlds.names!;
    const r = sg(w, ['resync', '--all', '--force', '--yes', '--timeout', '60s', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const items = json<{ items: { name: string; result: string; detail: string }[] }>(r).items;
    expect(items.map((i) => [i.name, i.result])).toEqual(w.scenario.instances.map((i) => [i.nodeName, 'ok']).sort());
    // Each node's one ipamd ENI was verified, not its other ENIs.
    for (const i of items) expect(i.detail).toContain('1 ENI carries');
    await othersUntouched(w);
    expect(nodes(w).every((n) => n.state === 'in-sync')).toBe(true);
  });
});

describe('--eni-marking none: nothing says whose an ENI is, and the plugin says so', () => {
  it('show node tells the trunk ENI by EniType and counts every other secondary ENI as ipamd\'s, saying it cannot tell', () => {
    const w = worlds.none!;
    for (const n of nodes(w)) {
      for (const e of n.enis!.filter((x) => !x.primary)) {
        const other = w.others.get(e.id);
        if (other?.kind === 'trunk') expect(e).toMatchObject({ kind: 'other', otherReason: 'trunk', kindCertain: true, inSync: null });
        else expect(e, `${other?.kind ?? 'ipamd'} ENI on ${n.name}`).toMatchObject({ kind: 'shared', kindCertain: false, kindWhy: expect.stringMatching(/^cannot tell/) });
      }
    }
    const wide = sg(w, ['show', 'node', '-o', 'wide']);
    expect(wide.stderr).toMatch(/counted as ipamd's without evidence: cannot tell/);
  });

  it('show pod of the pod on the direct ENI holds it to the NEC, saying it cannot tell whose the ENI is', () => {
    const p = json<{ matchesNec: boolean | null; note: string | null }>(sg(worlds.none!, ['show', 'pod', 'db-direct-0-0', '-n', 'default', '-o', 'json']));
    expect(p.matchesNec).toBe(false);
    expect(p.note).toContain('cannot tell');
  });

  it('show cluster says it cannot tell ipamd\'s ENIs from others, beside the drift it counts', () => {
    const c = cluster(worlds.none!);
    // The direct, sub- and hand-attached ENIs carry other groups: counted, they are drift here.
    expect(c.nodes).toMatchObject({ total: 3, drifted: 2 });
    expect(c.warnings.find((x) => x.startsWith("cannot tell ipamd's ENIs from others on 3 nodes"))).toBeDefined();
  });

  it('resync of the node with the hand-attached ENI fails its verification naming why, and leaves that ENI alone', async () => {
    const w = worlds.none!;
    const node = w.scenario.instances[1]!;
    const hand = [...w.others].find(([, o]) => o.kind === 'hand')![0];
    // The limit covers ipamd's need-sync before the verification that must fail: 8s could run out in need-sync on a loaded machine, and the detail then names that, not the ENI.
    const r = sg(w, ['resync', node.nodeName, '--yes', '--timeout', '20s', '-o', 'json']);
    const [item] = json<{ items: { name: string; result: string; detail: string }[] }>(r).items;
    expect(item).toMatchObject({ name: node.nodeName, result: 'failed' });
    expect(item!.detail).toContain(`ENI ${hand} has`);
    expect(item!.detail).toContain('cannot tell');
    await othersUntouched(w);
    // ipamd's own ENI on that node got the policy all the same.
    const state = await w.sb.control.state();
    expect(state.enis.find((e) => e.NetworkInterfaceId === node.secondaryEnis[0]!.id)?.GroupSet).toEqual(w.scenario.ipamd.securityGroups);
  });
});
