// Version rules of tke-eni-ipamd's security-group feature (domain.md "Versions", seeds, the
// public changelog). Versions are compared numerically: tags go past v3.8 (v3.10.0 seen).

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

/**
 * An OCI image reference `[host[:port]/]path[:tag][@digest]` without its tag and digest, and
 * the tag: a `:` counts only in the last path component (a registry port is not a tag).
 */
export function splitImage(image: string): { name: string; tag: string | undefined } {
  const named = image.split('@')[0]!;
  const m = /^(.*?[^/]*?)(?::([^:/]*))?$/.exec(named)!;
  return { name: m[1]!, tag: m[2] };
}

/** The image with this tag (a digest pin is dropped: the tag names another image). */
export function withImageTag(image: string, tag: string): string {
  return `${splitImage(image).name}:${tag}`;
}

/** `v3.10.0`, `3.11.0`, or an image reference whose tag is such a version. */
export function parseVersion(text: string): Version | undefined {
  const tag = /[:/@]/.test(text) ? (splitImage(text).tag ?? '') : text;
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(tag.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) } : undefined;
}

export function atLeast(v: Version, min: string): boolean {
  const m = parseVersion(min)!;
  return (v.major - m.major || v.minor - m.minor || v.patch - m.patch) >= 0;
}

export function formatVersion(v: Version): string {
  return `v${v.major}.${v.minor}.${v.patch}`;
}

export interface Features {
  /** v3.2.0: the security-group feature exists (NEC spec.securityGroups, the node annotations). */
  securityGroups: boolean;
  /** v3.3.2 (changelog 2021-06-01): an ENI that already has groups is strongly synced to the node's list. */
  strongSync: boolean;
  /** v3.5.0: the global setting moved from the Deployment args to the ConfigMap / addon values. */
  configFrom: 'args' | 'configmap';
  /** v3.5.8: the need-sync-security-groups node annotation. */
  needSync: boolean;
}

export function featuresOf(v: Version | undefined): Features {
  if (!v) return { securityGroups: false, strongSync: false, configFrom: 'args', needSync: false };
  return {
    securityGroups: atLeast(v, '3.2.0'),
    strongSync: atLeast(v, '3.3.2'),
    configFrom: atLeast(v, '3.5.0') ? 'configmap' : 'args',
    needSync: atLeast(v, '3.5.8'),
  };
}
