// CloudAudit 2019-03-19 LookUpEvents: who made the calls that changed an ENI's groups. Asked per
// ENI by ResourceName (a node has a few ENIs; asking by EventName would page through every such
// call of the account, ipamd's thousands included), MaxResults 50, paged by NextToken, in a
// window of days; the events kept are those whose name changes groups.
// Fields from cloudaudit_models.d.ts (Event); the identity inside CloudAuditEvent's
// userIdentity, EventTime "YYYY-MM-DD hh:mm:ss" in UTC+8 (tccli's LookUpEvents example; the
// assumption is written down in docs/assumptions.md, "CloudAudit").
import type { LookUpEventsResponse } from 'tencentcloud-sdk-nodejs/tencentcloud/services/cloudaudit/v20190319/cloudaudit_models.js';
import type { CloudAuditEvent } from '../../domain/change-timeline.ts';
import type { CloudCaller } from './clients.ts';
import { maskSecretId } from './credentials.ts';

/** The calls that change an ENI's groups: bind, unbind, and a replacement through the ENI's attributes. */
export const GROUP_CHANGE_EVENTS = ['AssociateNetworkInterfaceSecurityGroups', 'DisassociateNetworkInterfaceSecurityGroups', 'ModifyNetworkInterfaceAttribute'] as const;

const MAX_RESULTS = 50;
/** Pages per ENI at most: 1,000 events; beyond that the answer says it stopped. */
const MAX_PAGES = 20;

interface UserIdentity {
  type?: string;
  userName?: string;
  principalId?: number | string;
  accountId?: number | string;
  secretId?: string;
}

interface Detail {
  userIdentity?: UserIdentity;
  requestParameters?: string;
}

/** "2019-03-20 12:36:27" (UTC+8) → ISO 8601 UTC; undefined when it is not that shape. */
export function auditTime(text: string | undefined): string | undefined {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)$/.exec(text ?? '');
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2]}+08:00`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The caller as kubectl-sg records its own (a sub-user's ARN), with the name and key CloudAudit gives. */
export function auditIdentity(u: UserIdentity | undefined, username: string | undefined, secretId: string | undefined): string {
  const key = secretId ? `, key ${maskSecretId(secretId)}` : '';
  const name = username || u?.userName || 'unknown';
  if (u?.type === 'CAMUser' && u.accountId !== undefined && u.principalId !== undefined) return `qcs::cam:${u.accountId}:uin/${u.principalId} (${name}${key})`;
  if (u?.type === 'Root' && u.accountId !== undefined) return `qcs::cam::uin/${u.accountId} (root${key})`;
  return `${name} (${u?.type ?? 'unknown type'}${key})`;
}

function parseDetail(text: string | undefined): Detail {
  try {
    return JSON.parse(text ?? '{}') as Detail;
  } catch {
    return {};
  }
}

/** The groups a call named (SecurityGroupIds in its parameters), when the record says. */
function groupsNamed(d: Detail): string[] | null {
  try {
    const p = JSON.parse(d.requestParameters ?? '{}') as { SecurityGroupIds?: unknown };
    return Array.isArray(p.SecurityGroupIds) ? p.SecurityGroupIds.map(String) : null;
  } catch {
    return null;
  }
}

export interface EniAuditAnswer {
  events: CloudAuditEvent[];
  /** True when an ENI had more events than were read. */
  truncated: boolean;
}

export interface CloudAuditApi {
  /** The group changes of these ENIs in [from, to] (Unix seconds), newest first; `about` names what each ENI belongs to. */
  eniGroupChanges(enis: ReadonlyArray<{ id: string; about: string }>, from: number, to: number): Promise<EniAuditAnswer>;
}

export function cloudAuditApi(api: CloudCaller): CloudAuditApi {
  return {
    async eniGroupChanges(enis, from, to) {
      let truncated = false;
      const perEni = await Promise.all(
        enis.map(async (eni) => {
          const out: CloudAuditEvent[] = [];
          let next: string | undefined;
          for (let page = 0; page < MAX_PAGES; page++) {
            const r = await api.call<LookUpEventsResponse>('cloudaudit', 'LookUpEvents', {
              StartTime: from,
              EndTime: to,
              MaxResults: MAX_RESULTS,
              LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: eni.id }],
              ...(next ? { NextToken: next } : {}),
            });
            for (const e of r.Events ?? []) {
              if (!(GROUP_CHANGE_EVENTS as readonly string[]).includes(e.EventName ?? '')) continue;
              const d = parseDetail(e.CloudAuditEvent);
              out.push({
                source: 'cloudaudit',
                at: auditTime(e.EventTime) ?? e.EventTime ?? '',
                eventName: e.EventName!,
                resource: eni.id,
                identity: auditIdentity(d.userIdentity, e.Username, e.SecretId ?? d.userIdentity?.secretId),
                groups: groupsNamed(d),
                about: eni.about,
              });
            }
            if (r.ListOver !== false || !r.NextToken) return out;
            next = r.NextToken;
          }
          truncated = true;
          return out;
        }),
      );
      return { events: perEni.flat(), truncated };
    },
  };
}
