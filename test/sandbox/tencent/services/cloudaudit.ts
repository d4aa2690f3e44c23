// CloudAudit 2019-03-19 LookUpEvents: the operation log of the account, searched. Shapes from
// tencentcloud-sdk-nodejs cloudaudit_models.d.ts (LookUpEventsRequest: StartTime, EndTime in
// Unix seconds, LookupAttributes [{AttributeKey, AttributeValue}], NextToken, MaxResults, Mode;
// LookUpEventsResponse: Events, NextToken, ListOver, TotalCount; Event: EventId, Username,
// EventTime, CloudAuditEvent (a JSON string), EventName, SecretId, EventSource, RequestID,
// ResourceRegion, AccountID, SourceIPAddress, Resources {ResourceType, ResourceName},
// EventRegion, ...) and the values' shapes from tencentcloud-cli's example
// (tccli/examples/cloudaudit/v20190319/LookUpEvents.md: EventTime "2019-03-20 12:36:27", in
// UTC+8 by its own StartTime/Timestamp; userIdentity {userName, type, secretId, accountId,
// principalId} inside CloudAuditEvent). The API page (tencentcloud.com/document/api/1021/34200)
// lists the keys and 20 requests a second.
//
// Our choices where no source says (docs/assumptions.md, "CloudAudit"): one event per write call
// (ENI actions name their ENIs, comma-joined, in ResourceName; a search by ResourceName finds a
// call that named several ENIs by any of them, or with --audit-resource-match exact only by
// the whole ResourceName); several LookupAttributes must
// all match; MaxResults 1..50 (DescribeEvents' documented maximum), default 10; a sub-user's
// userIdentity.type is CAMUser and Username its name, a role's AssumedRole and the role's name;
// only write calls are kept (audit-log.ts); CAM action cloudaudit:LookUpEvents (not matched by
// ReadOnlyAccess's Describe*/Get*/List*, so a read-only key is refused).
import { err } from '../errors.ts';
import { tcTime, IPAMD_ROLE } from '../state.ts';
import { uinOf, userNameOf } from '../callers.ts';
import type { AuditRecord } from '../audit-log.ts';
import type { Params } from '../params.ts';
import type { ActionContext, ServiceDef } from './types.ts';

const KEYS = ['RequestId', 'EventName', 'ActionType', 'PrincipalId', 'ResourceId', 'ResourceName', 'AccessKeyId', 'SensitiveAction', 'ApiErrorCode', 'CamErrorCode', 'SourceIPAddress', 'Tags'];
const MAX_RESULTS = 50;
const DEFAULT_RESULTS = 10;

interface Who {
  type: string;
  userName: string;
  principalId: string;
}

function whoOf(r: AuditRecord, ctx: ActionContext): Who {
  const account = ctx.state.scenario.uin;
  if (r.identity === 'ipamd') return { type: 'AssumedRole', userName: IPAMD_ROLE, principalId: String(account) };
  return { type: 'CAMUser', userName: userNameOf(r.identity), principalId: String(uinOf(r.identity)) };
}

function matches(r: AuditRecord, who: Who, key: string, value: string, ctx: ActionContext): boolean {
  switch (key) {
    case 'RequestId':
      return r.requestId === value;
    case 'EventName':
      return r.eventName === value;
    case 'ActionType':
      return value.toLowerCase() === 'write';
    case 'PrincipalId':
      return who.principalId === value;
    case 'ResourceId':
    case 'ResourceName':
      return ctx.state.scenario.auditResourceMatch === 'exact' ? r.resources.join(',') === value : r.resources.includes(value);
    case 'AccessKeyId':
      return r.secretId === value;
    case 'SensitiveAction':
      return value === '0';
    case 'ApiErrorCode':
    case 'CamErrorCode':
      return value === '0';
    case 'SourceIPAddress':
      return value === '127.0.0.1';
    default:
      return false; // Tags: the emulator's resources carry none it would match
  }
}

function eventOf(r: AuditRecord, ctx: ActionContext) {
  const who = whoOf(r, ctx);
  const account = ctx.state.scenario.uin;
  const time = tcTime(r.at);
  const resourceName = r.resources.join(',');
  const detail = {
    actionType: 'Write',
    apiErrorCode: '',
    apiErrorMessage: '',
    apiVersion: '3.0',
    errorCode: 0,
    errorMessage: '',
    eventID: r.eventId,
    eventName: r.eventName,
    eventRegion: r.region,
    eventSource: `${r.service}.tencentcloudapi.com`,
    eventTime: time,
    eventType: 'ApiCall',
    eventVersion: 2,
    httpMethod: 'POST',
    requestID: r.requestId,
    requestParameters: JSON.stringify(r.params),
    resourceName,
    resourceType: r.resources.length > 0 ? 'eni' : r.service,
    sourceIPAddress: '127.0.0.1',
    userAgent: 'SDK_NODEJS',
    userIdentity: { userName: who.userName, type: who.type, secretId: r.secretId, accountId: Number(account), principalId: Number(who.principalId) },
  };
  return {
    EventId: r.eventId,
    Username: who.userName,
    EventTime: time,
    CloudAuditEvent: JSON.stringify(detail),
    ResourceTypeCn: r.resources.length > 0 ? '弹性网卡' : r.service,
    ErrorCode: 0,
    EventName: r.eventName,
    SecretId: r.secretId,
    EventSource: `${r.service}.tencentcloudapi.com`,
    RequestID: r.requestId,
    ResourceRegion: r.region,
    AccountID: Number(account),
    SourceIPAddress: '127.0.0.1',
    EventNameCn: r.eventName,
    Resources: { ResourceType: detail.resourceType, ResourceName: resourceName },
    EventRegion: r.region,
    Location: '',
  };
}

function lookUpEvents(p: Params, ctx: ActionContext) {
  const start = p.StartTime as number;
  const end = p.EndTime as number;
  if (end < start) throw err('InvalidParameterValue', `EndTime ${end} is before StartTime ${start}.`);
  const max = (p.MaxResults as number | undefined) ?? DEFAULT_RESULTS;
  if (max < 1 || max > MAX_RESULTS) throw err('InvalidParameterValue', `MaxResults must be between 1 and ${MAX_RESULTS}, got ${max}.`);
  const attributes = ((p.LookupAttributes as Array<Record<string, unknown>> | undefined) ?? []).map((a, i) => {
    const key = a.AttributeKey;
    if (typeof key !== 'string' || !KEYS.includes(key)) throw err('InvalidParameterValue', `LookupAttributes.${i}.AttributeKey must be one of ${KEYS.join(', ')}.`);
    return { key, value: typeof a.AttributeValue === 'string' ? a.AttributeValue : '' };
  });
  let offset = 0;
  if (p.NextToken !== undefined) {
    offset = Number(Buffer.from(String(p.NextToken), 'base64url').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0) throw err('InvalidParameterValue', 'NextToken is not one this API returned.');
  }
  const found = ctx.state.audit.between(start * 1000, end * 1000 + 999).filter((r) => {
    const who = whoOf(r, ctx);
    return attributes.every((a) => matches(r, who, a.key, a.value, ctx));
  });
  const page = found.slice(offset, offset + max);
  const next = offset + page.length;
  const over = next >= found.length;
  return {
    Events: page.map((r) => eventOf(r, ctx)),
    NextToken: over ? '' : Buffer.from(String(next)).toString('base64url'),
    ListOver: over,
    TotalCount: found.length,
  };
}

export const cloudauditService: ServiceDef = {
  service: 'cloudaudit',
  versions: ['2019-03-19'],
  actions: {
    LookUpEvents: {
      params: {
        StartTime: { type: 'int', required: true },
        EndTime: { type: 'int', required: true },
        LookupAttributes: { type: 'objects' },
        NextToken: { type: 'string' },
        MaxResults: { type: 'int' },
        Mode: { type: 'string' },
      },
      read: true,
      cam: 'cloudaudit:LookUpEvents',
      camResource: 'audit',
      ratePerSecond: 20,
      regional: true,
      handler: lookUpEvents,
    },
  },
};
