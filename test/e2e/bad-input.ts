// The bad-input suite's engine as kubectl runs the built plugin (run.ts): each case
// (test/bad-input/case.ts) is a command line that must be refused with ONE line on stderr naming
// the bad value (and what would be right), a non-zero exit (2 for what the user typed, 1 for the
// environment), nothing on stdout, and the sandbox exactly as it was (Kubernetes objects and the
// emulator's state) — checked after every case. A suite for another sandbox (ECI) adds to the world
// what its cases name and says what "unchanged" covers there. Cases refused before any request run
// in process instead (test/in-process/bad-input.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectRefused, NODE_WITHOUT_NEC, secretsOf, type BadInput, type World } from '../bad-input/case.ts';
import { run, runPluginAsync } from './run.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { snapshot } from './snapshot.ts';

/** What a suite's world extension reads from: the sandbox and what the cases already name. */
export interface SandboxWorld extends World {
  sb: Sandbox;
}

export interface SuiteOptions<W extends World> {
  /** The rest of the world the cases name, read once the sandbox is up. */
  extend?: (w: SandboxWorld) => Promise<W>;
  /** Everything a command could change; default: the TKE sandbox's (snapshot.ts). */
  snapshot?: (sb: Sandbox) => Promise<unknown>;
}

export function badInputSuite<W extends World = World>(title: string, upArgs: string[], all: BadInput<W>[], o: SuiteOptions<W> = {}): void {
  const capture = o.snapshot ?? snapshot;
  const cases = all.filter((c) => !c.beforeAnyRequest);
  describe(title, () => {
    let sb: Sandbox;
    let w: W;
    let before: unknown;

    beforeAll(async () => {
      sb = await startSandbox(...upArgs);
      const state = await sb.control.state();
      const files = JSON.parse(readFileSync(join(sb.dir, 'state.json'), 'utf8')) as { limitedKubeconfig: string };
      const base: SandboxWorld = {
        sb,
        nodes: state.instances.map((i) => i.nodeName).sort(),
        groups: state.securityGroups.map((g) => g.id),
        limitedKubeconfig: files.limitedKubeconfig,
        noCredentials: { TENCENTCLOUD_SECRET_ID: '', TENCENTCLOUD_SECRET_KEY: '', ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '', HOME: sb.dir },
      };
      w = o.extend ? await o.extend(base) : (base as unknown as W);
      const node = JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: NODE_WITHOUT_NEC, labels: { pool: 'byo' } } });
      const created = run('kubectl', ['create', '-f', '-'], sb.env, node);
      if (created.code !== 0) throw new Error(`creating ${NODE_WITHOUT_NEC}: ${created.stderr}`);
      before = await capture(sb);
    });
    afterAll(() => sb?.down());

    // The cases run side by side (none may change anything, so none can disturb another); each
    // still compares the whole sandbox with the state before any of them ran.
    it.concurrent.for(cases.map((c) => [c.name, c] as const))('%s', async ([, c], { expect }) => {
      const args = c.args(w);
      const r = await runPluginAsync([...args], { ...sb.env, ...c.env?.(w) });
      expectRefused(expect, c, w, args, r, secretsOf(sb.env));
      expect(await capture(sb), `kubectl sg ${args.join(' ')}\nchanged the sandbox`).toEqual(before);
    });
  });
}
