// The virtual kubelet's version and whether it hot-updates eci-profile, as the simulator decides
// it for itself (never importing the plugin). Seed 002: "Virtual Kubelet 2.0.0.90-15deb126e-aliyun
// and later allow modifications to eci-profile for hot updates"; older ones read the profile when
// they start. Versions as the ack-virtual-node release notes write them: `v2.0.0.90-15deb126e-aliyun`
// (four numbers, commit, -aliyun), compared by number; v2.0.0.618-7fd50d738-aliyun was released
// in December 2020, before the hot update, whatever its number says.

const HOT_UPDATE = [2, 0, 0, 90];
const BEFORE_HOT_UPDATE = new Set(['v2.0.0.618-7fd50d738-aliyun']);

/** The numbers of `v2.0.0.90-15deb126e-aliyun`, or undefined when the text is no version. */
function numbers(version: string): number[] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?$/.exec(version);
  return m ? [m[1], m[2], m[3], m[4] ?? '0'].map(Number) : undefined;
}

/** True from v2.0.0.90 on. A version the simulator cannot read is taken as a current one. */
export function hotUpdatesProfile(version: string): boolean {
  if (BEFORE_HOT_UPDATE.has(version)) return false;
  const n = numbers(version);
  if (!n) return true;
  for (let i = 0; i < 4; i++) if (n[i] !== HOT_UPDATE[i]) return n[i]! > HOT_UPDATE[i]!;
  return true;
}

/** The tag of an image reference (`repo:tag`, `repo:tag@sha256:…`); undefined without one. */
export function imageTag(image: string): string | undefined {
  const named = image.split('@')[0]!;
  const colon = named.indexOf(':', named.lastIndexOf('/') + 1);
  return colon < 0 ? undefined : named.slice(colon + 1);
}
