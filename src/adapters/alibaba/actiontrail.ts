// ActionTrail 2020-07-06 LookupEvents: who made the calls that changed an ECI instance's ENI
// groups. Asked per ENI by ResourceName (exact match: the LookupAttribute page), 50 a page,
// NextToken until empty, StartTime/EndTime in UTC (yyyy-MM-ddTHH:mm:ssZ); the events kept are
// the ECS calls that change an ENI's groups. Request and answer from the official SDK's models
// (aliyun/alibabacloud-typescript-sdk actiontrail-20200706: LookupEventsRequest,
// LookupEventsResponseBody); an event's fields as ActionTrail's event reference names them.
import type { CloudAuditEvent } from '../../domain/change-timeline.ts';
import { maskAccessKeyId } from './credentials.ts';
import type { RpcClient } from './rpc.ts';

/** ECS calls that change an ENI's groups: replace them, join one, leave one. */
const ENI_GROUP_EVENTS = ['ModifyNetworkInterfaceAttribute', 'JoinSecurityGroup', 'LeaveSecurityGroup'] as const;

const MAX_RESULTS = 50;
const MAX_PAGES = 20;

interface TrailEvent {
  eventName?: string;
  eventTime?: string;
  requestParameters?: Record<string, unknown>;
  userIdentity?: { type?: string; userName?: string; accountId?: string; accessKeyId?: string };
}

interface LookupEventsBody {
  Events?: TrailEvent[];
  NextToken?: string;
}

const utc = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A RAM user as STS names it (`acs:ram::<account>:user/<name>`, what kubectl-sg records for its own changes), with the key masked. */
export function trailIdentity(u: TrailEvent['userIdentity']): string {
  const key = u?.accessKeyId ? `, key ${maskAccessKeyId(u.accessKeyId)}` : '';
  if (u?.type === 'ram-user' && u.accountId && u.userName) return `acs:ram::${u.accountId}:user/${u.userName} (${u.userName}${key})`;
  if (u?.type === 'root-account' && u.accountId) return `acs:ram::${u.accountId}:root (root${key})`;
  return `${u?.userName || 'unknown'} (${u?.type ?? 'unknown type'}${key})`;
}

/** The groups a call named: SecurityGroupId.N (Modify...), SecurityGroupId (Join/Leave). */
function groupsNamed(p: Record<string, unknown> | undefined): string[] | null {
  if (!p) return null;
  const many = Object.keys(p)
    .filter((k) => /^SecurityGroupId\.\d+$/.test(k))
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
    .map((k) => String(p[k]));
  if (many.length > 0) return many;
  return typeof p.SecurityGroupId === 'string' ? [p.SecurityGroupId] : null;
}

export interface TrailAnswer {
  events: CloudAuditEvent[];
  truncated: boolean;
}

/** The group changes of these ENIs in [fromMs, toMs], newest first per ENI. */
export async function eniGroupChanges(rpc: RpcClient, enis: ReadonlyArray<{ id: string; about: string }>, fromMs: number, toMs: number): Promise<TrailAnswer> {
  let truncated = false;
  const per = await Promise.all(
    enis.map(async (eni) => {
      const out: CloudAuditEvent[] = [];
      let next = '';
      for (let page = 0; page < MAX_PAGES; page++) {
        const r = await rpc.call<LookupEventsBody>('actiontrail', 'LookupEvents', {
          StartTime: utc(fromMs),
          EndTime: utc(toMs),
          MaxResults: MAX_RESULTS,
          'LookupAttribute.1.Key': 'ResourceName',
          'LookupAttribute.1.Value': eni.id,
          NextToken: next || undefined,
        });
        for (const e of r.Events ?? []) {
          if (!(ENI_GROUP_EVENTS as readonly string[]).includes(e.eventName ?? '')) continue;
          out.push({ source: 'actiontrail', at: e.eventTime ?? '', eventName: e.eventName!, resource: eni.id, identity: trailIdentity(e.userIdentity), groups: groupsNamed(e.requestParameters), about: eni.about });
        }
        if (!r.NextToken) return out;
        next = r.NextToken;
      }
      truncated = true;
      return out;
    }),
  );
  return { events: per.flat(), truncated };
}
