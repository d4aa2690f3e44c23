// The one time a release carries (its archive entries' modification time), so that a rebuild
// elsewhere gives the same bytes: SOURCE_DATE_EPOCH when set (https://reproducible-builds.org/
// specs/source-date-epoch/), else the time of the last commit that changed what goes into a
// release. Not simply the last commit's: krew/sg.yaml records the archives' sums, so committing
// it would move that time and make the manifest just committed stale; nor would a commit of
// tests or docs change a byte of the release.
import { spawnSync } from 'node:child_process';

/** What a release is built from: the bundle's sources and build (esbuild reads tsconfig.json too: its strictness adds "use strict"), the packing code, the licenses. */
export const RELEASE_INPUTS = ['src', 'cmd', 'build.mjs', 'tsconfig.json', 'package.json', 'package-lock.json', 'LICENSE'];

/** Seconds since 1970 (UTC). Fails when neither source can answer, rather than guessing a time. */
export function sourceDateEpoch(repo: string, env: NodeJS.ProcessEnv = process.env): number {
  const set = env.SOURCE_DATE_EPOCH;
  if (set !== undefined && set !== '') {
    if (!/^\d+$/.test(set)) throw new Error(`SOURCE_DATE_EPOCH must be whole seconds since 1970, not "${set}"`);
    return Number(set);
  }
  const git = (args: string[]) => spawnSync('git', ['-C', repo, ...args], { encoding: 'utf8' });
  const shallow = git(['rev-parse', '--is-shallow-repository']);
  if (shallow.status !== 0) throw new Error(`${repo} is not a git checkout: set SOURCE_DATE_EPOCH to the release's time (the value in docs/release.md)`);
  // A shallow clone's oldest commit seems to change every file: its time would be the wrong one.
  if (shallow.stdout.trim() === 'true') throw new Error(`${repo} is a shallow clone: run \`git fetch --unshallow\`, or set SOURCE_DATE_EPOCH`);
  const log = git(['log', '-1', '--format=%ct', '--', ...RELEASE_INPUTS]);
  const t = log.stdout.trim();
  if (log.status !== 0 || !/^\d+$/.test(t)) throw new Error(`git log in ${repo} gave no commit time (${log.stderr.trim() || 'no commits'}): set SOURCE_DATE_EPOCH`);
  return Number(t);
}
