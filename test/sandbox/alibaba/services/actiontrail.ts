// ActionTrail 2020-07-06 LookupEvents: the account's operation events, searched. Request and
// answer from the official SDK's models (aliyun/alibabacloud-typescript-sdk
// actiontrail-20200706/src/models/LookupEventsRequest.ts, LookupEventsResponseBody.ts):
// StartTime, EndTime (ISO 8601 UTC, yyyy-MM-ddTHH:mm:ssZ; both or neither: the default window
// is the last 7 days), LookupAttribute.N.Key/Value, MaxResults (1..50), NextToken, Direction
// (BACKWARD, newest first, by default); answer Events (objects), NextToken ("" on the last
// page), StartTime, EndTime. The attribute keys and their rules from "How do I configure the
// LookupAttribute parameter" (alibabacloud.com/help/en/actiontrail/support/how-to-set-the-lookupattribute-parameter):
// one or two conditions, exact and case-sensitive, both must hold. An event's fields as the
// ActionTrail event reference and the SLS field list name them (eventId, eventName, eventTime
// in UTC, eventRW, serviceName, acsRegion, requestParameters, resourceName, resourceType,
// userIdentity {type, principalId, accountId, accessKeyId, userName}).
// Our choices (docs/assumptions.md, "ActionTrail"): only write calls are kept (state.ts); a call
// on an ENI has resourceType ACS::ECS::NetworkInterface and resourceName the ENI's ID; a RAM
// user's userIdentity.type is ram-user; default MaxResults 20; any valid key may search (the
// emulator has no RAM policies).
import { acsError, invalidParameter } from '../errors.ts';
import { integer, optional, type Params } from '../params.ts';
import type { WriteRecord } from '../state.ts';
import { ALIBABA_ACCOUNT_ID, COLLEAGUE_USER, OPERATOR_ROLE, OPERATOR_USER } from './sts.ts';
import type { ActionContext, ServiceDef } from './types.ts';

export const ACTIONTRAIL_VERSION = '2020-07-06';
const KEYS = ['ServiceName', 'EventName', 'User', 'EventId', 'ResourceType', 'ResourceName', 'EventRW', 'EventAccessKeyId', 'SensitiveAction', 'SourceIpAddress', 'EventType', 'RoleName'];
const WINDOW_MS = 7 * 86_400_000;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function parseTime(p: Params, name: string): number | undefined {
  const v = optional(p, name);
  if (v === undefined) return undefined;
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(v)) throw invalidParameter(name, `expected yyyy-MM-ddTHH:mm:ssZ (UTC), got ${v}`);
  return Date.parse(v);
}

function who(r: WriteRecord) {
  if (r.identity === 'sts') return { type: 'assumed-role', principalId: `${OPERATOR_ROLE.id}:${OPERATOR_ROLE.session}`, accountId: ALIBABA_ACCOUNT_ID, accessKeyId: r.accessKeyId, userName: `${OPERATOR_ROLE.name}:${OPERATOR_ROLE.session}` };
  const user = r.identity === 'colleague' ? COLLEAGUE_USER : OPERATOR_USER;
  return { type: 'ram-user', principalId: user.id, accountId: ALIBABA_ACCOUNT_ID, accessKeyId: r.accessKeyId, userName: user.name };
}

function resourceOf(r: WriteRecord): { type: string; name: string } {
  if (r.params.NetworkInterfaceId) return { type: 'ACS::ECS::NetworkInterface', name: r.params.NetworkInterfaceId };
  return { type: '', name: '' };
}

function eventOf(r: WriteRecord) {
  const resource = resourceOf(r);
  const { RegionId: _region, ...parameters } = r.params;
  return {
    eventId: r.eventId,
    eventVersion: 1,
    eventName: r.eventName,
    eventTime: iso(r.at),
    eventRW: 'Write',
    eventType: 'ApiCall',
    eventSource: `${r.serviceName.toLowerCase()}.${r.region}.aliyuncs.com`,
    serviceName: r.serviceName,
    acsRegion: r.region,
    requestId: r.eventId,
    apiVersion: '2014-05-26',
    sourceIpAddress: '127.0.0.1',
    userAgent: 'AlibabaCloud SDK',
    isGlobal: false,
    requestParameters: { ...parameters, RegionId: r.region },
    resourceType: resource.type,
    resourceName: resource.name,
    referencedResources: resource.type ? { [resource.type]: [resource.name] } : {},
    userIdentity: who(r),
  };
}

function matches(r: WriteRecord, key: string, value: string): boolean {
  const u = who(r);
  switch (key) {
    case 'ServiceName':
      return r.serviceName === value;
    case 'EventName':
      return r.eventName === value;
    case 'User':
      return u.userName === value;
    case 'EventId':
      return r.eventId === value;
    case 'ResourceType':
      return resourceOf(r).type === value;
    case 'ResourceName':
      return resourceOf(r).name === value;
    case 'EventRW':
      return value === 'Write';
    case 'EventAccessKeyId':
      return r.accessKeyId === value;
    case 'EventType':
      return value === 'ApiCall';
    default:
      return false;
  }
}

function lookupEvents(p: Params, ctx: ActionContext): Record<string, unknown> {
  const start = parseTime(p, 'StartTime');
  const end = parseTime(p, 'EndTime');
  if ((start === undefined) !== (end === undefined)) throw invalidParameter('StartTime', 'StartTime and EndTime go together');
  const to = end ?? Date.now();
  const from = start ?? to - WINDOW_MS;
  if (from > to) throw invalidParameter('EndTime', 'EndTime is before StartTime');
  const max = integer(p, 'MaxResults', { min: 1, max: 50, default: 20 });
  // At most two conditions count: the first two (the LookupAttribute page).
  const conditions: { key: string; value: string }[] = [];
  for (let n = 1; p.has(`LookupAttribute.${n}.Key`); n++) {
    const key = p.get(`LookupAttribute.${n}.Key`)!;
    if (!KEYS.includes(key)) throw invalidParameter(`LookupAttribute.${n}.Key`, `expected one of ${KEYS.join(', ')}, got ${key}`);
    conditions.push({ key, value: p.get(`LookupAttribute.${n}.Value`) ?? '' });
  }
  const direction = optional(p, 'Direction') ?? 'BACKWARD';
  if (direction !== 'BACKWARD' && direction !== 'FORWARD') throw invalidParameter('Direction', `expected BACKWARD or FORWARD, got ${direction}`);
  const found = ctx.state.writes.filter((r) => r.at >= from && r.at <= to + 999 && r.region === ctx.region && conditions.slice(0, 2).every((c) => matches(r, c.key, c.value)));
  if (direction === 'BACKWARD') found.reverse();
  let offset = 0;
  const token = optional(p, 'NextToken');
  if (token !== undefined && token !== '') {
    offset = Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0) throw acsError('InvalidParameter.NextToken', 'The NextToken is not one this API returned.', 400);
  }
  const page = found.slice(offset, offset + max);
  const next = offset + page.length;
  return { Events: page.map(eventOf), NextToken: next < found.length ? Buffer.from(String(next)).toString('base64url') : '', StartTime: iso(from), EndTime: iso(to) };
}

export const actiontrailService: ServiceDef = {
  service: 'actiontrail',
  product: 'Actiontrail',
  version: ACTIONTRAIL_VERSION,
  actions: {
    // The API reference gives no flow-control figure for LookupEvents; 10/s assumed.
    LookupEvents: { ratePerSecond: 10, handler: lookupEvents },
  },
};
