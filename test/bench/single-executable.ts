// The single executable `npm run dist` ships for this machine (linux/amd64), built for the bench
// from the same bundle, twice: with V8's code cache (what the release ships for the platform
// that builds it) and without (what every other platform's executable is, a cache only loading
// where it was made). Each lands in its own directory as `kubectl-sg`, so kubectl runs it as the
// plugin when that directory is first on PATH.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ensureNodeBinary } from '../../cmd/release/node-binary.ts';
import { hostPlatform } from '../../cmd/release/platforms.ts';
import { buildSingleExecutable } from '../../cmd/release/single-executable.ts';
import { repo } from '../e2e/run.ts';
import type { Cmd, CmdResult } from './measure.ts';
import { figure, wallSide, type Figure } from './report.ts';

export interface BenchExecutables {
  /** Directories holding kubectl-sg. */
  withCodeCache: string;
  withoutCodeCache: string;
  /** Bytes of each executable. */
  bytes: { withCodeCache: number; withoutCodeCache: number };
  remove(): void;
}

/** undefined on a machine no release is built for. */
export async function benchExecutables(bundle: string, log: (line: string) => void): Promise<BenchExecutables | undefined> {
  const host = hostPlatform();
  if (!host) return undefined;
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { devDependencies: { node: string } };
  const node = await ensureNodeBinary(host, pkg.devDependencies.node, (l) => log(`bench: ${l}`));
  const root = mkdtempSync(join(tmpdir(), 'kubectl-sg-bench-sea-'));
  const build = async (name: string, useCodeCache: boolean) => {
    const dir = join(root, name);
    mkdirSync(dir);
    const bytes = await buildSingleExecutable({ main: bundle, executable: node.file, output: join(dir, host.exe), useCodeCache }, log);
    return { dir, bytes };
  };
  log(`bench: building the ${host.os}/${host.arch} single executable with and without code cache`);
  const cached = await build('code-cache', true);
  const plain = await build('no-code-cache', false);
  return {
    withCodeCache: cached.dir,
    withoutCodeCache: plain.dir,
    bytes: { withCodeCache: cached.bytes, withoutCodeCache: plain.bytes },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Through kubectl, with the executable's directory first on PATH: kubectl runs it as the plugin. */
const onPath = (dir: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ ...env, PATH: [dir, env.PATH ?? ''].join(delimiter) });

/** `kubectl sg version` run by each executable; their ids are also the outputs to keep. */
export function seaStartupCmds(sea: BenchExecutables | undefined, kubectl: string, env: NodeJS.ProcessEnv): Cmd[] {
  if (!sea) return [];
  return [
    { id: 'sea-version', label: 'kubectl sg version (single executable, code cache)', file: kubectl, args: ['sg', 'version'], env: onPath(sea.withCodeCache, env) },
    { id: 'sea-nocc-version', label: 'kubectl sg version (single executable, no code cache)', file: kubectl, args: ['sg', 'version'], env: onPath(sea.withoutCodeCache, env) },
  ];
}

export function seaStartupFigures(r: Map<string, CmdResult>, sea: BenchExecutables | undefined): Figure[] {
  if (!sea) return [];
  const [node, dist, cc, nocc] = ['node', 'version', 'sea-version', 'sea-nocc-version'].map((id) => r.get(id)!);
  for (const x of [cc!, nocc!]) if (x.output !== dist!.output) throw new Error(`\`${x.cmd.label}\` printed ${JSON.stringify(x.output)}, the bundle ${JSON.stringify(dist!.output)}`);
  const s = 'single executable';
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return [
    figure({ id: 'sea-version', section: s, figure: `\`kubectl sg version\`: the linux/amd64 single executable (code cache, ${mib(sea.bytes.withCodeCache)}) vs \`dist/kubectl-sg\` (the bundle on the project's Node), wall`, ours: wallSide(cc!), baseline: wallSide(dist!) }),
    figure({ id: 'sea-version-code-cache', section: s, figure: '`kubectl sg version`: single executable with code cache vs without, wall', ours: wallSide(cc!), baseline: wallSide(nocc!) }),
    figure({ id: 'sea-version-node', section: s, figure: '`kubectl sg version`: single executable (code cache) vs `node -e 0`, wall', ours: wallSide(cc!), baseline: wallSide(node!) }),
  ];
}

/** `kubectl sg show node -o json` run by each executable, and `kubectl get nec -o json`. */
export function seaSandboxCmds(sea: BenchExecutables | undefined, kubectl: { onPath: string; baseline: string }, env: NodeJS.ProcessEnv): Cmd[] {
  if (!sea) return [];
  const show = ['sg', 'show', 'node', '-o', 'json'];
  return [
    { id: 'sea-show', label: 'kubectl sg show node -o json (single executable, code cache)', file: kubectl.onPath, args: show, env: onPath(sea.withCodeCache, env) },
    { id: 'sea-nocc-show', label: 'kubectl sg show node -o json (single executable, no code cache)', file: kubectl.onPath, args: show, env: onPath(sea.withoutCodeCache, env) },
    { id: 'get-nec', label: `${kubectl.baseline.split('/').at(-1)} get nec -o json`, file: kubectl.baseline, args: ['get', 'nec', '-o', 'json'], env },
  ];
}

export function seaSandboxFigures(r: Map<string, CmdResult>, sea: BenchExecutables | undefined, section: string): Figure[] {
  if (!sea) return [];
  const [dist, cc, nocc, nec] = ['show', 'sea-show', 'sea-nocc-show', 'get-nec'].map((id) => r.get(id)!);
  const necLabel = `\`${nec!.cmd.label}\``;
  return [
    figure({ id: 'small-sea-wall', section, figure: `${section}: \`kubectl sg show node -o json\`, single executable (code cache) vs \`dist/kubectl-sg\`, wall`, ours: wallSide(cc!), baseline: wallSide(dist!) }),
    figure({ id: 'small-sea-code-cache', section, figure: `${section}: \`kubectl sg show node -o json\`, single executable with code cache vs without, wall`, ours: wallSide(cc!), baseline: wallSide(nocc!) }),
    figure({ id: 'small-sea-get-nec', section, figure: `${section}: \`kubectl sg show node -o json\` (single executable, code cache) vs ${necLabel}, wall`, ours: wallSide(cc!), baseline: wallSide(nec!) }),
    figure({ id: 'small-dist-get-nec', section, figure: `${section}: \`kubectl sg show node -o json\` (\`dist/kubectl-sg\`) vs ${necLabel}, wall`, ours: wallSide(dist!), baseline: wallSide(nec!) }),
  ];
}
