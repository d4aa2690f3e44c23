// The caller's own Tencent Cloud rights, checked before the confirmation (set cluster on ipamd
// v3.5.8 writes the addon through TKE UpdateAddon), as kubectl runs the built plugin (run.ts)
// against a sandbox whose operator key is switched between the three --caller-policy presets: with
// every right the verb goes on; with ReadOnlyAccess it stops before anything is written, naming
// tke:UpdateAddon and the policy that grants it (the whole sandbox unchanged); when the key may not
// read its own CAM policies it says "unknown" and goes on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { parsed, sgRunner } from './sg-runner.ts';
import { snapshot } from './snapshot.ts';

interface RightsJson {
  status: string;
  caller: string | null;
  actions: { action: string; verdict: string; deniedBy: string[] }[];
  missing: string[];
  fix: { version: string; statement: { effect: string; action: string[]; resource: string }[] } | null;
  notes: string[];
}

let sb: Sandbox;
const { sg, outputs } = sgRunner(() => sb);
let g: Record<string, string>;
const updates = async () => (await sb.control.calls()).filter((c) => c.action === 'UpdateAddon').length;

beforeAll(async () => {
  sb = await startSandbox('--nodes', '2', '--caller-policy', 'read-only');
  g = Object.fromEntries((await sb.control.state()).securityGroups.map((x) => [x.name, x.id]));
}, 900_000);
afterAll(async () => {
  for (const o of outputs) expect(o).not.toContain(sb.env.TENCENTCLOUD_SECRET_KEY!);
  await sb?.down();
});

describe('set cluster through the addon', () => {
  it('read-only (the sandbox flag): the plan names the missing write and its fix; the run stops before any write', async () => {
    const plan = parsed<{ place: string; cloudRights: RightsJson }>(sg(['set', 'cluster', '--enable', '--groups', g['pods-db']!, '--dry-run', '-o', 'json']));
    expect(plan.place).toBe('addon-values');
    const state = await sb.control.state();
    expect(plan.cloudRights).toMatchObject({
      status: 'missing',
      missing: ['tke:UpdateAddon'],
      fix: { version: '2.0', statement: [{ effect: 'allow', action: ['tke:UpdateAddon'], resource: '*' }] },
    });
    expect(plan.cloudRights.caller).toMatch(new RegExp(`^qcs::cam:${state.uin}:uin/\\d+$`));
    expect(plan.cloudRights.actions).toEqual([
      { action: 'tke:DescribeAddon', verdict: 'allowed', deniedBy: [] },
      { action: 'tke:UpdateAddon', verdict: 'missing', deniedBy: [] },
    ]);

    const before = await snapshot(sb);
    const calls = await updates();
    const r = sg(['set', 'cluster', '--enable', '--groups', g['pods-db']!, '--yes']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Cloud rights: +missing: tke:UpdateAddon \(caller qcs::cam:/m);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: caller qcs::cam:\S+ may not call tke:UpdateAddon in Tencent Cloud: nothing was changed; attach the policy /);
    expect(lines[0]).toContain('{"version":"2.0","statement":[{"effect":"allow","action":["tke:UpdateAddon"],"resource":"*"}]}');
    expect(await updates()).toBe(calls);
    expect(await snapshot(sb)).toEqual(before);
  });

  it('full rights: the plan says ok and the write goes through', async () => {
    await sb.control.setCallerPolicy('full');
    const plan = parsed<{ cloudRights: RightsJson }>(sg(['set', 'cluster', '--enable', '--groups', g['pods-db']!, '--dry-run', '-o', 'json']));
    expect(plan.cloudRights).toMatchObject({ status: 'ok', missing: [], fix: null });
    const calls = await updates();
    const r = parsed<{ changed: boolean; after: { globalList: string[] } }>(sg(['set', 'cluster', '--enable', '--groups', g['pods-db']!, '--yes', '-o', 'json']));
    expect(r).toMatchObject({ changed: true, after: { globalList: [g['pods-db']] } });
    expect(await updates()).toBe(calls + 1);
  });

  it('unreadable: the key may not read its own policies, so the rights are unknown, said so, and the write goes through', async () => {
    await sb.control.setCallerPolicy('unreadable');
    const calls = await updates();
    const r = sg(['set', 'cluster', '--enable', '--groups', g['pods-web']!, '--yes', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: the caller's Tencent Cloud rights are unknown \(the caller's policies could not be read \(cam:ListAttachedUserAllPolicies answered UnauthorizedOperation\)\): going on$/m);
    expect(JSON.parse(r.stdout)).toMatchObject({ changed: true, after: { globalList: [g['pods-web']] } });
    expect(await updates()).toBe(calls + 1);
  });
});
