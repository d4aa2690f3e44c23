// A Debian package the machine lacks, for the shell e2e (bash-completion, zsh): fetched with
// apt-get download and unpacked into the build cache (no root, no install), the way a user
// without root would get it. Each set of packages is fetched once per machine.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { acquireLock, cacheRoot, prefixed, run } from '../../cmd/release/build-cache.ts';

/** The directory the packages are unpacked into (their files under it as under /). */
export async function unpackedDebianPackages(name: string, packages: readonly string[], installHint: string): Promise<string> {
  const dir = join(cacheRoot(), name);
  const root = join(dir, 'root');
  if (existsSync(root)) return root;
  mkdirSync(dir, { recursive: true });
  const log = prefixed(name, (l) => process.stderr.write(`${l}\n`));
  const release = await acquireLock(join(dir, 'fetch.lock'), log);
  try {
    if (existsSync(root)) return root;
    const work = join(dir, `work-${process.pid}`);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work);
    await run('apt-get', ['download', ...packages], { cwd: work, env: process.env, log }).catch((e: unknown) => {
      throw new Error(`${packages.join(' ')} not installed and could not be fetched (${installHint}): ${e instanceof Error ? e.message : String(e)}`);
    });
    for (const deb of readdirSync(work).filter((f) => f.endsWith('.deb'))) await run('dpkg-deb', ['-x', deb, join(work, 'root')], { cwd: work, env: process.env, log });
    // Unpacked aside and renamed: a tree that is there is whole.
    renameSync(join(work, 'root'), root);
    rmSync(work, { recursive: true, force: true });
    return root;
  } finally {
    release();
  }
}
