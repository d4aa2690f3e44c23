// The Alibaba Cloud region the calls go to: `--region`, else ALIBABA_CLOUD_REGION_ID (the
// variable the Alibaba SDKs and CLI read), else what the cluster says (the
// topology.kubernetes.io/region label of virtual nodes, eci-profile). Alibaba regions are
// `cn-hangzhou`, `ap-southeast-1`, `cn-shanghai-finance-1`; zones add a letter (`cn-hangzhou-h`,
// `ap-southeast-1a`), which the API refuses as a region.
import { BadInputError } from '../../domain/bad-input.ts';
import type { Env } from '../net/proxy.ts';

const REGION = /^[a-z]{2}-[a-z]+(?:-[a-z0-9]+)*$/;
/** A zone: its region, then `-h` (a letter alone) or a trailing letter after the region's number (`-1a`). */
const ZONE = /^([a-z]{2}-[a-z]+(?:-[a-z0-9]+)*?)-(?:([a-z])|(\d+)[a-z])$/;

/** A malformed --region or ALIBABA_CLOUD_REGION_ID: what the user typed is wrong (exit 2), not the cloud. */
export class AlibabaRegionError extends BadInputError {}

export type AlibabaRegionSource = 'flag' | 'env' | 'cluster';

export interface ResolvedAlibabaRegion {
  region: string;
  source: AlibabaRegionSource;
  /** What it was read from: `--region`, `ALIBABA_CLOUD_REGION_ID`, or the cluster's value. */
  from: string;
}

/** The region of a zone name, or undefined when `text` is no zone. */
function zoneRegion(text: string): string | undefined {
  const m = ZONE.exec(text);
  if (!m) return undefined;
  return m[2] !== undefined ? m[1] : `${m[1]}-${m[3]}`;
}

function checked(value: string, what: string): string {
  const v = value.trim();
  const region = zoneRegion(v);
  if (region) throw new AlibabaRegionError(`${what} "${v}" is a zone; its region is ${region}`);
  if (REGION.test(v)) return v;
  throw new AlibabaRegionError(`${what} "${v}" is not an Alibaba Cloud region (expected a name like cn-hangzhou)`);
}

/** The region a cluster value names (a region, or a zone's region); undefined when it names none. */
export function alibabaRegionFromHint(hint: string): string | undefined {
  const v = hint.trim().toLowerCase();
  return zoneRegion(v) ?? (REGION.test(v) ? v : undefined);
}

/** The region, and where it came from; undefined when nothing says. A malformed flag or variable is an error, not skipped. */
export function resolveAlibabaRegion(input: { flag?: string; env: Env; clusterHints?: readonly string[] }): ResolvedAlibabaRegion | undefined {
  if (input.flag !== undefined && input.flag !== '') return { region: checked(input.flag, '--region'), source: 'flag', from: '--region' };
  const env = input.env.ALIBABA_CLOUD_REGION_ID;
  if (env !== undefined && env !== '') return { region: checked(env, 'ALIBABA_CLOUD_REGION_ID'), source: 'env', from: 'ALIBABA_CLOUD_REGION_ID' };
  for (const hint of input.clusterHints ?? []) {
    const region = alibabaRegionFromHint(hint);
    if (region) return { region, source: 'cluster', from: hint };
  }
  return undefined;
}
