// Who the caller is and what its own policies are: STS GetCallerIdentity and CAM
// ListAttachedUserAllPolicies / ListAttachedRolePolicies by RoleId / GetPolicy, through the real
// SDK, in the shapes cam_models.d.ts and sts_models.d.ts give; and the caller presets
// (--caller-policy) deciding what the operator's key may do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScenario } from '../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../sandbox/tencent/emulator.ts';
import { sdk, sdkError } from './helpers.ts';

const scenario = makeScenario({ nodes: 1, seed: 31 });
const { admin, ipamd } = scenario.credentials;
const raw = Buffer.from(JSON.stringify({ vpcCni: {} })).toString('base64');
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ scenario });
});
afterAll(async () => {
  await emu?.close();
});

describe('STS GetCallerIdentity', () => {
  it('answers a sub-user as CAMUser with its UIN, and the role key as CAMRole with roleId:session', async () => {
    const me = await sdk('sts', emu, admin).request('GetCallerIdentity', {});
    expect(me.Type).toBe('CAMUser');
    expect(me.AccountId).toBe(scenario.uin);
    expect(me.UserId).toMatch(/^\d+$/);
    expect(me.UserId).not.toBe(scenario.uin);
    expect(me.Arn).toBe(`qcs::cam:${scenario.uin}:uin/${me.UserId as string}`);
    const role = await sdk('sts', emu, ipamd).request('GetCallerIdentity', {});
    expect(role.Type).toBe('CAMRole');
    expect(role.Arn).toMatch(new RegExp(`^qcs::sts:${scenario.uin}:assumed-role/\\d+$`));
    expect(String(role.UserId).split(':')[0]).toBe(String(role.Arn).split('/')[1]);
  });

  it('is answered even for a key that may not read CAM', async () => {
    await emu.control.setCallerPolicy('unreadable');
    try {
      expect((await sdk('sts', emu, admin).request('GetCallerIdentity', {})).Type).toBe('CAMUser');
    } finally {
      await emu.control.setCallerPolicy('full');
    }
  });
});

describe('the caller\'s own policies', () => {
  it('lists a sub-user\'s policies with string PolicyId and StrategyType, each readable with GetPolicy', async () => {
    const uin = Number((await sdk('sts', emu, admin).request('GetCallerIdentity', {})).UserId);
    const cam = sdk('cam', emu, admin, undefined);
    const r = await cam.request('ListAttachedUserAllPolicies', { TargetUin: uin, Rp: 200, Page: 1, AttachType: 0 });
    expect(r.TotalNum).toBe(1);
    const [p] = r.PolicyList as Array<Record<string, unknown>>;
    expect(typeof p!.PolicyId).toBe('string');
    expect(p!.PolicyName).toBe('AdministratorAccess');
    expect(p!.StrategyType).toBe('2');
    const doc = JSON.parse((await cam.request('GetPolicy', { PolicyId: Number(p!.PolicyId) })).PolicyDocument as string);
    expect(doc.statement[0].action).toEqual(['*']);
    const bad = await sdkError(cam.request('ListAttachedUserAllPolicies', { TargetUin: uin, Rp: 201, Page: 1, AttachType: 0 }));
    expect(bad.code).toBe('InvalidParameter.ParamError');
  });

  it('lists an assumed role\'s policies by the RoleId GetCallerIdentity names', async () => {
    const roleId = String((await sdk('sts', emu, ipamd).request('GetCallerIdentity', {})).UserId).split(':')[0];
    const r = await sdk('cam', emu, admin, undefined).request('ListAttachedRolePolicies', { RoleId: roleId, Page: 1, Rp: 200 });
    expect((r.List as Array<{ PolicyName: string }>).map((p) => p.PolicyName)).toContain('SecurityGroupsAccessForIPAMD');
  });
});

describe('caller presets', () => {
  it('read-only refuses tke:UpdateAddon and lists ReadOnlyAccess; unreadable writes but may not list its policies', async () => {
    const uin = Number((await sdk('sts', emu, admin).request('GetCallerIdentity', {})).UserId);
    const update = () => sdk('tke', emu, admin).request('UpdateAddon', { ClusterId: scenario.clusterId, AddonName: 'eniipamd', RawValues: raw, DryRun: true });
    const list = () => sdk('cam', emu, admin, undefined).request('ListAttachedUserAllPolicies', { TargetUin: uin, Rp: 200, Page: 1, AttachType: 0 });
    try {
      await emu.control.setCallerPolicy('read-only');
      expect((await sdkError(update())).message).toContain('(tke:UpdateAddon)');
      expect(((await list()).PolicyList as Array<{ PolicyName: string }>).map((p) => p.PolicyName)).toEqual(['ReadOnlyAccess']);
      await emu.control.setCallerPolicy('unreadable');
      await update();
      const denied = await sdkError(list());
      expect(denied.code).toBe('UnauthorizedOperation');
      expect(denied.message).toContain('(cam:ListAttachedUserAllPolicies)');
    } finally {
      await emu.control.setCallerPolicy('full');
    }
  });
});
