// VPC ENIs and security groups, and CVM instances, through the real SDK clients.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeScenario } from '../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../sandbox/tencent/emulator.ts';
import { sdk, sdkError } from './helpers.ts';

// 125 nodes, each with a primary and a secondary ENI: 250 ENIs.
const scenario = makeScenario({ nodes: 125, seed: 7 });
scenario.limits.instanceSecurityGroupLimit = 4; // small enough to reach with the scenario's five groups
const { admin } = scenario.credentials;
const [gNode, gBase, gWeb, gDb, gWide] = scenario.securityGroups.map((g) => g.id) as [string, string, string, string, string];
let emu: Emulator;
let vpc: ReturnType<typeof sdk>;
let cvm: ReturnType<typeof sdk>;

type Eni = { NetworkInterfaceId: string; GroupSet: string[]; Primary: boolean; Attachment: { InstanceId: string }; PrivateIpAddressSet: { PrivateIpAddress: string }[] };
const enisOf = (r: Record<string, unknown>) => r.NetworkInterfaceSet as Eni[];

beforeAll(async () => {
  emu = await startEmulator({ scenario });
  vpc = sdk('vpc', emu, admin);
  cvm = sdk('cvm', emu, admin);
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(async () => {
  await emu.control.resetRateLimits();
});

describe('DescribeNetworkInterfaces', () => {
  it('pages across 250 ENIs: default Limit 20, Limit 100 max, stable order, TotalCount', async () => {
    const first = await vpc.request('DescribeNetworkInterfaces', {});
    expect(first.TotalCount).toBe(250);
    expect(enisOf(first)).toHaveLength(20);
    const seen: string[] = [];
    for (let offset = 0; offset < 300; offset += 100) {
      const r = await vpc.request('DescribeNetworkInterfaces', { Offset: offset, Limit: 100 });
      expect(r.TotalCount).toBe(250);
      seen.push(...enisOf(r).map((e) => e.NetworkInterfaceId));
    }
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(seen.slice(0, 20)).toEqual(enisOf(first).map((e) => e.NetworkInterfaceId));
  });

  it('refuses Limit 101 (InvalidParameterValue.Range) and 101 IDs (InvalidParameterValue.LimitExceeded)', async () => {
    expect((await sdkError(vpc.request('DescribeNetworkInterfaces', { Limit: 101 }))).code).toBe('InvalidParameterValue.Range');
    const ids = Array.from({ length: 101 }, (_, i) => `eni-${String(i).padStart(8, '0')}`);
    expect((await sdkError(vpc.request('DescribeNetworkInterfaces', { NetworkInterfaceIds: ids }))).code).toBe('InvalidParameterValue.LimitExceeded');
  });

  it('refuses NetworkInterfaceIds together with Filters (InvalidParameter.Coexist)', async () => {
    const e = await sdkError(
      vpc.request('DescribeNetworkInterfaces', {
        NetworkInterfaceIds: [scenario.instances[0]!.primaryEni.id],
        Filters: [{ Name: 'vpc-id', Values: [scenario.vpc.id] }],
      }),
    );
    expect(e.code).toBe('InvalidParameter.Coexist');
  });

  it('answers malformed IDs with InvalidParameterValue.Malformed and unknown ones with ResourceNotFound', async () => {
    expect((await sdkError(vpc.request('DescribeNetworkInterfaces', { NetworkInterfaceIds: ['eni-ABC'] }))).code).toBe('InvalidParameterValue.Malformed');
    expect((await sdkError(vpc.request('DescribeNetworkInterfaces', { NetworkInterfaceIds: ['eni-zzzzzzzz'] }))).code).toBe('ResourceNotFound');
  });

  it('filters by 100 instance IDs at once (attachment.instance-id), with the ENIs of exactly those instances', async () => {
    const ids = scenario.instances.slice(0, 100).map((i) => i.id);
    const r = await vpc.request('DescribeNetworkInterfaces', { Filters: [{ Name: 'attachment.instance-id', Values: ids }], Limit: 100 });
    expect(r.TotalCount).toBe(200);
    expect(new Set(enisOf(r).map((e) => e.Attachment.InstanceId)).size).toBeLessThanOrEqual(100);
    for (const e of enisOf(r)) expect(ids).toContain(e.Attachment.InstanceId);
  });

  it('implements the documented filters (AND between filters, OR between values)', async () => {
    const ins = scenario.instances[3]!;
    const q = (Filters: unknown) => vpc.request('DescribeNetworkInterfaces', { Filters, Limit: 100 });
    expect((await q([{ Name: 'attachment.instance-id', Values: [ins.id] }, { Name: 'is-primary', Values: ['false'] }])).TotalCount).toBe(1);
    expect((await q([{ Name: 'eni-type', Values: ['1'] }])).TotalCount).toBe(125);
    expect((await q([{ Name: 'groups.security-group-id', Values: [gNode] }])).TotalCount).toBe(125);
    expect((await q([{ Name: 'subnet-id', Values: [scenario.subnets[1]!.id] }])).TotalCount).toBe(125);
    expect((await q([{ Name: 'network-interface-id', Values: [ins.primaryEni.id, ins.secondaryEnis[0]!.id] }])).TotalCount).toBe(2);
    // address-ip: several IPs match exactly; one IP is a suffix match unless ip-exact-match.
    const ip = ins.primaryEni.ips[0]!; // 10.0.0.13
    expect(enisOf(await q([{ Name: 'address-ip', Values: [ip, '10.9.9.9'] }])).map((e) => e.NetworkInterfaceId)).toEqual([ins.primaryEni.id]);
    const suffix = await q([{ Name: 'address-ip', Values: ['13'] }]); // 10.0.0.13, 10.0.0.113
    expect(suffix.TotalCount as number).toBeGreaterThan(1);
    expect((await q([{ Name: 'address-ip', Values: ['13'] }, { Name: 'ip-exact-match', Values: ['true'] }])).TotalCount).toBe(0);
    expect((await sdkError(q([{ Name: 'instance-id', Values: [ins.id] }]))).code).toBe('InvalidParameter.FilterInvalidKey');
    expect((await sdkError(q([{ Name: 'vpc-id', Values: 'vpc-x' }]))).code).toBe('InvalidParameter.FilterValuesNotList');
  });

  it('returns the NetworkInterface fields of the d.ts', async () => {
    const ins = scenario.instances[0]!;
    const r = await vpc.request('DescribeNetworkInterfaces', { NetworkInterfaceIds: [ins.primaryEni.id, ins.secondaryEnis[0]!.id] });
    const [p, s] = enisOf(r) as [Eni & Record<string, unknown>, Eni & Record<string, unknown>];
    expect(p).toMatchObject({ NetworkInterfaceId: ins.primaryEni.id, Primary: true, GroupSet: [gNode], VpcId: scenario.vpc.id, SubnetId: scenario.subnets[0]!.id, EniType: 1 });
    expect(p.PrivateIpAddressSet[0]).toMatchObject({ PrivateIpAddress: ins.nodeName, Primary: true });
    expect(p.Attachment).toMatchObject({ InstanceId: ins.id, DeviceIndex: 0, InstanceAccountId: scenario.uin });
    expect(s).toMatchObject({ Primary: false, GroupSet: [], EniType: 0, State: 'AVAILABLE' });
    expect(typeof s.MacAddress).toBe('string');
    expect(String(s.CreatedTime)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });
});

describe('Associate/DisassociateNetworkInterfaceSecurityGroups', () => {
  const eniOf = (i: number) => scenario.instances[i]!.secondaryEnis[0]!.id;
  const groupsOf = async (id: string) => enisOf(await vpc.request('DescribeNetworkInterfaces', { NetworkInterfaceIds: [id] }))[0]!.GroupSet;

  it('appends groups in order, skips ones already bound, and the change is visible to Describe and the control state', async () => {
    const id = eniOf(10);
    await vpc.request('AssociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: [id], SecurityGroupIds: [gBase, gWeb] });
    expect(await groupsOf(id)).toEqual([gBase, gWeb]);
    await vpc.request('AssociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: [id], SecurityGroupIds: [gDb, gBase] });
    expect(await groupsOf(id)).toEqual([gBase, gWeb, gDb]);
    const st = await emu.control.enis(scenario.instances[10]!.id);
    expect(st.find((e) => e.NetworkInterfaceId === id)!.GroupSet).toEqual([gBase, gWeb, gDb]);
    await vpc.request('DisassociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: [id], SecurityGroupIds: [gWeb, gWide] });
    expect(await groupsOf(id)).toEqual([gBase, gDb]);
    await vpc.request('DisassociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: [id], SecurityGroupIds: [gBase, gDb] });
    expect(await groupsOf(id)).toEqual([]);
  });

  it('binds many ENIs in one call (up to 100) and refuses 101', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => eniOf(i + 20 > 124 ? i : i + 20)).filter((v, i, a) => a.indexOf(v) === i);
    await vpc.request('AssociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: ids, SecurityGroupIds: [gBase] });
    const r = await vpc.request('DescribeNetworkInterfaces', { Filters: [{ Name: 'groups.security-group-id', Values: [gBase] }], Limit: 100 });
    expect(r.TotalCount).toBe(ids.length);
    await vpc.request('DisassociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: ids, SecurityGroupIds: [gBase] });
    const tooMany = Array.from({ length: 101 }, (_, i) => eniOf(i));
    expect((await sdkError(vpc.request('AssociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: tooMany, SecurityGroupIds: [gBase] }))).code).toBe(
      'InvalidParameterValue.LimitExceeded',
    );
  });

  it('refuses the primary ENI (UnsupportedOperation) and changes nothing in the same request', async () => {
    const ins = scenario.instances[30]!;
    const e = await sdkError(
      vpc.request('AssociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: [eniOf(30), ins.primaryEni.id], SecurityGroupIds: [gWeb] }),
    );
    expect(e.code).toBe('UnsupportedOperation');
    expect(await groupsOf(eniOf(30))).toEqual([]);
    expect(await groupsOf(ins.primaryEni.id)).toEqual([gNode]);
    expect((await sdkError(vpc.request('DisassociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: [ins.primaryEni.id], SecurityGroupIds: [gNode] }))).code).toBe(
      'UnsupportedOperation',
    );
  });

  it('answers unknown IDs with ResourceNotFound and malformed ones with InvalidParameterValue.Malformed', async () => {
    const assoc = (NetworkInterfaceIds: string[], SecurityGroupIds: string[]) =>
      sdkError(vpc.request('AssociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds, SecurityGroupIds }));
    expect((await assoc([eniOf(40)], ['sg-zzzzzzzz'])).code).toBe('ResourceNotFound');
    expect((await assoc(['eni-zzzzzzzz'], [gWeb])).code).toBe('ResourceNotFound');
    expect((await assoc([eniOf(40)], ['sg_bad'])).code).toBe('InvalidParameterValue.Malformed');
    expect((await assoc(['ENI-12345678'], [gWeb])).code).toBe('InvalidParameterValue.Malformed');
    expect(await groupsOf(eniOf(40))).toEqual([]);
  });

  it('caps the groups of one ENI at InstanceSecurityGroupLimit (LimitExceeded)', async () => {
    const lim = await vpc.request('DescribeSecurityGroupLimits', {});
    const cap = (lim.SecurityGroupLimitSet as { InstanceSecurityGroupLimit: number }).InstanceSecurityGroupLimit;
    expect(cap).toBe(4);
    const id = eniOf(50);
    await vpc.request('AssociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: [id], SecurityGroupIds: [gNode, gBase, gWeb, gDb] });
    expect(await groupsOf(id)).toHaveLength(4);
    const e = await sdkError(vpc.request('AssociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: [id], SecurityGroupIds: [gWide] }));
    expect(e.code).toBe('LimitExceeded');
    // Groups already bound do not count twice.
    await vpc.request('AssociateNetworkInterfaceSecurityGroups', { NetworkInterfaceIds: [id], SecurityGroupIds: [gBase] });
    expect(await groupsOf(id)).toEqual([gNode, gBase, gWeb, gDb]);
  });
});

describe('security groups', () => {
  it('DescribeSecurityGroups by IDs, by Filters, with paging and its limits', async () => {
    const byIds = await vpc.request('DescribeSecurityGroups', { SecurityGroupIds: [gWeb, gBase] });
    expect((byIds.SecurityGroupSet as { SecurityGroupId: string }[]).map((g) => g.SecurityGroupId)).toEqual([gWeb, gBase]);
    const byName = await vpc.request('DescribeSecurityGroups', { Filters: [{ Name: 'security-group-name', Values: ['pods-db'] }] });
    expect(byName.SecurityGroupSet).toEqual([expect.objectContaining({ SecurityGroupId: gDb, SecurityGroupName: 'pods-db', ProjectId: '0' })]);
    const paged = await vpc.request('DescribeSecurityGroups', { Offset: '1', Limit: '2' });
    expect(paged.TotalCount).toBe(5);
    expect(paged.SecurityGroupSet).toHaveLength(2);
    expect((await sdkError(vpc.request('DescribeSecurityGroups', { Limit: 101 }))).code).toBe('InvalidParameterValue.Range');
    expect((await sdkError(vpc.request('DescribeSecurityGroups', { SecurityGroupIds: [gWeb], Filters: [] }))).code).toBe('InvalidParameter.Coexist');
    expect((await sdkError(vpc.request('DescribeSecurityGroups', { SecurityGroupIds: ['sg-zzzzzzzz'] }))).code).toBe('ResourceNotFound');
    expect((await sdkError(vpc.request('DescribeSecurityGroups', { Filters: [{ Name: 'vpc-id', Values: ['x'] }] }))).code).toBe('InvalidParameter.FilterInvalidKey');
  });

  it('DescribeSecurityGroupPolicies returns the rules with PolicyIndex, Version and statistics', async () => {
    const r = await vpc.request('DescribeSecurityGroupPolicies', { SecurityGroupId: gDb });
    const set = r.SecurityGroupPolicySet as { Version: string; Ingress: Record<string, unknown>[]; Egress: Record<string, unknown>[]; PolicyStatistics: { TotalCount: number } };
    const spec = scenario.securityGroups[3]!;
    expect(set.Ingress).toHaveLength(spec.ingress.length);
    expect(set.Ingress[0]).toMatchObject({ PolicyIndex: 0, Protocol: 'TCP', Port: '3306', CidrBlock: '10.0.128.0/17', Action: 'ACCEPT' });
    expect(set.Ingress[1]).toMatchObject({ PolicyIndex: 1, Protocol: 'ALL', Port: 'all', Action: 'DROP' });
    expect(set.Egress[0]).toMatchObject({ Protocol: 'ALL', CidrBlock: '0.0.0.0/0', Action: 'ACCEPT' });
    expect(set.PolicyStatistics.TotalCount).toBe(spec.ingress.length + spec.egress.length);
    expect(set.Version).toMatch(/^\d+$/);
    const inbound = await vpc.request('DescribeSecurityGroupPolicies', { SecurityGroupId: gDb, Filters: [{ Name: 'direction', Values: ['INBOUND'] }] });
    expect((inbound.SecurityGroupPolicySet as { Egress: unknown[] }).Egress).toHaveLength(0);
    expect((await sdkError(vpc.request('DescribeSecurityGroupPolicies', { SecurityGroupId: 'sg-zzzzzzzz' }))).code).toBe('ResourceNotFound');
    expect((await sdkError(vpc.request('DescribeSecurityGroupPolicies', { SecurityGroupId: 'nope' }))).code).toBe('InvalidParameterValue.Malformed');
  });
});

describe('CVM DescribeInstances', () => {
  type Ins = { InstanceId: string; SecurityGroupIds: string[]; PrivateIpAddresses: string[]; Placement: { Zone: string }; VirtualPrivateCloud: { VpcId: string } };
  it('describes instances by IDs with SecurityGroupIds, PrivateIpAddresses, Placement', async () => {
    const ids = scenario.instances.slice(0, 3).map((i) => i.id);
    const r = await cvm.request('DescribeInstances', { InstanceIds: [...ids, 'ins-zzzzzzzz'] });
    expect(r.TotalCount).toBe(3);
    const set = r.InstanceSet as Ins[];
    expect(set.map((i) => i.InstanceId)).toEqual(ids);
    expect(set[0]).toMatchObject({
      SecurityGroupIds: [gNode],
      PrivateIpAddresses: [scenario.instances[0]!.nodeName],
      Placement: { Zone: 'ap-guangzhou-3' },
      VirtualPrivateCloud: { VpcId: scenario.vpc.id },
    });
  });

  it('pages, filters, and enforces its documented limits', async () => {
    const all = await cvm.request('DescribeInstances', { Limit: 100, Offset: 100 });
    expect(all.TotalCount).toBe(125);
    expect(all.InstanceSet).toHaveLength(25);
    const byIp = await cvm.request('DescribeInstances', { Filters: [{ Name: 'private-ip-address', Values: [scenario.instances[5]!.nodeName] }] });
    expect((byIp.InstanceSet as Ins[]).map((i) => i.InstanceId)).toEqual([scenario.instances[5]!.id]);
    const six = scenario.instances.slice(0, 6).map((i) => i.id);
    expect((await sdkError(cvm.request('DescribeInstances', { Filters: [{ Name: 'instance-id', Values: six }] }))).code).toBe('InvalidFilterValue.LimitExceeded');
    expect((await sdkError(cvm.request('DescribeInstances', { InstanceIds: six, Filters: [] }))).code).toBe('InvalidParameter');
    expect((await sdkError(cvm.request('DescribeInstances', { InstanceIds: ['i-123'] }))).code).toBe('InvalidInstanceId.Malformed');
    expect((await sdkError(cvm.request('DescribeInstances', { Limit: 101 }))).code).toBe('InvalidParameterValue.LimitExceeded');
    expect((await sdkError(cvm.request('DescribeInstances', { Filters: [{ Name: 'nope', Values: ['x'] }] }))).code).toBe('InvalidFilter');
  });

  it("follows the primary ENI's groups", async () => {
    const ins = scenario.instances[60]!;
    await emu.control.setEniGroups(ins.primaryEni.id, [gNode, gWide]);
    const r = await cvm.request('DescribeInstances', { InstanceIds: [ins.id] });
    expect((r.InstanceSet as Ins[])[0]!.SecurityGroupIds).toEqual([gNode, gWide]);
    const bySg = await cvm.request('DescribeInstances', { Filters: [{ Name: 'security-group-id', Values: [gWide] }] });
    expect((bySg.InstanceSet as Ins[]).map((i) => i.InstanceId)).toEqual([ins.id]);
  });
});
