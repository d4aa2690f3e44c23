// The response envelope: {"Response": {...fields, "RequestId"}} for success and
// {"Response": {"Error": {"Code", "Message"}, "RequestId"}} for errors, always HTTP 200 with
// Content-Type application/json, as the real API answers. Before a body leaves, every secret
// the emulator knows (SecretKeys, session tokens) is masked, whatever a message contains.

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

export function okBody(requestId: string, fields: Record<string, unknown>): string {
  return JSON.stringify({ Response: { ...fields, RequestId: requestId } });
}

export function errorBody(requestId: string, code: string, message: string): string {
  return JSON.stringify({ Response: { Error: { Code: code, Message: message }, RequestId: requestId } });
}
