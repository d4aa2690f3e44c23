// Masks known secrets in text headed for a message, a log or JSON: each credential records
// every value it ever held (renewed keys included) and passes them here with their masks.

/** Replaces each secret by a mask: the full value never survives into a message. */
export type Scrub = (text: string) => string;

/**
 * `text` with every listed value replaced by its mask, longest first (a secret that contains
 * another is masked whole). Values under 6 characters are left: masking them would garble text
 * without protecting anything.
 */
export function maskSecrets(text: string, secrets: ReadonlyArray<readonly [value: string | undefined, mask: string]>): string {
  let out = text;
  const list = secrets.filter((s): s is readonly [string, string] => !!s[0] && s[0].length >= 6).sort((a, b) => b[0].length - a[0].length);
  for (const [value, mask] of list) if (out.includes(value)) out = out.split(value).join(mask);
  return out;
}
