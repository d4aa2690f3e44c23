// What each tke-eni-ipamd version can do with security groups, from the product documents and
// the public changelog (v3.2.0 NodeENIConfig, v3.3.2 strong sync, v3.5.0 addon and ConfigMap,
// v3.5.8 need-sync; what each means for a change: docs/changing-groups.md).
// Versions are compared numerically:
// tags go past v3.8 (v3.10.0 seen), so string order would be wrong.

import { BadInputError } from '../bad-input.ts';

export interface IpamdVersion {
  major: number;
  minor: number;
  patch: number;
}

/** Accepts the image tag form (`v3.10.0`) and the addon form (`3.11.0`); a suffix is ignored. */
export function parseIpamdVersion(text: string): IpamdVersion | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

/** --ipamd-version as given: a version, or bad input naming the expected form. */
export function checkIpamdVersionFlag(text: string): IpamdVersion {
  const v = parseIpamdVersion(text);
  if (!v) throw new BadInputError(`--ipamd-version must be a version like v3.5.8, got "${text}"`);
  return v;
}

export function compareVersions(a: IpamdVersion, b: IpamdVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function formatVersion(v: IpamdVersion): string {
  return `v${v.major}.${v.minor}.${v.patch}`;
}

const v = (text: string): IpamdVersion => parseIpamdVersion(text)!;
const atLeast = (version: IpamdVersion, min: string) => compareVersions(version, v(min)) >= 0;

export type GlobalSettingPlace = 'none' | 'deployment-args' | 'addon-values';
export type ResyncMethod = 'need-sync' | 'toggle';

export interface IpamdCapabilities {
  /** The security-group feature exists at all (v3.2.0). */
  securityGroups: boolean;
  /** ENIs that already have groups follow the node's list exactly (changelog v3.3.2). */
  strongSync: boolean;
  /** Where the global setting lives: Deployment args before v3.5.0, addon values / ConfigMap after. */
  globalSetting: GlobalSettingPlace;
  /** Resync methods, best first: need-sync (v3.5.8) does not unbind groups, the toggle does. */
  resyncMethods: ResyncMethod[];
}

export function capabilitiesOf(version: IpamdVersion): IpamdCapabilities {
  if (!atLeast(version, '3.2.0')) {
    return { securityGroups: false, strongSync: false, globalSetting: 'none', resyncMethods: [] };
  }
  return {
    securityGroups: true,
    strongSync: atLeast(version, '3.3.2'),
    globalSetting: atLeast(version, '3.5.0') ? 'addon-values' : 'deployment-args',
    resyncMethods: atLeast(version, '3.5.8') ? ['need-sync', 'toggle'] : ['toggle'],
  };
}
