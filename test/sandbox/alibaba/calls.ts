// What the Alibaba emulator's call log (shared/call-log.ts) records for each API call: never a
// secret — the identity is the scenario credential's role, not its AccessKeyId, and params are
// the RPC parameters (no signature material travels in them with ACS3).

/** Which scenario credential signed the call: the access key, the STS credential, another operator's key, or none that matched. */
export type Identity = 'accessKey' | 'sts' | 'colleague' | 'anonymous';

export interface CallRecord {
  /** "ecs" or "eci"; "" when the request named no product the emulator serves. */
  service: string;
  action: string;
  identity: Identity;
  params: Record<string, string>;
  /** "" for success. */
  code: string;
  /** The HTTP status answered. */
  status: number;
  /** Milliseconds since the epoch when the answer was sent. */
  at: number;
}
