// kubectl's bash completion needs the bash-completion package (kubectl's install docs say so:
// its script calls _get_comp_words_by_ref). The machine's, when installed; else Debian's
// package, fetched with apt-get download and unpacked into the build cache (no root, no
// install), as a user following kubectl's docs would have it.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { acquireLock, cacheRoot, prefixed, run } from '../../cmd/release/build-cache.ts';

const SYSTEM = '/usr/share/bash-completion/bash_completion';

export async function bashCompletionScript(): Promise<string> {
  if (existsSync(SYSTEM)) return SYSTEM;
  const dir = join(cacheRoot(), 'bash-completion');
  const script = join(dir, 'root', 'usr', 'share', 'bash-completion', 'bash_completion');
  if (existsSync(script)) return script;
  mkdirSync(dir, { recursive: true });
  const log = prefixed('bash-completion', (l) => process.stderr.write(`${l}\n`));
  const release = await acquireLock(join(dir, 'fetch.lock'), log);
  try {
    if (existsSync(script)) return script;
    const work = join(dir, `work-${process.pid}`);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work);
    await run('apt-get', ['download', 'bash-completion'], { cwd: work, env: process.env, log }).catch((e: unknown) => {
      throw new Error(`bash-completion is not installed and could not be fetched (apt-get install bash-completion): ${e instanceof Error ? e.message : String(e)}`);
    });
    const deb = readdirSync(work).find((f) => f.endsWith('.deb'))!;
    // Unpacked aside and renamed: a script that is there is whole.
    await run('dpkg-deb', ['-x', deb, join(work, 'root')], { cwd: work, env: process.env, log });
    renameSync(join(work, 'root'), join(dir, 'root'));
    rmSync(work, { recursive: true, force: true });
    return script;
  } finally {
    release();
  }
}
