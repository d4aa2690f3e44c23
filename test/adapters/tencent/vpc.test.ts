// The VPC calls against the real emulator, through the real SDK and the HTTPS_PROXY path.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeScenario } from '../../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../../sandbox/tencent/emulator.ts';
import { lintRules } from '../../../src/domain/rule-lint.ts';
import { CloudCredential } from '../../../src/adapters/tencent/credentials.ts';
import { CloudError } from '../../../src/adapters/tencent/errors.ts';
import { CloudClients } from '../../../src/adapters/tencent/clients.ts';
import { vpcApi, type VpcApi } from '../../../src/adapters/tencent/vpc.ts';

// 250 nodes: a primary and a secondary ENI each, 500 ENIs.
const scenario = makeScenario({ nodes: 250, seed: 11, podsPerNode: 1 });
const [gNode, gBase, gWeb, , gWide] = scenario.securityGroups.map((g) => g.id) as [string, string, string, string, string];
let emu: Emulator;
let cloud: { vpc: VpcApi; clients: CloudClients };

const make = (o: { key?: 'admin' | 'readonly'; pageSize?: number } = {}) => {
  const clients = new CloudClients({
    credential: new CloudCredential('env', 'test', scenario.credentials[o.key ?? 'admin']),
    region: scenario.region,
    env: { HTTPS_PROXY: emu.proxyUrl },
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
  });
  return { vpc: vpcApi(clients, { pageSize: o.pageSize }), clients };
};
const calls = async (action: string) => (await emu.control.calls()).filter((c) => c.action === action);

beforeAll(async () => {
  emu = await startEmulator({ scenario });
  cloud = make();
});
afterAll(async () => {
  cloud?.clients.close();
  await emu?.close();
});
beforeEach(async () => {
  await emu.control.clearFaults();
  await emu.control.resetRateLimits();
  await emu.control.clearCalls();
});

describe('describeEnisByInstances', () => {
  it('lists 250 instances in ⌈500 ENIs / 100⌉ = 5 calls, batches of 100 instance IDs, pages of 100', async () => {
    const ids = scenario.instances.map((i) => i.id);
    const enis = await cloud.vpc.describeEnisByInstances(ids);
    expect(enis).toHaveLength(500);
    expect(new Set(enis.map((e) => e.id)).size).toBe(500);
    const made = await calls('DescribeNetworkInterfaces');
    expect(made).toHaveLength(5);
    expect(made.every((c) => c.code === '')).toBe(true);
  });

  it('translates to plain ENIs that match the cloud exactly', async () => {
    const ins = scenario.instances[7]!;
    const [primary, secondary] = await cloud.vpc.describeEnisByInstances([ins.id, ins.id]);
    // The fields that say an ENI's kind, as the cloud holds them (the emulator's own record).
    const held = (await emu.control.enis(ins.id)).find((e) => e.NetworkInterfaceId === ins.primaryEni.id)!;
    expect(primary).toEqual({
      id: ins.primaryEni.id,
      primary: true,
      instanceId: ins.id,
      groups: [gNode],
      privateIps: [ins.nodeName],
      subnetId: ins.primaryEni.subnetId,
      vpcId: scenario.vpc.id,
      state: 'AVAILABLE',
      eniType: 1,
      name: held.NetworkInterfaceName,
      description: held.NetworkInterfaceDescription,
      tags: held.TagSet.map((t) => ({ key: t.Key, value: t.Value })),
      business: held.Business,
      attachType: held.AttachType,
    });
    expect(secondary).toMatchObject({ id: ins.secondaryEnis[0]!.id, primary: false, groups: [], privateIps: ins.secondaryEnis[0]!.ips });
  });

  it('follows the pages when an instance carries more ENIs than a page', async () => {
    const ins = scenario.instances[3]!;
    for (let i = 0; i < 3; i++) await emu.control.createEni({ instanceId: ins.id });
    const enis = await make({ pageSize: 2 }).vpc.describeEnisByInstances([ins.id]);
    expect(enis.map((e) => e.instanceId)).toEqual([ins.id, ins.id, ins.id, ins.id, ins.id]);
    expect((await emu.control.enis(ins.id)).map((e) => e.NetworkInterfaceId).sort()).toEqual(enis.map((e) => e.id).sort());
  });

  it('costs nothing for an empty list', async () => {
    expect(await cloud.vpc.describeEnisByInstances([])).toEqual([]);
    expect(await calls('DescribeNetworkInterfaces')).toHaveLength(0);
  });
});

describe('ENIs by ID and by IP', () => {
  it('names the IDs that do not exist instead of failing the batch', async () => {
    const known = scenario.instances.slice(0, 150).map((i) => i.secondaryEnis[0]!.id);
    const r = await cloud.vpc.describeEnisByIds([...known, 'eni-zzzzzzzz', 'not-an-eni']);
    expect(r.enis.map((e) => e.id).sort()).toEqual([...known].sort());
    expect(r.missing).toEqual(['eni-zzzzzzzz', 'not-an-eni']);
    expect(await calls('DescribeNetworkInterfaces')).toHaveLength(2);
  });

  it('finds the ENI of a pod IP exactly, not by suffix', async () => {
    const pod = scenario.pods[10]!;
    const eni = await cloud.vpc.describeEniByIp(pod.ip, scenario.vpc.id);
    const owner = scenario.instances.find((i) => i.nodeName === pod.nodeName)!;
    expect(eni?.id).toBe(owner.secondaryEnis[0]!.id);
    expect(await cloud.vpc.describeEniByIp('10.0.128', scenario.vpc.id)).toBeUndefined();
    expect(await cloud.vpc.describeEniByIp(pod.ip, 'vpc-zzzzzzzz')).toBeUndefined();
  });
});

describe('security groups', () => {
  it('describes groups in the order asked and reports unknown IDs', async () => {
    const r = await cloud.vpc.describeSecurityGroups([gWeb, 'sg-zzzzzzzz', gBase, 'sg-bad']);
    expect(r.groups.map((g) => g.id)).toEqual([gWeb, gBase]);
    expect(r.groups[0]).toMatchObject({ name: 'pods-web', description: 'Public web pods', isDefault: false });
    expect(r.missing).toEqual(['sg-zzzzzzzz', 'sg-bad']);
    expect(await calls('DescribeSecurityGroups')).toHaveLength(1);
  });

  it('lists every group across pages', async () => {
    const all = await make({ pageSize: 2 }).vpc.listSecurityGroups();
    expect(all.map((g) => g.id).sort()).toEqual(scenario.securityGroups.map((g) => g.id).sort());
    expect(await calls('DescribeSecurityGroups')).toHaveLength(3);
  });

  it('turns rules into the domain shape, ingress then egress, ready for the lint', async () => {
    const rules = await cloud.vpc.describeSecurityGroupRules(gBase);
    expect(rules).toEqual([
      { direction: 'ingress', protocol: 'TCP', ports: '80,443', peer: '10.0.0.0/16', action: 'accept', description: 'http(s) from the VPC' },
      { direction: 'ingress', protocol: 'ICMP', ports: 'all', peer: '10.0.0.0/16', action: 'accept' },
      { direction: 'egress', protocol: 'ALL', ports: 'all', peer: '0.0.0.0/0', action: 'accept', description: 'all outbound' },
    ]);
    const wide = await cloud.vpc.describeSecurityGroupRules(gWide);
    expect(lintRules(wide, 100).map((f) => f.level)).toContain('fail');
  });

  it('reads the limits', async () => {
    expect(await cloud.vpc.securityGroupLimits()).toMatchObject({ instanceSecurityGroupLimit: 5, securityGroupPolicyLimit: 100 });
  });
});

describe('associate and disassociate', () => {
  it('binds and unbinds groups on 150 ENIs in batches of 100, one request at a time', async () => {
    const enis = scenario.instances.slice(100, 250).map((i) => i.secondaryEnis[0]!.id);
    await cloud.vpc.associateGroups(enis, [gBase, gWeb]);
    const after = await cloud.vpc.describeEnisByIds(enis);
    expect(after.enis.every((e) => e.groups.join() === [gBase, gWeb].join())).toBe(true);
    await cloud.vpc.disassociateGroups(enis, [gBase]);
    const again = await cloud.vpc.describeEnisByIds(enis);
    expect(again.enis.every((e) => e.groups.join() === gWeb)).toBe(true);
    const writes = (await emu.control.calls()).filter((c) => c.action.endsWith('NetworkInterfaceSecurityGroups'));
    expect(writes.map((c) => c.action)).toEqual([
      'AssociateNetworkInterfaceSecurityGroups',
      'AssociateNetworkInterfaceSecurityGroups',
      'DisassociateNetworkInterfaceSecurityGroups',
      'DisassociateNetworkInterfaceSecurityGroups',
    ]);
    // serialised: each write was answered before the next was sent, at most 20/s
    for (let i = 1; i < writes.length; i++) expect(writes[i]!.at).toBeGreaterThanOrEqual(writes[i - 1]!.at);
  });

  it('fails a batch with a primary ENI as UnsupportedOperation, once, naming the batches already done', async () => {
    const secondaries = scenario.instances.slice(0, 100).map((i) => i.secondaryEnis[0]!.id);
    const primary = scenario.instances[0]!.primaryEni.id;
    const e = await cloud.vpc.associateGroups([...secondaries, primary], [gBase]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CloudError);
    expect(e).toMatchObject({ code: 'UnsupportedOperation', kind: 'invalid', action: 'vpc:AssociateNetworkInterfaceSecurityGroups', attempts: 1 });
    expect((e as CloudError).completed).toEqual(secondaries);
    expect((await calls('AssociateNetworkInterfaceSecurityGroups')).map((c) => c.code)).toEqual(['', 'UnsupportedOperation']);
  });

  it('is denied to a read-only identity: kind unauthorized, not retried', async () => {
    const e = await make({ key: 'readonly' }).vpc.associateGroups([scenario.instances[0]!.secondaryEnis[0]!.id], [gBase]).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'UnauthorizedOperation', kind: 'unauthorized', attempts: 1 });
    expect((e as CloudError).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
