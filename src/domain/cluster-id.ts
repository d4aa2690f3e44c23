// TKE cluster IDs (`cls-` and 8 lowercase letters or digits) and where a cluster says its own:
// ipamd's container args (`--clusterid cls-...`, seen as two list items on real clusters, or
// `--clusterid=cls-...`) and, as a hint only, the API server host `cls-xxxxxxxx.ccs.tencent-cloud.com`.

import { BadInputError } from './bad-input.ts';

const CLS_ID = /^cls-[0-9a-z]{8}$/;

export function isClusterId(text: string): boolean {
  return CLS_ID.test(text);
}

export class InvalidClusterIdError extends BadInputError {}

/** The flag's value, checked; throws with the value named when it is not a cluster ID. */
export function checkClusterId(text: string, what = '--cluster-id'): string {
  const v = text.trim();
  if (!isClusterId(v)) throw new InvalidClusterIdError(`${what} "${text}" is not a TKE cluster ID: expected cls- followed by 8 lowercase letters or digits, e.g. cls-kjqul1ir`);
  return v;
}

const NAMES = new Set(['clusterid', 'cluster-id']);

/** `--clusterid cls-x` / `--clusterid=cls-x` (one or two dashes); undefined when absent or not an ID. */
export function clusterIdFromIpamdArgs(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const m = /^--?([a-z-]+)(?:=(.*))?$/.exec(args[i]!);
    if (!m || !NAMES.has(m[1]!)) continue;
    const value = m[2] ?? args[i + 1];
    if (value !== undefined && isClusterId(value.trim())) return value.trim();
  }
  return undefined;
}

/** The cluster ID in a TKE API server URL (`https://cls-xxxxxxxx.ccs.tencent-cloud.com`), if any. */
export function clusterIdFromServer(server: string): string | undefined {
  let host: string;
  try {
    host = new URL(server).hostname;
  } catch {
    return undefined;
  }
  const first = host.split('.')[0] ?? '';
  return isClusterId(first) && host.endsWith('.tencent-cloud.com') ? first : undefined;
}
