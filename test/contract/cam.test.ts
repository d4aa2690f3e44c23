// CAM: the read-only identity, the ipamd role whose rights come from its attached policies'
// documents, and the CAM read API the plugin's doctor uses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScenario } from '../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../sandbox/tencent/emulator.ts';
import { sdk, sdkError } from './helpers.ts';

const scenario = makeScenario({ nodes: 2, seed: 21 });
const { admin, ipamd, readonly } = scenario.credentials;
const eni = scenario.instances[0]!.secondaryEnis[0]!.id;
const [, gBase] = scenario.securityGroups.map((g) => g.id) as [string, string];
const bind = { NetworkInterfaceIds: [eni], SecurityGroupIds: [gBase] };
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ scenario });
});
afterAll(async () => {
  await emu?.close();
});

describe('read-only identity', () => {
  it('may Describe/Get/List but not write (UnauthorizedOperation naming the CAM action)', async () => {
    const vpc = sdk('vpc', emu, readonly);
    expect((await vpc.request('DescribeNetworkInterfaces', {})).TotalCount).toBe(4);
    expect((await sdk('cam', emu, readonly, undefined).request('GetRole', { RoleName: 'IPAMDofTKE_QCSRole' })).RoleInfo).toBeTruthy();
    const e = await sdkError(vpc.request('AssociateNetworkInterfaceSecurityGroups', bind));
    expect(e.code).toBe('UnauthorizedOperation');
    expect(e.message).toContain('you are not authorized to perform operation (cvm:AssociateNetworkInterfaceSecurityGroups)');
    expect(e.message).toContain(`uin/${scenario.uin}`);
    const raw = Buffer.from(JSON.stringify({ vpcCni: {} })).toString('base64');
    const u = await sdkError(sdk('tke', emu, readonly).request('UpdateAddon', { ClusterId: scenario.clusterId, AddonName: 'eniipamd', RawValues: raw }));
    expect(u.code).toBe('UnauthorizedOperation');
    expect(u.message).toContain('(tke:UpdateAddon)');
    expect((await emu.control.enis(scenario.instances[0]!.id)).find((x) => x.NetworkInterfaceId === eni)!.GroupSet).toEqual([]);
  });
});

describe('ipamd role (IPAMDofTKE_QCSRole)', () => {
  it('binds groups while the security-group policy is attached, and is refused once it is detached', async () => {
    const vpc = sdk('vpc', emu, ipamd);
    await vpc.request('AssociateNetworkInterfaceSecurityGroups', bind);
    await vpc.request('DisassociateNetworkInterfaceSecurityGroups', bind);
    await emu.control.setIpamdRolePolicy(false);
    const e = await sdkError(vpc.request('AssociateNetworkInterfaceSecurityGroups', bind));
    expect(e.code).toBe('UnauthorizedOperation');
    expect(e.message).toContain('cvm:AssociateNetworkInterfaceSecurityGroups');
    const d = await sdkError(vpc.request('DisassociateNetworkInterfaceSecurityGroups', bind));
    expect(d.message).toContain('cvm:DisassociateNetworkInterfaceSecurityGroups');
    // Reads that its preset policy grants still work.
    expect((await vpc.request('DescribeNetworkInterfaces', { Limit: 1 })).TotalCount).toBe(4);
    await emu.control.setIpamdRolePolicy(true);
    await vpc.request('AssociateNetworkInterfaceSecurityGroups', bind);
    await vpc.request('DisassociateNetworkInterfaceSecurityGroups', bind);
  });

  it('evaluates the policy document, not its name: cvm:* grants, an explicit deny wins, another action does not', async () => {
    const vpc = sdk('vpc', emu, ipamd);
    await emu.control.setIpamdRolePolicy(true, { version: '2.0', statement: [{ effect: 'allow', action: ['cvm:*'], resource: ['*'] }] });
    await vpc.request('AssociateNetworkInterfaceSecurityGroups', bind);
    await vpc.request('DisassociateNetworkInterfaceSecurityGroups', bind);
    await emu.control.setIpamdRolePolicy(true, { version: '2.0', statement: [{ effect: 'allow', action: '*', resource: '*' }] });
    await vpc.request('AssociateNetworkInterfaceSecurityGroups', bind);
    await vpc.request('DisassociateNetworkInterfaceSecurityGroups', bind);
    await emu.control.setIpamdRolePolicy(true, {
      version: '2.0',
      statement: [
        { effect: 'allow', action: ['cvm:*'], resource: ['*'] },
        { effect: 'deny', action: ['cvm:AssociateNetworkInterfaceSecurityGroups'], resource: ['*'] },
      ],
    });
    expect((await sdkError(vpc.request('AssociateNetworkInterfaceSecurityGroups', bind))).code).toBe('UnauthorizedOperation');
    await vpc.request('DisassociateNetworkInterfaceSecurityGroups', bind);
    await emu.control.setIpamdRolePolicy(true, { version: '2.0', statement: [{ effect: 'allow', action: ['cvm:DisassociateNetworkInterfaceSecurityGroups'], resource: ['*'] }] });
    expect((await sdkError(vpc.request('AssociateNetworkInterfaceSecurityGroups', bind))).code).toBe('UnauthorizedOperation');
    await emu.control.setIpamdRolePolicy(true, {
      version: '2.0',
      statement: [{ effect: 'allow', action: ['cvm:AssociateNetworkInterfaceSecurityGroups', 'cvm:DisassociateNetworkInterfaceSecurityGroups'], resource: ['*'] }],
    });
  });

  it('starts denied when the scenario says the role lacks the policy', async () => {
    const s2 = makeScenario({ nodes: 1, seed: 22, ipamdRoleHasPolicy: false });
    const emu2 = await startEmulator({ scenario: s2 });
    try {
      const e = await sdkError(
        sdk('vpc', emu2, s2.credentials.ipamd).request('AssociateNetworkInterfaceSecurityGroups', {
          NetworkInterfaceIds: [s2.instances[0]!.secondaryEnis[0]!.id],
          SecurityGroupIds: [s2.securityGroups[1]!.id],
        }),
      );
      expect(e.code).toBe('UnauthorizedOperation');
      const cam = sdk('cam', emu2, s2.credentials.admin, undefined);
      const list = await cam.request('ListAttachedRolePolicies', { Page: 1, Rp: 20, RoleName: 'IPAMDofTKE_QCSRole' });
      expect((list.List as { PolicyName: string }[]).map((p) => p.PolicyName)).not.toContain('SecurityGroupsAccessForIPAMD');
    } finally {
      await emu2.close();
    }
  });
});

describe('CAM read API', () => {
  it('GetRole, ListAttachedRolePolicies, GetPolicy (PolicyDocument is a JSON string)', async () => {
    const cam = sdk('cam', emu, admin, undefined);
    const role = await cam.request('GetRole', { RoleName: 'IPAMDofTKE_QCSRole' });
    const info = role.RoleInfo as { RoleId: string; RoleName: string; PolicyDocument: string };
    expect(info.RoleName).toBe('IPAMDofTKE_QCSRole');
    expect(JSON.parse(info.PolicyDocument).statement[0].action).toBe('name/sts:AssumeRole');
    expect((await cam.request('GetRole', { RoleId: info.RoleId })).RoleInfo).toMatchObject({ RoleName: 'IPAMDofTKE_QCSRole' });

    const list = await cam.request('ListAttachedRolePolicies', { Page: 1, Rp: 20, RoleName: 'IPAMDofTKE_QCSRole' });
    const items = list.List as { PolicyId: number; PolicyName: string; PolicyType: string }[];
    expect(list.TotalNum).toBe(items.length);
    const sg = items.find((p) => p.PolicyName === 'SecurityGroupsAccessForIPAMD')!;
    expect(sg.PolicyType).toBe('User');
    expect(items.some((p) => p.PolicyType === 'QCS')).toBe(true);
    const onlyUser = await cam.request('ListAttachedRolePolicies', { Page: 1, Rp: 20, RoleName: 'IPAMDofTKE_QCSRole', PolicyType: 'User' });
    expect((onlyUser.List as unknown[]).length).toBe(1);

    const policy = await cam.request('GetPolicy', { PolicyId: sg.PolicyId });
    expect(typeof policy.PolicyDocument).toBe('string');
    const doc = JSON.parse(policy.PolicyDocument as string) as { version: string; statement: { action: string[] }[] };
    expect(doc.version).toBe('2.0');
    expect(doc.statement[0]!.action).toContain('cvm:AssociateNetworkInterfaceSecurityGroups');
    expect(policy.Type).toBe(1);
  });

  it('answers the documented errors', async () => {
    const cam = sdk('cam', emu, admin, undefined);
    expect((await sdkError(cam.request('GetRole', { RoleName: 'NoSuchRole' }))).code).toBe('InvalidParameter.RoleNotExist');
    expect((await sdkError(cam.request('GetRole', {}))).code).toBe('InvalidParameter.ParamError');
    expect((await sdkError(cam.request('GetPolicy', { PolicyId: 1 }))).code).toBe('ResourceNotFound.PolicyIdNotFound');
    expect((await sdkError(cam.request('GetPolicy', { PolicyId: 0 }))).code).toBe('InvalidParameter.PolicyIdError');
    expect((await sdkError(cam.request('ListAttachedRolePolicies', { Page: 1, Rp: 201, RoleName: 'IPAMDofTKE_QCSRole' }))).code).toBe('InvalidParameter.ParamError');
    expect((await sdkError(cam.request('ListAttachedRolePolicies', { Rp: 20, RoleName: 'IPAMDofTKE_QCSRole' }))).code).toBe('MissingParameter');
  });

  it('is a global service: a region is accepted but not required', async () => {
    const r = await sdk('cam', emu, admin, 'ap-guangzhou').request('GetRole', { RoleName: 'TKE_QCSRole' });
    expect(r.RoleInfo).toBeTruthy();
  });
});
