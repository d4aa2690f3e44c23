// A bad-input case and what its refusal must look like, wherever it runs: through the real
// kubectl against a sandbox (test/e2e/bad-input.ts), or, for a case refused from the command
// line alone, in process with nothing to reach (test/in-process/bad-input.test.ts). This module
// imports neither the plugin nor the sandbox, so that both runners can share it.
import type { ExpectStatic } from 'vitest';

/** What the cases name: the sandbox's nodes and groups (real ones there, well-formed stand-ins in process). */
export interface World {
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
  /**
   * Refused from the command line and the local files alone, before any request to the cluster
   * or the cloud: such a case runs in process (test/in-process/bad-input.test.ts), which proves
   * that no connection was even opened, instead of as one more plugin run through kubectl.
   */
  beforeAnyRequest?: true;
}

/** A Node no ipamd manages (no cloud instance behind it), so it has no NodeENIConfig. */
export const NODE_WITHOUT_NEC = 'byo-node-1';

/** Every secret handed to the plugin (Tencent's secret key, Alibaba's access key secret): none may be printed. */
export const secretsOf = (env: NodeJS.ProcessEnv) => Object.entries(env).filter(([k, v]) => /(SECRET_KEY|KEY_SECRET|SECURITY_TOKEN)$/.test(k) && v).map(([, v]) => v!);

export interface Refusal {
  code: number;
  stdout: string;
  stderr: string;
}

/** One line on stderr naming the bad value, the case's exit code, nothing on stdout, no secret anywhere. */
export function expectRefused<W extends World>(expect: ExpectStatic, c: BadInput<W>, w: W, args: string[], r: Refusal, secrets: string[]): void {
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
  for (const secret of secrets) expect(r.stderr + r.stdout).not.toContain(secret);
}
