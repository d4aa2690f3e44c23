// The region API calls go to: `--region`, else TENCENTCLOUD_REGION (the variable tccli and the
// SDKs read), else what the cluster's nodes say. TKE labels nodes with Tencent's short region
// names (`topology.kubernetes.io/region=gz`), which the API does not accept.
//
// The short names are Tencent's own: the `RegionShortName` of the DescribeRegions APIs
// (monitor, pts: `ap-guangzhou` ↔ `gz`, `ap-shenzhen` ↔ `szx`), the region enumerations of the
// SDK models (monitor, waf, dayu: ca, de, jp, kr, th, use, usw, in, tpe, shjr, szjr, bjjr, ...)
// and Tencent's internal alias table. Codes such as `bkk`, `fra`, `sv`, `va`, `tor`, `tyo`,
// `seoul` appear in none of them, so they are not guessed: an unknown code gives no region, and
// the caller says so instead of calling the wrong region. Add a code here when a real cluster
// shows one.
import type { Env } from '../net/proxy.ts';
import { BadInputError } from '../../domain/bad-input.ts';

const SHORT_NAMES: Readonly<Record<string, string>> = {
  gz: 'ap-guangzhou',
  gzopen: 'ap-guangzhou-open',
  szx: 'ap-shenzhen',
  szjr: 'ap-shenzhen-fsi',
  qy: 'ap-qingyuan',
  sh: 'ap-shanghai',
  shjr: 'ap-shanghai-fsi',
  shadc: 'ap-shanghai-adc',
  nj: 'ap-nanjing',
  bj: 'ap-beijing',
  bjjr: 'ap-beijing-fsi',
  tsn: 'ap-tianjin',
  cd: 'ap-chengdu',
  cq: 'ap-chongqing',
  hk: 'ap-hongkong',
  tpe: 'ap-taipei',
  sg: 'ap-singapore',
  th: 'ap-bangkok',
  jkt: 'ap-jakarta',
  in: 'ap-mumbai',
  kr: 'ap-seoul',
  jp: 'ap-tokyo',
  usw: 'na-siliconvalley',
  use: 'na-ashburn',
  ca: 'na-toronto',
  de: 'eu-frankfurt',
  sao: 'sa-saopaulo',
  hzec: 'ap-hangzhou-ec',
  jnec: 'ap-jinan-ec',
  fzec: 'ap-fuzhou-ec',
  whec: 'ap-wuhan-ec',
  csec: 'ap-changsha-ec',
  sjwec: 'ap-shijiazhuang-ec',
  hfeec: 'ap-hefei-ec',
  sheec: 'ap-shenyang-ec',
  xiyec: 'ap-xian-ec',
  cgoec: 'ap-zhengzhou-ec',
  xbec: 'ap-xibei-ec',
};

/**
 * `ap-guangzhou`, `na-siliconvalley`, `ap-shanghai-fsi`: two letters, a place, optional
 * qualifiers that start with a letter. A zone (`ap-guangzhou-3`) ends in a number and is refused.
 */
const REGION = /^[a-z]{2}-[a-z]+(?:-[a-z][a-z0-9]*)*$/;
const ZONE = /^([a-z]{2}-[a-z]+(?:-[a-z][a-z0-9]*)*)-\d+$/;

/** A malformed --region or TENCENTCLOUD_REGION: what the user typed is wrong (exit 2), not the cloud. */
export class RegionError extends BadInputError {}

export function isRegion(text: string): boolean {
  return REGION.test(text);
}

/** The API region of a node label value: a short name (`gz`) or a full region; undefined when unknown. */
export function regionFromLabel(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  return SHORT_NAMES[v] ?? (REGION.test(v) ? v : undefined);
}

export type RegionSource = 'flag' | 'env' | 'cluster';

export interface ResolvedRegion {
  region: string;
  source: RegionSource;
  /** What it was read from: `--region`, `TENCENTCLOUD_REGION`, or the node label value (`gz`). */
  from: string;
}

function checked(value: string, what: string): string {
  const v = value.trim();
  if (REGION.test(v)) return v;
  const zone = ZONE.exec(v);
  if (zone) throw new RegionError(`${what} "${v}" is a zone; its region is ${zone[1]}`);
  const short = SHORT_NAMES[v.toLowerCase()];
  if (short) throw new RegionError(`${what} "${v}" is a short region name; the API wants ${short}`);
  throw new RegionError(`${what} "${v}" is not a region (expected a name like ap-guangzhou)`);
}

/**
 * The region, and where it came from. `clusterHints` are node label values (short names or
 * full regions), best first; the first one that names a region wins. Undefined when nothing
 * says; a malformed flag or variable is an error, not silently skipped.
 */
export function resolveRegion(input: { flag?: string; env: Env; clusterHints?: readonly string[] }): ResolvedRegion | undefined {
  if (input.flag !== undefined && input.flag !== '') return { region: checked(input.flag, '--region'), source: 'flag', from: '--region' };
  const env = input.env.TENCENTCLOUD_REGION;
  if (env !== undefined && env !== '') return { region: checked(env, 'TENCENTCLOUD_REGION'), source: 'env', from: 'TENCENTCLOUD_REGION' };
  for (const hint of input.clusterHints ?? []) {
    const region = regionFromLabel(hint);
    if (region) return { region, source: 'cluster', from: hint };
  }
  return undefined;
}
