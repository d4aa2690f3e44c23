// The sandbox control plane seen through the real kubectl: right version, no skew warning,
// RBAC enforced for a user with no grants, CRDs usable right after applyCrds, and nothing left
// running after stop().
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureKubeBinaries, KUBE_VERSION, type KubeBinaries } from './build.ts';
import { applyCrds, startKube, type KubeCluster } from './cluster.ts';
import { isRunning } from '../processes.ts';

// A cold build compiles kube-apiserver from source: minutes on 2 cores.
const COLD_BUILD_MS = 900_000;

let bins: KubeBinaries;
let cluster: KubeCluster | undefined;
let dir: string;

function kubectl(kubeconfig: string, args: string[], input?: string) {
  const r = spawnSync(bins.kubectl, args, {
    encoding: 'utf8',
    input,
    timeout: 60_000,
    env: { ...process.env, KUBECONFIG: kubeconfig },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  bins = await ensureKubeBinaries();
  dir = mkdtempSync(join(tmpdir(), 'kubectl-sg-kube-test-'));
  cluster = await startKube({ dir });
}, COLD_BUILD_MS);

afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('sandbox kube-apiserver', () => {
  it('finds the built binaries again without building', async () => {
    // Not building is what it logs (nothing) and what it leaves (the same files, untouched), not how long it took.
    const logged: string[] = [];
    const stamp = (b: typeof bins) => [b.apiserver, b.etcd].map((f) => statSync(f).mtimeMs);
    const before = stamp(bins);
    const again = await Promise.all([ensureKubeBinaries({ log: (l) => logged.push(l) }), ensureKubeBinaries({ log: (l) => logged.push(l) })]);
    expect(logged).toEqual([]);
    expect(stamp(bins)).toEqual(before);
    expect(again[0]).toEqual(bins);
    expect(again[1]).toEqual(bins);
  });

  it('reports its pinned version to kubectl without a skew warning', () => {
    const r = kubectl(cluster!.adminKubeconfig, ['version', '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const v = JSON.parse(r.stdout) as { serverVersion: { gitVersion: string; major: string; minor: string } };
    expect(v.serverVersion).toMatchObject({ gitVersion: KUBE_VERSION, major: '1', minor: '33' });
  });

  it('lets the admin create a namespace', () => {
    const r = kubectl(cluster!.adminKubeconfig, ['create', 'namespace', 'created-by-admin']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(kubectl(cluster!.adminKubeconfig, ['get', 'namespace', 'created-by-admin', '-o', 'name']).stdout.trim()).toBe(
      'namespace/created-by-admin',
    );
  });

  it('forbids the limited user everything it was not granted', () => {
    const r = kubectl(cluster!.limitedKubeconfig, ['get', 'nodes']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/forbidden/i);
    expect(r.stderr).toContain('User "limited-user"');
  });

  it('serves a CRD to kubectl as soon as applyCrds returns', async () => {
    await applyCrds(cluster!.adminKubeconfig, [
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.sandbox.kubectl-sg.io' },
        spec: {
          group: 'sandbox.kubectl-sg.io',
          scope: 'Namespaced',
          names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
            },
          ],
        },
      },
    ]);
    const widget = JSON.stringify({
      apiVersion: 'sandbox.kubectl-sg.io/v1',
      kind: 'Widget',
      metadata: { name: 'w1', namespace: 'default' },
      spec: { size: 3 },
    });
    const created = kubectl(cluster!.adminKubeconfig, ['create', '-f', '-'], widget);
    expect(created.stderr).toBe('');
    const r = kubectl(cluster!.adminKubeconfig, ['get', 'widgets', '-n', 'default', '-o', 'name']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('widget.sandbox.kubectl-sg.io/w1');
    // Survives only if the open schema reached the server rather than being pruned to {}.
    expect(kubectl(cluster!.adminKubeconfig, ['get', 'widget', 'w1', '-n', 'default', '-o', 'jsonpath={.spec.size}']).stdout).toBe('3');
  });

  it('leaves no process running after stop()', async () => {
    const c = cluster!;
    expect(c.pids).toHaveLength(2);
    expect(c.pids.filter(isRunning)).toEqual(c.pids);
    await c.stop();
    cluster = undefined;
    expect(c.pids.filter(isRunning)).toEqual([]);
  });
});
