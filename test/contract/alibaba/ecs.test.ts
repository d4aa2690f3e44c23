// ECS DescribeSecurityGroups and DescribeSecurityGroupAttribute through the official SDK: the
// scenario's groups and rules, filters, both paging styles over 250 more groups, the documented
// limits (100 IDs, MaxResults, PageSize, the rules' MaxResults), unknown IDs, NotFound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlibabaEmulator, type AlibabaEmulator } from '../../sandbox/alibaba/emulator.ts';
import { groupByRole, type EciSecurityGroup } from '../../sandbox/eci/scenario.ts';
import { sdkError } from '../helpers.ts';
import { contractScenario, ecs, keyOf, type SdkError } from './helpers.ts';

const base = contractScenario(202);
// 250 more groups of the cluster's VPC, so that paging has something to page.
const extra: EciSecurityGroup[] = Array.from({ length: 250 }, (_, i) => ({
  id: `sg-bp1page${String(i).padStart(12, '0')}`,
  name: `page-${i}`,
  description: '',
  vpcId: base.vpcId,
  type: 'normal',
  rules: [],
}));
const scenario = { ...base, securityGroups: [...base.securityGroups, ...extra] };
const all = scenario.securityGroups;
let emu: AlibabaEmulator;
let api: ReturnType<typeof ecs>;

beforeAll(async () => {
  emu = await startAlibabaEmulator({ scenario });
  api = ecs(emu.port, keyOf(scenario));
});
afterAll(async () => {
  await emu?.close();
});

const fail = (p: Promise<unknown>) => sdkError(p) as Promise<SdkError>;
type Group = { securityGroupId: string; vpcId: string; securityGroupType: string; [k: string]: unknown };
const groupsOf = (body: Record<string, unknown>) => (body.securityGroups as { securityGroup: Group[] }).securityGroup;
const descending = (ids: string[]) => [...ids].sort().reverse();

describe('DescribeSecurityGroups', () => {
  it('answers a group with the fields the SDK models, by SecurityGroupId', async () => {
    const g = groupByRole(scenario, 'isolated');
    const r = await api.describeSecurityGroups({ securityGroupId: g.id });
    expect(r.body.totalCount).toBe(1);
    expect(groupsOf(r.body)[0]).toMatchObject({
      securityGroupId: g.id,
      securityGroupName: g.name,
      description: g.description,
      vpcId: scenario.vpcId,
      securityGroupType: 'enterprise',
      ruleCount: g.rules.length,
    });
    expect(groupsOf(r.body)[0]!.creationTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('filters by VpcId and SecurityGroupType, in descending order of ID', async () => {
    const other = await api.describeSecurityGroups({ vpcId: scenario.otherVpcId, pageSize: 50 });
    expect(groupsOf(other.body).map((g) => g.securityGroupId)).toEqual([groupByRole(scenario, 'otherVpc').id]);
    const advanced = await api.describeSecurityGroups({ securityGroupType: 'enterprise', pageSize: 50 });
    expect(groupsOf(advanced.body).map((g) => g.securityGroupId)).toEqual(all.filter((g) => g.type === 'enterprise').map((g) => g.id));
    const bad = await fail(api.describeSecurityGroups({ securityGroupType: 'advanced' }));
    expect(bad).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
  });

  it('takes up to 100 IDs as a JSON array, unknown ones simply absent; 101 is refused', async () => {
    const known = all.slice(0, 98).map((g) => g.id);
    const ids = [...known, 'sg-bp1doesnotexist00001', 'sg-bp1doesnotexist00002'];
    const r = await api.describeSecurityGroups({ securityGroupIds: JSON.stringify(ids), maxResults: 100 });
    expect(groupsOf(r.body).map((g) => g.securityGroupId)).toEqual(descending(known));
    expect(r.body.nextToken).toBe('');
    const tooMany = await fail(api.describeSecurityGroups({ securityGroupIds: JSON.stringify([...ids, 'sg-bp1one0more']) }));
    expect(tooMany).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    expect(tooMany.message).toContain('SecurityGroupIds');
    const notJson = await fail(api.describeSecurityGroups({ securityGroupIds: known.slice(0, 2).join(',') }));
    expect(notJson).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
  });

  it('pages 256 groups by MaxResults and NextToken: every group once, no TotalCount, "" after the last page', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let calls = 0;
    do {
      const r = await api.describeSecurityGroups({ maxResults: 100, ...(token ? { nextToken: token } : {}) });
      calls++;
      expect(r.body.totalCount).toBeUndefined();
      seen.push(...groupsOf(r.body).map((g) => g.securityGroupId));
      token = r.body.nextToken as string;
    } while (token);
    expect(calls).toBe(3);
    expect(seen).toEqual(descending(all.map((g) => g.id)));
    const defaultPage = await api.describeSecurityGroups({ maxResults: undefined, nextToken: undefined, pageSize: undefined });
    expect(groupsOf(defaultPage.body)).toHaveLength(10);
  });

  it('pages by the older PageNumber and PageSize (at most 50) with TotalCount', async () => {
    const r = await api.describeSecurityGroups({ pageNumber: 6, pageSize: 50 });
    expect(r.body).toMatchObject({ totalCount: all.length, pageNumber: 6, pageSize: 50 });
    expect(groupsOf(r.body).map((g) => g.securityGroupId)).toEqual(descending(all.map((g) => g.id)).slice(250));
    expect(await fail(api.describeSecurityGroups({ pageSize: 51 }))).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
  });

  it('refuses MaxResults over 100 and a NextToken of another query', async () => {
    expect(await fail(api.describeSecurityGroups({ maxResults: 101 }))).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    const first = await api.describeSecurityGroups({ maxResults: 10 });
    const e = await fail(api.describeSecurityGroups({ maxResults: 10, vpcId: scenario.otherVpcId, nextToken: first.body.nextToken }));
    expect(e).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    expect(e.message).toContain('NextToken');
  });
});

describe('DescribeSecurityGroupAttribute', () => {
  type Permission = Record<string, string>;
  const permissionsOf = (body: Record<string, unknown>) => (body.permissions as { permission: Permission[] }).permission;

  it('answers the rules with the group, InnerAccessPolicy from its type, Priority as a string', async () => {
    const g = groupByRole(scenario, 'payments');
    const r = await api.describeSecurityGroupAttribute({ securityGroupId: g.id });
    expect(r.body).toMatchObject({ securityGroupId: g.id, securityGroupName: g.name, vpcId: scenario.vpcId, innerAccessPolicy: 'Accept', regionId: 'cn-hangzhou', nextToken: '' });
    const drop = g.rules.find((x) => x.policy === 'Drop')!;
    expect(permissionsOf(r.body)).toHaveLength(g.rules.length);
    expect(permissionsOf(r.body)).toContainEqual(
      expect.objectContaining({ direction: 'ingress', ipProtocol: 'TCP', portRange: drop.portRange, sourceCidrIp: drop.sourceCidrIp, policy: 'Drop', priority: String(drop.priority), destCidrIp: '', sourceGroupId: '' }),
    );
    expect(permissionsOf(r.body)[0]!.securityGroupRuleId).toMatch(/^sgr-/);
    const advanced = await api.describeSecurityGroupAttribute({ securityGroupId: groupByRole(scenario, 'isolated').id });
    expect(advanced.body.innerAccessPolicy).toBe('Drop');
  });

  it('filters by Direction and pages 190 rules by MaxResults (10..1000) and NextToken', async () => {
    const g = groupByRole(scenario, 'manyRules');
    const egress = await api.describeSecurityGroupAttribute({ securityGroupId: g.id, direction: 'egress' });
    expect(permissionsOf(egress.body).map((p) => p.direction)).toEqual(g.rules.filter((x) => x.direction === 'egress').map(() => 'egress'));
    const first = await api.describeSecurityGroupAttribute({ securityGroupId: g.id, maxResults: 100 });
    const second = await api.describeSecurityGroupAttribute({ securityGroupId: g.id, maxResults: 100, nextToken: first.body.nextToken });
    expect(second.body.nextToken).toBe('');
    expect([...permissionsOf(first.body), ...permissionsOf(second.body)].map((p) => p.portRange)).toEqual(g.rules.map((x) => x.portRange));
    expect(await fail(api.describeSecurityGroupAttribute({ securityGroupId: g.id, maxResults: 9 }))).toMatchObject({ code: 'InvalidParameter' });
    expect(await fail(api.describeSecurityGroupAttribute({ securityGroupId: g.id, direction: 'inbound' }))).toMatchObject({ code: 'InvalidParameter' });
  });

  it('answers an unknown group, or one of another region, with InvalidSecurityGroupId.NotFound (404); no ID is MissingParameter', async () => {
    expect(await fail(api.describeSecurityGroupAttribute({ securityGroupId: 'sg-bp1doesnotexist00000' }))).toMatchObject({ code: 'InvalidSecurityGroupId.NotFound', statusCode: 404 });
    const beijing = ecs(emu.port, keyOf(scenario), 'cn-beijing');
    expect(await fail(beijing.describeSecurityGroupAttribute({ securityGroupId: all[0]!.id }))).toMatchObject({ code: 'InvalidSecurityGroupId.NotFound', statusCode: 404 });
    expect(await fail(api.describeSecurityGroupAttribute({}))).toMatchObject({ code: 'MissingParameter', statusCode: 400 });
  });
});
