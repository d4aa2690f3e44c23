// CAM reads against the real emulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeScenario } from '../../../test/sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../../../test/sandbox/tencent/emulator.ts';
import { camApi } from './cam.ts';
import { CloudClients } from './clients.ts';
import { CloudCredential } from './credentials.ts';
import { createTencentCloud, type TencentCloud } from './index.ts';

const scenario = makeScenario({ nodes: 1, seed: 43 });
let emu: Emulator;
let cloud: TencentCloud;

const connect = (e: Emulator, s: typeof scenario) =>
  createTencentCloud({ credential: new CloudCredential('env', 'test', s.credentials.admin), region: s.region, env: { HTTPS_PROXY: e.proxyUrl }, retry: { baseDelayMs: 10 } });
const calls = async (action: string) => (await emu.control.calls()).filter((c) => c.action === action);

beforeAll(async () => {
  emu = await startEmulator({ scenario });
  cloud = connect(emu, scenario);
});
afterAll(async () => {
  cloud?.clients.close();
  await emu?.close();
});
beforeEach(async () => {
  await emu.control.clearCalls();
  await emu.control.resetRateLimits();
});

describe('cam', () => {
  it('gets a role, its attached policies across pages, and each document parsed', async () => {
    const role = await cloud.cam.getRole('IPAMDofTKE_QCSRole');
    expect(role).toMatchObject({ name: 'IPAMDofTKE_QCSRole', arn: 'qcs::cam::uin/100000000001:roleName/IPAMDofTKE_QCSRole' });
    expect(role?.trustPolicy).toMatchObject({ statement: [{ action: 'name/sts:AssumeRole' }] });
    const paged = camApi(cloud.clients, { pageSize: 1 });
    const attached = await paged.listAttachedRolePolicies('IPAMDofTKE_QCSRole');
    expect(attached.map((p) => [p.name, p.type])).toEqual([
      ['QcloudAccessForIPAMDofTKERole', 'QCS'],
      ['SecurityGroupsAccessForIPAMD', 'User'],
    ]);
    expect(await calls('ListAttachedRolePolicies')).toHaveLength(2);
    const policy = await cloud.cam.getPolicy(attached[1]!.id);
    expect(policy).toMatchObject({ name: 'SecurityGroupsAccessForIPAMD', type: 'User', documentError: undefined });
    expect(policy?.document).toEqual({
      version: '2.0',
      statement: [{ effect: 'allow', action: ['cvm:AssociateNetworkInterfaceSecurityGroups', 'cvm:DisassociateNetworkInterfaceSecurityGroups'], resource: ['*'] }],
    });
  });

  it('answers undefined for a role or policy that does not exist', async () => {
    expect(await cloud.cam.getRole('NoSuchRole')).toBeUndefined();
    expect(await cloud.cam.getPolicy(999)).toBeUndefined();
  });

  it('sees the policy go when it is detached', async () => {
    await emu.control.setIpamdRolePolicy(false);
    try {
      expect((await cloud.cam.listAttachedRolePolicies('IPAMDofTKE_QCSRole')).map((p) => p.name)).toEqual(['QcloudAccessForIPAMDofTKERole']);
    } finally {
      await emu.control.setIpamdRolePolicy(true);
    }
  });
});

describe('shared clients', () => {
  it('serve every service from one CloudClients', async () => {
    const clients = new CloudClients({ credential: new CloudCredential('env', 'test', scenario.credentials.readonly), region: scenario.region, env: { HTTPS_PROXY: emu.proxyUrl } });
    const cam = camApi(clients);
    expect(await cam.getRole('TKE_QCSRole')).toMatchObject({ name: 'TKE_QCSRole' });
    expect(clients.loadedServices()).toEqual(['cam']);
    clients.close();
  });
});
