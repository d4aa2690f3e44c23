// Go programs the project needs (kube-apiserver, etcd, krew) are built from the Go module proxy,
// because prebuilt release binaries cannot be downloaded here: a wrapper module whose only file
// imports the commands to build, with its own module and build caches under the cache root so
// the repo and the user's Go caches stay untouched.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, secs, type Log } from './build-cache.ts';

export function goEnv(root: string): NodeJS.ProcessEnv {
  const go = join(root, 'go');
  return {
    ...process.env,
    GOPATH: join(go, 'path'),
    GOMODCACHE: join(go, 'mod'),
    GOCACHE: join(go, 'build'),
    CGO_ENABLED: '0',
    GOTOOLCHAIN: 'local',
    GOFLAGS: '-mod=mod -buildvcs=false',
    GOWORK: 'off',
  };
}

/** A module whose only file imports the commands to build, so `go mod tidy` resolves exactly their deps. */
export async function writeWrapper(dir: string, goMod: string, imports: string[], env: NodeJS.ProcessEnv, log: Log): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const tools = `//go:build tools\n\npackage tools\n\nimport (\n${imports.map((i) => `\t_ "${i}"\n`).join('')})\n`;
  const same = existsSync(join(dir, 'go.mod.in')) && readFileSync(join(dir, 'go.mod.in'), 'utf8') === goMod + tools;
  if (same && existsSync(join(dir, 'go.sum'))) return;
  writeFileSync(join(dir, 'go.mod'), goMod);
  writeFileSync(join(dir, 'tools.go'), tools);
  rmSync(join(dir, 'go.sum'), { force: true });
  const t0 = Date.now();
  await run('go', ['mod', 'tidy'], { cwd: dir, env, log });
  writeFileSync(join(dir, 'go.mod.in'), goMod + tools);
  log(`go mod tidy in ${dir} (${secs(t0)})`);
}

export async function goBuild(dir: string, pkg: string, out: string, o: { ldflags: string; tags?: string }, env: NodeJS.ProcessEnv, log: Log): Promise<void> {
  const t0 = Date.now();
  log(`go build ${pkg} ...`);
  // Built beside the target and renamed, so nobody ever runs a half-written binary.
  const tmp = `${out}.tmp-${process.pid}`;
  await run('go', ['build', '-trimpath', ...(o.tags ? ['-tags', o.tags] : []), '-ldflags', o.ldflags, '-o', tmp, pkg], { cwd: dir, env, log });
  renameSync(tmp, out);
  log(`built ${out} (${secs(t0)})`);
}
