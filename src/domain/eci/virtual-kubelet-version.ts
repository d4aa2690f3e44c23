// The version of Alibaba's virtual kubelet (the ack-virtual-node component) and what it means
// for an eci-profile change. The product page (seed 002) says virtual kubelet
// v2.0.0.90-15deb126e-aliyun and later hot-update eci-profile; older ones read it when they start
// (docs/assumptions.md, "Virtual kubelet's version decides when an eci-profile change applies").
//
// Versions, from the component's release notes (image registry-vpc.$RegionId.aliyuncs.com/acs/
// virtual-nodes-eci:<tag>): `v1.0.0.2-aliyun`, `v2.0.0.618-7fd50d738-aliyun`,
// `v2.0.0.90-15deb126e-aliyun` — four numbers, then a commit hash and `-aliyun`. The numbers are
// compared numerically (the hot update is the release notes' "ECI Profile" feature of 2021-04-06;
// the later releases are numbered 93, 101, 102, 110, ...). One release breaks the order:
// v2.0.0.618-7fd50d738-aliyun came out on 2020-12-04, before v2.0.0.76, so it is listed as older
// by name. A three-number tag (`v2.11.0`) compares as `v2.11.0.0`.
//
// Where it is read: the Deployment's image tag is the component's own version; a node's
// kubeletVersion counts only in the component's four-number form, since a virtual node may report
// a Kubernetes version instead (`v1.31.1-aliyun.1` is seen on an ACS virtual node), which says
// nothing about the component.

export interface VirtualKubeletVersion {
  /** As written, e.g. `v2.0.0.90-15deb126e-aliyun`. */
  text: string;
  /** The numbers, 3 or 4 of them. */
  numbers: number[];
}

/** The first version that hot-updates eci-profile (seed 002). */
export const HOT_UPDATE_VERSION = 'v2.0.0.90-15deb126e-aliyun';

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?$/;

/** A version as an image tag names it; undefined when the text is no version (`latest`, a digest, a word). */
export function parseVirtualKubeletVersion(text: string): VirtualKubeletVersion | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  return { text: text.trim(), numbers: m.slice(1).filter((x): x is string => x !== undefined).map(Number) };
}

/**
 * A node's kubeletVersion read as the component's version: only the four-number form is; a
 * three-number one is taken for the Kubernetes version the node reports.
 */
export function virtualKubeletVersionOfNode(kubeletVersion: string): VirtualKubeletVersion | undefined {
  const v = parseVirtualKubeletVersion(kubeletVersion);
  return v && v.numbers.length === 4 ? v : undefined;
}

export function compareVirtualKubeletVersions(a: VirtualKubeletVersion, b: VirtualKubeletVersion): number {
  for (let i = 0; i < 4; i++) {
    const d = (a.numbers[i] ?? 0) - (b.numbers[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * When virtual kubelet takes in an eci-profile change: `now` (hot update: the next pod uses it),
 * `restart` (it reads the profile when it starts), or `unknown` (its version is not known).
 */
export type ProfileReload = 'now' | 'restart' | 'unknown';

/** Releases whose number is higher than HOT_UPDATE_VERSION's but that came out before it (release notes, December 2020). */
const RELEASED_BEFORE_HOT_UPDATE = new Set(['v2.0.0.618-7fd50d738-aliyun']);

export function profileReload(v: VirtualKubeletVersion | undefined): ProfileReload {
  if (!v) return 'unknown';
  if (RELEASED_BEFORE_HOT_UPDATE.has(v.text)) return 'restart';
  return compareVirtualKubeletVersions(v, parseVirtualKubeletVersion(HOT_UPDATE_VERSION)!) >= 0 ? 'now' : 'restart';
}

/** Several virtual kubelets (nodes may disagree during an upgrade): one that reads the profile only when it starts decides. */
export function profileReloadOfAll(versions: readonly VirtualKubeletVersion[]): ProfileReload {
  const each = versions.map(profileReload);
  return each.length === 0 ? 'unknown' : each.includes('restart') ? 'restart' : 'now';
}
