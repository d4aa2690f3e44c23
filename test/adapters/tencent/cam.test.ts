// CAM reads against the real emulator.
import { describe, expect, it } from 'vitest';
import { withEmulator } from './emulator-fixture.ts';
import { makeScenario } from '../../sandbox/scenario.ts';
import { camApi } from '../../../src/adapters/tencent/cam.ts';
import { CloudClients } from '../../../src/adapters/tencent/clients.ts';
import { CloudCredential } from '../../../src/adapters/tencent/credentials.ts';

const scenario = makeScenario({ nodes: 1, seed: 43 });
const t = withEmulator(scenario);

describe('cam', () => {
  it('gets a role, its attached policies across pages, and each document parsed', async () => {
    const role = await t.cloud.cam.getRole('IPAMDofTKE_QCSRole');
    expect(role).toMatchObject({ name: 'IPAMDofTKE_QCSRole', arn: 'qcs::cam::uin/100000000001:roleName/IPAMDofTKE_QCSRole' });
    expect(role?.trustPolicy).toMatchObject({ statement: [{ action: 'name/sts:AssumeRole' }] });
    const paged = camApi(t.cloud.clients, { pageSize: 1 });
    const attached = await paged.listAttachedRolePolicies('IPAMDofTKE_QCSRole');
    expect(attached.map((p) => [p.name, p.type])).toEqual([
      ['QcloudAccessForIPAMDofTKERole', 'QCS'],
      ['SecurityGroupsAccessForIPAMD', 'User'],
    ]);
    expect(await t.calls('ListAttachedRolePolicies')).toHaveLength(2);
    const policy = await t.cloud.cam.getPolicy(attached[1]!.id);
    expect(policy).toMatchObject({ name: 'SecurityGroupsAccessForIPAMD', type: 'User', documentError: undefined });
    expect(policy?.document).toEqual({
      version: '2.0',
      statement: [{ effect: 'allow', action: ['cvm:AssociateNetworkInterfaceSecurityGroups', 'cvm:DisassociateNetworkInterfaceSecurityGroups'], resource: ['*'] }],
    });
  });

  it('answers undefined for a role or policy that does not exist', async () => {
    expect(await t.cloud.cam.getRole('NoSuchRole')).toBeUndefined();
    expect(await t.cloud.cam.getPolicy(999)).toBeUndefined();
  });

  it('sees the policy go when it is detached', async () => {
    await t.emu.control.setIpamdRolePolicy(false);
    try {
      expect((await t.cloud.cam.listAttachedRolePolicies('IPAMDofTKE_QCSRole')).map((p) => p.name)).toEqual(['QcloudAccessForIPAMDofTKERole']);
    } finally {
      await t.emu.control.setIpamdRolePolicy(true);
    }
  });
});

describe('shared clients', () => {
  it('serve every service from one CloudClients', async () => {
    const clients = new CloudClients({ credential: new CloudCredential('env', 'test', scenario.credentials.readonly), region: scenario.region, env: { HTTPS_PROXY: t.emu.proxyUrl } });
    const cam = camApi(clients);
    expect(await cam.getRole('TKE_QCSRole')).toMatchObject({ name: 'TKE_QCSRole' });
    clients.close();
  });
});
