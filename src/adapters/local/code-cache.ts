// A V8 code cache for the embedded bundles: the CLI (compiling its ~450 KB cost ~15 ms on every
// command), and the TUI and the Alibaba SDK's modules (side-bundle.ts; the SDK's ~550 KB cost
// ~20 ms on every ECI command). The functions a command calls are compiled on top of that,
// lazily; V8 can serialise what it compiled and take it back on the next run. It is only ever a
// cache:
// - where: ${KUBECTL_SG_CACHE:-${XDG_CACHE_HOME:-~/.cache}/kubectl-sg}/code-cache (on Windows
//   %LOCALAPPDATA%\kubectl-sg\code-cache); KUBECTL_SG_CODE_CACHE=off turns it off;
// - one file per bundle and build (its hash), Node version and architecture: nothing else reads it;
// - checked before use: V8 compares its own version, flags and the source length, and, with
//   --verify-snapshot-checksum, a checksum of the data (without one, a damaged file makes V8
//   abort the process). The flag is set at run time, and only when a cache is used, because on
//   the command line it would make Node verify its whole start-up snapshot too (~5 ms);
// - data V8 rejects is ignored and replaced; a failure to read or write is silent;
// - written after the command ran (so it holds what that command compiled), only when no
//   usable cache was found, through a temporary file renamed into place: concurrent runs are fine.
import { dirname, join } from 'node:path';
import type { Script } from 'node:vm';
import { userCacheDir } from './user-cache-dir.ts';

// Not an ES module import: the entry bundles this module (cmd/kubectl-sg.ts says why).
const { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } = process.getBuiltinModule('node:fs');

const SUFFIX = '.v8cache';
/** Caches of other builds or Node versions: at most this many are kept, none unused this long. */
const KEEP_OTHERS = 4;
const STALE_MS = 30 * 24 * 3600 * 1000;

export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.KUBECTL_SG_CODE_CACHE === 'off') return undefined;
  return join(userCacheDir(env), 'code-cache');
}

export interface CachedScript {
  script: Script;
  /** Whether usable cached data was found (then nothing is written). */
  fromCache: boolean;
  /** Writes the cache if it was missing or rejected; call after the script ran. Never throws. */
  save(): void;
}

export function compileCached(source: string, o: { filename: string; name: string; dir: string | undefined }): CachedScript {
  const file = o.dir ? join(o.dir, `${o.name}-node${process.version}-${process.arch}${SUFFIX}`) : undefined;
  let cachedData: Buffer | undefined;
  if (file) {
    // Before the Script is made: V8 adds the checksum when it makes the data, checks it when it reads it.
    process.getBuiltinModule('node:v8').setFlagsFromString('--verify-snapshot-checksum');
    try {
      cachedData = readFileSync(file);
    } catch {
      // no cache yet, or unreadable: compile from source
    }
  }
  // node:vm only when a bundle is compiled: `version` never is.
  const script = new (process.getBuiltinModule('node:vm').Script)(source, { filename: o.filename, cachedData });
  const fromCache = cachedData !== undefined && script.cachedDataRejected !== true;
  return {
    script,
    fromCache,
    save() {
      if (!file || fromCache) return;
      try {
        write(o.dir!, file, script.createCachedData());
      } catch {
        // a read-only or full disk only means the next run compiles again
      }
    },
  };
}

/**
 * mkdir -p, by hand and bounded: Node's `recursive: true` spins forever where mkdir answers
 * ENOENT for a parent that exists (seen under /proc), and a cache must never hang a command.
 */
function makeDir(dir: string, depth = 0): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir || depth >= 8) throw err;
    makeDir(parent, depth + 1);
    mkdirSync(dir, { mode: 0o700 });
  }
}

function write(dir: string, file: string, data: Buffer): void {
  makeDir(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data, { mode: 0o600 });
    renameSync(tmp, file);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // renamed: nothing left behind
    }
  }
  prune(dir, file);
}

/**
 * Keeps the cache directory small: every build writes its own file (a developer rebuilding all
 * day, or several installed versions), so only the few most recently used others stay, and
 * none unused for a month. Temporary files of runs that died are removed after a day.
 */
function prune(dir: string, keep: string): void {
  const now = Date.now();
  const others: { path: string; used: number }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === keep) continue;
    try {
      const st = statSync(path);
      const used = Math.max(st.atimeMs, st.mtimeMs);
      if (name.endsWith('.tmp')) {
        if (now - used > 24 * 3600 * 1000) unlinkSync(path);
      } else if (name.endsWith(SUFFIX)) others.push({ path, used });
    } catch {
      // gone already
    }
  }
  others.sort((a, b) => b.used - a.used);
  for (const [i, o] of others.entries()) {
    if (i < KEEP_OTHERS && now - o.used <= STALE_MS) continue;
    try {
      unlinkSync(o.path);
    } catch {
      // gone already
    }
  }
}
