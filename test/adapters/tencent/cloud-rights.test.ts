// The caller's own rights through the adapter and the operation, against the real emulator: who
// the key is (STS), its policies (CAM, the sub-user listing), the verdict; and "unknown" with the
// refused call named when the key may not read its policies.
import { describe, expect, it } from 'vitest';
import { withEmulator } from './emulator-fixture.ts';
import { makeScenario } from '../../sandbox/scenario.ts';
import { checkCloudRights } from '../../../src/operations/tencent-cloud-rights.ts';
import { CloudCredential } from '../../../src/adapters/tencent/credentials.ts';
import { createTencentCloud } from '../../../src/adapters/tencent/index.ts';

const scenario = makeScenario({ nodes: 1, seed: 47 });
const t = withEmulator(scenario);
const ACTIONS = ['tke:DescribeAddon', 'tke:UpdateAddon'];

describe('checkCloudRights', () => {
  it('reads the sub-user and its policies: ok with full rights, missing tke:UpdateAddon with ReadOnlyAccess', async () => {
    const me = await t.cloud.sts.getCallerIdentity();
    expect(me).toMatchObject({ type: 'CAMUser', accountId: scenario.uin });
    const full = await checkCloudRights(t.cloud, ACTIONS);
    expect(full).toMatchObject({ status: 'ok', caller: me.arn, missing: [] });
    await t.emu.control.setCallerPolicy('read-only');
    try {
      const ro = await checkCloudRights(t.cloud, ACTIONS);
      expect(ro).toMatchObject({ status: 'missing', missing: ['tke:UpdateAddon'] });
      expect((await t.calls('ListAttachedUserAllPolicies'))[0]).toBeDefined();
    } finally {
      await t.emu.control.setCallerPolicy('full');
    }
  });

  it('says unknown, naming the refused CAM read, when the key may not read its own policies', async () => {
    await t.emu.control.setCallerPolicy('unreadable');
    try {
      const r = await checkCloudRights(t.cloud, ACTIONS);
      expect(r.status).toBe('unknown');
      expect(r.notes).toEqual(["the caller's policies could not be read (cam:ListAttachedUserAllPolicies answered UnauthorizedOperation)"]);
      expect(r.actions.map((a) => a.verdict)).toEqual(['unknown', 'unknown']);
    } finally {
      await t.emu.control.setCallerPolicy('full');
    }
  });

  it('reads an assumed role (ipamd\'s key) by the RoleId STS names: unknown while the role may not read CAM; once it may, its grants and what is missing', async () => {
    const role = createTencentCloud({
      credential: new CloudCredential('env', 'test', scenario.credentials.ipamd),
      region: scenario.region,
      env: { HTTPS_PROXY: t.emu.proxyUrl },
      retry: { baseDelayMs: 10 },
    });
    const sg = ['cvm:AssociateNetworkInterfaceSecurityGroups', 'cvm:DisassociateNetworkInterfaceSecurityGroups'];
    const actions = [sg[0]!, 'tke:UpdateAddon'];
    try {
      const before = await checkCloudRights(role, actions);
      expect(before.status).toBe('unknown');
      expect(before.notes[0]).toContain('cam:ListAttachedRolePolicies answered UnauthorizedOperation');
      await t.emu.control.setIpamdRolePolicy(true, { version: '2.0', statement: [{ effect: 'allow', action: [...sg, 'cam:ListAttachedRolePolicies', 'cam:GetPolicy'], resource: ['*'] }] });
      const r = await checkCloudRights(role, actions);
      expect(r.caller).toMatch(/:assumed-role\/\d+$/);
      expect(r).toMatchObject({ status: 'missing', missing: ['tke:UpdateAddon'] });
      expect(r.actions[0]).toMatchObject({ action: 'cvm:AssociateNetworkInterfaceSecurityGroups', verdict: 'allowed' });
    } finally {
      await t.emu.control.setIpamdRolePolicy(true, { version: '2.0', statement: [{ effect: 'allow', action: sg, resource: ['*'] }] });
      role.clients.close();
    }
  });
});
