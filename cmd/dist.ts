// `npm run dist`: the release archives of every platform, checksums.txt and the krew manifest.
//
//   npm run dist                                # all five platforms → dist-release/, and krew/sg.yaml
//   npm run dist -- --platforms linux/amd64     # only some (krew/sg.yaml is left as it is)
//   npm run dist -- --out DIR
//
// The official Node binaries are cached in ${KUBECTL_SG_CACHE:-~/.cache/kubectl-sg}: the first
// run fetches them (~40 s), later runs take seconds. The macOS executables are signed ad hoc by
// cmd/release/macho-adhoc-sign.ts (no tool to build or install). The same commit gives the same
// bytes on any machine and in any directory (docs/release.md): the archives' time is
// SOURCE_DATE_EPOCH, by default the last commit that changed a release input (source-date.ts).
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mib, buildRelease } from './release/release.ts';
import { parsePlatforms, PLATFORMS, platformId } from './release/platforms.ts';
import { sourceDateEpoch } from './release/source-date.ts';

const repo = join(import.meta.dirname, '..');
const { values: flags } = parseArgs({
  options: {
    platforms: { type: 'string' },
    out: { type: 'string', default: join(repo, 'dist-release') },
  },
});

const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string; devDependencies: { node: string } };
const platforms = flags.platforms ? parsePlatforms(flags.platforms) : PLATFORMS;
const t0 = Date.now();
const epoch = sourceDateEpoch(repo);
// Printed so that whoever rebuilds the release elsewhere (docs/release.md) can pass the same time.
console.error(`dist: archive time SOURCE_DATE_EPOCH=${epoch} (${new Date(epoch * 1000).toISOString()})${process.env.SOURCE_DATE_EPOCH ? '' : ', the last commit that changed a release input'}`);
const release = await buildRelease({
  bundle: join(repo, 'dist', 'kubectl-sg'),
  shimDir: join(repo, 'cmd'),
  license: join(repo, 'LICENSE'),
  outDir: flags.out,
  platforms,
  version: pkg.version,
  nodeVersion: pkg.devDependencies.node,
  sourceDateEpoch: epoch,
  log: (line) => console.error(`dist: ${line}`),
});
writeFileSync(join(flags.out, 'checksums.txt'), release.checksums);
writeFileSync(join(flags.out, 'sg.yaml'), release.manifest);
// The manifest in the repo names every platform; one built from some of them would drop the others.
const complete = platforms.length === PLATFORMS.length;
if (complete) copyFileSync(join(flags.out, 'sg.yaml'), join(repo, 'krew', 'sg.yaml'));

console.log(['| platform | archive | bytes | executable | official node → stripped |', '|---|---|---|---|---|'].join('\n'));
for (const a of release.archives) {
  console.log(`| ${platformId(a.platform)} | ${a.file} | ${mib(a.bytes)} | ${mib(a.executableBytes)}${a.signed ? ' (signed ad hoc)' : ''} | ${mib(a.nodeBytes.official)} → ${mib(a.nodeBytes.stripped)} |`);
}
console.log(`\n${flags.out}: ${release.archives.length} archives, checksums.txt, sg.yaml${complete ? ' (and krew/sg.yaml)' : ''}, in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
