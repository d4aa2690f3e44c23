// The bad-input suite's engine: each case is a command line that must be refused with ONE
// line on stderr naming the bad value (and what would be right), a non-zero exit (2 for what
// the user typed, 1 for the environment), nothing on stdout, and the sandbox exactly as it was
// (Kubernetes objects and the emulator's state) — checked after every case.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, run, type RunResult } from './run.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { snapshot, type SandboxSnapshot } from './snapshot.ts';

export interface World {
  sb: Sandbox;
  /** Node names, sorted. */
  nodes: string[];
  /** Every security group of the region: [0] the nodes' primary group, [1..2] the global list. */
  groups: string[];
  limitedKubeconfig: string;
  noCredentials: NodeJS.ProcessEnv;
}

export interface BadInput {
  name: string;
  args: (w: World) => string[];
  env?: (w: World) => NodeJS.ProcessEnv;
  /** 2: the command line is wrong; 1: the environment is (credentials, RBAC, version). */
  exit: 1 | 2;
  /** What the one line must name: the bad value, and/or what would be right. */
  says: (w: World) => (string | RegExp)[];
}

/** A Node no ipamd manages (no cloud instance behind it), so it has no NodeENIConfig. */
export const NODE_WITHOUT_NEC = 'byo-node-1';

export function badInputSuite(title: string, upArgs: string[], cases: BadInput[]): void {
  describe(title, () => {
    let w: World;
    let before: SandboxSnapshot;

    beforeAll(async () => {
      const sb = startSandbox(...upArgs);
      const state = await sb.control.state();
      const files = JSON.parse(readFileSync(join(sb.dir, 'state.json'), 'utf8')) as { limitedKubeconfig: string };
      w = {
        sb,
        nodes: state.instances.map((i) => i.nodeName).sort(),
        groups: state.securityGroups.map((g) => g.id),
        limitedKubeconfig: files.limitedKubeconfig,
        noCredentials: { TENCENTCLOUD_SECRET_ID: '', TENCENTCLOUD_SECRET_KEY: '', HOME: sb.dir },
      };
      const node = JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: NODE_WITHOUT_NEC, labels: { pool: 'byo' } } });
      const created = run('kubectl', ['create', '-f', '-'], sb.env, node);
      if (created.code !== 0) throw new Error(`creating ${NODE_WITHOUT_NEC}: ${created.stderr}`);
      before = await snapshot(sb);
    });
    afterAll(() => w?.sb.down());

    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const args = c.args(w);
      const r: RunResult = kubectl(['sg', ...args], { ...w.sb.env, ...c.env?.(w) });
      const shown = `kubectl sg ${args.join(' ')}\nexit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
      expect(r.code, shown).toBe(c.exit);
      const lines = r.stderr.trim().split('\n');
      expect(lines, shown).toHaveLength(1);
      expect(lines[0], shown).toMatch(/^error: /);
      for (const s of c.says(w)) {
        if (typeof s === 'string') expect(lines[0], shown).toContain(s);
        else expect(lines[0], shown).toMatch(s);
      }
      expect(r.stdout, shown).toBe('');
      expect(r.stderr + r.stdout).not.toContain(w.sb.env.TENCENTCLOUD_SECRET_KEY!);
      expect(await snapshot(w.sb), `${shown}\nchanged the sandbox`).toEqual(before);
    });
  });
}
