// CloudAudit LookUpEvents through the real SDK (cloudaudit_client.js, 2019-03-19): every write
// call is kept with the key that made it, so a change to an ENI's groups made with another key
// (another operator's tool) is attributed to that key; searched by EventName, ResourceName and
// AccessKeyId, paged by NextToken, in the shapes of cloudaudit_models.d.ts and tccli's example.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScenario } from '../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../sandbox/tencent/emulator.ts';
import { sdk, sdkError } from './helpers.ts';

const scenario = makeScenario({ nodes: 2, seed: 41 });
const { admin, colleague, readonly } = scenario.credentials;
const eni = scenario.instances[0]!.secondaryEnis[0]!.id;
const other = scenario.instances[1]!.secondaryEnis[0]!.id;
let emu: Emulator;
let start: number;
let groups: string[];

beforeAll(async () => {
  emu = await startEmulator({ scenario });
  start = Math.floor(Date.now() / 1000);
  groups = (await emu.control.state()).securityGroups.map((g) => g.id);
  // Another operator binds a group to one ENI, then takes it off again; the operator to another.
  await sdk('vpc', emu, colleague).request('AssociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: [eni], SecurityGroupIds: [groups[3]!] });
  await sdk('vpc', emu, colleague).request('DisassociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: [eni], SecurityGroupIds: [groups[3]!] });
  await sdk('vpc', emu, admin).request('AssociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: [other], SecurityGroupIds: [groups[3]!] });
});
afterAll(async () => {
  await emu?.close();
});

const audit = (cred = admin) => sdk('cloudaudit', emu, cred);
const window = () => ({ StartTime: start - 1, EndTime: Math.floor(Date.now() / 1000) + 1 });

interface AuditEvent {
  EventId: string;
  EventName: string;
  EventTime: string;
  Username: string;
  SecretId: string;
  AccountID: number;
  CloudAuditEvent: string;
  Resources: { ResourceType: string; ResourceName: string };
}

describe('LookUpEvents', () => {
  it('finds the group changes of one ENI, newest first, attributed to the key that made them', async () => {
    const r = await audit().request('LookUpEvents', { ...window(), MaxResults: 50, LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: eni }] });
    const events = r.Events as AuditEvent[];
    expect(events.map((e) => e.EventName)).toEqual(['DisassociateNetworkInterfaceSecurityGroups', 'AssociateNetworkInterfaceSecurityGroups']);
    for (const e of events) {
      expect(e.SecretId).toBe(colleague.secretId);
      expect(e.Username).toBe('colleague');
      expect(e.AccountID).toBe(Number(scenario.uin));
      expect(e.Resources.ResourceName).toBe(eni);
      // "YYYY-MM-DD hh:mm:ss" in UTC+8, as tccli's example shows it.
      expect(e.EventTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      const utc = Date.parse(`${e.EventTime.replace(' ', 'T')}+08:00`);
      expect(Math.abs(utc - Date.now())).toBeLessThan(60_000);
      const detail = JSON.parse(e.CloudAuditEvent) as { userIdentity: { principalId: number; secretId: string; type: string }; requestParameters: string };
      expect(detail.userIdentity.secretId).toBe(colleague.secretId);
      expect(detail.userIdentity.type).toBe('CAMUser');
      expect(JSON.parse(detail.requestParameters)).toMatchObject({ NetworkInterfaceIds: [eni], SecurityGroupIds: [groups[3]] });
    }
    expect(r.ListOver).toBe(true);
  });

  it('tells the two operators apart: the colleague\'s principal is not the operator\'s', async () => {
    const me = await sdk('sts', emu, admin).request('GetCallerIdentity', {});
    const them = await sdk('sts', emu, colleague).request('GetCallerIdentity', {});
    const [ours] = (await audit().request('LookUpEvents', { ...window(), LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: other }] })).Events as AuditEvent[];
    const [theirs] = (await audit().request('LookUpEvents', { ...window(), LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: eni }] })).Events as AuditEvent[];
    expect(String(JSON.parse(ours!.CloudAuditEvent).userIdentity.principalId)).toBe(me.UserId);
    expect(String(JSON.parse(theirs!.CloudAuditEvent).userIdentity.principalId)).toBe(them.UserId);
    expect(me.UserId).not.toBe(them.UserId);
  });

  it('searches by EventName and AccessKeyId, and pages by NextToken', async () => {
    const byName = await audit().request('LookUpEvents', { ...window(), LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssociateNetworkInterfaceSecurityGroups' }] });
    expect((byName.Events as AuditEvent[]).map((e) => e.Resources.ResourceName)).toEqual([other, eni]);
    const first = await audit().request('LookUpEvents', { ...window(), MaxResults: 1, LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: colleague.secretId }] });
    expect(first.ListOver).toBe(false);
    const second = await audit().request('LookUpEvents', { ...window(), MaxResults: 1, NextToken: first.NextToken, LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: colleague.secretId }] });
    expect(second.ListOver).toBe(true);
    expect([...(first.Events as AuditEvent[]), ...(second.Events as AuditEvent[])].map((e) => e.EventName)).toEqual([
      'DisassociateNetworkInterfaceSecurityGroups',
      'AssociateNetworkInterfaceSecurityGroups',
    ]);
  });

  it('answers nothing outside the window, and refuses a bad key or a read-only caller', async () => {
    const before = await audit().request('LookUpEvents', { StartTime: start - 3600, EndTime: start - 60 });
    expect(before.Events).toEqual([]);
    expect((await sdkError(audit().request('LookUpEvents', { ...window(), LookupAttributes: [{ AttributeKey: 'Colour', AttributeValue: 'x' }] }))).code).toBe('InvalidParameterValue');
    expect((await sdkError(audit().request('LookUpEvents', { ...window(), MaxResults: 51 }))).code).toBe('InvalidParameterValue');
    expect((await sdkError(audit(readonly).request('LookUpEvents', window()))).code).toBe('UnauthorizedOperation');
  });
});
