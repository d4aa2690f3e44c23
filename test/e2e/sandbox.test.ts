// The sandbox as the README tells a user to run it: `npm run sandbox -- up`, the printed
// `source .../env.sh`, plain kubectl and kubectl sg, then `down` leaving nothing running.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from './run.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { isRunning } from '../sandbox/processes.ts';

let sb: Sandbox;

beforeAll(() => {
  sb = startSandbox('--nodes', '3', '--ipamd-version', 'v3.5.8');
}, 900_000);

afterAll(() => sb.down());

describe('npm run sandbox', () => {
  it('prints the line that points a shell at it', () => {
    expect(sb.up.stdout).toContain(`source ${join(sb.dir, 'env.sh')}`);
  });

  it('serves TKE-looking nodes and one NEC per node to the real kubectl', () => {
    const nodes = kubectl(['get', 'nodes', '-o', 'json'], sb.env);
    expect(nodes.code, nodes.stderr).toBe(0);
    const items = (JSON.parse(nodes.stdout) as { items: { spec: { providerID: string }; metadata: { labels: Record<string, string> } }[] }).items;
    expect(items).toHaveLength(3);
    for (const n of items) {
      expect(n.spec.providerID).toMatch(/^qcloud:\/\/\/100003\/ins-[0-9a-z]{8}$/);
      expect(n.metadata.labels['topology.kubernetes.io/region']).toBe('gz');
    }
    const necs = kubectl(['get', 'nec', '-o', 'jsonpath={range .items[*]}{.spec.securityGroups}{"\\n"}{end}'], sb.env);
    expect(necs.code, necs.stderr).toBe(0);
    const lists = necs.stdout.trim().split('\n');
    expect(lists).toHaveLength(3);
    for (const l of lists) expect(JSON.parse(l)).toEqual(expect.arrayContaining([expect.stringMatching(/^sg-[0-9a-z]{8}$/)]));
  });

  it('gives kubectl no skew warning and the limited user no rights', () => {
    const v = kubectl(['version'], sb.env);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('Server Version: v1.33.13');
    expect(v.stderr).not.toMatch(/skew/i);
    const limited = kubectl(['get', 'nodes'], { ...sb.env, KUBECONFIG: join(sb.dir, 'kube', 'limited.kubeconfig') });
    expect(limited.code).toBe(1);
    expect(limited.stderr).toMatch(/forbidden/i);
  });

  it('runs kubectl sg from the env it prints', () => {
    const r = kubectl(['sg', 'version'], sb.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^kubectl-sg v\d+\.\d+\.\d+\n$/);
  });

  it('stops everything on down', () => {
    const status = sb.cli('status');
    expect(status.stdout).toMatch(/4\/4 processes running/);
    const down = sb.down();
    expect(down?.code, down?.stderr).toBe(0);
    // Zombies count as stopped: in a container nobody may reap them, but they run nothing.
    expect(sb.pids.filter(isRunning)).toEqual([]);
    expect(existsSync(sb.dir)).toBe(false);
    expect(sb.cli('status').code).toBe(1);
  });
});

