// Before an emulator's answer leaves, every secret it knows (secret keys, session tokens) is
// masked, whatever a message happens to contain.

export class SecretScrubber {
  private readonly secrets: string[];
  constructor(secrets: string[]) {
    // Longest first, so that a secret containing another is masked whole.
    this.secrets = [...new Set(secrets.filter((s) => s.length >= 8))].sort((a, b) => b.length - a.length);
  }
  scrub(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join('***');
    return out;
  }
}
