// The plugin as kubectl sees it: discovered on PATH as kubectl-sg and run as `kubectl sg`.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distDir, kubectl, repo } from './run.ts';
import { builtinsProbe } from './builtins-probe.ts';

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
    // A cloud adapter pulled into the command table brings node:tls and node:https with it (it
    // once added ~20 ms to every command's start). node:net comes with the terminal streams anyway.
    // node:assert came with yargs's invariant checks, one of which fails on every start (build.mjs, lazyAssert).
    const probe = builtinsProbe();
    const r = kubectl(['sg', '--help'], probe.env);
    expect(r.code).toBe(0);
    const loaded = probe.loaded(r.stderr);
    expect(loaded.length).toBeGreaterThan(10);
    for (const heavy of ['NativeModule tls', 'NativeModule http', 'NativeModule https', 'NativeModule http2', 'NativeModule assert']) expect(loaded).not.toContain(heavy);
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

// Most end-to-end files run the plugin as `kubectl-sg ARGS` (run.ts, runPlugin) because this is
// what kubectl does with `kubectl sg ARGS`. A probe plugin shows it with the real kubectl: the same
// process (so signals reach the plugin as they reach kubectl), the arguments after the plugin's
// name, the whole environment, stdin and the exit code, exactly as a direct run gets them.
describe('what kubectl hands a plugin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-sg-handover-'));
  const probe = join(dir, 'kubectl-sgprobe');
  writeFileSync(probe, [
    '#!/bin/sh',
    'echo "pid $$"',
    'for a in "$@"; do echo "arg $a"; done',
    'env -0 | sort -z | tr "\\0" "\\n" | sed "s/^/env /"',
    'echo "stdin $(cat)"',
    'exit "${PROBE_EXIT:-0}"',
    '',
  ].join('\n'));
  chmodSync(probe, 0o755);
  const env = { ...process.env, PATH: `${dir}:${process.env.PATH}`, PROBE_EXIT: '3', PROBE_VALUE: 'a b\tc é' };
  const args = ['--context', 'two words', 'show', 'node', '-o', 'json', '--', '--not-a-flag', 'é'];
  const opts = { encoding: 'utf8' as const, env, input: 'typed\n' };

  it('execs it in its own process: arguments, environment, stdin and exit code unchanged', () => {
    const direct = spawnSync('kubectl-sgprobe', args, opts);
    const through = spawnSync('kubectl', ['sgprobe', ...args], opts);
    expect(through.stderr).toBe('');
    expect(through.status).toBe(3);
    expect(direct.status).toBe(3);
    const withoutPid = (out: string) => out.split('\n').filter((l) => !l.startsWith('pid '));
    expect(withoutPid(through.stdout)).toEqual(withoutPid(direct.stdout));
    expect(through.stdout).toContain('arg two words\n');
    expect(through.stdout).toContain('arg --not-a-flag\n');
    expect(through.stdout).toContain('env PROBE_VALUE=a b\tc é\n');
    expect(through.stdout).toContain('stdin typed\n');
  });

  it('runs it as the process kubectl was started as, so a signal to kubectl is a signal to the plugin', async () => {
    const child = spawn('kubectl', ['sgprobe'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    await new Promise((resolve) => child.on('close', resolve));
    expect(out.split('\n')[0]).toBe(`pid ${child.pid}`);
  });
});
