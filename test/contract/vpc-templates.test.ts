// Parameter templates through the real SDK: the four Describe actions' filters, paging and
// shapes (vpc_models.d.ts), and rules that name templates as DescribeSecurityGroupPolicies
// answers them. The templates are made through the control interface (the emulator has no
// Create* actions: the plugin only reads them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScenario } from '../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../sandbox/tencent/emulator.ts';
import { sdk, sdkError } from './helpers.ts';

const scenario = makeScenario({ nodes: 1, seed: 11 });
const { admin } = scenario.credentials;
let emu: Emulator;
let vpc: ReturnType<typeof sdk>;
const id: Record<string, string> = {};

beforeAll(async () => {
  emu = await startEmulator({ scenario });
  vpc = sdk('vpc', emu, admin);
  const c = emu.control;
  id.office = (await c.createTemplate('address', 'office', ['10.0.0.1', '10.0.1.0/24', '10.0.2.1-10.0.2.100'])).id;
  id.partners = (await c.createTemplate('address', 'partners', ['192.168.0.0/16'])).id;
  id.trusted = (await c.createTemplate('address-group', 'trusted', [id.office!, id.partners!])).id;
  id.web = (await c.createTemplate('service', 'web', ['tcp:80', 'tcp:443'])).id;
  id.dns = (await c.createTemplate('service', 'dns', ['udp:53'])).id;
  id.edge = (await c.createTemplate('service-group', 'edge', [id.web!, id.dns!])).id;
});
afterAll(async () => {
  await emu?.close();
});

describe('template actions', () => {
  it('DescribeAddressTemplates filters by ID, name and member address, with the SDK\'s string Offset/Limit', async () => {
    const byId = await vpc.request('DescribeAddressTemplates', { Filters: [{ Name: 'address-template-id', Values: [id.office] }], Offset: '0', Limit: '100' });
    expect(byId.TotalCount).toBe(1);
    expect(byId.AddressTemplateSet).toEqual([
      expect.objectContaining({ AddressTemplateId: id.office, AddressTemplateName: 'office', AddressSet: ['10.0.0.1', '10.0.1.0/24', '10.0.2.1-10.0.2.100'] }),
    ]);
    const byIp = await vpc.request('DescribeAddressTemplates', { Filters: [{ Name: 'address-ip', Values: ['192.168.0.0/16'] }] });
    expect((byIp.AddressTemplateSet as { AddressTemplateId: string }[]).map((t) => t.AddressTemplateId)).toEqual([id.partners]);
    expect((await vpc.request('DescribeAddressTemplates', {})).TotalCount).toBe(2);
  });

  it('DescribeAddressTemplateGroups lists the members\' IDs', async () => {
    const r = await vpc.request('DescribeAddressTemplateGroups', { Filters: [{ Name: 'address-template-group-id', Values: [id.trusted] }] });
    expect(r.AddressTemplateGroupSet).toEqual([expect.objectContaining({ AddressTemplateGroupId: id.trusted, AddressTemplateIdSet: [id.office, id.partners] })]);
  });

  it('DescribeServiceTemplates and DescribeServiceTemplateGroups answer the entries and members', async () => {
    const t = await vpc.request('DescribeServiceTemplates', { Filters: [{ Name: 'service-template-id', Values: [id.web, id.dns] }] });
    expect((t.ServiceTemplateSet as { ServiceTemplateId: string; ServiceSet: string[] }[]).map((x) => [x.ServiceTemplateId, x.ServiceSet])).toEqual([
      [id.web, ['tcp:80', 'tcp:443']],
      [id.dns, ['udp:53']],
    ]);
    const g = await vpc.request('DescribeServiceTemplateGroups', { Filters: [{ Name: 'service-template-group-id', Values: [id.edge] }] });
    expect(g.ServiceTemplateGroupSet).toEqual([expect.objectContaining({ ServiceTemplateGroupId: id.edge, ServiceTemplateIdSet: [id.web, id.dns] })]);
  });

  it('refuses a filter the action does not define, and Limit 101', async () => {
    expect((await sdkError(vpc.request('DescribeServiceTemplates', { Filters: [{ Name: 'address-ip', Values: ['1.1.1.1'] }] }))).code).toMatch(/^InvalidParameter/);
    expect((await sdkError(vpc.request('DescribeAddressTemplates', { Limit: 101 }))).code).toBe('InvalidParameterValue.Range');
  });
});

describe('rules by template', () => {
  it('DescribeSecurityGroupPolicies answers AddressTemplate and ServiceTemplate, and no Protocol or Port beside a service template', async () => {
    const g = scenario.securityGroups[0]!.id;
    await emu.control.setGroupRules(g, {
      ingress: [
        { Action: 'ACCEPT', ServiceTemplate: { ServiceGroupId: id.edge }, AddressTemplate: { AddressGroupId: id.trusted } },
        { Action: 'DROP', Protocol: 'ALL', Port: 'all', Ipv6CidrBlock: '::/0' },
      ],
      egress: [],
    });
    const r = await vpc.request('DescribeSecurityGroupPolicies', { SecurityGroupId: g });
    const [first, second] = (r.SecurityGroupPolicySet as { Ingress: Record<string, unknown>[] }).Ingress;
    expect(first).toMatchObject({
      PolicyIndex: 0,
      Protocol: '',
      Port: '',
      ServiceTemplate: { ServiceId: '', ServiceGroupId: id.edge },
      AddressTemplate: { AddressId: '', AddressGroupId: id.trusted },
      CidrBlock: '',
      Action: 'ACCEPT',
    });
    expect(second).toMatchObject({ Protocol: 'ALL', Ipv6CidrBlock: '::/0', Action: 'DROP' });
  });

  it('the control interface refuses a rule naming a template that does not exist, and leaves the rules as they were', async () => {
    const g = scenario.securityGroups[1]!.id;
    const before = (await emu.control.state()).securityGroups.find((x) => x.id === g)!;
    await expect(emu.control.setGroupRules(g, { ingress: [{ Action: 'ACCEPT', Protocol: 'TCP', Port: '22', AddressTemplate: { AddressId: 'ipm-00000000' } }], egress: [] })).rejects.toThrow(/address template ipm-00000000 does not exist/);
    expect((await emu.control.state()).securityGroups.find((x) => x.id === g)).toEqual(before);
  });
});
