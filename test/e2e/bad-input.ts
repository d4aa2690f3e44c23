// The bad-input suite's engine: each case is a command line that must be refused with ONE
// line on stderr naming the bad value (and what would be right), a non-zero exit (2 for what
// the user typed, 1 for the environment), nothing on stdout, and the sandbox exactly as it was
// (Kubernetes objects and the emulator's state) — checked after every case. A suite for another
// sandbox (ECI) adds to the world what its cases name and says what "unchanged" covers there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { run, runAsync, type RunResult } from './run.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { snapshot } from './snapshot.ts';

export interface World {
  sb: Sandbox;
  /** Node names, sorted. */
  nodes: string[];
  /** Every security group of the region: [0] the nodes' primary group, [1..2] the global list. */
  groups: string[];
  limitedKubeconfig: string;
  noCredentials: NodeJS.ProcessEnv;
}

export interface BadInput<W extends World = World> {
  name: string;
  args: (w: W) => string[];
  env?: (w: W) => NodeJS.ProcessEnv;
  /** 2: the command line is wrong; 1: the environment is (credentials, RBAC, version). */
  exit: 1 | 2;
  /** What the one line must name: the bad value, and/or what would be right. */
  says: (w: W) => (string | RegExp)[];
}

export interface SuiteOptions<W extends World> {
  /** The rest of the world the cases name, read once the sandbox is up. */
  extend?: (w: World) => Promise<W>;
  /** Everything a command could change; default: the TKE sandbox's (snapshot.ts). */
  snapshot?: (sb: Sandbox) => Promise<unknown>;
}

/** Every secret the sandbox hands the plugin (Tencent's secret key, Alibaba's access key secret): none may be printed. */
const secretsOf = (env: NodeJS.ProcessEnv) => Object.entries(env).filter(([k, v]) => /(SECRET_KEY|KEY_SECRET|SECURITY_TOKEN)$/.test(k) && v).map(([, v]) => v!);

/** A Node no ipamd manages (no cloud instance behind it), so it has no NodeENIConfig. */
export const NODE_WITHOUT_NEC = 'byo-node-1';

export function badInputSuite<W extends World = World>(title: string, upArgs: string[], cases: BadInput<W>[], o: SuiteOptions<W> = {}): void {
  const capture = o.snapshot ?? snapshot;
  describe(title, () => {
    let w: W;
    let before: unknown;

    beforeAll(async () => {
      const sb = await startSandbox(...upArgs);
      const state = await sb.control.state();
      const files = JSON.parse(readFileSync(join(sb.dir, 'state.json'), 'utf8')) as { limitedKubeconfig: string };
      const base: World = {
        sb,
        nodes: state.instances.map((i) => i.nodeName).sort(),
        groups: state.securityGroups.map((g) => g.id),
        limitedKubeconfig: files.limitedKubeconfig,
        noCredentials: { TENCENTCLOUD_SECRET_ID: '', TENCENTCLOUD_SECRET_KEY: '', ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '', HOME: sb.dir },
      };
      w = o.extend ? await o.extend(base) : (base as W);
      const node = JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: NODE_WITHOUT_NEC, labels: { pool: 'byo' } } });
      const created = run('kubectl', ['create', '-f', '-'], sb.env, node);
      if (created.code !== 0) throw new Error(`creating ${NODE_WITHOUT_NEC}: ${created.stderr}`);
      before = await capture(sb);
    });
    afterAll(() => w?.sb.down());

    // The cases run side by side (none may change anything, so none can disturb another); each
    // still compares the whole sandbox with the state before any of them ran.
    it.concurrent.for(cases.map((c) => [c.name, c] as const))('%s', async ([, c], { expect }) => {
      const args = c.args(w);
      const r: RunResult = await runAsync('kubectl', ['sg', ...args], { ...w.sb.env, ...c.env?.(w) });
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
      for (const secret of secretsOf(w.sb.env)) expect(r.stderr + r.stdout).not.toContain(secret);
      expect(await capture(w.sb), `${shown}\nchanged the sandbox`).toEqual(before);
    });
  });
}
