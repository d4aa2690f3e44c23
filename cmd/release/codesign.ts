// macOS on arm64 refuses to run an unsigned Mach-O, and injecting the bundle breaks the
// signature the official Node binary had, so the darwin executables are signed again after
// injection: ad hoc (no certificate: enough to run; Gatekeeper still asks about a download
// from the internet, which krew and tar do not mark as such). Debian has no ldid; the
// apple-codesign crate's rcodesign builds from crates.io, once per machine, outside the repo
// (without its notarization feature: it needs no AWS or App Store client, and builds in half
// the time).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { acquireLock, cacheRoot, run, secs, type Log } from './build-cache.ts';

export const RCODESIGN_VERSION = '0.29.0';

export async function ensureRcodesign(log: Log): Promise<string> {
  const root = join(cacheRoot(), 'rcodesign', RCODESIGN_VERSION);
  const bin = join(root, 'bin', 'rcodesign');
  if (existsSync(bin)) return bin;
  mkdirSync(root, { recursive: true });
  const release = await acquireLock(join(root, 'build.lock'), log);
  try {
    if (existsSync(bin)) return bin;
    const t0 = Date.now();
    log(`building rcodesign ${RCODESIGN_VERSION} from crates.io into ${root}; a cold build takes several minutes on 2 cores`);
    // cargo install puts the binary in place only when the build succeeded.
    await run(
      'cargo',
      ['install', 'apple-codesign', '--version', RCODESIGN_VERSION, '--locked', '--no-default-features', '--bin', 'rcodesign', '--root', root],
      { cwd: root, env: { ...process.env, CARGO_HOME: join(cacheRoot(), 'cargo') }, log },
    );
    log(`built ${bin} (${secs(t0)})`);
    return bin;
  } finally {
    release();
  }
}

/** Signs a Mach-O in place, ad hoc, under the plugin's name. */
export async function adhocSign(rcodesign: string, file: string, identifier: string, log: Log): Promise<void> {
  await run(rcodesign, ['sign', '--binary-identifier', identifier, file], { cwd: process.cwd(), env: process.env, log, capture: true });
}
