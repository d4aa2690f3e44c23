// krew and its index's manifest validator, built from the Go module proxy (release binaries
// cannot be downloaded here) into the cache outside the repo, like the Kubernetes binaries:
// about a minute cold, milliseconds after. The version is named explicitly: the proxy serves
// v0.5.0 but answers 403 for the version list.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { acquireLock, cacheRoot, prefixed, secs, type Log } from '../../cmd/release/build-cache.ts';
import { goBuild, goEnv, writeWrapper } from '../../cmd/release/go-module-build.ts';

export const KREW_VERSION = 'v0.5.0';

export interface KrewBinaries {
  krew: string;
  validator: string;
}

export async function ensureKrewBinaries(log: Log = (l) => process.stderr.write(`${l}\n`)): Promise<KrewBinaries> {
  const say = prefixed('krew build', log);
  const root = cacheRoot();
  const dir = join(root, 'krew', KREW_VERSION);
  const bins: KrewBinaries = { krew: join(dir, 'bin', 'krew'), validator: join(dir, 'bin', 'validate-krew-manifest') };
  const complete = () => existsSync(bins.krew) && existsSync(bins.validator);
  if (complete()) return bins;
  mkdirSync(join(dir, 'bin'), { recursive: true });
  const release = await acquireLock(join(dir, 'build.lock'), say);
  try {
    if (complete()) return bins;
    const t0 = Date.now();
    const env = goEnv(root);
    const mod = join(dir, 'module');
    const cmds = { krew: 'sigs.k8s.io/krew/cmd/krew', validator: 'sigs.k8s.io/krew/cmd/validate-krew-manifest' };
    await writeWrapper(mod, `module kubectl-sg.local/krew\n\ngo 1.22\n\nrequire sigs.k8s.io/krew ${KREW_VERSION}\n`, Object.values(cmds), env, say);
    for (const [name, pkg] of Object.entries(cmds) as [keyof KrewBinaries, string][]) {
      if (!existsSync(bins[name])) await goBuild(mod, pkg, bins[name], { ldflags: `-s -w -X sigs.k8s.io/krew/internal/version.gitTag=${KREW_VERSION}` }, env, say);
    }
    say(`done in ${secs(t0)}`);
    return bins;
  } finally {
    release();
  }
}
