// The adapter's template reads against the emulator: contents by ID for each kind, an unknown ID
// left out, and one call per kind and batch (group members are the caller's next read).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScenario } from '../../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../../sandbox/tencent/emulator.ts';
import { CloudCredential } from '../../../src/adapters/tencent/credentials.ts';
import { createTencentCloud, type TencentCloud } from '../../../src/adapters/tencent/index.ts';

const scenario = makeScenario({ nodes: 1, seed: 13 });
let emu: Emulator;
let cloud: TencentCloud;
const id: Record<string, string> = {};

beforeAll(async () => {
  emu = await startEmulator({ scenario });
  cloud = createTencentCloud({ credential: new CloudCredential('env', 'test', scenario.credentials.admin), region: scenario.region, env: { HTTPS_PROXY: emu.proxyUrl } });
  const c = emu.control;
  id.office = (await c.createTemplate('address', 'office', ['10.0.0.1', '10.0.2.1-10.0.2.100'])).id;
  id.partners = (await c.createTemplate('address', 'partners', ['192.168.0.0/16'])).id;
  id.trusted = (await c.createTemplate('address-group', 'trusted', [id.office!, id.partners!])).id;
  id.web = (await c.createTemplate('service', 'web', ['tcp:80', 'tcp:443'])).id;
  id.edge = (await c.createTemplate('service-group', 'edge', [id.web!])).id;
  await c.clearCalls();
});
afterAll(async () => {
  cloud?.clients.close();
  await emu?.close();
});

describe('describeTemplates', () => {
  it('answers each kind\'s contents by ID and leaves out an ID that does not exist', async () => {
    const [addresses, groups, services, serviceGroups] = await Promise.all([
      cloud.vpc.describeTemplates('address', [id.office!, id.partners!, 'ipm-00000000']),
      cloud.vpc.describeTemplates('address-group', [id.trusted!]),
      cloud.vpc.describeTemplates('service', [id.web!]),
      cloud.vpc.describeTemplates('service-group', [id.edge!]),
    ]);
    expect(addresses).toEqual(
      new Map([
        [id.office, ['10.0.0.1', '10.0.2.1-10.0.2.100']],
        [id.partners, ['192.168.0.0/16']],
      ]),
    );
    expect(groups).toEqual(new Map([[id.trusted, [id.office, id.partners]]]));
    expect(services).toEqual(new Map([[id.web, ['tcp:80', 'tcp:443']]]));
    expect(serviceGroups).toEqual(new Map([[id.edge, [id.web]]]));
    const made = await emu.control.calls();
    expect(made.map((c) => c.action).sort()).toEqual(['DescribeAddressTemplateGroups', 'DescribeAddressTemplates', 'DescribeServiceTemplateGroups', 'DescribeServiceTemplates']);
  });
});
