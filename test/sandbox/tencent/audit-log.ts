// What CloudAudit keeps: one record per write call the emulator answered successfully (group
// changes among them), with the key that signed it, so LookUpEvents (services/cloudaudit.ts)
// can say who changed an ENI's groups. Read calls are not kept: nothing looks them up, and a
// 5,000-node sandbox makes millions. Bounded like the group-change log (the oldest dropped).
import type { Identity } from './services/types.ts';

export interface AuditRecord {
  eventId: string;
  eventName: string;
  /** The service's host label: vpc, tke, ... */
  service: string;
  /** Milliseconds since the epoch. */
  at: number;
  identity: Identity;
  /** The SecretId that signed the call (an ID, not a secret). */
  secretId: string;
  requestId: string;
  region: string;
  /** The resources the call named (ENI IDs for the ENI actions). */
  resources: string[];
  /** The call's parameters as sent. */
  params: Record<string, unknown>;
}

export const MAX_AUDIT_RECORDS = 100_000;

export class AuditLog {
  private entries: AuditRecord[] = [];

  add(r: AuditRecord): void {
    this.entries.push(r);
    if (this.entries.length > MAX_AUDIT_RECORDS) this.entries.splice(0, this.entries.length - MAX_AUDIT_RECORDS);
  }

  /** Records made in [from, to] (ms), newest first, as CloudAudit lists them. */
  between(from: number, to: number): AuditRecord[] {
    return this.entries.filter((r) => r.at >= from && r.at <= to).reverse();
  }
}

/** The resource IDs a write call names: its ENIs (NetworkInterfaceIds / NetworkInterfaceId), else none. */
export function resourcesOf(params: Record<string, unknown>): string[] {
  const many = params.NetworkInterfaceIds;
  if (Array.isArray(many)) return many.map(String);
  return typeof params.NetworkInterfaceId === 'string' ? [params.NetworkInterfaceId] : [];
}
