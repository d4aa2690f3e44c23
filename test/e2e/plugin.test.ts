// The plugin as kubectl sees it: discovered on PATH as kubectl-sg and run as `kubectl sg`.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distDir, kubectl, repo } from './run.ts';

const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };

describe('kubectl sg as a kubectl plugin', () => {
  it('prints its version through kubectl and exits 0', () => {
    const r = kubectl(['sg', 'version']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`kubectl-sg v${pkg.version}\n`);
  });

  it('runs on the project\'s Node 26, whatever node the shell has', () => {
    const r = kubectl(['sg', 'version', '-o', 'json']);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout) as { kind: string; version: string; node: string };
    expect(info).toMatchObject({ kind: 'Version', version: `v${pkg.version}` });
    expect(info.node).toMatch(/^v26\./);
  });

  // The run puts the kubectl a dispatcher (gcloud's) would pick first on PATH (global-setup.ts);
  // this keeps the path a user of such a machine takes, through the dispatcher itself.
  it.runIf(process.env.KUBECTL_SG_TEST_USER_PATH)('runs through the kubectl on the user\'s own PATH (a dispatcher here)', () => {
    const userPath = { PATH: `${distDir}:${process.env.KUBECTL_SG_TEST_USER_PATH}` };
    const v = kubectl(['version', '--client', '-o', 'json'], { ...userPath, KUBECONFIG: '/dev/null' });
    expect(JSON.parse(v.stdout).clientVersion.gitVersion).toContain('dispatcher');
    const r = kubectl(['sg', 'version'], userPath);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`kubectl-sg v${pkg.version}\n`);
    expect(kubectl(['plugin', 'list'], userPath).stdout).toContain(join(distDir, 'kubectl-sg'));
  });

  it('is found by kubectl plugin list', () => {
    const r = kubectl(['plugin', 'list']);
    expect(r.stdout).toContain(join(distDir, 'kubectl-sg'));
    expect(r.stderr).not.toContain('kubectl-sg is overshadowed');
  });

  it('lists its verbs with examples in --help', () => {
    const top = kubectl(['sg', '--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/kubectl sg version\s+Print the version/);
    const verb = kubectl(['sg', 'version', '--help']);
    expect(verb.stdout).toContain('Examples:');
    expect(verb.stdout).toContain('kubectl sg version -o json');
  });

  it('loads no network or cloud code for --help (the start-up budget)', () => {
    // Node's own record of the built-in modules the process loaded, printed as it exits: a
    // cloud adapter pulled into the command table brings node:tls and node:https with it (it once
    // added ~20 ms to every command's start). node:net comes with the terminal streams anyway.
    const probe = join(mkdtempSync(join(tmpdir(), 'kubectl-sg-probe-')), 'builtins.cjs');
    writeFileSync(probe, "process.on('exit', () => process.stderr.write('BUILTINS ' + process.moduleLoadList.join(',') + '\\n'));\n");
    const r = kubectl(['sg', '--help'], { NODE_OPTIONS: `--require ${probe}` });
    expect(r.code).toBe(0);
    const loaded = /BUILTINS (.*)/.exec(r.stderr)?.[1]?.split(',') ?? [];
    expect(loaded.length).toBeGreaterThan(10);
    for (const heavy of ['NativeModule tls', 'NativeModule http', 'NativeModule https', 'NativeModule http2']) expect(loaded).not.toContain(heavy);
  });

  it('answers an unknown verb with one line, exit 2', () => {
    const r = kubectl(['sg', 'frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('frobnicate');
  });
});

describe('bad flags', () => {
  it('refuses an unknown flag without running the verb', () => {
    const r = kubectl(['sg', 'version', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('bogus');
  });
  it('names the bad output format and the good ones', () => {
    const r = kubectl(['sg', 'version', '-o', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/xml/);
    expect(r.stderr).toMatch(/json/);
  });
});
