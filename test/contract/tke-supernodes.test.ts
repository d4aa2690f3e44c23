// TKE super nodes through the real tencentcloud-sdk-nodejs clients: the pools
// (DescribeClusterVirtualNodePools has no SecurityGroupIds in 2018-05-25; DescribeNodePools of
// 2022-05-01 reads them), ModifyClusterVirtualNodePool, DescribeClusterVirtualNode,
// DescribeEKSContainerInstances (private-ip filter, EksCi.SecurityGroupIds, both readings of
// whether a standard cluster's super-node pods are listed) and DescribeIPAMD.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScenario } from '../sandbox/scenario.ts';
import { startEmulator, type Emulator } from '../sandbox/tencent/emulator.ts';
import { SuperNodeControl } from '../sandbox/tencent/supernode-control-client.ts';
import type { ContainerInstance, SuperNodePool, VirtualNode } from '../sandbox/tencent/supernodes.ts';
import { sdk, sdkError } from './helpers.ts';
import { tke2022 as tke2022Client } from './tke2022.ts';

const scenario = makeScenario({ nodes: 1, seed: 41, ipamdVersion: 'v3.5.8' });
const { admin, readonly } = scenario.credentials;
const cls = scenario.clusterId;
const [sgA, sgB, sgC] = scenario.securityGroups.map((g) => g.id) as [string, string, string];
const podSubnet = scenario.subnets[1]!.id;
let emu: Emulator;
let tke: ReturnType<typeof sdk>;
let tke2022: ReturnType<typeof sdk>;
let control: SuperNodeControl;
let pool: SuperNodePool;
let node: VirtualNode;
let web: ContainerInstance;
let api: ContainerInstance;

beforeAll(async () => {
  emu = await startEmulator({ scenario });
  tke = sdk('tke', emu, admin);
  tke2022 = tke2022Client(emu, admin);
  control = new SuperNodeControl(emu.proxyUrl);
  pool = await control.createPool({ name: 'supernodes', subnetIds: [podSubnet], securityGroupIds: [sgA, sgB], taints: [{ Key: 'eks.tke.cloud.tencent.com/eklet', Value: '', Effect: 'NoSchedule' }] });
  node = await control.createVirtualNode({ poolId: pool.id });
  web = await control.createInstance({ name: 'web-0', namespace: 'shop', podUid: 'uid-web', nodeName: node.name, securityGroupIds: [sgC] });
  api = await control.createInstance({ name: 'api-0', namespace: 'shop', podUid: 'uid-api', nodeName: node.name, securityGroupIds: [sgA, sgB] });
});
afterAll(async () => {
  await emu?.close();
});

describe('super node pools', () => {
  it('DescribeClusterVirtualNodePools lists the pool in the 2018-05-25 shape, which carries no SecurityGroupIds', async () => {
    const r = await tke.request('DescribeClusterVirtualNodePools', { ClusterId: cls });
    expect(r.TotalCount).toBe(1);
    const p = (r.NodePoolSet as Record<string, unknown>[])[0]!;
    expect(p).toMatchObject({ NodePoolId: pool.id, Name: 'supernodes', SubnetIds: [podSubnet], LifeState: 'normal' });
    expect(p.Taints).toEqual([{ Key: 'eks.tke.cloud.tencent.com/eklet', Value: '', Effect: 'NoSchedule' }]);
    expect(p).not.toHaveProperty('SecurityGroupIds');
    expect(pool.id).toMatch(/^np-[a-z0-9]{8}$/);
  });

  it('DescribeNodePools (2022-05-01) reads the pool groups: Type Super, Super.SecurityGroupIds in order', async () => {
    const r = await tke2022.request('DescribeNodePools', { ClusterId: cls });
    expect(r.TotalCount).toBe(1);
    expect((r.NodePools as Record<string, unknown>[])[0]).toMatchObject({ NodePoolId: pool.id, Type: 'Super', ClusterId: cls, Super: { SubnetIds: [podSubnet], SecurityGroupIds: [sgA, sgB] } });
    const byName = await tke2022.request('DescribeNodePools', { ClusterId: cls, Filters: [{ Name: 'NodePoolsName', Values: ['other'] }] });
    expect(byName.TotalCount).toBe(0);
    expect((await sdkError(tke2022.request('DescribeNodePools', { ClusterId: cls, Filters: [{ Name: 'colour', Values: ['x'] }] }))).code).toBe('InvalidParameter.Param');
  });

  it('ModifyClusterVirtualNodePool changes the pool groups (read back through DescribeNodePools); running instances keep theirs', async () => {
    await tke.request('ModifyClusterVirtualNodePool', { ClusterId: cls, NodePoolId: pool.id, SecurityGroupIds: [sgC, sgA] });
    const r = await tke2022.request('DescribeNodePools', { ClusterId: cls, Filters: [{ Name: 'NodePoolsId', Values: [pool.id] }] });
    expect((r.NodePools as { Super: { SecurityGroupIds: string[] } }[])[0]!.Super.SecurityGroupIds).toEqual([sgC, sgA]);
    const cis = await tke.request('DescribeEKSContainerInstances', { EksCiIds: [api.id] });
    expect((cis.EksCis as { SecurityGroupIds: string[] }[])[0]!.SecurityGroupIds).toEqual([sgA, sgB]);
    await tke.request('ModifyClusterVirtualNodePool', { ClusterId: cls, NodePoolId: pool.id, SecurityGroupIds: [sgA, sgB], Labels: [{ Name: 'team', Value: 'shop' }] });
    expect((await control.state()).pools[0]).toMatchObject({ securityGroupIds: [sgA, sgB], labels: [{ Name: 'team', Value: 'shop' }] });
  });

  it('ModifyClusterVirtualNodePool refuses bad input and changes nothing', async () => {
    const modify = (p: Record<string, unknown>) => sdkError(tke.request('ModifyClusterVirtualNodePool', { ClusterId: cls, NodePoolId: pool.id, ...p }));
    expect((await modify({})).code).toBe('InvalidParameter.Param');
    expect((await modify({ SecurityGroupIds: ['sg-zzzzzzzz'] })).code).toBe('InvalidParameter.Param');
    expect((await modify({ SecurityGroupIds: [] })).code).toBe('InvalidParameter.Param');
    expect((await modify({ Taints: [{ Key: 'k', Effect: 'Sometimes' }] })).code).toBe('InvalidParameter.Param');
    expect((await modify({ Labels: 'team=shop' })).code).toBe('InvalidParameter');
    expect((await modify({ NodePoolId: 'np-zzzzzzzz', Name: 'x' })).code).toBe('ResourceNotFound');
    expect((await sdkError(tke.request('ModifyClusterVirtualNodePool', { ClusterId: 'cls-zzzzzzzz', NodePoolId: pool.id, Name: 'x' }))).code).toBe('InvalidParameter.ClusterNotFound');
    expect((await sdkError(tke.request('ModifyClusterVirtualNodePool', { ClusterId: cls, Name: 'x' }))).code).toBe('MissingParameter');
    const ro = sdk('tke', emu, readonly);
    expect((await sdkError(ro.request('ModifyClusterVirtualNodePool', { ClusterId: cls, NodePoolId: pool.id, Name: 'x' }))).code).toBe('UnauthorizedOperation');
    expect((await control.state()).pools[0]!.securityGroupIds).toEqual([sgA, sgB]);
  });
});

describe('DescribeClusterVirtualNode', () => {
  it('lists the pool virtual nodes, named eklet-<subnet>-<8 characters>', async () => {
    const r = await tke.request('DescribeClusterVirtualNode', { ClusterId: cls, NodePoolId: pool.id });
    expect(r.TotalCount).toBe(1);
    expect((r.Nodes as Record<string, unknown>[])[0]).toMatchObject({ Name: node.name, SubnetId: podSubnet, Phase: 'Running' });
    expect(node.name).toMatch(new RegExp(`^eklet-${podSubnet}-[a-z0-9]{8}$`));
    expect((await tke.request('DescribeClusterVirtualNode', { ClusterId: cls, NodeNames: ['eklet-nope'] })).TotalCount).toBe(0);
  });
});

describe('DescribeEKSContainerInstances', () => {
  it('finds a pod instance by its IP (private-ip) with its groups in order', async () => {
    const r = await tke.request('DescribeEKSContainerInstances', { Filters: [{ Name: 'private-ip', Values: [web.privateIp] }] });
    expect(r.TotalCount).toBe(1);
    expect((r.EksCis as Record<string, unknown>[])[0]).toMatchObject({
      EksCiId: web.id,
      EksCiName: 'web-0',
      PrivateIp: web.privateIp,
      SecurityGroupIds: [sgC],
      Status: 'Running',
      SubnetId: podSubnet,
      VpcId: scenario.vpc.id,
    });
    expect(web.id).toMatch(/^eksci-[a-z0-9]{8}$/);
  });

  it('pages, filters by status, name and VPC, and refuses what the API refuses', async () => {
    const all = await tke.request('DescribeEKSContainerInstances', { Limit: 1, Offset: 1 });
    expect(all.TotalCount).toBe(2);
    expect((all.EksCis as { EksCiId: string }[]).map((c) => c.EksCiId)).toEqual([api.id]);
    expect((await tke.request('DescribeEKSContainerInstances', { Filters: [{ Name: 'status', Values: ['Failed'] }] })).TotalCount).toBe(0);
    expect((await tke.request('DescribeEKSContainerInstances', { Filters: [{ Name: 'eks-ci-name', Values: ['api-0'] }, { Name: 'vpc-id', Values: [scenario.vpc.id] }] })).TotalCount).toBe(1);
    expect((await sdkError(tke.request('DescribeEKSContainerInstances', { Limit: 101 }))).code).toBe('InvalidParameter.Param');
    expect((await sdkError(tke.request('DescribeEKSContainerInstances', { Filters: [{ Name: 'pod-name', Values: ['x'] }] }))).code).toBe('InvalidParameter.Param');
    expect((await sdk('tke', emu, admin, 'ap-beijing').request('DescribeEKSContainerInstances', {})).TotalCount).toBe(0);
  });

  it('lists nothing for these pods under the other reading (instancesListed false), and again under the first', async () => {
    await control.settings({ instancesListed: false });
    try {
      expect((await tke.request('DescribeEKSContainerInstances', { Filters: [{ Name: 'private-ip', Values: [web.privateIp] }] })).TotalCount).toBe(0);
      expect((await tke.request('DescribeEKSContainerInstances', { EksCiIds: [web.id] })).TotalCount).toBe(0);
    } finally {
      await control.settings({ instancesListed: true });
    }
    expect((await tke.request('DescribeEKSContainerInstances', { EksCiIds: [web.id] })).TotalCount).toBe(1);
  });
});

describe('DescribeIPAMD', () => {
  it('answers the ipamd mode, EnableTrunkingENI from the addon values', async () => {
    const r = await tke.request('DescribeIPAMD', { ClusterId: cls });
    expect(r).toMatchObject({ EnableIPAMD: true, DisableVpcCniMode: false, Phase: 'running', EnableTrunkingENI: false, ClaimExpiredDuration: '10m0s' });
    const values = JSON.parse((await tke.request('DescribeAddonValues', { ClusterId: cls, AddonName: 'eniipamd' })).Values as string) as { vpcCni: Record<string, unknown> };
    values.vpcCni.enableTrunkingENI = true;
    await tke.request('UpdateAddon', { ClusterId: cls, AddonName: 'eniipamd', RawValues: Buffer.from(JSON.stringify(values)).toString('base64'), UpdateStrategy: 'replace' });
    expect((await tke.request('DescribeIPAMD', { ClusterId: cls })).EnableTrunkingENI).toBe(true);
    expect((await sdkError(tke.request('DescribeIPAMD', { ClusterId: 'cls-zzzzzzzz' }))).code).toBe('InvalidParameter.ClusterNotFound');
  });
});

describe('the control interface refuses what the cloud would', () => {
  it('unknown groups, more than 5 groups, no groups, a node that is not a super node', async () => {
    const create = (o: Partial<Parameters<SuperNodeControl['createInstance']>[0]>) =>
      control.createInstance({ name: 'x', namespace: 'shop', podUid: 'u', nodeName: node.name, securityGroupIds: [sgA], ...o }).then(
        () => 'created',
        (e: Error) => e.message,
      );
    expect(await create({ securityGroupIds: ['sg-zzzzzzzz'] })).toMatch(/400 .*sg-zzzzzzzz does not exist/);
    const extra = await emu.control.createGroup({ name: 'sixth' });
    const six = [...scenario.securityGroups.map((g) => g.id), extra.id];
    expect(six).toHaveLength(6);
    expect(await create({ securityGroupIds: six })).toMatch(/400 .*at most 5/);
    expect(await create({ securityGroupIds: [] })).toMatch(/400 .*at least one/);
    expect(await create({ nodeName: '10.0.1.12' })).toMatch(/400 .*not a super node/);
    expect((await control.state()).instances).toHaveLength(2);
    await control.settings({ maxInstanceGroups: 1 });
    try {
      expect(await create({ securityGroupIds: [sgA, sgB] })).toMatch(/400 .*at most 1/);
    } finally {
      await control.settings({ maxInstanceGroups: 5 });
    }
  });
});
