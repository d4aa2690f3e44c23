// CloudAudit 2019-03-19 LookUpEvents: who made the calls that changed an ENI's groups. Asked per
// ENI by ResourceName (a node has a few ENIs; asking by EventName pages through every such call
// of the account, ipamd's thousands included, so it is the fallback), MaxResults 50, paged by
// NextToken, in a window of days; the events kept are those whose name changes groups and that
// name the ENI (in ResourceName or in the call's parameters).
// Fields from cloudaudit_models.d.ts (Event); the identity inside CloudAuditEvent's
// userIdentity, EventTime "YYYY-MM-DD hh:mm:ss" in UTC+8 (tccli's LookUpEvents example; the
// assumption is written down in docs/assumptions.md, "CloudAudit").
import type { LookUpEventsResponse } from 'tencentcloud-sdk-nodejs/tencentcloud/services/cloudaudit/v20190319/cloudaudit_models.js';
import type { CloudAuditEvent } from '../../domain/change-timeline.ts';
import type { CloudCaller } from './clients.ts';
import { maskSecretId } from './credentials.ts';

/** The calls that change an ENI's groups: bind, unbind, and a replacement through the ENI's attributes. */
const GROUP_CHANGE_EVENTS = ['AssociateNetworkInterfaceSecurityGroups', 'DisassociateNetworkInterfaceSecurityGroups', 'ModifyNetworkInterfaceAttribute'] as const;

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
  /** True when a search had more events than were read. */
  truncated: boolean;
}

export interface CloudAuditApi {
  /** The group changes of these ENIs in [from, to] (Unix seconds), asked per ENI by ResourceName; `about` names what each ENI belongs to. */
  eniGroupChanges(enis: ReadonlyArray<{ id: string; about: string }>, from: number, to: number): Promise<EniAuditAnswer>;
  /**
   * The same, asked per event name and sorted out here: for ENIs a search by ResourceName found
   * nothing for, in case CloudAudit finds a call on several ENIs only by its whole ResourceName
   * (docs/assumptions.md, "CloudAudit"). Costs a page per 50 such calls of the account.
   */
  eniGroupChangesByName(enis: ReadonlyArray<{ id: string; about: string }>, from: number, to: number): Promise<EniAuditAnswer>;
}

type AuditEvent = NonNullable<LookUpEventsResponse['Events']>[number];

/** The ENIs a call named: its ResourceName (comma-joined) and its parameters' NetworkInterfaceIds / NetworkInterfaceId. */
function enisNamed(e: AuditEvent, d: Detail): Set<string> {
  const named = new Set((e.Resources?.ResourceName ?? '').split(',').filter(Boolean));
  try {
    const p = JSON.parse(d.requestParameters ?? '{}') as { NetworkInterfaceIds?: unknown; NetworkInterfaceId?: unknown };
    if (Array.isArray(p.NetworkInterfaceIds)) for (const id of p.NetworkInterfaceIds) named.add(String(id));
    if (typeof p.NetworkInterfaceId === 'string') named.add(p.NetworkInterfaceId);
  } catch {
    // parameters not JSON: ResourceName alone
  }
  return named;
}

export function cloudAuditApi(api: CloudCaller): CloudAuditApi {
  /** Every event of one search, newest first, up to MAX_PAGES pages. */
  const search = async (key: string, value: string, from: number, to: number): Promise<{ events: AuditEvent[]; truncated: boolean }> => {
    const events: AuditEvent[] = [];
    let next: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = await api.call<LookUpEventsResponse>('cloudaudit', 'LookUpEvents', {
        StartTime: from,
        EndTime: to,
        MaxResults: MAX_RESULTS,
        LookupAttributes: [{ AttributeKey: key, AttributeValue: value }],
        ...(next ? { NextToken: next } : {}),
      });
      events.push(...(r.Events ?? []));
      if (r.ListOver !== false || !r.NextToken) return { events, truncated: false };
      next = r.NextToken;
    }
    return { events, truncated: true };
  };
  /** The group changes among `events` that name one of `enis`, one per ENI named. */
  const changesOf = (events: readonly AuditEvent[], enis: ReadonlyArray<{ id: string; about: string }>): CloudAuditEvent[] =>
    events.flatMap((e) => {
      if (!(GROUP_CHANGE_EVENTS as readonly string[]).includes(e.EventName ?? '')) return [];
      const d = parseDetail(e.CloudAuditEvent);
      const named = enisNamed(e, d);
      return enis
        .filter((eni) => named.has(eni.id))
        .map((eni) => ({
          source: 'cloudaudit' as const,
          at: auditTime(e.EventTime) ?? e.EventTime ?? '',
          eventName: e.EventName!,
          resource: eni.id,
          identity: auditIdentity(d.userIdentity, e.Username, e.SecretId ?? d.userIdentity?.secretId),
          groups: groupsNamed(d),
          about: eni.about,
        }));
    });
  return {
    async eniGroupChanges(enis, from, to) {
      const per = await Promise.all(enis.map(async (eni) => ({ eni, found: await search('ResourceName', eni.id, from, to) })));
      return { events: per.flatMap(({ eni, found }) => changesOf(found.events, [eni])), truncated: per.some((p) => p.found.truncated) };
    },
    async eniGroupChangesByName(enis, from, to) {
      const per = await Promise.all(GROUP_CHANGE_EVENTS.map((name) => search('EventName', name, from, to)));
      return { events: per.flatMap((p) => changesOf(p.events, enis)), truncated: per.some((p) => p.truncated) };
    },
  };
}
