// The parts of an OCI image reference (distribution/reference's grammar, as kubelet and
// containerd read `image:`): `[host[:port]/]path[:tag][@digest]`. The tag is the part after the
// last `:` of the last path component only, so a registry port (`registry.example:5000/x`) is
// never a tag, and a digest (`@sha256:…`) is cut off first. No tag means `latest` to a runtime,
// which names no version; ipamd's version is read from the tag when it is one (ipamd-version.ts).

export interface ImageRef {
  /** Everything before the tag and digest, e.g. `registry.example:5000/tke/tke-eni-ipamd`. */
  repository: string;
  /** undefined when the reference has none (the runtime then pulls `latest`, or the digest). */
  tag: string | undefined;
  /** `sha256:…`, when pinned by digest. */
  digest: string | undefined;
}

export function parseImageRef(image: string): ImageRef {
  const at = image.indexOf('@');
  const named = at < 0 ? image : image.slice(0, at);
  const digest = at < 0 ? undefined : image.slice(at + 1);
  const lastComponent = named.lastIndexOf('/') + 1;
  const colon = named.indexOf(':', lastComponent);
  if (colon < 0) return { repository: named, tag: undefined, digest };
  return { repository: named.slice(0, colon), tag: named.slice(colon + 1), digest };
}
